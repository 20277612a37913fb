#!/usr/bin/env bash
# Builds the demo into build/demo/: the three MFE bundles (mfes/<id>/index.js) and the
# container once per flag value (valtio/ with VITE_USE_VALTIO_STATE=true, legacy/ without).
#   bash scripts/build-demo.sh            # MFEs + both containers
#   bash scripts/build-demo.sh valtio     # MFEs + the flag-on container only
#   bash scripts/build-demo.sh legacy     # MFEs + the flag-off container only
#   VITE_NATS_WS=... bash scripts/build-demo.sh remote   # the flag-on container with the NATS connector
# Needs the wasm core (js-shim/wasm/generated/, from scripts/build.sh) and node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then modes=(valtio legacy); else modes=("$@"); fi
for m in "${modes[@]}"; do
  case "$m" in valtio|legacy|remote) ;; *) echo "build-demo: unknown mode '$m' (valtio|legacy|remote)" >&2; exit 2 ;; esac
done

if [ ! -d js-shim/wasm/generated ]; then
  echo "build-demo: js-shim/wasm/generated/ is missing; run 'bash scripts/build.sh' first" >&2
  exit 1
fi

# Production builds even when called from a test runner (vitest sets NODE_ENV=test, which
# would make Vite emit development JSX that the production React runtime lacks).
export NODE_ENV=production
vite=node_modules/.bin/vite
for mfe in react vue vanilla; do
  echo "build-demo: mfe-$mfe"
  "$vite" build --config "demo/mfe-$mfe/vite.config.ts"
done
for m in "${modes[@]}"; do
  echo "build-demo: container ($m)"
  if [ "$m" = remote ]; then
    # The flag-on container with the NATS connector (VITE_NATS_* come from start-remote.sh).
    VITE_USE_VALTIO_STATE=true "$vite" build --config demo/container/vite.config.ts
  elif [ "$m" = valtio ]; then
    VITE_USE_VALTIO_STATE=true "$vite" build --config demo/container/vite.config.ts
  else
    VITE_USE_VALTIO_STATE=false "$vite" build --config demo/container/vite.config.ts
  fi
done
cp demo/landing.html build/demo/index.html
echo "build-demo: build/demo/ ready (${modes[*]})"
