// libFuzzer: the value parser and writer. Whatever parses must re-parse from its own
// serialization to a deep-equal tree with the same hash.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "value.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  us::Status st;
  us::NodeP n = us::parseJson(text, us::ParseOptions{}, 0, st);
  if (!n) return 0;
  std::string out = us::toJson(*n);
  us::NodeP again = us::parseJson(out, us::ParseOptions{}, 0, st);
  if (!again || !us::deepEqual(n, again) || us::valueHash(*n) != us::valueHash(*again)) std::abort();
  return 0;
}
