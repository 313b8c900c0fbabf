#!/usr/bin/env bash
# Installs what building, testing and running llmops need on Debian 12 (bookworm).
#
# Usage: scripts/setup-debian.sh        (as root, or as a user with sudo)
#
# Safe to run again: when every package is already installed it returns at once, without
# touching apt, and without needing root.
set -euo pipefail

packages=(
  # build
  cmake
  ninja-build
  g++
  pkg-config
  # libraries
  libcli11-dev
  libyaml-cpp-dev
  libtomlplusplus-dev
  libfmt-dev
  nlohmann-json3-dev
  libxxhash-dev
  libsqlite3-dev     # llmops export --format sqlite (FTS5 is built in)
  # tests
  catch2
  python3
  python3-jsonschema
  python3-yaml
  sqlite3            # the export tests open the SQLite export in the shell
  libxml2-utils      # the export tests validate the Atom feed with xmllint
  # running: llmops reads the repository through git
  git
)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)"
  if [[ "$status" != ii* ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-debian: all ${#packages[@]} packages are installed"
  exit 0
fi

as_root=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup-debian: missing packages: ${missing[*]}" >&2
    echo "setup-debian: run this script as root to install them" >&2
    exit 1
  fi
  as_root=(sudo)
fi

echo "setup-debian: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -qq -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
echo "setup-debian: done"
