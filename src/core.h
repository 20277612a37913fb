// The core's public C++ API: what the bindings expose (through core_text.h) and what the
// native tests drive. One Core is one replica (one tab).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec.h"
#include "store.h"

namespace us {

// The writer the container's ops carry under the namespace policy. An MFE id never
// contains ':', so no MFE handle can claim it.
constexpr const char* kContainerWriter = ":container";

struct LocalOpIn {
  OpKind kind = OpKind::Set;
  std::string key;
  Path path;
  NodeP value;  // Set only
  std::string source;
  std::string writer;
  // The value came from parseJson with the core's limits (depth, forbidden names) and a
  // checked text size, so validateLocal need not walk it again.
  bool parsed = false;
  // The value exactly as the binary batch carried it (a view into the batch, empty when the
  // value came another way). The outbox sends these bytes as they are instead of encoding
  // the decoded tree again: they are the same value, and the reader already accepted them.
  std::string_view valueBytes{};
};

struct LocalResult {
  bool ok = true;
  std::vector<Change> changes;
  Status error;
};

struct RemoteResult {
  std::vector<Change> changes;
  std::vector<Status> dropped;
};

// Persistence metadata as the caller read it: none stored, stored but unreadable, or decoded.
// The wasm gets it decoded by JS (js-shim/wasm/stored-meta.ts); native callers may pass text.
struct StoredMeta {
  enum class State { Absent, Unreadable, Decoded } state = State::Absent;
  Meta meta;
};

struct LoadResult {
  bool ok = true;
  bool repaired = false;
  Status error;  // set with ok=true when metadata was present but unusable (reported, repaired)
};

class Core {
 public:
  explicit Core(std::string origin, int64_t maxFutureMs = 60000, int schemaVersion = 1);

  // All-or-nothing: on failure nothing is applied and error.opIndex names the op.
  LocalResult applyLocal(const std::vector<LocalOpIn>& ops, int64_t nowMs);
  // Ops message with the local ops since the last take (false: none pending). Stops
  // before the 4 MiB message limit; call again until it returns false.
  bool takeOutbox(std::string& out);
  // Protocol v2 as JSON text (codec.h). Native builds only (core_text_input.cpp).
  RemoteResult applyRemote(std::string_view message, int64_t nowMs);
  // The same three in the binary message form (codec_binary.h).
  bool takeOutboxBinary(std::string& out);
  RemoteResult applyRemoteBinary(std::string_view message, int64_t nowMs);
  std::string encodeStateBinary() const;
  std::string encodeState() const;
  std::string digest() const;
  std::string exportJson() const;
  bool keyJson(std::string_view key, std::string& out) const;
  bool keyMeta(std::string_view key, std::string& out) const;
  // Value and metadata as JSON text. Native builds only (core_text_input.cpp).
  LoadResult loadEntry(std::string_view key, std::string_view valueText,
                       std::optional<std::string_view> metaText, int64_t nowMs);
  // The value in the binary form (binary.h), checked by its reader; the metadata decoded.
  LoadResult loadBinaryEntry(std::string_view key, std::string_view valueBytes, const StoredMeta& meta, int64_t nowMs);
  int snapshot();
  LocalResult restore(int id, int64_t nowMs);
  void releaseSnapshot(int id);
  void setAccessPolicy(bool namespaces) { namespaces_ = namespaces; }

  const std::string& origin() const { return hlc_.origin(); }
  NodeP get(std::string_view key) const { return store_.get(key); }
  const Store& store() const { return store_; }
  size_t pendingOps() const { return outbox_.size(); }

 private:
  Status validateLocal(const LocalOpIn& in) const;
  RemoteResult applyDecoded(DecodedMessage m, int64_t nowMs);
  template <class Put>
  void forEachStateOp(Put put) const;
  LoadResult loadValue(std::string_view key, NodeP value, const StoredMeta& meta, int64_t nowMs);
  Status checkAccess(const std::string& writer, OpKind kind, std::string_view key) const;
  std::string stampWriter(std::string writer) const {
    return namespaces_ && writer.empty() ? std::string(kContainerWriter) : writer;
  }

  Hlc hlc_;
  int64_t maxFutureMs_;
  int schemaVersion_;
  bool namespaces_ = false;
  Store store_;
  std::vector<OpP> outbox_;
  // Per outbox op: its value's binary form as the local writer sent it, or empty.
  std::vector<std::string> outboxValues_;
  uint64_t seq_ = 0;
  int nextSnapshot_ = 1;
  std::map<int, StoreState> snapshots_;
};

// Metadata text as decodeMeta reads it (codec_text.cpp). Native builds only.
StoredMeta readMetaText(std::optional<std::string_view> metaText);

// The one "decode, then apply" step of every local batch form: a batch that failed to decode
// is refused whole with the decoder's status; otherwise the core applies it.
LocalResult applyDecodedBatch(Core& core, const Status& decoded, const std::vector<LocalOpIn>& ops, int64_t nowMs);

// `mfe:<id>:...` -> id; empty when the key is not in an MFE namespace.
std::string_view namespaceOf(std::string_view key);

}  // namespace us
