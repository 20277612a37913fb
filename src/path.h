// Paths into a key's value: strings address object members, integers array indices.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace us {

struct Segment {
  bool isIndex = false;
  uint32_t index = 0;
  std::string name;

  static Segment member(std::string n) { return Segment{false, 0, std::move(n)}; }
  static Segment at(uint32_t i) { return Segment{true, i, {}}; }
  bool operator==(const Segment& o) const {
    return isIndex == o.isIndex && (isIndex ? index == o.index : name == o.name);
  }
};

using Path = std::vector<Segment>;

// True when `prefix` is `path` or one of its ancestors.
inline bool isPrefix(const Path& prefix, const Path& path) {
  if (prefix.size() > path.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (!(prefix[i] == path[i])) return false;
  return true;
}

}  // namespace us
