// The immutable JSON tree the core stores. Nodes are shared between versions and
// snapshots (shared_ptr to const), so a write copies only the nodes on its path.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "number.h"
#include "status.h"

namespace us {

struct Node;
using NodeP = std::shared_ptr<const Node>;

enum class Type : uint8_t { Null, Bool, Number, String, Object, Array };

struct Member {
  std::string name;
  NodeP value;
};

struct Node {
  Type type = Type::Null;
  bool boolean = false;
  double number = 0;
  uint64_t version = 0;  // core version at which this node was (re)written
  // String: the value. Number: the source text when it is not a safe integer, written back
  // verbatim so a value never drifts by an ulp (the double is for equality and hashing).
  std::string str;
  std::vector<Member> members;  // objects keep insertion order, like JS objects
  std::vector<NodeP> items;

  bool isContainer() const { return type == Type::Object || type == Type::Array; }
  // Linear scan: objects in app state are small, and order must follow insertion.
  const NodeP* find(std::string_view name) const;
};

NodeP makeNull();  // a shared null leaf (array padding, deleted array slots)
NodeP makeBool(bool b);
NodeP makeInteger(double d);                       // |d| < 2^53 and integral
NodeP makeNumberText(double d, std::string text);  // parsed number with its JSON text
NodeP makeNumber(double d);  // any finite double (formats its text; native callers only)
NodeP makeString(std::string s);
NodeP makeObject(std::vector<Member> members, uint64_t version);
NodeP makeArray(std::vector<NodeP> items, uint64_t version);

// Builds an object's member list the way JSON.parse does: a duplicate name's last value wins,
// in the first position. Small objects check as members arrive (insertMember); big ones are
// deduplicated once at the end (dedupeMembers, O(n) with a hash table, for hostile input).
// Every reader of values (JSON text, binary) goes through these two.
constexpr size_t kLinearMembers = 16;
void insertMember(std::vector<Member>& members, std::string name, NodeP value);
void dedupeMembers(std::vector<Member>& members);  // no-op at or below kLinearMembers

// Deep JSON equality; object member order does not matter (as for JSON semantics).
bool deepEqual(const Node* a, const Node* b);
inline bool deepEqual(const NodeP& a, const NodeP& b) { return deepEqual(a.get(), b.get()); }

// Order-insensitive 64-bit hash of the JSON value: equal values hash equal even when
// replicas inserted object members in different orders.
uint64_t valueHash(const Node& n);

// Serialization in the shape JSON.stringify produces (no spaces, raw non-ASCII).
void writeJson(const Node& n, std::string& out);
std::string toJson(const Node& n);
void writeJsonString(std::string_view s, std::string& out);


// Keys that could pollute a JS prototype when assigned as a member.
bool isForbiddenName(std::string_view s);

struct ParseOptions {
  size_t maxDepth = Limits::kMaxDepth;
  bool rejectForbidden = true;  // FORBIDDEN_KEY on __proto__ & co at any depth
};

// Parses JSON text into a Node tree. Never throws or aborts; returns a status instead.
NodeP parseJson(std::string_view text, const ParseOptions& opts, uint64_t version, Status& st);

// Reads the JSON string literal at text[pos] (strict, like parseJson) and advances pos.
bool readJsonString(std::string_view text, size_t& pos, std::string& out, Status& st);

// Walks an already-parsed tree: depth and forbidden members (for values taken from
// messages, whose envelope was parsed without those checks). Returns an approximate
// serialized size through `bytes`.
Status validateTree(const Node& n, size_t depthBudget, size_t& bytes);

}  // namespace us
