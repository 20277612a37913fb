// The binary form of a value at the JS boundary: a compact tagged encoding that the JS side
// writes while it walks a value (js-shim/wasm/binary-writer.ts) and the core reads straight
// into Nodes, with the same limits and status codes as the JSON reader. Layout (all integers
// little-endian; docs/internals/contracts.md has the table):
//   0x00 null   0x01 false   0x02 true
//   0x03 int32 (4 bytes)         integers in [-2^31, 2^31)
//   0x04 float64 (8 bytes)       any other number; NaN and infinities are refused
//   0x05 u8 length, UTF-8 bytes  strings up to 255 bytes
//   0x06 u32 length, UTF-8 bytes longer strings
//   0x07 varint count, items     arrays
//   0x08 varint count, (string, value) pairs   objects; member names are tagged strings
// varint: unsigned LEB128, at most 5 bytes, value < 2^32.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "value.h"

namespace us {

enum class BinTag : uint8_t { Null = 0, False = 1, True = 2, Int32 = 3, Float64 = 4, Str8 = 5, Str32 = 6, Array = 7, Object = 8 };

struct BinaryOptions {
  size_t maxDepth = Limits::kMaxDepth;
  bool rejectForbidden = true;                // FORBIDDEN_KEY on __proto__ & co at any depth
  size_t maxValueBytes = Limits::kMaxValueBytes;  // measured as JSON text (escapes not counted)
};

// A bounds-checked cursor over bytes. Every read fails (false) instead of running past the end.
class BinaryCursor {
 public:
  BinaryCursor(const char* begin, const char* end) : p_(begin), end_(end) {}
  explicit BinaryCursor(std::string_view bytes) : BinaryCursor(bytes.data(), bytes.data() + bytes.size()) {}

  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  const char* position() const { return p_; }
  bool atEnd() const { return p_ == end_; }
  bool u8(uint8_t& v);
  bool u32(uint32_t& v);
  bool varint(uint32_t& v);
  bool f64(double& v);
  // A tagged string (Str8 / Str32), checked to be well-formed UTF-8. `st` says why not.
  bool string(std::string& out, Status& st);
  // The rest of a string whose tag (Str8 / Str32) the caller already read.
  bool stringAfterTag(uint8_t tag, std::string& out, Status& st) { return stringBody(tag, out, st); }
  // A tagged value. `bytes` grows by the size of the value's JSON text: exact but for string
  // escapes (not counted) and non-integers (3 each): never more than the text, so the core
  // never refuses what the shim, which measures the exact text, let through.
  NodeP value(const BinaryOptions& opts, uint64_t version, size_t& bytes, Status& st) {
    return value(opts, version, 0, bytes, st);
  }

 private:
  NodeP value(const BinaryOptions& opts, uint64_t version, size_t depth, size_t& bytes, Status& st);
  bool stringBody(uint8_t tag, std::string& out, Status& st);
  const char* p_;
  const char* end_;
};

// One value filling all of `bytes` (trailing bytes are an error).
NodeP decodeBinary(std::string_view bytes, const BinaryOptions& opts, uint64_t version, Status& st);

void writeVarint(uint32_t v, std::string& out);
void writeBinaryString(std::string_view s, std::string& out);
void writeBinary(const Node& n, std::string& out);
std::string toBinary(const Node& n);

}  // namespace us
