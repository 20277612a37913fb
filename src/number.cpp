// Number text <-> double without libc's strtod/printf: those pull 128-bit soft-float and
// printf code into the wasm (~15 KB). Integers are exact; see approximateDecimal for the rest.
#include "number.h"

#include <cmath>
#include <cstdint>

// Grisu2 from nlohmann/json: round-trip exact, no libc printf, header-only (only this
// function of the library reaches the core).
#include <nlohmann/detail/conversions/to_chars.hpp>
#include <nlohmann/detail/macro_unscope.hpp>

namespace us {

void appendInt(int64_t v, std::string& out) {
  char buf[24];
  char* p = buf + sizeof buf;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}

std::string decimal(int64_t v) {
  std::string s;
  appendInt(v, s);
  return s;
}

void appendDouble(double d, std::string& out) {
  namespace dtoa = nlohmann::detail::dtoa_impl;
  char buf[64];
  char* first = buf;
  if (std::signbit(d)) {
    *first++ = '-';
    d = -d;
  }
  int len = 0, exponent = 0;
  dtoa::grisu2(first, len, exponent, d);
  // JSON.stringify's thresholds: plain digits from 1e-6 up to below 1e21, exponent outside.
  char* end = dtoa::format_buffer(first, len, exponent, -6, 21);
  // format_buffer marks integral values with ".0"; JSON.stringify does not.
  if (end - first > 2 && end[-2] == '.' && end[-1] == '0') end -= 2;
  out.append(buf, static_cast<size_t>(end - buf));
}

// Decimal -> double for equality and hashing only: the text itself is what the core
// stores and writes back, so this need not be correctly rounded in every case (it is
// whenever the significand fits 2^53 and the power of ten is <= 22). Avoiding strtod
// keeps the 128-bit soft-float code out of the wasm.
double approximateDecimal(std::string_view t) {
  static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = 0;
  bool negative = t[0] == '-';
  if (negative) ++i;
  uint64_t m = 0;
  int digits = 0;
  long exp10 = 0;
  bool leading = true;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      for (++i; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
        if (leading && t[i] == '0') {
          --exp10;
          continue;
        }
        leading = false;
        if (digits < 19) {
          m = m * 10 + static_cast<uint64_t>(t[i] - '0');
          ++digits;
          --exp10;
        }
      }
      break;
    }
    if (leading && t[i] == '0') continue;
    leading = false;
    if (digits < 19) {
      m = m * 10 + static_cast<uint64_t>(t[i] - '0');
      ++digits;
    } else {
      ++exp10;
    }
  }
  if (i < t.size()) {  // exponent
    ++i;
    bool eneg = false;
    if (t[i] == '+' || t[i] == '-') eneg = t[i++] == '-';
    long e = 0;
    for (; i < t.size(); ++i)
      if (e < 100000) e = e * 10 + (t[i] - '0');
    exp10 += eneg ? -e : e;
  }
  double v = static_cast<double>(m);
  if (m == 0) return negative ? -0.0 : 0.0;
  if (exp10 < -400) return negative ? -0.0 : 0.0;
  if (exp10 > 400) return HUGE_VAL;
  while (exp10 > 22) {
    v *= 1e22;
    exp10 -= 22;
  }
  while (exp10 < -22) {
    v /= 1e22;
    exp10 += 22;
  }
  v = exp10 >= 0 ? v * kPow10[exp10] : v / kPow10[-exp10];
  return negative ? -v : v;
}

}  // namespace us
