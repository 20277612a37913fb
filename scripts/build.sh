#!/usr/bin/env bash
# `npm run build`: the wasm core (release), then the TypeScript shim to dist/ with its .d.ts
# files, with the generated loader + .wasm copied next to the compiled boundary module so
# `new URL('universal_state_core.wasm', import.meta.url)` resolves from the package; then
# the codemod package (packages/codemod).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
rm -rf dist
npx tsc -p tsconfig.json
mkdir -p dist/wasm/generated
cp js-shim/wasm/generated/*.mjs js-shim/wasm/generated/*.wasm dist/wasm/generated/
# The generated loader has no .d.ts of its own; the typed wrapper in dist/wasm is the API.
# The codemod is its own package (@mfe/universal-state-codemod); it builds to its own dist/.
rm -rf packages/codemod/dist
npx tsc -p packages/codemod/tsconfig.json
chmod +x packages/codemod/dist/bin.js
echo "build: dist/ ready ($(du -sh dist | cut -f1))"
