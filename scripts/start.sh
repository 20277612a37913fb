#!/usr/bin/env bash
# `npm start`: installs and builds what is missing, builds the demo and serves it with the
# flag on (ValtioStateManager). `npm run start:legacy` (this script with --legacy) serves
# it with the flag off (UniversalStateManager). Prints the URL; Ctrl-C stops the server.
#   PORT=8080 npm start     # preferred port (default 5173; a free one is used if taken)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=valtio
case "${1:-}" in
  --legacy) mode=legacy ;;
  "") ;;
  *) echo "usage: scripts/start.sh [--legacy]" >&2; exit 2 ;;
esac

bash scripts/setup.sh
bash scripts/build.sh
bash scripts/build-demo.sh "$mode"

# The preferred port if it is free, else any free one: a second `npm start` still works.
port=$(node -e '
  const net = require("node:net");
  const tryPort = (p, fallback) => {
    const s = net.createServer();
    s.once("error", () => fallback ? tryPort(0, false) : process.exit(1));
    s.listen(p, "127.0.0.1", () => { const { port } = s.address(); s.close(() => console.log(port)); });
  };
  tryPort(Number(process.env.PORT || 5173), true);
')

if [ "$mode" = valtio ]; then label="flag on: ValtioStateManager"; else label="flag off: UniversalStateManager"; fi
echo
echo "  MFE universal state demo ($label)"
echo "  ➜  http://127.0.0.1:$port/$mode/"
echo
# vite itself (not through npx), so stopping this script's process stops the server.
exec node_modules/.bin/vite preview --outDir build/demo --host 127.0.0.1 --port "$port" --strictPort
