// Encoders for protocol v2 and persistence metadata, and the key and path checks every
// reader shares. The text readers live in codec_text.cpp, which the wasm does not link.
#include "codec.h"

namespace us {

Status checkKey(std::string_view key) {
  if (key.empty()) return Status::make(Code::BAD_KEY, "empty key");
  if (key.size() > Limits::kMaxKeyBytes) return Status::make(Code::BAD_KEY, "key over 1024 bytes");
  if (isForbiddenName(key)) return Status::make(Code::FORBIDDEN_KEY, "forbidden key: " + std::string(key));
  return {};
}

Status checkPath(const Path& path) {
  if (path.size() >= Limits::kMaxDepth) return Status::make(Code::TOO_DEEP, "path too deep");
  for (const Segment& s : path) {
    if (s.isIndex && s.index > Limits::kMaxArrayIndex) return Status::make(Code::BAD_PATH, "array index too large");
    if (!s.isIndex && isForbiddenName(s.name))
      return Status::make(Code::FORBIDDEN_KEY, "forbidden path segment: " + s.name);
  }
  return {};
}

void encodeClock(const Clock& c, std::string& out) {
  out += '[';
  out += decimal(c.wall);
  out += ',';
  out += decimal(c.counter);
  out += ',';
  writeJsonString(c.origin, out);
  out += ']';
}

void encodePath(const Path& p, std::string& out) {
  out += '[';
  for (size_t i = 0; i < p.size(); ++i) {
    if (i) out += ',';
    if (p[i].isIndex)
      out += decimal(p[i].index);
    else
      writeJsonString(p[i].name, out);
  }
  out += ']';
}

void encodeOp(const Op& op, std::string& out) {
  out += "{\"c\":";
  encodeClock(op.clock, out);
  out += ",\"d\":";
  out += static_cast<char>('0' + static_cast<int>(op.kind));
  if (op.kind != OpKind::Clear) {
    out += ",\"k\":";
    writeJsonString(op.key, out);
    out += ",\"p\":";
    encodePath(op.path, out);
  }
  if (op.kind == OpKind::Set) {
    out += ",\"v\":";
    writeJson(*op.value, out);
  }
  if (!op.source.empty()) {
    out += ",\"s\":";
    writeJsonString(op.source, out);
  }
  if (!op.writer.empty()) {
    out += ",\"w\":";
    writeJsonString(op.writer, out);
  }
  out += '}';
}

std::string hashHex(uint64_t h) {
  static const char* hex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) s[static_cast<size_t>(i)] = hex[h & 15];
  return s;
}

std::string encodeMeta(int schemaVersion, const Clock& c, const Node& value) {
  std::string out = "{\"v\":" + decimal(schemaVersion) + ",\"c\":";
  encodeClock(c, out);
  out += ",\"h\":\"" + hashHex(valueHash(value)) + "\"}";
  return out;
}

}  // namespace us
