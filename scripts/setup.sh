#!/usr/bin/env bash
# Installs everything a fresh machine lacks, idempotently: Debian packages (emscripten,
# nlohmann-json, doctest, chromium, clang's sanitizer/fuzzer runtime, nats-server for the
# across-devices tests and demo) and npm packages.
# Safe to run again: each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in emscripten nlohmann-json3-dev doctest-dev chromium clang libclang-rt-14-dev cmake make g++ nats-server; do
  have_pkg "$p" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm ci only when node_modules does not match the lock file.
stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: npm ci"
  # npm 11 leaves rollup's per-platform optional packages out of the lock file when the
  # registry mirror does not list them, and then refuses `npm ci`; `npm install` resolves
  # the same locked versions (the lock file is left unchanged).
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "setup: npm ci refused the lock file; falling back to npm install"
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
