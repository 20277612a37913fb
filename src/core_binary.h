// The binary protocol between the JS wrapper and the core (value layout in binary.h), kept
// host-compilable so native tests and fuzzers run exactly what the wasm bindings run.
//
// applyLocal input, one buffer per batch:
//   varint opCount, then per op: u8 kind (0 set, 1 delete, 2 clear),
//   [kind != clear: string key, path], string source, string writer, [kind == set: value]
//   path = varint segmentCount, each segment a tagged string (member) or int32 (index)
// Result (applyLocal, restore, applyRemote):
//   u8 ok (applyRemote: always 1), [ok == 0: status], varint changeCount, changes,
//   varint droppedCount, statuses (applyRemote; 0 otherwise)
//   change = u8 kind, then
//     kind 2: varint opIndex                 the change is exactly op #opIndex of the batch
//                                            (its key, path, labels and value: JS has them)
//     kind 0: string key, path, value, string source, string writer      a new value
//     kind 1: string key, path, string source, string writer             deleted
//   status = string code name, string message, varint opIndex + 1 (0: none)
// Statuses are those of the text protocol (core_text.h) for the same fault.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core.h"

namespace us {

Status decodeBinaryBatch(std::string_view batch, std::vector<LocalOpIn>& ops);

void binaryApplyLocal(Core& core, std::string_view batch, int64_t nowMs, std::string& out);
void binaryRestore(Core& core, int id, int64_t nowMs, std::string& out);
// The message is protocol v2 in the binary form (codec_binary.h); JS turns text messages
// into it first (js-shim/wasm/text-message.ts).
void binaryApplyRemote(Core& core, std::string_view message, int64_t nowMs, std::string& out);

// Stored metadata as JS decoded it: u8 state (0 absent, 1 unreadable, 2 decoded), then when
// decoded: varint schema version, f64 wall, f64 counter, string clock origin, string hash.
// False when the bytes are malformed (the caller treats the metadata as unreadable).
bool decodeStoredMeta(std::string_view bytes, StoredMeta& out);
// Load result: u8 ok, u8 repaired, u8 hasError, [status as in the other results].
void writeLoadResultBinary(const LoadResult& r, std::string& out);

}  // namespace us
