// Replica facade: local writes (validated, atomic, clocked), remote merges, persistence
// entries, snapshots and digests over the Store.
#include "core.h"

#include <algorithm>

#include "binary.h"
#include "codec_binary.h"

namespace us {

std::string_view namespaceOf(std::string_view key) {
  if (key.substr(0, 4) != "mfe:") return {};
  std::string_view rest = key.substr(4);
  return rest.substr(0, rest.find(':'));
}

// Labels travel in every message and are capped there (codec.cpp): cap them the same way
// here, at a UTF-8 boundary, so a long source label never fails a local write.
static std::string clampLabel(const std::string& s) {
  if (s.size() <= Limits::kMaxKeyBytes) return s;
  size_t n = Limits::kMaxKeyBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

Core::Core(std::string origin, int64_t maxFutureMs, int schemaVersion)
    : hlc_(std::move(origin)), maxFutureMs_(maxFutureMs), schemaVersion_(schemaVersion) {}

Status Core::checkAccess(const std::string& writer, OpKind kind, std::string_view key) const {
  if (!namespaces_ || writer.empty() || writer == kContainerWriter) return {};
  // An MFE's clear would erase other MFEs' namespaces: only the container may clear.
  if (kind == OpKind::Clear) return Status::make(Code::ACCESS_DENIED, "MFE '" + writer + "' may not clear");
  if (key.substr(0, 4) == "mfe:" && namespaceOf(key) != writer)
    return Status::make(Code::ACCESS_DENIED, "MFE '" + writer + "' may not write " + std::string(key));
  return {};
}

Status Core::validateLocal(const LocalOpIn& in) const {
  if (in.kind == OpKind::Clear) return checkAccess(in.writer, in.kind, {});
  Status st = checkKey(in.key);
  if (st.ok()) st = checkPath(in.path);
  if (st.ok()) st = checkAccess(in.writer, in.kind, in.key);
  if (!st.ok()) return st;
  if (in.kind != OpKind::Set) return {};
  if (!in.value) return Status::make(Code::BAD_JSON, "set without a value");
  if (!in.parsed) {
    size_t bytes = 0;
    st = validateTree(*in.value, Limits::kMaxDepth - in.path.size(), bytes);
    if (!st.ok()) return st;
    if (bytes > Limits::kMaxValueBytes) return Status::make(Code::TOO_LARGE, "value over 1 MiB: " + in.key);
  }
  if (in.path.empty()) return {};
  // A local nested write needs its parent: the caller addresses a value it can see.
  NodeP parent = nodeAt(store_.get(in.key), in.path, in.path.size() - 1);
  const Segment& last = in.path.back();
  bool fits = parent && (last.isIndex ? parent->type == Type::Array && last.index <= parent->items.size()
                                      : parent->type == Type::Object);
  return fits ? Status() : Status::make(Code::BAD_PATH, "no container at the parent path of " + in.key);
}

LocalResult Core::applyLocal(const std::vector<LocalOpIn>& ops, int64_t nowMs) {
  LocalResult r;
  StoreState saved = store_.state();
  int64_t wall = hlc_.wall();
  uint64_t counter = hlc_.counter();
  size_t outboxSize = outbox_.size();
  for (size_t i = 0; i < ops.size(); ++i) {
    const LocalOpIn& in = ops[i];
    Status st = validateLocal(in);
    if (!st.ok()) {
      store_.setState(std::move(saved));
      hlc_.restore(wall, counter);
      outbox_.resize(outboxSize);
      outboxValues_.resize(outboxSize);
      r.ok = false;
      r.changes.clear();
      r.error = st;
      r.error.opIndex = static_cast<int>(i);
      return r;
    }
    if (in.kind != OpKind::Clear) {  // equal value / nothing to delete: no change, no op
      NodeP cur = nodeAt(store_.get(in.key), in.path);
      if (in.kind == OpKind::Set && cur && deepEqual(cur, in.value)) continue;
      if (in.kind == OpKind::Delete &&
          (!cur || (!in.path.empty() && in.path.back().isIndex && cur->type == Type::Null)))
        continue;
    }
    auto op = std::make_shared<Op>();
    op->kind = in.kind;
    op->key = in.key;
    op->path = in.path;
    op->value = in.value;
    op->clock = hlc_.tick(nowMs);
    op->source = clampLabel(in.source);
    op->writer = stampWriter(clampLabel(in.writer));
    size_t first = r.changes.size();
    // (the equal-value check above already compared a set's value: the store skips it)
    store_.apply(op, r.changes, false, in.kind == OpKind::Set);
    for (size_t c = first; c < r.changes.size(); ++c)
      if (op->value && r.changes[c].value == op->value && r.changes[c].path == op->path)
        r.changes[c].inputIndex = static_cast<int>(i);
    outbox_.push_back(std::move(op));
    outboxValues_.emplace_back(in.kind == OpKind::Set ? in.valueBytes : std::string_view());
  }
  store_.collectTombstones();
  return r;
}

bool Core::takeOutbox(std::string& out) {
  if (outbox_.empty()) return false;
  out = "{\"t\":\"ops\",\"v\":2,\"o\":";
  writeJsonString(origin(), out);
  out += ",\"s\":" + decimal(++seq_) + ",\"ops\":[";
  size_t taken = 0;
  for (; taken < outbox_.size(); ++taken) {
    size_t mark = out.size();
    if (taken) out += ',';
    encodeOp(*outbox_[taken], out);
    if (taken && out.size() + 2 > Limits::kMaxMessageBytes) {  // leave the rest for next take
      out.resize(mark);
      break;
    }
  }
  out += "]}";
  outbox_.erase(outbox_.begin(), outbox_.begin() + static_cast<long>(taken));
  outboxValues_.erase(outboxValues_.begin(), outboxValues_.begin() + static_cast<long>(taken));
  return true;
}

RemoteResult Core::applyRemoteBinary(std::string_view message, int64_t nowMs) {
  return applyDecoded(decodeBinaryMessage(message), nowMs);
}

bool Core::takeOutboxBinary(std::string& out) {
  if (outbox_.empty()) return false;
  out.clear();
  encodeMessageHeadBinary(MessageType::Ops, origin(), ++seq_, out);
  // The op count goes before the ops but is known only once they are cut at the size
  // limit: the ops are written after a 5-byte gap, and the count's varint fills its end.
  size_t countAt = out.size();
  out.append(5, '\0');
  size_t taken = 0;
  for (; taken < outbox_.size(); ++taken) {
    size_t mark = out.size();
    encodeOpBinary(*outbox_[taken], out, outboxValues_[taken]);
    if (taken && out.size() > Limits::kMaxMessageBytes) {  // leave the rest for next take
      out.resize(mark);
      break;
    }
  }
  std::string count;
  writeVarint(static_cast<uint32_t>(taken), count);
  out.erase(countAt, 5 - count.size());
  out.replace(countAt, count.size(), count);
  outbox_.erase(outbox_.begin(), outbox_.begin() + static_cast<long>(taken));
  outboxValues_.erase(outboxValues_.begin(), outboxValues_.begin() + static_cast<long>(taken));
  return true;
}

template <class Put>
void Core::forEachStateOp(Put put) const {
  const StoreState& s = store_.state();
  if (s.clearOp) put(*s.clearOp);
  s.keys.forEach([&](const std::string&, const KeyRecP& rec) {
    if (rec->floor) put(*rec->floor);
    for (const OpP& op : rec->log) put(*op);
  });
}

std::string Core::encodeStateBinary() const {
  std::string head, ops;
  size_t count = 0;
  forEachStateOp([&](const Op& op) {
    encodeOpBinary(op, ops);
    ++count;
  });
  encodeMessageHeadBinary(MessageType::State, origin(), 0, head);
  writeVarint(static_cast<uint32_t>(count), head);
  return head + ops;
}

RemoteResult Core::applyDecoded(DecodedMessage m, int64_t nowMs) {
  RemoteResult r;
  if (!m.status.ok()) {
    r.dropped.push_back(m.status);
    return r;
  }
  for (DecodedOp& d : m.ops) {
    if (!d.op) {
      r.dropped.push_back(d.status);
      continue;
    }
    int index = d.status.opIndex;
    const Op& op = *d.op;
    if (op.clock.wall > nowMs + maxFutureMs_) {
      r.dropped.push_back(Status::make(Code::FUTURE_CLOCK, "clock too far in the future", index));
      continue;
    }
    if (op.clock.counter > kMaxClockCounter) {
      r.dropped.push_back(Status::make(Code::FUTURE_CLOCK, "clock counter over the bound", index));
      continue;
    }
    Status st = checkAccess(op.writer, op.kind, op.key);
    // Under the namespace policy every op says who wrote it (the container included, see
    // stampWriter): one that names nobody could be any MFE, so it may not touch a namespace.
    if (st.ok() && namespaces_ && op.writer.empty() && (op.kind == OpKind::Clear || !namespaceOf(op.key).empty()))
      st = Status::make(Code::ACCESS_DENIED, "unattributed write to " + (op.kind == OpKind::Clear ? std::string("clear") : op.key));
    if (!st.ok()) {
      st.opIndex = index;
      r.dropped.push_back(st);
      continue;
    }
    hlc_.observe(op.clock);
    store_.apply(d.op, r.changes);
  }
  store_.collectTombstones();
  return r;
}

std::string Core::encodeState() const {
  std::string out = "{\"t\":\"state\",\"v\":2,\"o\":";
  writeJsonString(origin(), out);
  out += ",\"ops\":[";
  bool first = true;
  auto put = [&](const Op& op) {
    if (!first) out += ',';
    first = false;
    encodeOp(op, out);
  };
  const StoreState& s = store_.state();
  if (s.clearOp) put(*s.clearOp);
  s.keys.forEach([&](const std::string&, const KeyRecP& rec) {
    if (rec->floor) put(*rec->floor);
    for (const OpP& op : rec->log) put(*op);
  });
  out += "]}";
  return out;
}

std::string Core::digest() const {
  // Two independent accumulators over the canonical records: equal ops seen => equal.
  uint64_t a = 0x243f6a8885a308d3ULL, b = 0x13198a2e03707344ULL;
  auto mixIn = [&](uint64_t x) {
    a = (a ^ x) * 0x100000001b3ULL;
    b = (b + x * 0x9e3779b97f4a7c15ULL) ^ (b >> 29);
  };
  auto str = [&](std::string_view s) {
    mixIn(s.size());
    for (unsigned char c : s) mixIn(c);
  };
  auto opIn = [&](const Op& op) {
    mixIn(static_cast<uint64_t>(op.clock.wall));
    mixIn(op.clock.counter);
    str(op.clock.origin);
    mixIn(static_cast<uint64_t>(op.kind) + 7);
    mixIn(op.path.size());
    for (const Segment& seg : op.path) seg.isIndex ? mixIn(seg.index) : str(seg.name);
    if (op.value) mixIn(valueHash(*op.value));
  };
  const StoreState& s = store_.state();
  if (s.clearOp) opIn(*s.clearOp);
  s.keys.forEach([&](const std::string& k, const KeyRecP& rec) {
    // Deleted keys are left out: replicas forget tombstones at different moments, and what
    // the digest must tell apart is what readers see (a live key missing or stale).
    if (!rec->value) return;
    str(k);
    if (rec->floor) opIn(*rec->floor);
    for (const OpP& op : rec->log) opIn(*op);
  });
  return hashHex(a) + hashHex(b);
}

std::string Core::exportJson() const {
  std::string out = "{";
  store_.state().keys.forEach([&](const std::string& k, const KeyRecP& rec) {
    if (!rec->value) return;
    if (out.size() > 1) out += ',';
    writeJsonString(k, out);
    out += ':';
    writeJson(*rec->value, out);
  });
  out += '}';
  return out;
}

bool Core::keyJson(std::string_view key, std::string& out) const {
  NodeP v = store_.get(key);
  if (!v) return false;
  out.clear();
  writeJson(*v, out);
  return true;
}

bool Core::keyMeta(std::string_view key, std::string& out) const {
  NodeP v = store_.get(key);
  const Clock* c = store_.lastClock(key);
  if (!v) return false;
  out = encodeMeta(schemaVersion_, c ? *c : Clock{}, *v);
  return true;
}

LoadResult Core::loadBinaryEntry(std::string_view key, std::string_view valueBytes, const StoredMeta& meta,
                                 int64_t nowMs) {
  Status st = checkKey(key);
  NodeP value;
  if (st.ok()) value = decodeBinary(valueBytes, BinaryOptions{}, store_.state().version, st);
  if (!st.ok()) {
    LoadResult r;
    r.ok = false;
    r.error = st;
    return r;
  }
  return loadValue(key, std::move(value), meta, nowMs);
}

LoadResult Core::loadValue(std::string_view key, NodeP value, const StoredMeta& stored, int64_t nowMs) {
  LoadResult r;
  Clock clock;  // zero: any real write wins over an entry we cannot date
  const Meta& meta = stored.meta;
  if (stored.state == StoredMeta::State::Absent) {
    r.repaired = true;
  } else if (stored.state == StoredMeta::State::Unreadable) {
    r.repaired = true;
    r.error = Status::make(Code::BAD_META, "unreadable metadata for " + std::string(key));
  } else if (meta.version != schemaVersion_) {
    r.repaired = true;
    r.error = Status::make(Code::BAD_META, "metadata schema version " + decimal(meta.version));
  } else if (meta.hash != hashHex(valueHash(*value))) {
    r.repaired = true;  // value rewritten without its metadata (legacy tab or torn write)
  } else if (meta.clock.wall > nowMs + maxFutureMs_ || meta.clock.counter > kMaxClockCounter) {
    r.repaired = true;
    r.error = Status::make(Code::FUTURE_CLOCK, "stored clock too far in the future");
  } else {
    clock = meta.clock;
  }
  auto op = std::make_shared<Op>();
  op->key = std::string(key);
  op->value = value;
  op->clock = clock;
  op->source = "storage";
  op->writer = stampWriter("");
  if (!clock.isZero()) hlc_.observe(clock);
  std::vector<Change> ignored;
  store_.apply(op, ignored, /*replaceEqualClock=*/true);
  return r;
}

LocalResult applyDecodedBatch(Core& core, const Status& decoded, const std::vector<LocalOpIn>& ops, int64_t nowMs) {
  if (decoded.ok()) return core.applyLocal(ops, nowMs);
  LocalResult r;
  r.ok = false;
  r.error = decoded;
  return r;
}

int Core::snapshot() {
  int id = nextSnapshot_++;
  snapshots_[id] = store_.state();
  return id;
}

void Core::releaseSnapshot(int id) { snapshots_.erase(id); }

LocalResult Core::restore(int id, int64_t nowMs) {
  auto it = snapshots_.find(id);
  if (it == snapshots_.end()) {
    LocalResult r;
    r.ok = false;
    r.error = Status::make(Code::NOT_FOUND, "no snapshot " + decimal(id));
    return r;
  }
  std::vector<LocalOpIn> ops;
  const KeyMap<KeyRecP>& then = it->second.keys;
  store_.state().keys.forEach([&](const std::string& k, const KeyRecP& rec) {
    const KeyRecP* old = then.find(k);
    if (rec->value && (!old || !(*old)->value)) ops.push_back(LocalOpIn{OpKind::Delete, k, {}, nullptr, "restore", ""});
  });
  then.forEach([&](const std::string& k, const KeyRecP& rec) {
    if (!rec->value) return;
    NodeP now = store_.get(k);
    if (!now || !deepEqual(now, rec->value)) ops.push_back(LocalOpIn{OpKind::Set, k, {}, rec->value, "restore", ""});
  });
  return applyLocal(ops, nowMs);
}

}  // namespace us
