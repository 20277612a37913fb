// An independent model of contracts.md section 2: sort every op by clock and apply them
// one by one to plain nlohmann values. The property tests compare replicas against it.
#pragma once
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store.h"

namespace ustest {

inline nlohmann::json toNl(const us::Node& n) {
  using us::Type;
  switch (n.type) {
    case Type::Null: return nullptr;
    case Type::Bool: return n.boolean;
    case Type::Number: return n.number;
    case Type::String: return n.str;
    case Type::Array: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& it : n.items) a.push_back(toNl(*it));
      return a;
    }
    case Type::Object: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& m : n.members) o[m.name] = toNl(*m.value);
      return o;
    }
  }
  return nullptr;
}

inline nlohmann::json referenceState(std::vector<us::OpP> ops) {
  std::sort(ops.begin(), ops.end(), [](const us::OpP& a, const us::OpP& b) { return a->clock < b->clock; });
  std::map<std::string, nlohmann::json> state;
  for (const us::OpP& op : ops) {
    if (op->kind == us::OpKind::Clear) {
      state.clear();
      continue;
    }
    if (op->kind == us::OpKind::Set) {
      auto found = state.find(op->key);
      nlohmann::json* cur = found == state.end() ? nullptr : &found->second;
      if (!cur) cur = &state.emplace(op->key, nlohmann::json()).first->second;
      for (const us::Segment& s : op->path) {
        if (s.isIndex) {
          if (!cur->is_array()) *cur = nlohmann::json::array();
          while (cur->size() <= s.index) cur->push_back(nullptr);
          cur = &(*cur)[s.index];
        } else {
          if (!cur->is_object()) *cur = nlohmann::json::object();
          cur = &(*cur)[s.name];
        }
      }
      *cur = toNl(*op->value);
      continue;
    }
    auto found = state.find(op->key);
    if (found == state.end()) continue;
    if (op->path.empty()) {
      state.erase(found);
      continue;
    }
    nlohmann::json* cur = &found->second;
    for (size_t i = 0; i + 1 < op->path.size() && cur; ++i) {
      const us::Segment& s = op->path[i];
      if (s.isIndex)
        cur = cur->is_array() && s.index < cur->size() ? &(*cur)[s.index] : nullptr;
      else
        cur = cur->is_object() && cur->contains(s.name) ? &(*cur)[s.name] : nullptr;
    }
    if (!cur) continue;
    const us::Segment& last = op->path.back();
    if (last.isIndex && cur->is_array() && last.index < cur->size()) (*cur)[last.index] = nullptr;
    if (!last.isIndex && cur->is_object()) cur->erase(last.name);
  }
  nlohmann::json out = nlohmann::json::object();
  for (auto& [k, v] : state) out[k] = v;
  return out;
}

}  // namespace ustest
