#!/usr/bin/env bash
# Profiles one contestant on one node workload and prints where the time goes.
#   bash scripts/bench-profile.sh ours W3 [rounds]
# The .cpuprofile is kept in build/bench-profiles/ (open it in Chrome DevTools for a flame chart).
set -euo pipefail
cd "$(dirname "$0")/.."
contestant=${1:-ours}; workload=${2:-W1}; rounds=${3:-30}
dir=build/bench-profiles/$contestant-$workload
rm -rf "$dir"; mkdir -p "$dir"
node --cpu-prof --cpu-prof-dir="$dir" node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts \
  bench/node/profile.ts -- --contestant="$contestant" --workload="$workload" --rounds="$rounds"
node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/node/summarize-profile.ts -- "$(ls -S "$dir"/*.cpuprofile | head -1)" 30
