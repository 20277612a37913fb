#!/usr/bin/env bash
# C++ tier: the doctest suite natively with ASan + UBSan (through ctest, doctest's summary
# printed), then every libFuzzer target for a fixed time from the seed corpus in
# tests/fuzz/corpus/. Exits non-zero on any failure.
#   FUZZ_SECONDS (default 15) per target; US_PROP_* tune the property tests (see
#   tests/cpp/test_property.cpp); US_BINARY_SEEDS / US_BINARY_SEED the binary codec's seeded
#   differential run against nlohmann (tests/cpp/test_binary.cpp; its seed is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-native.sh

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
echo "test-cpp: doctest (ASan + UBSan)"
log=build/native/ctest.log
status=0
ctest --test-dir build/native --output-on-failure -V >"$log" 2>&1 || status=$?
grep -E '\[(doctest|binary differential)\]' "$log" | sed -E 's/^[0-9]+: //'
if [ "$status" -ne 0 ]; then
  echo "test-cpp: doctest FAILED (log: $log)" >&2
  grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -40 >&2
  exit 1
fi

seconds="${FUZZ_SECONDS:-15}"
for bin in build/native/fuzz_*; do
  [ -x "$bin" ] || continue
  name="$(basename "$bin")"
  target="${name#fuzz_}"
  work="build/native/fuzz-corpus/$target"
  mkdir -p "$work"
  echo "test-cpp: $name for ${seconds}s"
  # The work corpus grows across runs; the committed seed corpus is only read.
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=0 "$work" "tests/fuzz/corpus/$target" >"build/native/$name.log" 2>&1; then
    echo "test-cpp: $name FAILED (log: build/native/$name.log)" >&2
    tail -40 "build/native/$name.log" >&2
    exit 1
  fi
  grep -E '^#[0-9]+\s+DONE' "build/native/$name.log" | tail -1 | sed "s/^/test-cpp: $name /" || true
done
echo "test-cpp: all C++ tests and fuzzers passed"
