// Binary protocol v2 messages (layout in codec_binary.h). Every check of decodeMessage /
// decodeOne is made here too, in the same order, with the same statuses.
#include "codec_binary.h"

#include <cmath>
#include <cstring>

#include "binary.h"

namespace us {
namespace {

constexpr double kMaxSafeInt = 9007199254740991.0;

void writeF64(double d, std::string& out) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
}

bool safeUint(double d) { return d >= 0 && d <= kMaxSafeInt && d == std::floor(d); }

// Reads a path's framing only; its content is checked by the caller, per op.
bool readPathFraming(BinaryCursor& in, Path& path, bool& badSegment) {
  uint32_t n;
  if (!in.varint(n) || n > in.remaining()) return false;
  path.clear();
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t tag;
    if (!in.u8(tag)) return false;
    if (tag == static_cast<uint8_t>(BinTag::Int32)) {
      uint32_t index;
      if (!in.u32(index)) return false;
      if (index > Limits::kMaxArrayIndex) badSegment = true;
      path.push_back(Segment::at(index));
      continue;
    }
    std::string name;
    Status st;
    if (tag != static_cast<uint8_t>(BinTag::Str8) && tag != static_cast<uint8_t>(BinTag::Str32)) return false;
    if (!in.stringAfterTag(tag, name, st)) return false;
    path.push_back(Segment::member(std::move(name)));
  }
  return true;
}

// One op: false on a framing error (the message is unreadable past it); otherwise `status`
// says whether the op itself is acceptable.
bool readOp(BinaryCursor& in, OpP& result, Status& status) {
  auto op = std::make_shared<Op>();
  double wall, counter;
  Status st;
  std::string clockOrigin;
  uint8_t kind;
  if (!in.f64(wall) || !in.f64(counter) || !in.string(clockOrigin, st) || !in.u8(kind)) return false;
  bool badSegment = false;
  if (kind != static_cast<uint8_t>(OpKind::Clear)) {
    if (!in.string(op->key, st) || !readPathFraming(in, op->path, badSegment)) return false;
  }
  NodeP value;
  if (kind == static_cast<uint8_t>(OpKind::Set)) {
    BinaryOptions framing;  // the per-op checks below decide; this only has to read it
    framing.maxDepth = Limits::kMaxDepth + 4;
    framing.rejectForbidden = false;
    framing.maxValueBytes = kMaxStateMessageBytes;
    size_t bytes = 0;
    value = in.value(framing, 0, bytes, st);
    if (!value) return false;
  }
  if (!in.string(op->source, st) || !in.string(op->writer, st)) return false;

  // The checks of decodeOne, in its order.
  if (!safeUint(wall) || !safeUint(counter) || clockOrigin.size() > Limits::kMaxOriginBytes ||
      (clockOrigin.empty() && (wall != 0 || counter != 0))) {
    status = Status::make(Code::BAD_MESSAGE, "bad clock");
    return true;
  }
  op->clock.wall = static_cast<int64_t>(wall);
  op->clock.counter = static_cast<uint64_t>(counter);
  op->clock.origin = std::move(clockOrigin);
  if (kind > 2) {
    status = Status::make(Code::BAD_MESSAGE, "bad op kind");
    return true;
  }
  op->kind = static_cast<OpKind>(kind);
  if (op->source.size() > Limits::kMaxKeyBytes || op->writer.size() > Limits::kMaxKeyBytes) {
    status = Status::make(Code::BAD_MESSAGE, "bad source or writer");
    return true;
  }
  if (op->kind != OpKind::Clear) {
    status = checkKey(op->key);
    if (!status.ok()) return true;
    if (badSegment) {
      status = Status::make(Code::BAD_PATH, "bad path segment");
      return true;
    }
    status = checkPath(op->path);
    if (!status.ok()) return true;
  } else {
    op->key.clear();
    op->path.clear();
  }
  if (op->kind == OpKind::Set) {
    size_t bytes = 0;
    status = validateTree(*value, Limits::kMaxDepth - op->path.size(), bytes);
    if (!status.ok()) return true;
    if (bytes > Limits::kMaxValueBytes) {
      status = Status::make(Code::TOO_LARGE, "value over 1 MiB");
      return true;
    }
    op->value = std::move(value);
  }
  result = std::move(op);
  status = Status();
  return true;
}

}  // namespace

void encodeMessageHeadBinary(MessageType type, std::string_view origin, uint64_t seq, std::string& out) {
  out.push_back(static_cast<char>(kBinaryMessageMark));
  out.push_back(type == MessageType::State ? 1 : 0);
  writeBinaryString(origin, out);
  writeVarint(static_cast<uint32_t>(seq), out);
}

void encodeOpBinary(const Op& op, std::string& out, std::string_view valueBytes) {
  writeF64(static_cast<double>(op.clock.wall), out);
  writeF64(static_cast<double>(op.clock.counter), out);
  writeBinaryString(op.clock.origin, out);
  out.push_back(static_cast<char>(op.kind));
  if (op.kind != OpKind::Clear) {
    writeBinaryString(op.key, out);
    writeVarint(static_cast<uint32_t>(op.path.size()), out);
    for (const Segment& s : op.path) {
      if (s.isIndex) {
        out.push_back(static_cast<char>(BinTag::Int32));
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(s.index >> (8 * i)));
      } else {
        writeBinaryString(s.name, out);
      }
    }
  }
  if (op.kind == OpKind::Set) {
    if (!valueBytes.empty())
      out.append(valueBytes.data(), valueBytes.size());
    else
      writeBinary(*op.value, out);
  }
  writeBinaryString(op.source, out);
  writeBinaryString(op.writer, out);
}

DecodedMessage decodeBinaryMessage(std::string_view bytes) {
  DecodedMessage m;
  auto fail = [&](Code c, const char* msg) {
    m.status = Status::make(c, msg);
    m.ops.clear();
    return m;
  };
  if (bytes.size() > kMaxStateMessageBytes) return fail(Code::TOO_LARGE, "message over the size limit");
  BinaryCursor in(bytes);
  uint8_t mark, type;
  uint32_t seq, count;
  Status st;
  if (!in.u8(mark) || mark != kBinaryMessageMark) return fail(Code::BAD_MESSAGE, "message: not a binary v2 message");
  if (!in.u8(type)) return fail(Code::BAD_MESSAGE, "message: truncated");
  if (type > 1) return fail(Code::UNKNOWN_TYPE, "unknown message type");
  m.type = type == 1 ? MessageType::State : MessageType::Ops;
  // Size before anything else of the head: a huge message costs a comparison, not a read.
  if (m.type == MessageType::Ops && bytes.size() > Limits::kMaxMessageBytes) return fail(Code::TOO_LARGE, "message over 4 MiB");
  if (!in.string(m.origin, st)) return fail(Code::BAD_MESSAGE, "message: truncated");
  if (m.origin.empty() || m.origin.size() > Limits::kMaxOriginBytes) return fail(Code::BAD_MESSAGE, "bad origin");
  if (!in.varint(seq) || !in.varint(count) || count > in.remaining()) return fail(Code::BAD_MESSAGE, "message without ops");
  m.ops.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DecodedOp d;
    if (!readOp(in, d.op, d.status)) return fail(Code::BAD_MESSAGE, "message: truncated or malformed op");
    if (d.status.ok() && m.type == MessageType::Ops && d.op->clock.origin != m.origin) {
      d.status = Status::make(Code::BAD_MESSAGE, "op clock origin differs from the sender");
      d.op = nullptr;
    }
    d.status.opIndex = static_cast<int>(i);
    if (!d.status.ok()) d.op = nullptr;
    m.ops.push_back(std::move(d));
  }
  if (!in.atEnd()) return fail(Code::BAD_MESSAGE, "message: trailing bytes");
  return m;
}

}  // namespace us
