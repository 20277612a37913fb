#!/usr/bin/env bash
# Builds the release wasm core into js-shim/wasm/generated/ (universal_state_core.mjs +
# .wasm). Incremental: a second run with nothing changed only checks timestamps.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # emcc 3.1.6 on Debian cannot find acorn otherwise
preset="${1:-wasm-release}"
if [ ! -f "build/$preset/CMakeCache.txt" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -- --no-print-directory | { grep -v -E "^\[ *[0-9]+%\]" || true; }
out=js-shim/wasm/generated
[ "$preset" = wasm-debug ] && out=build/wasm-debug/out
test -f "$out/universal_state_core.wasm" || { echo "build-wasm: no wasm produced" >&2; exit 1; }
# The Emscripten 3.1.6 glue is whitespace-minified only; esbuild (already installed with
# vite) renames its locals too: ~49 KB -> ~26 KB raw. Skipped when already done.
glue="$out/universal_state_core.mjs"
esbuild=node_modules/.bin/esbuild
if [ "$preset" = wasm-release ] && [ -x "$esbuild" ] && ! head -c 20 "$glue" | grep -q 'us-core-min'; then
  "$esbuild" "$glue" --minify --format=esm --target=es2020 --log-level=warning \
    --banner:js='/*! us-core-min */' --outfile="$glue.tmp" && mv "$glue.tmp" "$glue"
fi
for f in "$out/universal_state_core.wasm" "$out/universal_state_core.mjs"; do
  printf 'build-wasm: %s %d bytes, %d gzip\n' "$f" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
