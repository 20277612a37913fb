#!/usr/bin/env bash
# `npm test`: every tier, in order, on a fresh machine. Installs and builds what it needs.
#   1. C++ core: doctest natively with ASan+UBSan, then each decoder fuzzer for a fixed time
#   2. node tests (vitest) against the real wasm build
#   3. headless Chromium tests (playwright-core driving Debian's chromium)
# Ends with one plain line "tests: N passed, N failed" summing every tier.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/test-cpp.sh
bash scripts/build.sh

results=build/test-results
mkdir -p "$results"
rm -f "$results"/*.json
npx vitest run --config tests/js/vitest.config.ts \
  --reporter=default --reporter=json --outputFile.json="$results/node.json"
npx vitest run --config tests/browser/vitest.config.ts \
  --reporter=default --reporter=json --outputFile.json="$results/browser.json"
node scripts/test-summary.mjs build/native/ctest.log "$results/node.json" "$results/browser.json"
