// A persistent (immutable, path-copying) treap from top-level key to record. A write
// copies O(log n) tree nodes and shares the rest, so a snapshot is one pointer copy and a
// snapshot after one change shares every other key with the previous one. V is a shared
// pointer to a record with a `key` member: tree nodes hold no string of their own, so a
// path copy never copies key text.
//
// `replace` is the one exception to path copying: a tree node that no other map shares
// (use count 1, reached through nodes that are themselves unshared) is changed in place.
// A snapshot or a saved state shares the root, so the first replace after one copies the
// path as `set` would; later replaces of the same batch reuse those fresh nodes instead of
// copying them again. Tree nodes are therefore created non-const (`make_shared<TNode>`).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace us {

template <class V>
class KeyMap {
  struct TNode {
    uint64_t prio;
    V val;
    std::shared_ptr<const TNode> l, r;
  };
  using TP = std::shared_ptr<const TNode>;

 public:
  const V* find(std::string_view k) const {
    const TNode* t = root_.get();
    while (t) {
      int c = k.compare(t->val->key);
      if (c == 0) return &t->val;
      t = (c < 0 ? t->l : t->r).get();
    }
    return nullptr;
  }

  KeyMap set(V v) const {
    bool added = false;
    KeyMap m;
    uint64_t p = priority(v->key);
    m.root_ = insert(root_, p, std::move(v), added);
    m.size_ = size_ + (added ? 1 : 0);
    return m;
  }

  // Swaps the record of a key already present (same key, so the tree's shape stays) without
  // copying nodes only this map holds. False when the key is absent: nothing changed that a
  // reader could see (nodes on the way may have been copied), and the caller uses `set`.
  bool replace(V v) {
    std::string_view k = v->key;
    TP* slot = &root_;
    while (*slot) {
      if (slot->use_count() != 1) *slot = std::make_shared<TNode>(**slot);  // shared: copy it
      TNode* t = const_cast<TNode*>(slot->get());  // created non-const; only this map reaches it
      int c = k.compare(t->val->key);
      if (c == 0) {
        t->val = std::move(v);
        return true;
      }
      slot = c < 0 ? &t->l : &t->r;
    }
    return false;
  }

  KeyMap erase(std::string_view k) const {
    bool removed = false;
    KeyMap m;
    m.root_ = remove(root_, k, removed);
    m.size_ = size_ - (removed ? 1 : 0);
    return m;
  }

  size_t size() const { return size_; }
  bool sameAs(const KeyMap& o) const { return root_ == o.root_; }

  // In key order (byte order of the UTF-8 key).
  template <class F>
  void forEach(F&& f) const { walk(root_.get(), f); }

 private:
  static uint64_t priority(std::string_view k) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : k) h = (h ^ c) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }
  static TP make(const TNode& from, TP l, TP r) {
    return std::make_shared<TNode>(TNode{from.prio, from.val, std::move(l), std::move(r)});
  }
  static TP insert(const TP& t, uint64_t p, V v, bool& added) {
    if (!t) {
      added = true;
      return std::make_shared<TNode>(TNode{p, std::move(v), nullptr, nullptr});
    }
    int c = std::string_view(v->key).compare(t->val->key);
    if (c == 0) return std::make_shared<TNode>(TNode{t->prio, std::move(v), t->l, t->r});
    if (c < 0) {
      TP l = insert(t->l, p, std::move(v), added);
      if (l->prio > t->prio) return make(*l, l->l, make(*t, l->r, t->r));  // rotate right
      return make(*t, std::move(l), t->r);
    }
    TP r = insert(t->r, p, std::move(v), added);
    if (r->prio > t->prio) return make(*r, make(*t, t->l, r->l), r->r);  // rotate left
    return make(*t, t->l, std::move(r));
  }
  static TP join(const TP& a, const TP& b) {
    if (!a) return b;
    if (!b) return a;
    if (a->prio > b->prio) return make(*a, a->l, join(a->r, b));
    return make(*b, join(a, b->l), b->r);
  }
  static TP remove(const TP& t, std::string_view k, bool& removed) {
    if (!t) return t;
    int c = k.compare(t->val->key);
    if (c == 0) {
      removed = true;
      return join(t->l, t->r);
    }
    if (c < 0) {
      TP l = remove(t->l, k, removed);
      return removed ? make(*t, std::move(l), t->r) : t;
    }
    TP r = remove(t->r, k, removed);
    return removed ? make(*t, t->l, std::move(r)) : t;
  }
  template <class F>
  static void walk(const TNode* t, F& f) {
    while (t) {
      walk(t->l.get(), f);
      f(t->val->key, t->val);
      t = t->r.get();
    }
  }

  TP root_;
  size_t size_ = 0;
};

}  // namespace us
