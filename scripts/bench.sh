#!/usr/bin/env bash
# `npm run bench`: every contestant side by side in node and headless Chromium, then the
# build sizes. Prints one table per engine and writes bench/results/latest.json.
# Extra arguments go to bench/main.ts (e.g. --engine=node, --rounds=7, --tiny).
# Takes about 5 minutes on a 2-core machine; never run two at once (they share the CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The wasm core (and dist/) must exist; build.sh is the one way the project builds it.
if ! ls js-shim/wasm/generated/*.wasm >/dev/null 2>&1; then
  bash scripts/build.sh
fi
# vite-node runs the TypeScript as the node tests do; each contestant gets its own process.
exec node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/main.ts -- "$@"
