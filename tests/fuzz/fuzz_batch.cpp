// libFuzzer: the applyLocal text protocol (header + values) the JS wrapper sends. The
// input is split at the first 0x00 into values and header.
#include <cstdint>
#include <string>

#include "core_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find('\0');
  if (cut == std::string_view::npos) return 0;
  us::Core core("fuzz");
  std::string out;
  us::textApplyLocal(core, in.substr(0, cut), in.substr(cut + 1), 1000, out);
  std::string msg;
  if (core.takeOutbox(msg)) {
    // Whatever a replica accepted locally, another replica must accept remotely.
    us::Core other("other");
    us::RemoteResult r = other.applyRemote(msg, 1000);
    if (!r.dropped.empty() || other.exportJson() != core.exportJson()) __builtin_trap();
  }
  return 0;
}
