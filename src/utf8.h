// Well-formed UTF-8 as JSON.parse's strings and TextEncoder produce it: no overlong forms,
// no surrogate code points, nothing past U+10FFFF. Shared by the JSON and binary readers.
#pragma once
#include <cstddef>

namespace us {

// Length of the valid multi-byte sequence starting at p (p < end, *p >= 0x80), or 0.
inline size_t utf8Sequence(const char* p, const char* end) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(p[i]); };
  auto cont = [&](size_t i) { return p + i < end && (b(i) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F)) return 0;
    return 4;
  }
  return 0;
}

// True when all of [p, end) is well-formed UTF-8.
inline bool validUtf8(const char* p, const char* end) {
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    size_t n = utf8Sequence(p, end);
    if (!n) return false;
    p += n;
  }
  return true;
}

}  // namespace us
