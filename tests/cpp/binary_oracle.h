// The oracle side of the binary codec's differential tests: nlohmann/json values encoded
// the way the JS writer encodes JS values (int32 when it fits, else float64; strings short
// or long by byte length), and a seeded generator of random JSON values.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "binary.h"

namespace ustest {

inline void oracleEncode(const nlohmann::json& j, std::string& out) {
  using us::BinTag;
  auto tag = [&](BinTag t) { out.push_back(static_cast<char>(t)); };
  switch (j.type()) {
    case nlohmann::json::value_t::null: tag(BinTag::Null); return;
    case nlohmann::json::value_t::boolean: tag(j.get<bool>() ? BinTag::True : BinTag::False); return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: {
      double d = j.get<double>();
      if (d == std::floor(d) && d >= -2147483648.0 && d <= 2147483647.0) {
        tag(BinTag::Int32);
        uint32_t u = static_cast<uint32_t>(static_cast<int32_t>(d));
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(u >> (8 * i)));
      } else {
        tag(BinTag::Float64);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
      }
      return;
    }
    case nlohmann::json::value_t::string: us::writeBinaryString(j.get_ref<const std::string&>(), out); return;
    case nlohmann::json::value_t::array:
      tag(BinTag::Array);
      us::writeVarint(static_cast<uint32_t>(j.size()), out);
      for (const auto& it : j) oracleEncode(it, out);
      return;
    case nlohmann::json::value_t::object:
      tag(BinTag::Object);
      us::writeVarint(static_cast<uint32_t>(j.size()), out);
      for (auto it = j.begin(); it != j.end(); ++it) {
        us::writeBinaryString(it.key(), out);
        oracleEncode(it.value(), out);
      }
      return;
    default: tag(BinTag::Null); return;  // binary / discarded: never produced by the generator
  }
}

// The value as JS holds it: every number a double (12345678901234567890 is 12345678901234567000
// to JSON.parse), so the oracle compares what a JS reader would see.
inline nlohmann::json asJs(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_array()) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& it : j) a.push_back(asJs(it));
    return a;
  }
  if (j.is_object()) {
    nlohmann::json o = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) o[it.key()] = asJs(it.value());
    return o;
  }
  return j;
}

// A core tree as nlohmann holds it (numbers as the core's doubles).
inline nlohmann::json toNlohmann(const us::Node& n) {
  switch (n.type) {
    case us::Type::Null: return nullptr;
    case us::Type::Bool: return n.boolean;
    case us::Type::Number: return n.number;
    case us::Type::String: return n.str;
    case us::Type::Array: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& it : n.items) a.push_back(toNlohmann(*it));
      return a;
    }
    case us::Type::Object: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& m : n.members) o[m.name] = toNlohmann(*m.value);
      return o;
    }
  }
  return nullptr;
}

inline std::string oracleEncode(const nlohmann::json& j) {
  std::string s;
  oracleEncode(j, s);
  return s;
}

// Random JSON: every tag, numbers across int32/float64/huge/tiny, strings with multi-byte
// and astral characters, control characters, both string forms, nesting up to `depth`.
class JsonGenerator {
 public:
  explicit JsonGenerator(uint64_t seed) : rng_(seed) {}

  nlohmann::json value(int depth) {
    switch (pick(depth > 0 ? 9 : 6)) {
      case 0: return nullptr;
      case 1: return pick(2) == 1;
      case 2: return static_cast<int64_t>(pick(2000)) - 1000;
      case 3: return number();
      case 4:
      case 5: return text();
      case 6: {
        nlohmann::json a = nlohmann::json::array();
        for (size_t n = pick(6); n > 0; --n) a.push_back(value(depth - 1));
        return a;
      }
      default: {
        nlohmann::json o = nlohmann::json::object();
        for (size_t n = pick(6); n > 0; --n) o[text()] = value(depth - 1);
        return o;
      }
    }
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  nlohmann::json number() {
    switch (pick(6)) {
      case 0: return std::ldexp(static_cast<double>(pick(1u << 30)), static_cast<int>(pick(200)) - 100);
      case 1: return -std::uniform_real_distribution<double>(0, 1e6)(rng_);
      case 2: return static_cast<int64_t>(rng_() >> 11) - (int64_t{1} << 52);  // past int32
      case 3: return 9007199254740992.0 * static_cast<double>(1 + pick(1000));  // past 2^53
      case 4: return std::uniform_real_distribution<double>(-1, 1)(rng_) * 1e-300;
      default: return std::uniform_real_distribution<double>(-1e300, 1e300)(rng_);
    }
  }

  std::string text() {
    static const char* pieces[] = {"a", "Z", "0", " ", "\"", "\\", "\n", "\x01", "\x7f", "é", "中", "😀", "__", "\xF4\x8F\xBF\xBF"};
    std::string s;
    size_t n = pick(8) == 0 ? 200 + pick(200) : pick(8);  // sometimes past the short form
    for (size_t i = 0; i < n; ++i) s += pieces[pick(sizeof pieces / sizeof *pieces)];
    return s;
  }

  std::mt19937_64 rng_;
};

}  // namespace ustest
