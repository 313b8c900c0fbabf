#!/usr/bin/env bash
# Runs html_page.test.mjs (the HTML page in headless Chromium) once its tools are installed:
# node, Debian's chromium, and playwright-core in tests/browser/node_modules (`npm ci` here, which
# scripts/setup-debian.sh does). Without them the test is skipped (exit 77), except under CI=true,
# where a missing tool is a failure: CI runs the setup script first, so nothing may be missing.
#
# Usage: tests/browser/run.sh --llmops PATH --out DIR [html_page.test.mjs options]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${LLMOPS_CHROMIUM:-/usr/bin/chromium}"

missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Debian package nodejs)")
[[ -x "$chromium" ]] || missing+=("$chromium (Debian package chromium)")
[[ -f "$here/node_modules/playwright-core/package.json" ]] || missing+=("playwright-core (npm ci in tests/browser)")
if ((${#missing[@]} > 0)); then
  echo "browser test: missing ${missing[*]}; scripts/setup-debian.sh installs them" >&2
  if [[ "${CI:-}" == "true" ]]; then
    exit 1
  fi
  exit 77
fi
exec node "$here/html_page.test.mjs" --chromium "$chromium" "$@"
