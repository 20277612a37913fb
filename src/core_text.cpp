// Batch decoding and result encoding for the JS boundary (format in core_text.h).
#include "core_text.h"

#include <algorithm>

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

// `echo`: a change that is exactly a local op's value is sent as kind 2 ("the text of op
// #start you sent") instead of being serialized again.
void writeChanges(const std::vector<Change>& changes, std::string& head, std::string& blob, bool echo = false) {
  size_t offset = 0;  // UTF-16 units written to the blob so far
  head += "\"ch\":[";
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& c = changes[i];
    if (i) head += ',';
    head += '[';
    writeJsonString(c.key, head);
    head += ',';
    encodePath(c.path, head);
    if (echo && c.inputIndex >= 0) {
      head += ",2," + decimal(c.inputIndex) + ",0,";
    } else if (c.value) {
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
    writeJsonString(c.op && c.op->writer != kContainerWriter ? c.op->writer : std::string(), head);
    head += ']';
  }
  head += ']';
}

void writeLocal(const LocalResult& r, std::string& out, bool echo) {
  std::string blob;
  out = r.ok ? "{\"ok\":1," : "{\"ok\":0,";
  writeChanges(r.changes, out, blob, echo);
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

namespace {

// A cursor over the batch header. The header is machine-written by load-core.ts, so it
// gets a direct scanner instead of a tree: no allocation per field on the hot path.
class HeaderScanner {
 public:
  explicit HeaderScanner(std::string_view t) : t_(t) {}

  bool eat(char c) {
    ws();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    ws();
    return i_ < t_.size() && t_[i_] == c;
  }
  bool uint(uint64_t& v, uint64_t max) {
    ws();
    size_t start = i_;
    v = 0;
    while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') {
      if (v > max) return false;
      v = v * 10 + static_cast<uint64_t>(t_[i_++] - '0');
    }
    if (i_ == start || v > max) return false;
    // 1.5, 1e3, 01: not a plain index
    if (i_ < t_.size() && (t_[i_] == '.' || t_[i_] == 'e' || t_[i_] == 'E')) return false;
    return !(t_[start] == '0' && i_ - start > 1);
  }
  bool str(std::string& out) {
    ws();
    Status st;
    out.clear();
    return readJsonString(t_, i_, out, st);
  }
  bool atEnd() {
    ws();
    return i_ == t_.size();
  }

 private:
  void ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '\t')) ++i_;
  }
  std::string_view t_;
  size_t i_ = 0;
};

// [seg, ...] where seg is a string or a non-negative integer.
Status scanPath(HeaderScanner& h, Path& path) {
  path.clear();
  if (!h.eat('[')) return Status::make(Code::BAD_PATH, "path is not an array");
  if (h.eat(']')) return checkPath(path);
  do {
    if (h.peek('"')) {
      std::string name;
      if (!h.str(name)) return Status::make(Code::BAD_PATH, "bad path segment");
      path.push_back(Segment::member(std::move(name)));
    } else {
      uint64_t index = 0;
      if (!h.uint(index, Limits::kMaxArrayIndex)) return Status::make(Code::BAD_PATH, "bad path segment");
      path.push_back(Segment::at(static_cast<uint32_t>(index)));
    }
  } while (h.eat(','));
  if (!h.eat(']')) return Status::make(Code::BAD_PATH, "bad path");
  return checkPath(path);
}

}  // namespace

Status decodeLocalBatch(std::string_view values, std::string_view header, std::vector<LocalOpIn>& ops) {
  if (values.size() + header.size() > Limits::kMaxMessageBytes + Limits::kMaxValueBytes)
    return Status::make(Code::TOO_LARGE, "batch too large");
  HeaderScanner h(header);
  ops.clear();
  if (!h.eat('[')) return Status::make(Code::BAD_MESSAGE, "bad batch header");
  size_t offset = 0;
  bool more = !h.eat(']');
  for (size_t i = 0; more; ++i) {
    LocalOpIn in;
    uint64_t kind = 0, bytes = 0;
    if (!h.eat('[') || !h.uint(kind, 2) || !h.eat(',') || !h.str(in.key) || !h.eat(','))
      return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
    Status st = scanPath(h, in.path);
    if (!st.ok()) {
      st.opIndex = static_cast<int>(i);
      return st;
    }
    if (!h.eat(',') || !h.uint(bytes, values.size() - offset) || !h.eat(',') || !h.str(in.source) ||
        !h.eat(',') || !h.str(in.writer) || !h.eat(']'))
      return opStatus(Code::BAD_MESSAGE, "bad batch row", i);
    in.kind = static_cast<OpKind>(kind);
    if (in.kind == OpKind::Set) {
      if (bytes > Limits::kMaxValueBytes) return opStatus(Code::TOO_LARGE, "value over 1 MiB", i);
      ParseOptions vo;
      vo.maxDepth = Limits::kMaxDepth - std::min(in.path.size(), Limits::kMaxDepth);
      in.value = parseJson(values.substr(offset, bytes), vo, 0, st);
      in.parsed = true;
      offset += bytes;
      if (!in.value) {
        st.opIndex = static_cast<int>(i);
        return st;
      }
    }
    ops.push_back(std::move(in));
    if (!h.eat(',')) {
      if (!h.eat(']') || !h.atEnd()) return opStatus(Code::BAD_MESSAGE, "bad batch header", i);
      more = false;
    }
  }
  return {};
}

void textApplyLocal(Core& core, std::string_view values, std::string_view header, int64_t nowMs, std::string& out) {
  std::vector<LocalOpIn> ops;
  Status st = decodeLocalBatch(values, header, ops);
  writeLocal(applyDecodedBatch(core, st, ops, nowMs), out, /*echo=*/true);
}

void textRestore(Core& core, int id, int64_t nowMs, std::string& out) {
  writeLocal(core.restore(id, nowMs), out, /*echo=*/false);  // JS sent no texts to echo
}

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
  writeLoadResult(core.loadEntry(key, value, meta, nowMs), out);
}

void writeLoadResult(const LoadResult& r, std::string& out) {
  out = r.ok ? "{\"ok\":1" : "{\"ok\":0";
  out += r.repaired ? ",\"rep\":1" : ",\"rep\":0";
  if (!r.error.ok()) {
    out += ",\"e\":";
    writeStatus(r.error, out);
  }
  out += '}';
}

}  // namespace us
