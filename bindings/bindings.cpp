// The export table: every name JS may call, as plain C functions exported from the wasm
// (no embind). A core is a pointer JS keeps as a number; js-shim/wasm/load-core.ts wraps
// these in the typed CoreHandle and calls them straight from the instance's exports.
//
// Plain exports instead of an embind class because start-up paid for embind: registering
// its built-in types and the class ran a few milliseconds of glue and wasm on every page
// load before the first call, and its runtime was most of the glue's size. Every argument
// here is an integer or a double, which wasm passes as is, so nothing needed embind.
#include <emscripten/emscripten.h>

#include "bound_core.h"

using us::wasm::BoundCore;

extern "C" {

// JS sees these two as Module._reserve and Module._outPtr (the names the writers use).
EMSCRIPTEN_KEEPALIVE uint32_t reserve(uint32_t bytes) { return us::wasm::reserveInput(bytes); }
EMSCRIPTEN_KEEPALIVE uint32_t outPtr() { return us::wasm::outputAddress(); }

EMSCRIPTEN_KEEPALIVE BoundCore* us_core_new(uint32_t originBytes, double maxFutureMs, int schemaVersion) {
  return new BoundCore(originBytes, maxFutureMs, schemaVersion);
}
EMSCRIPTEN_KEEPALIVE void us_core_delete(BoundCore* core) { delete core; }

EMSCRIPTEN_KEEPALIVE int us_apply_local(BoundCore* core, uint32_t batchBytes, double nowMs) {
  return core->applyLocal(batchBytes, nowMs);
}
EMSCRIPTEN_KEEPALIVE int us_take_outbox(BoundCore* core) { return core->takeOutbox(); }
EMSCRIPTEN_KEEPALIVE int us_apply_remote(BoundCore* core, uint32_t bytes, double nowMs) {
  return core->applyRemote(bytes, nowMs);
}
EMSCRIPTEN_KEEPALIVE int us_encode_state_binary(BoundCore* core) { return core->encodeStateBinary(); }
EMSCRIPTEN_KEEPALIVE int us_digest(BoundCore* core) { return core->digest(); }
EMSCRIPTEN_KEEPALIVE int us_export_values(BoundCore* core) { return core->exportValues(); }
EMSCRIPTEN_KEEPALIVE int us_key_value(BoundCore* core, uint32_t keyBytes) { return core->keyValue(keyBytes); }
EMSCRIPTEN_KEEPALIVE int us_key_meta(BoundCore* core, uint32_t keyBytes) { return core->keyMeta(keyBytes); }
EMSCRIPTEN_KEEPALIVE int us_load_entry(BoundCore* core, uint32_t keyBytes, uint32_t valueBytes, uint32_t metaBytes, double nowMs) {
  return core->loadEntry(keyBytes, valueBytes, metaBytes, nowMs);
}
EMSCRIPTEN_KEEPALIVE int us_snapshot(BoundCore* core) { return core->snapshot(); }
EMSCRIPTEN_KEEPALIVE int us_restore(BoundCore* core, int id, double nowMs) { return core->restore(id, nowMs); }
EMSCRIPTEN_KEEPALIVE void us_release_snapshot(BoundCore* core, int id) { core->releaseSnapshot(id); }
EMSCRIPTEN_KEEPALIVE void us_set_access_policy(BoundCore* core, int namespaces) { core->setAccessPolicy(namespaces); }

}  // extern "C"
