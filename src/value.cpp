// Node construction, deep equality, hashing and serialization.
#include "value.h"

#include "number.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include <cstdlib>

namespace us {

const char* codeName(Code c) {
  switch (c) {
    case Code::OK: return "OK";
    case Code::BAD_JSON: return "BAD_JSON";
    case Code::BAD_KEY: return "BAD_KEY";
    case Code::FORBIDDEN_KEY: return "FORBIDDEN_KEY";
    case Code::BAD_PATH: return "BAD_PATH";
    case Code::TOO_LARGE: return "TOO_LARGE";
    case Code::TOO_DEEP: return "TOO_DEEP";
    case Code::BAD_MESSAGE: return "BAD_MESSAGE";
    case Code::UNKNOWN_TYPE: return "UNKNOWN_TYPE";
    case Code::FUTURE_CLOCK: return "FUTURE_CLOCK";
    case Code::BAD_META: return "BAD_META";
    case Code::ACCESS_DENIED: return "ACCESS_DENIED";
    case Code::NOT_FOUND: return "NOT_FOUND";
  }
  return "UNKNOWN";
}

const NodeP* Node::find(std::string_view name) const {
  // Length and first byte first: most names differ there, and wasm's memcmp is a byte loop.
  for (const Member& m : members)
    if (m.name.size() == name.size() && (name.empty() || m.name[0] == name[0]) && m.name == name) return &m.value;
  return nullptr;
}

NodeP makeNull() {
  static const NodeP shared = std::make_shared<const Node>();
  return shared;
}

static NodeP newBool(bool b) {
  auto n = std::make_shared<Node>();
  n->type = Type::Bool;
  n->boolean = b;
  return n;
}

NodeP makeBool(bool b) {
  // Shared, like null: nodes are immutable and a leaf carries no version.
  static const NodeP yes = newBool(true), no = newBool(false);
  return b ? yes : no;
}

NodeP makeInteger(double d) {
  auto n = std::make_shared<Node>();
  n->type = Type::Number;
  n->number = d == 0 ? 0.0 : d;  // -0 writes as 0, like JSON.stringify
  return n;
}

NodeP makeNumberText(double d, std::string text) {
  auto n = std::make_shared<Node>();
  n->type = Type::Number;
  n->number = d;
  n->str = std::move(text);
  return n;
}

NodeP makeNumber(double d) {
  if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) return makeInteger(d);
  char buf[40];
  int len = 0;
  for (int precision = 15; precision <= 17; ++precision) {  // shortest that reads back
    len = std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return makeNumberText(d, std::string(buf, static_cast<size_t>(len)));
}

NodeP makeString(std::string s) {
  auto n = std::make_shared<Node>();
  n->type = Type::String;
  n->str = std::move(s);
  return n;
}

NodeP makeObject(std::vector<Member> members, uint64_t version) {
  auto n = std::make_shared<Node>();
  n->type = Type::Object;
  n->members = std::move(members);
  n->version = version;
  return n;
}

NodeP makeArray(std::vector<NodeP> items, uint64_t version) {
  auto n = std::make_shared<Node>();
  n->type = Type::Array;
  n->items = std::move(items);
  n->version = version;
  return n;
}

void insertMember(std::vector<Member>& members, std::string name, NodeP v) {
  if (members.size() < kLinearMembers)
    for (Member& m : members)
      if (m.name.size() == name.size() && (name.empty() || m.name[0] == name[0]) && m.name == name) {
        m.value = std::move(v);
        return;
      }
  members.push_back(Member{std::move(name), std::move(v)});
}

// Open-addressing table of member indexes: O(n) for hostile objects with many members.
void dedupeMembers(std::vector<Member>& members) {
  if (members.size() <= kLinearMembers) return;
  size_t cap = 32;
  while (cap < members.size() * 2) cap *= 2;
  std::vector<uint32_t> slots(cap, UINT32_MAX);
  std::vector<bool> dead(members.size(), false);
  bool any = false;
  for (uint32_t i = 0; i < members.size(); ++i) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : members[i].name) h = (h ^ c) * 0x100000001b3ULL;
    for (size_t s = h & (cap - 1);; s = (s + 1) & (cap - 1)) {
      if (slots[s] == UINT32_MAX) {
        slots[s] = i;
        break;
      }
      if (members[slots[s]].name == members[i].name) {  // later duplicate: value moves up
        members[slots[s]].value = std::move(members[i].value);
        dead[i] = any = true;
        break;
      }
    }
  }
  if (!any) return;
  size_t w = 0;
  for (size_t r = 0; r < members.size(); ++r)
    if (!dead[r]) {
      if (w != r) members[w] = std::move(members[r]);
      ++w;
    }
  members.resize(w);
}

bool deepEqual(const Node* a, const Node* b) {
  if (a == b) return true;
  if (!a || !b || a->type != b->type) return false;
  switch (a->type) {
    case Type::Null: return true;
    case Type::Bool: return a->boolean == b->boolean;
    case Type::Number: return a->number == b->number;
    case Type::String: return a->str == b->str;
    case Type::Array:
      if (a->items.size() != b->items.size()) return false;
      for (size_t i = 0; i < a->items.size(); ++i)
        if (!deepEqual(a->items[i].get(), b->items[i].get())) return false;
      return true;
    case Type::Object:
      if (a->members.size() != b->members.size()) return false;
      for (size_t i = 0; i < a->members.size(); ++i) {
        const Member& m = a->members[i];
        // Two versions of one object usually list their members in the same order: the
        // member at the same place is tried before a search.
        const Member& same = b->members[i];
        const NodeP* other = same.name == m.name ? &same.value : b->find(m.name);
        if (!other || !deepEqual(m.value.get(), other->get())) return false;
      }
      return true;
  }
  return false;
}

static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static uint64_t fnv(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

uint64_t valueHash(const Node& n) {
  switch (n.type) {
    case Type::Null: return mix64(1);
    case Type::Bool: return mix64(n.boolean ? 3 : 2);
    case Type::Number: {
      double d = n.number == 0 ? 0.0 : n.number;  // -0 equals 0
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return mix64(bits ^ 0x4e554d);
    }
    case Type::String: return mix64(fnv(n.str) ^ 0x535452);
    case Type::Array: {
      uint64_t h = mix64(0x415252 + n.items.size());
      for (const NodeP& it : n.items) h = mix64(h * 31 + valueHash(*it));
      return h;
    }
    case Type::Object: {
      // Commutative sum: member order must not change the hash.
      uint64_t sum = 0;
      for (const Member& m : n.members) sum += mix64(fnv(m.name) * 0x9e3779b97f4a7c15ULL + valueHash(*m.value));
      return mix64(sum ^ (0x4f424a + n.members.size()));
    }
  }
  return 0;
}

void writeJsonString(std::string_view s, std::string& out) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);  // one append per run, not per character
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void writeJson(const Node& n, std::string& out) {
  switch (n.type) {
    case Type::Null: out += "null"; return;
    case Type::Bool: out += n.boolean ? "true" : "false"; return;
    case Type::Number:
      if (!n.str.empty())
        out += n.str;
      else if (std::fabs(n.number) < 9007199254740992.0 && n.number == std::floor(n.number))
        appendInt(static_cast<int64_t>(n.number), out);
      else
        appendDouble(n.number, out);  // a double that came in binary, without its text
      return;
    case Type::String: writeJsonString(n.str, out); return;
    case Type::Array:
      out.push_back('[');
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i) out.push_back(',');
        writeJson(*n.items[i], out);
      }
      out.push_back(']');
      return;
    case Type::Object:
      out.push_back('{');
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i) out.push_back(',');
        writeJsonString(n.members[i].name, out);
        out.push_back(':');
        writeJson(*n.members[i].value, out);
      }
      out.push_back('}');
      return;
  }
}

std::string toJson(const Node& n) {
  std::string s;
  writeJson(n, s);
  return s;
}

bool isForbiddenName(std::string_view s) {
  if (s.size() != 9 && s.size() != 11) return false;  // most names: one comparison
  return s == "__proto__" || s == "constructor" || s == "prototype";
}

Status validateTree(const Node& n, size_t depthBudget, size_t& bytes) {
  switch (n.type) {
    case Type::Null: bytes += 4; return {};
    case Type::Bool: bytes += 5; return {};
    case Type::Number: bytes += 8; return {};
    case Type::String: bytes += n.str.size() + 2; return {};
    default: break;
  }
  if (depthBudget == 0) return Status::make(Code::TOO_DEEP, "value nested too deeply");
  bytes += 2;
  for (const NodeP& it : n.items) {
    Status s = validateTree(*it, depthBudget - 1, bytes);
    if (!s.ok()) return s;
    bytes += 1;
  }
  for (const Member& m : n.members) {
    if (isForbiddenName(m.name)) return Status::make(Code::FORBIDDEN_KEY, "forbidden member name: " + m.name);
    bytes += m.name.size() + 4;
    Status s = validateTree(*m.value, depthBudget - 1, bytes);
    if (!s.ok()) return s;
  }
  return {};
}

}  // namespace us
