#!/usr/bin/env bash
# Sourced by the build scripts: `configure_preset <preset>` configures build/<preset> unless a
# complete configure is already there. A configure that failed (emscripten or a compiler not
# installed yet) leaves a CMakeCache.txt without a Makefile, and cmake never redoes it on its
# own, so every later build would fail with "make: No such file". Such a folder is deleted and
# configured afresh; a configure that fails now deletes what it left, so the next run retries.
configure_preset() {
  local preset="$1" dir="build/$1"
  if [ -f "$dir/CMakeCache.txt" ] && [ -f "$dir/Makefile" ]; then
    return 0
  fi
  if [ -e "$dir" ]; then
    echo "configure: $dir holds an unfinished configure; starting it again" >&2
    rm -rf "$dir"
  fi
  local log
  if ! log="$(cmake --preset "$preset" 2>&1)"; then
    echo "$log" >&2
    rm -rf "$dir"
    echo "configure: cmake --preset $preset failed (is scripts/setup.sh done?); $dir removed so the next build retries" >&2
    return 1
  fi
}
