// Batch decoding and result encoding of the binary boundary (format in core_binary.h).
#include "core_binary.h"

#include <algorithm>

#include "binary.h"
#include "codec_binary.h"

namespace us {
namespace {

Status opStatus(Code c, const char* msg, size_t i) { return Status::make(c, msg, static_cast<int>(i)); }

Status readPath(BinaryCursor& in, Path& path) {
  path.clear();
  uint32_t n = 0;
  if (!in.varint(n)) return Status::make(Code::BAD_MESSAGE, "bad batch row");
  if (n >= Limits::kMaxDepth) return Status::make(Code::TOO_DEEP, "path too deep");
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t tag;
    if (!in.u8(tag)) return Status::make(Code::BAD_PATH, "bad path segment");
    if (tag == static_cast<uint8_t>(BinTag::Int32)) {
      uint32_t index;
      if (!in.u32(index) || index > Limits::kMaxArrayIndex) return Status::make(Code::BAD_PATH, "bad path segment");
      path.push_back(Segment::at(index));
      continue;
    }
    if (tag != static_cast<uint8_t>(BinTag::Str8) && tag != static_cast<uint8_t>(BinTag::Str32))
      return Status::make(Code::BAD_PATH, "bad path segment");
    std::string name;
    Status st;
    if (!in.stringAfterTag(tag, name, st)) return Status::make(Code::BAD_PATH, "bad path segment");
    path.push_back(Segment::member(std::move(name)));
  }
  return checkPath(path);
}

void writeStatus(const Status& s, std::string& out) {
  writeBinaryString(codeName(s.code), out);
  writeBinaryString(s.message, out);
  writeVarint(static_cast<uint32_t>(s.opIndex + 1), out);
}

void writePath(const Path& p, std::string& out) {
  writeVarint(static_cast<uint32_t>(p.size()), out);
  for (const Segment& s : p) {
    if (s.isIndex) {
      out.push_back(static_cast<char>(BinTag::Int32));
      for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(s.index >> (8 * i)));
    } else {
      writeBinaryString(s.name, out);
    }
  }
}

std::string_view reportedWriter(const Change& c) {
  if (!c.op || c.op->writer == kContainerWriter) return {};
  return c.op->writer;
}

// `sent`: the batch's ops, for changes that are exactly one of them (sent back as an index:
// JS has the key, path, labels and value already). Labels the core clamped are sent whole.
void writeChanges(const std::vector<Change>& changes, const std::vector<LocalOpIn>* sent, std::string& out) {
  writeVarint(static_cast<uint32_t>(changes.size()), out);
  for (const Change& c : changes) {
    if (sent && c.inputIndex >= 0 && static_cast<size_t>(c.inputIndex) < sent->size()) {
      const LocalOpIn& in = (*sent)[static_cast<size_t>(c.inputIndex)];
      if (c.op && c.op->source == in.source && reportedWriter(c) == in.writer) {
        out.push_back(2);
        writeVarint(static_cast<uint32_t>(c.inputIndex), out);
        continue;
      }
    }
    out.push_back(c.value ? 0 : 1);
    writeBinaryString(c.key, out);
    writePath(c.path, out);
    if (c.value) writeBinary(*c.value, out);
    writeBinaryString(c.op ? std::string_view(c.op->source) : std::string_view(), out);
    writeBinaryString(reportedWriter(c), out);
  }
}

void writeLocal(const LocalResult& r, const std::vector<LocalOpIn>* sent, std::string& out) {
  out.clear();
  out.push_back(r.ok ? 1 : 0);
  if (!r.ok) writeStatus(r.error, out);
  writeChanges(r.changes, sent, out);
  writeVarint(0, out);
}

}  // namespace

Status decodeBinaryBatch(std::string_view batch, std::vector<LocalOpIn>& ops) {
  ops.clear();
  if (batch.size() > Limits::kMaxMessageBytes + Limits::kMaxValueBytes)
    return Status::make(Code::TOO_LARGE, "batch too large");
  BinaryCursor in(batch);
  uint32_t count = 0;
  if (!in.varint(count) || count > in.remaining()) return Status::make(Code::BAD_MESSAGE, "bad batch header");
  ops.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    LocalOpIn op;
    uint8_t kind;
    Status st;
    if (!in.u8(kind) || kind > 2) return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
    op.kind = static_cast<OpKind>(kind);
    if (op.kind != OpKind::Clear) {
      if (!in.string(op.key, st)) return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
      st = readPath(in, op.path);
      if (!st.ok()) {
        st.opIndex = static_cast<int>(i);
        return st;
      }
    }
    if (!in.string(op.source, st) || !in.string(op.writer, st)) return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
    if (op.kind == OpKind::Set) {
      BinaryOptions vo;
      vo.maxDepth = Limits::kMaxDepth - std::min(op.path.size(), Limits::kMaxDepth);
      size_t bytes = 0;
      const char* start = in.position();
      op.value = in.value(vo, 0, bytes, st);
      if (!op.value) {
        st.opIndex = static_cast<int>(i);
        return st;
      }
      op.parsed = true;  // the reader applied depth, names and size
      op.valueBytes = std::string_view(start, static_cast<size_t>(in.position() - start));
    }
    ops.push_back(std::move(op));
  }
  if (!in.atEnd()) return Status::make(Code::BAD_MESSAGE, "trailing bytes after the batch");
  return {};
}

void binaryApplyLocal(Core& core, std::string_view batch, int64_t nowMs, std::string& out) {
  std::vector<LocalOpIn> ops;
  Status st = decodeBinaryBatch(batch, ops);
  writeLocal(applyDecodedBatch(core, st, ops, nowMs), &ops, out);
}

void binaryRestore(Core& core, int id, int64_t nowMs, std::string& out) {
  writeLocal(core.restore(id, nowMs), nullptr, out);
}

void binaryApplyRemote(Core& core, std::string_view message, int64_t nowMs, std::string& out) {
  RemoteResult r = core.applyRemoteBinary(message, nowMs);
  out.clear();
  out.push_back(1);
  writeChanges(r.changes, nullptr, out);
  writeVarint(static_cast<uint32_t>(r.dropped.size()), out);
  for (const Status& s : r.dropped) writeStatus(s, out);
}

bool decodeStoredMeta(std::string_view bytes, StoredMeta& out) {
  out = StoredMeta();
  BinaryCursor in(bytes);
  uint8_t state;
  if (!in.u8(state) || state > 2) return false;
  out.state = static_cast<StoredMeta::State>(state);
  if (out.state != StoredMeta::State::Decoded) return in.atEnd();
  uint32_t version;
  double wall, counter;
  Status st;
  Meta& m = out.meta;
  if (!in.varint(version) || !in.f64(wall) || !in.f64(counter) || !in.string(m.clock.origin, st) || !in.string(m.hash, st) ||
      !in.atEnd())
    return false;
  // JS applied decodeMeta's checks; these keep a wrong caller from planting an unsafe clock.
  if (!(wall >= 0 && wall <= 9007199254740991.0) || !(counter >= 0 && counter <= 9007199254740991.0)) return false;
  m.version = static_cast<int>(version);
  m.clock.wall = static_cast<int64_t>(wall);
  m.clock.counter = static_cast<uint64_t>(counter);
  return true;
}

void writeLoadResultBinary(const LoadResult& r, std::string& out) {
  out.clear();
  out.push_back(r.ok ? 1 : 0);
  out.push_back(r.repaired ? 1 : 0);
  out.push_back(r.error.ok() ? 0 : 1);
  if (!r.error.ok()) writeStatus(r.error, out);
}

}  // namespace us
