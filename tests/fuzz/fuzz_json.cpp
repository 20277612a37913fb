// libFuzzer: the core's JSON reader and writer, differentially against nlohmann/json.
//  * whatever the core accepts, nlohmann accepts, with an equal value;
//  * whatever nlohmann accepts, the core accepts unless a core limit applies (depth);
//  * the core's own serialization re-parses to a deep-equal tree with the same hash.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "../cpp/binary_oracle.h"
#include "value.h"

// Numbers kept as text are compared to nlohmann's correctly rounded double within a tiny
// relative error (the core's double is for equality only; the text is what it writes).
static bool same(const us::Node& n, const nlohmann::json& j) {
  switch (n.type) {
    case us::Type::Number: {
      if (!j.is_number()) return false;
      double ref = j.get<double>();
      if (n.str.empty()) return n.number == ref;
      double diff = n.number > ref ? n.number - ref : ref - n.number;
      double scale = ref < 0 ? -ref : ref;
      return diff <= scale * 1e-14 || diff < 1e-300;
    }
    case us::Type::Array:
      if (!j.is_array() || j.size() != n.items.size()) return false;
      for (size_t i = 0; i < n.items.size(); ++i)
        if (!same(*n.items[i], j[i])) return false;
      return true;
    case us::Type::Object:
      if (!j.is_object() || j.size() != n.members.size()) return false;
      for (const auto& m : n.members) {
        auto it = j.find(m.name);
        if (it == j.end() || !same(*m.value, *it)) return false;
      }
      return true;
    default:
      return ustest::toNlohmann(n) == j;
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  us::ParseOptions lenient;
  lenient.rejectForbidden = false;
  us::Status st;
  us::NodeP n = us::parseJson(text, lenient, 0, st);
  // nlohmann skips a leading BOM and stops at a NUL byte; JSON.parse (and the core) reject both.
  bool lenientRef = (size >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") || text.find('\0') != std::string_view::npos;
  nlohmann::json ref = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (n) {
    if (ref.is_discarded() || !same(*n, ref)) std::abort();
    std::string out = us::toJson(*n);
    us::NodeP again = us::parseJson(out, lenient, 0, st);
    if (!again || !us::deepEqual(n, again) || us::valueHash(*n) != us::valueHash(*again)) std::abort();
  } else if (st.code == us::Code::BAD_JSON && st.message != "number out of range" && !lenientRef &&
             !ref.is_discarded()) {
    std::abort();
  }
  return 0;
}
