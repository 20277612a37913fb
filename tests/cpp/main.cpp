// doctest entry point for the native core suites (run through ctest, see scripts/test-cpp.sh).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
