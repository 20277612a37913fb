// Number helpers shared by the reader, the writer and the codecs.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace us {

void appendInt(int64_t v, std::string& out);
std::string decimal(int64_t v);

// Text that reads back as exactly `d` (finite, Grisu2: shortest in nearly every case), with
// JSON.stringify's choice of plain or exponent form; exponents may carry a leading zero
// (1.5e-07 where JS writes 1.5e-7): the same value, valid JSON.
void appendDouble(double d, std::string& out);

// A valid JSON number token -> nearest-ish double (exact when the significand fits 2^53
// and the power of ten is <= 22; otherwise within a few ulp). Infinity when out of range.
double approximateDecimal(std::string_view token);

}  // namespace us
