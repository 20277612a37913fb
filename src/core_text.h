// The text form of the local batch and of results: the JS boundary's format before the
// binary one (core_binary.h). Native builds only: it stays for the native tests and the batch
// fuzzer, which drive the core through JSON text; the wasm does not link it.
//
// applyLocal input: the values' JSON texts back to back, then a header
//   [[kind(0 set|1 delete|2 clear), key, path, valueBytes, source, writer], ...]
// Result output: one header line of JSON, '\n', then a blob of value texts. Each change
//   is [key, path, kind, start, length, source, writer]: kind 0 = value text at UTF-16
//   offsets start/length of the blob (so JS can slice the decoded string without
//   re-parsing), 1 = deleted, 2 = the value is exactly the text of the batch's op #start
//   (applyLocal only: JS reuses the string it sent, nothing is serialized twice).
//   Local:  {"ok":1|0,"ch":[...],"e":[code,message,opIndex]}
//   Remote: {"ch":[...],"dr":[[code,message,opIndex],...]}
//   Load:   {"ok":1|0,"rep":1|0,"e":[code,message,opIndex]}
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core.h"

namespace us {

void textApplyLocal(Core& core, std::string_view values, std::string_view header, int64_t nowMs, std::string& out);
void textApplyRemote(Core& core, std::string_view message, int64_t nowMs, std::string& out);
void textRestore(Core& core, int id, int64_t nowMs, std::string& out);
void textLoadEntry(Core& core, std::string_view key, std::string_view value,
                   std::optional<std::string_view> meta, int64_t nowMs, std::string& out);

// {"ok":1|0,"rep":1|0,"e":[code,message,opIndex]}
void writeLoadResult(const LoadResult& r, std::string& out);

// Decodes the applyLocal header + values; on failure the status names the op index.
Status decodeLocalBatch(std::string_view values, std::string_view header, std::vector<LocalOpIn>& ops);

size_t utf16Length(std::string_view utf8);

}  // namespace us
