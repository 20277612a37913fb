#!/usr/bin/env bash
# `npm run build`: what a fresh machine lacks (setup.sh), the wasm core (release), then the
# TypeScript shim to dist/ with its .d.ts files, with the generated loader, the .wasm and its
# embedded copy beside the compiled boundary module, so load-core.js's
# `new URL('./generated/universal_state_core.wasm', import.meta.url)` resolves in the package;
# then the codemod package (packages/codemod).
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh clone has nothing installed: without this, `npx tsc` would fetch an unrelated
# package named "tsc". setup.sh only installs what is missing, so this is cheap when done.
bash scripts/setup.sh
bash scripts/build-wasm.sh
rm -rf dist
node_modules/.bin/tsc -p tsconfig.json
# Each built copy carries the version it was built as: copies of two versions on one page
# are told apart by it.
node -e "const v = require('./package.json').version; require('fs').writeFileSync('dist/version.js', 'export const PACKAGE_VERSION = ' + JSON.stringify(v) + ';\\n');"
mkdir -p dist/wasm/generated
cp js-shim/wasm/generated/*.mjs js-shim/wasm/generated/*.wasm dist/wasm/generated/
# The `node` condition's entries: import without React or Vue installed (servers, unit tests).
node scripts/build-node-entries.mjs
# The generated loader has no .d.ts of its own; the typed wrapper in dist/wasm is the API.
# The codemod is its own package (@mfe/universal-state-codemod); it builds to its own dist/.
rm -rf packages/codemod/dist
node_modules/.bin/tsc -p packages/codemod/tsconfig.json
chmod +x packages/codemod/dist/bin.js
echo "build: dist/ ready ($(du -sh dist | cut -f1))"
