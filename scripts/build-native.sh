#!/usr/bin/env bash
# Builds the native preset: the doctest suite (ASan + UBSan), the bench and the libFuzzer
# targets, with clang-14. Incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cmake-configure.sh
configure_preset native
# Progress lines hidden; compiler output and the exit status (pipefail) kept.
cmake --build --preset native -- --no-print-directory | { grep -v -E "^\[ *[0-9]+%\]" || true; }
