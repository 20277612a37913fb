// Wire and storage formats (contracts.md section 4): protocol v2 messages and persistence
// metadata. Decoders validate everything and report statuses; they never abort.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "store.h"

namespace us {

constexpr int kProtocolVersion = 2;
// A catch-up state message carries the whole store; it may exceed the per-message limit.
constexpr size_t kMaxStateMessageBytes = 32u << 20;

Status checkKey(std::string_view key);
Status checkPath(const Path& path);

// {"c":[wall,counter,origin],"d":0|1|2,"k":key,"p":[...],"v":value,"s":source,"w":writer}
void encodeOp(const Op& op, std::string& out);
void encodeClock(const Clock& c, std::string& out);
void encodePath(const Path& p, std::string& out);

enum class MessageType { Ops, State, Hello, Digest };

struct DecodedOp {
  OpP op;         // null when rejected
  Status status;  // why it was rejected (opIndex set)
};

struct DecodedMessage {
  Status status;  // whole message rejected when !ok
  MessageType type = MessageType::Ops;
  std::string origin;
  std::vector<DecodedOp> ops;
};

DecodedMessage decodeMessage(std::string_view text);

// Clock from a JSON [wall, counter, origin] node; false when malformed.
bool decodeClock(const Node& n, Clock& out);
bool decodePath(const Node& n, Path& out, Status& st);

// {"v":schemaVersion,"c":[wall,counter,origin],"h":"<16 hex digits of valueHash>"}
std::string encodeMeta(int schemaVersion, const Clock& c, const Node& value);
struct Meta {
  int version = 0;
  Clock clock;
  std::string hash;
};
bool decodeMeta(std::string_view text, Meta& out);
std::string hashHex(uint64_t h);

}  // namespace us
