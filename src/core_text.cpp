// Batch decoding and result encoding for the JS boundary (format in core_text.h).
#include "core_text.h"

#include <cmath>

namespace us {
namespace {

void writeStatus(const Status& s, std::string& out) {
  out += "[\"";
  out += codeName(s.code);
  out += "\",";
  writeJsonString(s.message, out);
  out += ',';
  out += decimal(s.opIndex);
  out += ']';
}

void writeChanges(const std::vector<Change>& changes, std::string& head, std::string& blob) {
  size_t offset = 0;  // UTF-16 units written to the blob so far
  head += "\"ch\":[";
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    if (i) head += ',';
    head += '[';
    writeJsonString(c.key, head);
    head += ',';
    encodePath(c.path, head);
    if (c.value) {
      size_t mark = blob.size();
      writeJson(*c.value, blob);
      size_t len = utf16Length(std::string_view(blob).substr(mark));
      head += ",0," + decimal(offset) + ',' + decimal(len) + ',';
      offset += len;
    } else {
      head += ",1,0,0,";
    }
    writeJsonString(c.op ? c.op->source : std::string(), head);
    head += ',';
    writeJsonString(c.op ? c.op->writer : std::string(), head);
    head += ']';
  }
  head += ']';
}

void writeLocal(const LocalResult& r, std::string& out) {
  std::string blob;
  out = r.ok ? "{\"ok\":1," : "{\"ok\":0,";
  writeChanges(r.changes, out, blob);
  if (!r.ok) {
    out += ",\"e\":";
    writeStatus(r.error, out);
  }
  out += "}\n";
  out += blob;
}

Status opStatus(Code c, const char* msg, size_t i) { return Status::make(c, msg, static_cast<int>(i)); }

}  // namespace

size_t utf16Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // each lead byte starts one code point
    if (c >= 0xF0) ++n;           // astral code points take a surrogate pair
  }
  return n;
}

Status decodeLocalBatch(std::string_view values, std::string_view header, std::vector<LocalOpIn>& ops) {
  if (values.size() + header.size() > Limits::kMaxMessageBytes + Limits::kMaxValueBytes)
    return Status::make(Code::TOO_LARGE, "batch too large");
  ParseOptions po;
  po.maxDepth = Limits::kMaxDepth + 3;
  po.rejectForbidden = false;  // names are checked per op so the status can name the op
  Status st;
  NodeP root = parseJson(header, po, 0, st);
  if (!root || root->type != Type::Array) return Status::make(Code::BAD_MESSAGE, "bad batch header");
  size_t offset = 0;
  ops.clear();
  ops.reserve(root->items.size());
  for (size_t i = 0; i < root->items.size(); ++i) {
    const Node& row = *root->items[i];
    if (row.type != Type::Array || row.items.size() != 6) return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
    const Node& kind = *row.items[0];
    const Node& key = *row.items[1];
    const Node& len = *row.items[3];
    const Node& src = *row.items[4];
    const Node& writer = *row.items[5];
    if (kind.type != Type::Number || !(kind.number == 0 || kind.number == 1 || kind.number == 2) ||
        key.type != Type::String || len.type != Type::Number || src.type != Type::String ||
        writer.type != Type::String)
      return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
    LocalOpIn in;
    in.kind = static_cast<OpKind>(static_cast<int>(kind.number));
    in.key = key.str;
    in.source = src.str;
    in.writer = writer.str;
    if (!decodePath(*row.items[2], in.path, st)) {
      st.opIndex = static_cast<int>(i);
      return st;
    }
    if (in.kind == OpKind::Set) {
      double n = len.number;
      if (!(n >= 0) || n != std::floor(n) || n > static_cast<double>(values.size() - offset))
        return opStatus(Code::BAD_MESSAGE, "bad value length", i);
      size_t bytes = static_cast<size_t>(n);
      if (bytes > Limits::kMaxValueBytes) return opStatus(Code::TOO_LARGE, "value over 1 MiB", i);
      ParseOptions vo;
      vo.maxDepth = Limits::kMaxDepth - std::min(in.path.size(), Limits::kMaxDepth);
      in.value = parseJson(values.substr(offset, bytes), vo, 0, st);
      offset += bytes;
      if (!in.value) {
        st.opIndex = static_cast<int>(i);
        return st;
      }
    }
    ops.push_back(std::move(in));
  }
  return {};
}

void textApplyLocal(Core& core, std::string_view values, std::string_view header, int64_t nowMs, std::string& out) {
  std::vector<LocalOpIn> ops;
  Status st = decodeLocalBatch(values, header, ops);
  LocalResult r;
  if (!st.ok()) {
    r.ok = false;
    r.error = st;
  } else {
    r = core.applyLocal(ops, nowMs);
  }
  writeLocal(r, out);
}

void textRestore(Core& core, int id, int64_t nowMs, std::string& out) { writeLocal(core.restore(id, nowMs), out); }

void textApplyRemote(Core& core, std::string_view message, int64_t nowMs, std::string& out) {
  RemoteResult r = core.applyRemote(message, nowMs);
  std::string blob;
  out = "{";
  writeChanges(r.changes, out, blob);
  out += ",\"dr\":[";
  for (size_t i = 0; i < r.dropped.size(); ++i) {
    if (i) out += ',';
    writeStatus(r.dropped[i], out);
  }
  out += "]}\n";
  out += blob;
}

void textLoadEntry(Core& core, std::string_view key, std::string_view value,
                   std::optional<std::string_view> meta, int64_t nowMs, std::string& out) {
  LoadResult r = core.loadEntry(key, value, meta, nowMs);
  out = r.ok ? "{\"ok\":1" : "{\"ok\":0";
  out += r.repaired ? ",\"rep\":1" : ",\"rep\":0";
  if (!r.error.ok()) {
    out += ",\"e\":";
    writeStatus(r.error, out);
  }
  out += '}';
}

}  // namespace us
