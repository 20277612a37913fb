// libFuzzer: arbitrary text as a cross-tab message into a replica that holds state.
// Must never crash; a state message re-applied to its own replica must change nothing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core.h"

static us::Core& replica() {
  static us::Core* core = [] {
    auto* c = new us::Core("fuzz");
    us::Status st;
    us::NodeP v = us::parseJson("{\"a\":[1,{\"b\":\"c\"}],\"n\":null}", us::ParseOptions{}, 0, st);
    c->applyLocal({us::LocalOpIn{us::OpKind::Set, "k", {}, v, "", ""}}, 1000);
    return c;
  }();
  return *core;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  us::DecodedMessage m = us::decodeMessage(text);
  (void)m;
  us::Core fresh("target");
  fresh.applyRemote(text, 1'700'000'000'000);
  std::string before = fresh.digest();
  fresh.applyRemote(fresh.encodeState(), 1'700'000'000'000);
  if (fresh.digest() != before) std::abort();  // own state must be a no-op (idempotence)
  replica().applyRemote(text, 1'700'000'000'000);
  return 0;
}
