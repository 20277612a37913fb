// libFuzzer: binary protocol-v2 messages from a hostile tab. Whatever the core merges from
// bytes, its own re-encoding (a state message, binary and text) carries to another replica
// without a drop and to the same digest; nothing crashes or reads past the end.
#include <cstdint>
#include <string>

#include "codec_binary.h"
#include "core.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  us::Core core("fuzz");
  us::RemoteResult r = core.applyRemoteBinary(in, 1'000'000);
  if (r.changes.empty()) return 0;
  us::Core viaBinary("b"), viaText("t");
  if (!viaBinary.applyRemoteBinary(core.encodeStateBinary(), 1'000'000).dropped.empty()) __builtin_trap();
  if (!viaText.applyRemote(core.encodeState(), 1'000'000).dropped.empty()) __builtin_trap();
  if (viaBinary.digest() != core.digest() || viaBinary.exportJson() != core.exportJson()) __builtin_trap();
  if (viaText.exportJson() != core.exportJson()) __builtin_trap();
  return 0;
}
