// Protocol v2 ops and state messages in the binary form, for tabs that exchange bytes
// (BroadcastChannel clones an ArrayBuffer). Same content, same checks and the same statuses
// as the JSON text form (codec.h), which stays for the peers that speak text (the NATS
// connector, older tabs). Layout (values and strings as in binary.h):
//   u8 0xB2 (marks the binary form), u8 type (0 ops, 1 state), string origin,
//   varint seq (ops; 0 in state), varint opCount, ops
//   op = f64 wall, f64 counter, string clockOrigin, u8 kind (0 set, 1 delete, 2 clear),
//        [kind != clear: string key, path], [set: value], string source, string writer
//   path = varint count, each segment a string (member) or int32 (index)
#pragma once
#include <string>
#include <string_view>

#include "codec.h"

namespace us {

constexpr unsigned char kBinaryMessageMark = 0xB2;

// `valueBytes`: the set's value already in the binary form (a local write's bytes as the
// shim sent them), written as they are; empty: the value tree is encoded.
void encodeOpBinary(const Op& op, std::string& out, std::string_view valueBytes = {});
// Message head: mark, type, origin, seq; the caller appends the op count and the ops.
void encodeMessageHeadBinary(MessageType type, std::string_view origin, uint64_t seq, std::string& out);

// Framing errors (truncated, unknown mark) drop the whole message; a well-framed op with a bad
// field drops only itself, with the status the text form gives it.
DecodedMessage decodeBinaryMessage(std::string_view bytes);

}  // namespace us
