// Converter unit: the shared buffers and the Core wrapper that reads its inputs from them.
// JS writes batches, messages, values and metadata in the binary form (src/core_binary.h) and
// keys and the origin as UTF-8 text into the input buffer, and reads each result from the output buffer in one go:
// no per-field std::string marshalling.
#pragma once
#include <cstdint>
#include <string>

#include "core.h"

namespace us::wasm {

// Grows the input buffer to at least `bytes` (keeping its contents) and returns its address.
uint32_t reserveInput(uint32_t bytes);
// Address of the last result text (valid until the next call into the core).
uint32_t outputAddress();

class BoundCore {
 public:
  // The origin id is the first `originBytes` of the input buffer.
  BoundCore(uint32_t originBytes, double maxFutureMs, int schemaVersion);

  // Inputs and results in the binary protocol (src/core_binary.h).
  int applyLocal(uint32_t batchBytes, double nowMs);
  int takeOutbox();  // binary ops message (src/codec_binary.h); -1: nothing pending
  int applyRemote(uint32_t bytes, double nowMs);  // binary message in, binary result out
  int encodeStateBinary();
  int digest();
  // Values leave in the binary form too: the wasm links no JSON writer either. JS makes the
  // text forms (js-shim/wasm/text-output.ts).
  int exportValues();               // one binary object: every live key and its value
  int keyValue(uint32_t keyBytes);  // binary value; -1: absent
  // -1: absent; else varint schema version, f64 wall, f64 counter, string clock origin,
  // string hash (16 hex digits): the fields of the stored metadata.
  int keyMeta(uint32_t keyBytes);
  // Input: key, binary value, binary metadata (core_binary.h) back to back; binary result.
  int loadEntry(uint32_t keyBytes, uint32_t valueBytes, uint32_t metaBytes, double nowMs);
  int snapshot() { return core_.snapshot(); }
  int restore(int id, double nowMs);
  void releaseSnapshot(int id) { core_.releaseSnapshot(id); }
  void setAccessPolicy(int namespaces) { core_.setAccessPolicy(namespaces != 0); }

 private:
  Core core_;
  int schemaVersion_;
};

}  // namespace us::wasm
