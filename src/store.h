// The replicated state: per key, the latest whole-key write (the "floor") and the nested
// ops newer than it, plus the latest clear. The value of a key is the floor's value with
// the nested ops folded on in clock order, which is exactly "apply every op ever seen,
// sorted by clock" (contracts.md section 2) with the dominated ops left out.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clock.h"
#include "keymap.h"
#include "path.h"
#include "value.h"

namespace us {

// Deleted keys are remembered (tombstones) so an older write arriving late cannot bring them
// back. Their estimated wire size is kept under this budget: once it reaches twice the
// budget, the oldest are forgotten down to the budget, so the catch-up state stays small.
constexpr size_t kMaxTombstoneBytes = 1u << 20;

enum class OpKind : uint8_t { Set = 0, Delete = 1, Clear = 2 };

struct Op {
  OpKind kind = OpKind::Set;
  std::string key;
  Path path;
  NodeP value;  // Set only
  Clock clock;
  std::string source;
  std::string writer;
};
using OpP = std::shared_ptr<const Op>;

struct KeyRec {
  std::string key;
  NodeP value;            // null: the key is absent
  OpP floor;              // latest whole-key set/delete newer than the last clear, or null
  std::vector<OpP> log;   // nested ops newer than floor and the last clear, in clock order
  uint64_t version = 0;
};
using KeyRecP = std::shared_ptr<const KeyRec>;

// One entry of a change set. `value` null means deleted.
struct Change {
  std::string key;
  Path path;
  NodeP value;
  OpP op;  // attribution (source, writer)
  // Index of the local op whose own value this change is (same path, same node), or -1.
  // The boundary then points JS at the text it sent instead of serializing it again.
  int inputIndex = -1;
};

struct StoreState {
  KeyMap<KeyRecP> keys;
  OpP clearOp;
  uint64_t version = 0;
  size_t tombstoneBytes = 0;  // estimated wire size of the records of deleted keys
};

class Store {
 public:
  // Merges one op. Returns false when it was a duplicate or dominated by newer writes
  // (nothing recorded). Appends what changed to `out`. `replaceEqualClock` lets a local
  // storage load override an earlier load stamped with the same (zero) clock. `differs`: the
  // caller already found the set's value unequal to what the key holds at its path (a local
  // write), so the store does not compare the two trees a second time.
  bool apply(const OpP& op, std::vector<Change>& out, bool replaceEqualClock = false, bool differs = false);

  NodeP get(std::string_view key) const;
  const StoreState& state() const { return s_; }
  void setState(StoreState s) { s_ = std::move(s); }
  uint64_t bumpVersion() { return ++s_.version; }

  // Newest clock recorded for a key (what persistence metadata stamps), or null.
  const Clock* lastClock(std::string_view key) const;

  // Forgets the oldest tombstones once they weigh twice kMaxTombstoneBytes, keeping the
  // newest up to the budget. Returns how many were forgotten.
  size_t collectTombstones();

 private:
  bool applyClear(const OpP& op, std::vector<Change>& out);
  bool applyWhole(const OpP& op, const KeyRec* rec, std::vector<Change>& out, bool replaceEqual, bool differs);
  bool applyNested(const OpP& op, const KeyRec* rec, std::vector<Change>& out, bool differs);
  // `old`: the key's record before this op (the caller looked it up), or null.
  void commit(const std::string& key, KeyRec rec, const KeyRec* old);
  NodeP fold(const KeyRec& rec) const;

  StoreState s_;
};

// Value-level helpers shared by the store and local-write validation.
// Node at `path` in `root`, or null when missing.
NodeP nodeAt(const NodeP& root, const Path& path, size_t depth = SIZE_MAX);
// Remote set semantics: missing or wrong-kind ancestors become {} (member) or [] (index),
// arrays pad with null. `created` gets the depth where new structure began (path.size()
// when only the target was replaced).
NodeP setAt(const NodeP& root, const Path& path, size_t i, const NodeP& value, uint64_t ver, size_t& created);
// Removes an object member; an array slot becomes null (like a JS hole in JSON). Returns
// `root` itself when nothing was there.
NodeP deleteAt(const NodeP& root, const Path& path, size_t i, uint64_t ver);

}  // namespace us
