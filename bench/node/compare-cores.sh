#!/usr/bin/env bash
# Diagnostics: runs bench/node/core-commit.ts over several builds of the core, alternating
# process by process (A B A B ...) so load from other work hits each alike; prints every
# run's medians (ns per op) and, per build, the median over runs with its min-max.
#   bash bench/node/compare-cores.sh RUNS dirA dirB ...   ("" = the checkout's own build)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=$1; shift
tmp=$(mktemp -d)
for ((r = 0; r < runs; r++)); do
  for i in $(seq 1 $#); do
    dir=${!i}
    BENCH_WASM_DIR=$dir node node_modules/vite-node/vite-node.mjs -c bench/node/vite.config.ts bench/node/core-commit.ts >>"$tmp/$i"
  done
done
for i in $(seq 1 $#); do
  node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
    const out = Object.keys(rows[0]).map((k) => { const v = rows.map((r) => r[k]); return `${k} ${med(v)} (${Math.min(...v)}-${Math.max(...v)})`; });
    console.log((process.argv[2] || "(this checkout)").padEnd(34), out.join("  "));' "$tmp/$i" "${!i}"
done
rm -rf "$tmp"
