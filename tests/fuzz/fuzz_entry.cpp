// libFuzzer: persistence entries. Input is split at the first two 0x00 bytes into key,
// value text and metadata text (no metadata when there is only one separator).
#include <cstdint>
#include <optional>
#include <string>

#include "core.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t a = in.find('\0');
  if (a == std::string_view::npos) return 0;
  std::string_view key = in.substr(0, a);
  std::string_view rest = in.substr(a + 1);
  size_t b = rest.find('\0');
  std::optional<std::string_view> meta;
  std::string_view value = rest;
  if (b != std::string_view::npos) {
    value = rest.substr(0, b);
    meta = rest.substr(b + 1);
  }
  us::Meta m;
  if (meta) us::decodeMeta(*meta, m);
  us::Core core("fuzz");
  core.loadEntry(key, value, meta, 1'700'000'000'000);
  std::string out;
  if (core.keyMeta(key, out)) {
    // What we write back must load cleanly, without repair.
    std::string text;
    core.keyJson(key, text);
    us::Core other("other");
    us::LoadResult r = other.loadEntry(key, text, std::string_view(out), 1'700'000'000'000);
    if (!r.ok) __builtin_trap();
  }
  return 0;
}
