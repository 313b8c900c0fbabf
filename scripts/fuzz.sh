#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#
# Crashes and hangs are written to build/fuzz/findings/<target>/; each one found becomes a
# regression test in tests/ (see tests/data/fuzz/). The corpus grows in build/fuzz/corpus/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"
build=build/fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DLLMOPS_FUZZ=ON -DLLMOPS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target case_fuzzer query_fuzzer

for target in case_fuzzer query_fuzzer; do
  corpus="$build/corpus/$target"
  findings="$build/findings/$target"
  mkdir -p "$corpus" "$findings"
  if [ "$target" = case_fuzzer ]; then
    # Seed with the bundled cases and the test fixtures, hostile ones included.
    find cases tests/data -name '*.yaml' -size -64k -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  else
    # Seed with every query the tests and the docs use, one file each.
    python3 tests/fuzz/query_seeds.py "$corpus"
  fi
  echo "fuzz: $target for ${seconds}s"
  "$build/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 2>&1 |
    grep -E '^(stat::|INFO: Running|==|SUMMARY|Done)' || true
done
