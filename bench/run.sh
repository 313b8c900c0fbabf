#!/usr/bin/env bash
# Benchmark `llmops lint` against yamllint, ajv-cli and a yaml-cpp loop; see bench/README.md.
#
# Usage: bench/run.sh [--scratch DIR] [--llmops PATH | --rev REV | --build-dir DIR] [bench.py options]
#   --scratch DIR    corpora, builds, logs and results (default /tmp/llmops-bench)
#   --llmops PATH    time this binary instead of building one
#   --rev REV        build llmops from this commit (default: the working tree)
#   --build-dir DIR  where to build llmops in Release mode (default SCRATCH/build-llmops[-SHA])
# Any other option goes to bench.py: --sizes 1000,10000 --reps 5 --yamllint-reps 3 --fresh ...
#
# Setup: installs GNU time and yamllint from Debian when missing, installs ajv-cli and
# ajv-formats into bench/node_modules with `npm ci`, builds bench/yaml_loop.cpp and llmops.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
scratch=/tmp/llmops-bench
llmops=""
build_dir=""
rev=""
sha=""
pass=()
command_line="bench/run.sh $*"

while (($#)); do
  case "$1" in
    --scratch) scratch="$2"; shift 2 ;;
    --llmops) llmops="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --rev) rev="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) pass+=("$1"); shift ;;
  esac
done
case "$scratch" in
  "$repo"|"$repo"/*) echo "run.sh: --scratch must be outside the repository" >&2; exit 2 ;;
esac
mkdir -p "$scratch"

apt_updated=0
apt_install() { # apt_install PACKAGE: installs a Debian package (needs root)
  if ((!apt_updated)); then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

[[ -x /usr/bin/time ]] || apt_install time           # peak RSS via %M
command -v yamllint >/dev/null || apt_install yamllint
command -v npm >/dev/null || apt_install npm

echo "run.sh: installing ajv-cli and ajv-formats (npm ci)" >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo "run.sh: building yaml_loop" >&2
cmake -S "$here" -B "$scratch/build-yaml-loop" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$scratch/build-yaml-loop" -j2 >/dev/null

if [[ -z "$llmops" ]]; then
  src="$repo"
  if [[ -n "$rev" ]]; then
    # A clean export of one commit, so the numbers belong to that commit.
    sha="$(git -C "$repo" rev-parse --short "$rev^{commit}")"
    src="$scratch/src-$sha"
    if [[ ! -d "$src" ]]; then
      mkdir -p "$src.tmp"
      git -C "$repo" archive "$sha" | tar -x -C "$src.tmp"
      mv "$src.tmp" "$src"
    fi
    export LLMOPS_BENCH_SOURCE="$src ($sha)"
    # The corpora take their schema and configuration from the same commit.
    pass=(--case-toml "$src/schema/case.toml" --config "$src/llmops.toml" "${pass[@]}")
  fi
  build_dir="${build_dir:-$scratch/build-llmops${sha:+-$sha}}"
  echo "run.sh: building llmops (Release) from $src in $build_dir" >&2
  cmake -S "$src" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DLLMOPS_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build_dir" -j2 --target llmops >/dev/null
  llmops="$build_dir/tools/llmops/llmops"
fi

exec python3 "$here/bench.py" --llmops "$llmops" --yaml-loop "$scratch/build-yaml-loop/yaml_loop" \
  --ajv "$here/node_modules/.bin/ajv" --scratch "$scratch" --command "$command_line" \
  "${pass[@]}"
