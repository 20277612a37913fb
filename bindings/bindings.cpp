// The embind registration table: every name JS may call. Names are private (leading
// underscore); js-shim/wasm/load-core.ts wraps them in the typed CoreHandle.
#include <emscripten/bind.h>

#include "bound_core.h"

using us::wasm::BoundCore;

EMSCRIPTEN_BINDINGS(universal_state_core) {
  emscripten::function("_reserve", &us::wasm::reserveInput);
  emscripten::function("_outPtr", &us::wasm::outputAddress);
  emscripten::class_<BoundCore>("_Core")
      .constructor<uint32_t, double, int>()
      .function("applyLocal", &BoundCore::applyLocal)
      .function("takeOutbox", &BoundCore::takeOutbox)
      .function("applyRemote", &BoundCore::applyRemote)
      .function("encodeStateBinary", &BoundCore::encodeStateBinary)
      .function("digest", &BoundCore::digest)
      .function("exportValues", &BoundCore::exportValues)
      .function("keyValue", &BoundCore::keyValue)
      .function("keyMeta", &BoundCore::keyMeta)
      .function("loadEntry", &BoundCore::loadEntry)
      .function("snapshot", &BoundCore::snapshot)
      .function("restore", &BoundCore::restore)
      .function("releaseSnapshot", &BoundCore::releaseSnapshot)
      .function("setAccessPolicy", &BoundCore::setAccessPolicy);
}
