#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium (/usr/bin/chromium, unless
# WEFT_CHROMIUM names another build), the root package's pinned playwright-core (its dev
# dependency, package-lock.json), which drives it and downloads no browser, and the benchmark's
# pinned onnxruntime-web (tests/bench/package-lock.json), which benchmarks.html's model suite
# runs next to Weft.
# Idempotent; fails loudly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

chromium="${WEFT_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "installing chromium (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
"$chromium" --version

cd "$here/../.."
if ! npm ls --depth=0 playwright-core >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi

# The benchmark's own package, not a second pin: the page and tests/bench run the same ORT-Web,
# and library users' `npm ci` at the root does not fetch its ~150 MB.
cd "$here/../bench"
if ! npm ls --depth=0 onnxruntime-web >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi
