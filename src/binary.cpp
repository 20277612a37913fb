// Binary value reader and writer (layout in binary.h). The reader mirrors parseJson's checks
// one for one so a hostile peer gains nothing by choosing the binary form over the text one.
#include "binary.h"

#include <cmath>
#include <cstring>

#include "utf8.h"

namespace us {
namespace {

NodeP failed(Status& st, Code c, const char* msg) {
  if (st.ok()) st = Status::make(c, msg);
  return nullptr;
}

constexpr double kTwo53 = 9007199254740992.0;

// Bytes of an int32's JSON text: sizes are counted as JSON text, so the limit means what
// it means for a value that arrived as text (a list of 300k zeros is 600 KB, not more).
size_t intTextBytes(int32_t v) {
  size_t n = v < 0 ? 2 : 1;
  uint32_t u = v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v);
  while (u >= 10) {
    u /= 10;
    ++n;
  }
  return n;
}

}  // namespace

bool BinaryCursor::u8(uint8_t& v) {
  if (p_ >= end_) return false;
  v = static_cast<uint8_t>(*p_++);
  return true;
}

bool BinaryCursor::u32(uint32_t& v) {
  if (remaining() < 4) return false;
  const auto* b = reinterpret_cast<const unsigned char*>(p_);
  v = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
  p_ += 4;
  return true;
}

bool BinaryCursor::varint(uint32_t& v) {
  v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    uint8_t b;
    if (!u8(b)) return false;
    if (shift == 28 && (b & 0x70)) return false;  // past 32 bits
    v |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;  // a sixth byte: not ours
}

bool BinaryCursor::f64(double& v) {
  if (remaining() < 8) return false;
  unsigned char b[8];
  std::memcpy(b, p_, 8);
  uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | b[i];
  std::memcpy(&v, &bits, 8);
  p_ += 8;
  return true;
}

bool BinaryCursor::stringBody(uint8_t tag, std::string& out, Status& st) {
  uint32_t len = 0;
  if (tag == static_cast<uint8_t>(BinTag::Str8)) {
    uint8_t l8;
    if (!u8(l8)) return failed(st, Code::BAD_JSON, "truncated string"), false;
    len = l8;
  } else if (!u32(len)) {
    return failed(st, Code::BAD_JSON, "truncated string"), false;
  }
  if (len > remaining()) return failed(st, Code::BAD_JSON, "string length past the end"), false;
  if (!validUtf8(p_, p_ + len)) return failed(st, Code::BAD_JSON, "invalid UTF-8"), false;
  out.assign(p_, len);
  p_ += len;
  return true;
}

bool BinaryCursor::string(std::string& out, Status& st) {
  uint8_t tag;
  if (!u8(tag)) return failed(st, Code::BAD_JSON, "expected a string"), false;
  if (tag != static_cast<uint8_t>(BinTag::Str8) && tag != static_cast<uint8_t>(BinTag::Str32))
    return failed(st, Code::BAD_JSON, "expected a string"), false;
  return stringBody(tag, out, st);
}

NodeP BinaryCursor::value(const BinaryOptions& opts, uint64_t version, size_t depth, size_t& bytes, Status& st) {
  uint8_t tag;
  if (!u8(tag)) return failed(st, Code::BAD_JSON, "unexpected end of value");
  // The size is checked as it grows, so a hostile value stops at the limit, not at the end.
  auto over = [&] { return bytes > opts.maxValueBytes; };
  switch (static_cast<BinTag>(tag)) {
    case BinTag::Null: bytes += 4; return makeNull();
    case BinTag::False: bytes += 5; return makeBool(false);
    case BinTag::True: bytes += 4; return makeBool(true);
    case BinTag::Int32: {
      uint32_t u;
      if (!u32(u)) return failed(st, Code::BAD_JSON, "truncated number");
      bytes += intTextBytes(static_cast<int32_t>(u));
      return makeInteger(static_cast<double>(static_cast<int32_t>(u)));
    }
    case BinTag::Float64: {
      double d;
      if (!f64(d)) return failed(st, Code::BAD_JSON, "truncated number");
      if (!std::isfinite(d)) return failed(st, Code::BAD_JSON, "number out of range");
      bytes += 3;  // the shortest non-integer text ("0.5"): the count never exceeds the text
      if (d == std::floor(d) && std::fabs(d) < kTwo53) return makeInteger(d);
      // Text is left empty: writeJson formats the double when (if ever) it is needed.
      return makeNumberText(d, std::string());
    }
    case BinTag::Str8:
    case BinTag::Str32: {
      std::string s;
      if (!stringBody(tag, s, st)) return nullptr;
      bytes += s.size() + 2;
      if (over()) return failed(st, Code::TOO_LARGE, "value over 1 MiB");
      return makeString(std::move(s));
    }
    case BinTag::Array: {
      if (depth >= opts.maxDepth) return failed(st, Code::TOO_DEEP, "value nested too deeply");
      uint32_t count;
      if (!varint(count)) return failed(st, Code::BAD_JSON, "truncated array");
      // Each item takes at least one byte: a count past the end is a lie, not a reservation.
      if (count > remaining()) return failed(st, Code::BAD_JSON, "array length past the end");
      bytes += count ? count + 1 : 2;  // brackets and commas
      std::vector<NodeP> items;
      items.reserve(count);
      for (uint32_t i = 0; i < count; ++i) {
        NodeP v = value(opts, version, depth + 1, bytes, st);
        if (!v) return nullptr;
        if (over()) return failed(st, Code::TOO_LARGE, "value over 1 MiB");
        items.push_back(std::move(v));
      }
      return makeArray(std::move(items), version);
    }
    case BinTag::Object: {
      if (depth >= opts.maxDepth) return failed(st, Code::TOO_DEEP, "value nested too deeply");
      uint32_t count;
      if (!varint(count)) return failed(st, Code::BAD_JSON, "truncated object");
      if (count > remaining() / 3) return failed(st, Code::BAD_JSON, "object length past the end");
      bytes += count ? count + 1 : 2;  // braces and commas
      std::vector<Member> members;
      members.reserve(count);
      // One bit per (length, first byte) of the names so far: a name whose bit is clear
      // cannot repeat an earlier one, so it skips insertMember's scan of the members.
      uint64_t seen = 0;
      for (uint32_t i = 0; i < count; ++i) {
        std::string name;
        if (!string(name, st)) return nullptr;
        if (opts.rejectForbidden && isForbiddenName(name)) return failed(st, Code::FORBIDDEN_KEY, "forbidden member name");
        bytes += name.size() + 3;  // quotes and colon
        NodeP v = value(opts, version, depth + 1, bytes, st);
        if (!v) return nullptr;
        if (over()) return failed(st, Code::TOO_LARGE, "value over 1 MiB");
        uint64_t bit = uint64_t{1} << ((name.size() * 7 + (name.empty() ? 0u : static_cast<unsigned char>(name[0]))) & 63);
        if (seen & bit) {
          insertMember(members, std::move(name), std::move(v));
        } else {
          seen |= bit;
          members.push_back(Member{std::move(name), std::move(v)});
        }
      }
      dedupeMembers(members);
      return makeObject(std::move(members), version);
    }
  }
  return failed(st, Code::BAD_JSON, "unknown value tag");
}

NodeP decodeBinary(std::string_view bytes, const BinaryOptions& opts, uint64_t version, Status& st) {
  st = Status();
  BinaryCursor c(bytes);
  size_t size = 0;
  NodeP n = c.value(opts, version, size, st);
  if (n && !c.atEnd()) return failed(st, Code::BAD_JSON, "trailing bytes");
  return n;
}

void writeVarint(uint32_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

static void writeU32(uint32_t v, std::string& out) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
  out.append(b, 4);
}

void writeBinaryString(std::string_view s, std::string& out) {
  if (s.size() < 256) {
    out.push_back(static_cast<char>(BinTag::Str8));
    out.push_back(static_cast<char>(s.size()));
  } else {
    out.push_back(static_cast<char>(BinTag::Str32));
    writeU32(static_cast<uint32_t>(s.size()), out);
  }
  out.append(s.data(), s.size());
}

void writeBinary(const Node& n, std::string& out) {
  switch (n.type) {
    case Type::Null: out.push_back(static_cast<char>(BinTag::Null)); return;
    case Type::Bool: out.push_back(static_cast<char>(n.boolean ? BinTag::True : BinTag::False)); return;
    case Type::Number: {
      double d = n.number;
      if (d == std::floor(d) && d >= -2147483648.0 && d <= 2147483647.0) {
        out.push_back(static_cast<char>(BinTag::Int32));
        writeU32(static_cast<uint32_t>(static_cast<int32_t>(d)), out);
        return;
      }
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      out.push_back(static_cast<char>(BinTag::Float64));
      for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
      return;
    }
    case Type::String: writeBinaryString(n.str, out); return;
    case Type::Array:
      out.push_back(static_cast<char>(BinTag::Array));
      writeVarint(static_cast<uint32_t>(n.items.size()), out);
      for (const NodeP& it : n.items) writeBinary(*it, out);
      return;
    case Type::Object:
      out.push_back(static_cast<char>(BinTag::Object));
      writeVarint(static_cast<uint32_t>(n.members.size()), out);
      for (const Member& m : n.members) {
        writeBinaryString(m.name, out);
        writeBinary(*m.value, out);
      }
      return;
  }
}

std::string toBinary(const Node& n) {
  std::string s;
  writeBinary(n, s);
  return s;
}

}  // namespace us
