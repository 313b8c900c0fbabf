#!/usr/bin/env bash
# Installs what building, testing and running llmops need on Debian 12 (bookworm).
#
# Usage: scripts/setup-debian.sh        (as root, or as a user with sudo)
#
# Then installs the browser test's node modules (npm ci in tests/browser) unless they are
# installed from the current lock file. Safe to run again: when every package and module is
# already installed it returns at once, without touching apt or npm, and without needing root.
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
  chromium           # the HTML page's browser test (tests/browser) drives it headless
  # running: llmops reads the repository through git
  git
)

# Node.js and npm run the browser test; any node of version 18 or later will do (Debian's, or one
# installed otherwise), so Debian's packages are added only when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

# playwright-core for the browser test, as tests/browser/package-lock.json pins it, into
# tests/browser/node_modules (ignored by git). Skipped when that lock file is already installed.
install_browser_test_modules() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/browser"
  local stamp="$dir/node_modules/.llmops-installed-lock"
  if [[ -f "$stamp" ]] && cmp -s "$stamp" "$dir/package-lock.json"; then
    return 0
  fi
  echo "setup-debian: installing the browser test's node modules (npm ci in tests/browser)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$dir/package-lock.json" "$stamp"
}

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)"
  if [[ "$status" != ii* ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-debian: all ${#packages[@]} packages are installed"
  install_browser_test_modules
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
install_browser_test_modules
echo "setup-debian: done"
