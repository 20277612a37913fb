#!/usr/bin/env bash
# `npm run start:remote`: the demo with state across devices. Starts a local NATS server
# (JetStream and WebSocket on, config written into a temp folder, a 'demo' user confined to
# the 'demo' bucket), builds the flag-on container with the NATS connector and serves it.
# Open the printed URL in two browsers (or a normal and a private window): they act as two
# devices. Ctrl-C stops the web server and NATS.
#   PORT=8080 npm run start:remote   # preferred port (default 5174; a free one is used if taken)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

info=$(mktemp)
node node_modules/vite-node/vite-node.mjs scripts/remote-nats-server.ts >"$info" &
nats_pid=$!
trap 'kill "$nats_pid" 2>/dev/null || true; rm -f "$info"' EXIT
for _ in $(seq 1 300); do
  [ -s "$info" ] && break
  kill -0 "$nats_pid" 2>/dev/null || { echo "start-remote: NATS did not start" >&2; exit 1; }
  sleep 0.1
done
read_field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")[0])[process.argv[2]])' "$info" "$1"; }
VITE_NATS_WS=$(read_field wsUrl) VITE_NATS_BUCKET=$(read_field bucket) VITE_NATS_USER=$(read_field user) VITE_NATS_PASS=$(read_field pass) \
  bash scripts/build-demo.sh remote

port=$(node -e '
  const net = require("node:net");
  const tryPort = (p, fallback) => {
    const s = net.createServer();
    s.once("error", () => fallback ? tryPort(0, false) : process.exit(1));
    s.listen(p, "127.0.0.1", () => { const { port } = s.address(); s.close(() => console.log(port)); });
  };
  tryPort(Number(process.env.PORT || 5174), true);
')
echo
echo "  MFE universal state demo across devices (NATS at $(read_field wsUrl), bucket '$(read_field bucket)')"
echo "  ➜  http://127.0.0.1:$port/remote/   (open it in two browsers: two devices)"
echo
node_modules/.bin/vite preview --outDir build/demo --host 127.0.0.1 --port "$port" --strictPort
