// Number helpers shared by the reader, the writer and the codecs.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace us {

void appendInt(int64_t v, std::string& out);
std::string decimal(int64_t v);

// A valid JSON number token -> nearest-ish double (exact when the significand fits 2^53
// and the power of ten is <= 22; otherwise within a few ulp). Infinity when out of range.
double approximateDecimal(std::string_view token);

}  // namespace us
