// Merge engine. Correctness argument (why the fold equals "all ops sorted by clock"):
//  * a whole-key set/delete at clock c overwrites everything older on that key, so older
//    ops of the key can be forgotten (the floor);
//  * a clear at c does the same for every key;
//  * a nested set at P overwrites P and re-creates P's ancestors exactly as any older op
//    at or below P did, so those older ops are forgotten too (deletes are kept: they do
//    not re-create ancestors, so dropping what they follow could change the result).
// What remains is canonical for a given set of ops, so replicas that saw the same ops
// hold identical records (and digests) whatever the delivery order.
#include "store.h"

#include <algorithm>

namespace us {

NodeP nodeAt(const NodeP& root, const Path& path, size_t depth) {
  NodeP cur = root;
  size_t n = std::min(depth, path.size());
  for (size_t i = 0; i < n && cur; ++i) {
    const Segment& s = path[i];
    if (s.isIndex) {
      if (cur->type != Type::Array || s.index >= cur->items.size()) return nullptr;
      cur = cur->items[s.index];
    } else {
      if (cur->type != Type::Object) return nullptr;
      const NodeP* m = cur->find(s.name);
      if (!m) return nullptr;
      cur = *m;
    }
  }
  return cur;
}

NodeP setAt(const NodeP& root, const Path& path, size_t i, const NodeP& value, uint64_t ver, size_t& created) {
  if (i == path.size()) return value;
  const Segment& s = path[i];
  if (s.isIndex) {
    bool fits = root && root->type == Type::Array;
    std::vector<NodeP> items = fits ? root->items : std::vector<NodeP>{};
    NodeP child = s.index < items.size() ? items[s.index] : nullptr;
    if (!fits || s.index > items.size()) created = std::min(created, i);  // new or padded
    if (s.index >= items.size()) items.resize(s.index + 1, makeNull());
    items[s.index] = setAt(child, path, i + 1, value, ver, created);
    return makeArray(std::move(items), ver);
  }
  bool fits = root && root->type == Type::Object;
  if (!fits) created = std::min(created, i);
  std::vector<Member> members = fits ? root->members : std::vector<Member>{};
  for (Member& m : members)
    if (m.name == s.name) {
      m.value = setAt(m.value, path, i + 1, value, ver, created);
      return makeObject(std::move(members), ver);
    }
  members.push_back(Member{s.name, setAt(nullptr, path, i + 1, value, ver, created)});
  return makeObject(std::move(members), ver);
}

NodeP deleteAt(const NodeP& root, const Path& path, size_t i, uint64_t ver) {
  if (!root || i >= path.size()) return root;
  const Segment& s = path[i];
  bool last = i + 1 == path.size();
  if (s.isIndex) {
    if (root->type != Type::Array || s.index >= root->items.size()) return root;
    const NodeP& child = root->items[s.index];
    NodeP next = last ? (child->type == Type::Null ? child : makeNull()) : deleteAt(child, path, i + 1, ver);
    if (next == child) return root;
    std::vector<NodeP> items = root->items;
    items[s.index] = std::move(next);
    return makeArray(std::move(items), ver);
  }
  if (root->type != Type::Object) return root;
  for (size_t m = 0; m < root->members.size(); ++m) {
    if (root->members[m].name != s.name) continue;
    std::vector<Member> members = root->members;
    if (last) {
      members.erase(members.begin() + static_cast<long>(m));
    } else {
      NodeP next = deleteAt(members[m].value, path, i + 1, ver);
      if (next == members[m].value) return root;
      members[m].value = std::move(next);
    }
    return makeObject(std::move(members), ver);
  }
  return root;
}

NodeP Store::get(std::string_view key) const {
  const KeyRecP* r = s_.keys.find(key);
  return r ? (*r)->value : nullptr;
}

const Clock* Store::lastClock(std::string_view key) const {
  const KeyRecP* r = s_.keys.find(key);
  if (!r) return nullptr;
  if (!(*r)->log.empty()) return &(*r)->log.back()->clock;
  if ((*r)->floor) return &(*r)->floor->clock;
  return nullptr;
}

NodeP Store::fold(const KeyRec& rec) const {
  NodeP v = rec.floor && rec.floor->kind == OpKind::Set ? rec.floor->value : nullptr;
  for (const OpP& op : rec.log) {
    size_t created = op->path.size();
    v = op->kind == OpKind::Set ? setAt(v, op->path, 0, op->value, s_.version, created)
                                : deleteAt(v, op->path, 0, s_.version);
  }
  return v;
}

// What a tombstone record costs in a catch-up message, roughly (its ops' encoded size).
static size_t tombstoneWeight(const KeyRec* rec) {
  if (!rec || rec->value) return 0;
  size_t bytes = 0;
  auto add = [&](const OpP& op) {
    if (op) bytes += 48 + op->key.size() + op->source.size() + op->writer.size() + op->clock.origin.size() + 8 * op->path.size();
  };
  add(rec->floor);
  for (const OpP& op : rec->log) add(op);
  return bytes;
}

void Store::commit(const std::string& key, KeyRec rec, const KeyRec* old) {
  s_.tombstoneBytes -= std::min(s_.tombstoneBytes, tombstoneWeight(old));
  if (!rec.value && !rec.floor && rec.log.empty()) {
    s_.keys = s_.keys.erase(key);
    return;
  }
  rec.version = s_.version;
  rec.key = key;
  s_.tombstoneBytes += tombstoneWeight(&rec);
  KeyRecP next = std::make_shared<const KeyRec>(std::move(rec));
  // (a key already present: its tree path is copied only where a snapshot shares it)
  if (!old || !s_.keys.replace(next)) s_.keys = s_.keys.set(std::move(next));
}

size_t Store::collectTombstones() {
  if (s_.tombstoneBytes < 2 * kMaxTombstoneBytes) return 0;
  std::vector<std::pair<Clock, const KeyRec*>> dead;
  s_.keys.forEach([&](const std::string&, const KeyRecP& r) {
    if (r->value) return;
    const Clock& newest = !r->log.empty() ? r->log.back()->clock : r->floor->clock;
    dead.emplace_back(newest, r.get());
  });
  std::sort(dead.begin(), dead.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  size_t kept = 0, i = 0;
  for (; i < dead.size(); ++i) {
    size_t w = tombstoneWeight(dead[i].second);
    if (kept + w > kMaxTombstoneBytes) break;
    kept += w;
  }
  std::vector<std::string> forget;
  for (size_t j = i; j < dead.size(); ++j) forget.push_back(dead[j].second->key);
  for (const std::string& key : forget) s_.keys = s_.keys.erase(key);
  s_.tombstoneBytes = kept;
  if (!forget.empty()) ++s_.version;
  return forget.size();
}

bool Store::apply(const OpP& op, std::vector<Change>& out, bool replaceEqualClock, bool differs) {
  if (op->kind == OpKind::Clear) return applyClear(op, out);
  if (s_.clearOp && op->clock <= s_.clearOp->clock) return false;
  const KeyRecP* found = s_.keys.find(op->key);
  const KeyRec* rec = found ? found->get() : nullptr;
  if (op->path.empty()) return applyWhole(op, rec, out, replaceEqualClock, differs);
  if (rec && rec->floor && op->clock <= rec->floor->clock) return false;
  return applyNested(op, rec, out, differs);
}

static uint64_t opHash(const Op& op) {
  return op.kind == OpKind::Set && op.value ? valueHash(*op.value) : 0x64656c;
}

bool Store::applyWhole(const OpP& op, const KeyRec* rec, std::vector<Change>& out, bool replaceEqual, bool differs) {
  if (rec && rec->floor) {
    int c = compareClock(op->clock, rec->floor->clock);
    if (c < 0) return false;
    if (c == 0) {
      // Same clock, different content only happens for clock-less (zero) storage loads:
      // a local reload wins; between replicas the larger content hash wins, deterministically.
      uint64_t mine = opHash(*op), theirs = opHash(*rec->floor);
      if (mine == theirs || !(replaceEqual || mine > theirs)) return false;
    }
  }
  ++s_.version;
  KeyRec next;
  next.floor = op;
  if (rec)
    for (const OpP& o : rec->log)
      if (o->clock > op->clock) next.log.push_back(o);
  next.value = next.log.empty() ? (op->kind == OpKind::Set ? op->value : nullptr) : fold(next);
  NodeP old = rec ? rec->value : nullptr;
  // (the value is the op's own when no newer nested op folds onto it: `differs` answers then)
  bool same = differs && next.value == op->value ? false : deepEqual(old, next.value);
  if (same) {
    next.value = old;  // keep identity: nothing changed for readers
  } else {
    out.push_back(Change{op->key, {}, next.value, op});
  }
  commit(op->key, std::move(next), rec);
  return true;
}

bool Store::applyNested(const OpP& op, const KeyRec* rec, std::vector<Change>& out, bool differs) {
  static const std::vector<OpP> empty;
  const std::vector<OpP>& log = rec ? rec->log : empty;
  auto it = std::upper_bound(log.begin(), log.end(), op->clock,
                             [](const Clock& c, const OpP& o) { return c < o->clock; });
  size_t pos = static_cast<size_t>(it - log.begin());
  if (pos > 0 && log[pos - 1]->clock == op->clock) return false;  // duplicate
  for (size_t j = pos; j < log.size(); ++j)  // a newer set at or above P hides this op
    if (log[j]->kind == OpKind::Set && isPrefix(log[j]->path, op->path)) return false;

  ++s_.version;
  KeyRec next;
  next.floor = rec ? rec->floor : nullptr;
  next.log.reserve(log.size() + 1);
  for (size_t j = 0; j < pos; ++j)
    if (!(op->kind == OpKind::Set && isPrefix(op->path, log[j]->path))) next.log.push_back(log[j]);
  next.log.push_back(op);
  for (size_t j = pos; j < log.size(); ++j) next.log.push_back(log[j]);

  NodeP old = rec ? rec->value : nullptr;
  if (pos == log.size()) {  // newest op of the key: apply on top of the current value
    if (op->kind == OpKind::Set) {
      NodeP before = nodeAt(old, op->path);
      if (!differs && before && deepEqual(before, op->value)) {
        next.value = old;
      } else {
        size_t created = op->path.size();
        next.value = setAt(old, op->path, 0, op->value, s_.version, created);
        Path where(op->path.begin(), op->path.begin() + static_cast<long>(created));
        out.push_back(Change{op->key, where, nodeAt(next.value, where), op});
      }
    } else {
      next.value = deleteAt(old, op->path, 0, s_.version);
      if (next.value != old) {
        bool slot = op->path.back().isIndex;  // array slots become null, members vanish
        out.push_back(Change{op->key, op->path, slot ? makeNull() : nullptr, op});
      }
    }
  } else {  // arrived late: replay the key's log
    next.value = fold(next);
    if (deepEqual(old, next.value))
      next.value = old;
    else
      out.push_back(Change{op->key, {}, next.value, op});
  }
  commit(op->key, std::move(next), rec);
  return true;
}

bool Store::applyClear(const OpP& op, std::vector<Change>& out) {
  if (s_.clearOp && op->clock <= s_.clearOp->clock) return false;
  ++s_.version;
  s_.clearOp = op;
  std::vector<std::pair<std::string, KeyRecP>> touched;
  s_.keys.forEach([&](const std::string& k, const KeyRecP& r) {
    if (!(r->floor && r->floor->clock > op->clock)) touched.emplace_back(k, r);
  });
  for (auto& [key, rec] : touched) {
    KeyRec next;
    for (const OpP& o : rec->log)
      if (o->clock > op->clock) next.log.push_back(o);
    next.value = next.log.empty() ? nullptr : fold(next);
    if (deepEqual(rec->value, next.value))
      next.value = rec->value;
    else
      out.push_back(Change{key, {}, next.value, op});
    commit(key, std::move(next), rec.get());
  }
  return true;
}

}  // namespace us
