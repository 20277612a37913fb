// JSON text -> Node tree: a strict RFC 8259 recursive-descent reader with the core's
// limits built in. Hand-written rather than nlohmann: a third of the wasm size and several
// times faster at the boundary; nlohmann stays the oracle it is fuzzed against
// (tests/fuzz/fuzz_json.cpp). Never throws; errors come back as a Status.
#include <cstdint>
#include <cmath>
#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

#include "number.h"
#include "utf8.h"
#include "value.h"

namespace us {
namespace {

class Reader {
 public:
  Reader(std::string_view text, const ParseOptions& o, uint64_t v, Status& st)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), opts_(o), version_(v), st_(st) {}

  // One string literal at the start of the text; `used` gets the bytes consumed.
  bool stringToken(std::string& out, size_t& used) {
    if (p_ >= end_ || *p_ != '"') return bad(Code::BAD_JSON, "expected a string");
    if (!string(out)) return false;
    used = static_cast<size_t>(p_ - begin_);
    return true;
  }

  NodeP document() {
    NodeP n = value(0);
    if (!n) return nullptr;
    ws();
    if (p_ != end_) return fail(Code::BAD_JSON, "trailing characters");
    return n;
  }

 private:
  NodeP fail(Code c, const char* msg) {
    if (st_.ok()) st_ = Status::make(c, msg);
    return nullptr;
  }
  bool bad(Code c, const char* msg) {
    fail(c, msg);
    return false;
  }
  void ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool literal(const char* word, size_t n) {
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  NodeP value(size_t depth) {
    ws();
    if (p_ >= end_) return fail(Code::BAD_JSON, "unexpected end of JSON");
    switch (*p_) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': {
        std::string s;
        if (!string(s)) return nullptr;
        return makeString(std::move(s));
      }
      case 't': if (literal("true", 4)) return makeBool(true); break;
      case 'f': if (literal("false", 5)) return makeBool(false); break;
      case 'n': if (literal("null", 4)) return makeNull(); break;
      default: return number();
    }
    return fail(Code::BAD_JSON, "invalid literal");
  }

  NodeP object(size_t depth) {
    if (depth >= opts_.maxDepth) return fail(Code::TOO_DEEP, "value nested too deeply");
    ++p_;
    // Children collect in a scratch vector reused per depth, then move into one
    // exactly-sized vector: one allocation per container instead of one per doubling.
    std::vector<Member>& members = scratch(memberScratch_, depth);
    ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return makeObject({}, version_);
    }
    for (;;) {
      ws();
      std::string name;
      if (p_ >= end_ || *p_ != '"') return fail(Code::BAD_JSON, "expected a member name");
      if (!string(name)) return nullptr;
      if (opts_.rejectForbidden && isForbiddenName(name)) return fail(Code::FORBIDDEN_KEY, "forbidden member name");
      ws();
      if (p_ >= end_ || *p_ != ':') return fail(Code::BAD_JSON, "expected ':'");
      ++p_;
      NodeP v = value(depth + 1);
      if (!v) return nullptr;
      insertMember(members, std::move(name), std::move(v));
      ws();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        dedupeMembers(members);
        return makeObject(take(members), version_);
      }
      return fail(Code::BAD_JSON, "expected ',' or '}'");
    }
  }

  NodeP array(size_t depth) {
    if (depth >= opts_.maxDepth) return fail(Code::TOO_DEEP, "value nested too deeply");
    ++p_;
    std::vector<NodeP>& items = scratch(itemScratch_, depth);
    ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return makeArray({}, version_);
    }
    for (;;) {
      NodeP v = value(depth + 1);
      if (!v) return nullptr;
      items.push_back(std::move(v));
      ws();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return makeArray(take(items), version_);
      }
      return fail(Code::BAD_JSON, "expected ',' or ']'");
    }
  }

  // Boxed so that growing the pool never moves a vector an outer level still fills.
  template <class T>
  static std::vector<T>& scratch(std::vector<std::unique_ptr<std::vector<T>>>& pool, size_t depth) {
    while (pool.size() <= depth) pool.push_back(std::make_unique<std::vector<T>>());
    pool[depth]->clear();
    return *pool[depth];
  }
  template <class T>
  static std::vector<T> take(std::vector<T>& from) {
    std::vector<T> out(std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    from.clear();
    return out;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  NodeP number() {
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ >= end_ || !digit(*p_)) return fail(Code::BAD_JSON, "invalid value");
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    bool integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ >= end_ || !digit(*p_)) return fail(Code::BAD_JSON, "invalid number");
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || !digit(*p_)) return fail(Code::BAD_JSON, "invalid number");
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    std::string_view token(start, static_cast<size_t>(p_ - start));
    double v = 0;
    if (integral && token.size() - (*start == '-') <= 19) {
      uint64_t m = 0;
      for (char c : token.substr(*start == '-')) m = m * 10 + static_cast<uint64_t>(c - '0');
      v = static_cast<double>(m);  // one correctly rounded conversion
      if (*start == '-') v = -v;
      if (std::fabs(v) < 9007199254740992.0) return makeInteger(v);  // writes back exactly
    } else {
      v = approximateDecimal(token);
      if (!std::isfinite(v)) return fail(Code::BAD_JSON, "number out of range");
    }
    return makeNumberText(v, std::string(token));
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(unsigned& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      int h = hexValue(p_[i]);
      if (h < 0) return false;
      out = out * 16 + static_cast<unsigned>(h);
    }
    p_ += 4;
    return true;
  }
  static void putUtf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool string(std::string& out) {
    ++p_;  // opening quote
    for (;;) {
      const char* run = p_;  // copy plain ASCII runs in one append
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20 &&
             static_cast<unsigned char>(*p_) < 0x80)
        ++p_;
      out.append(run, static_cast<size_t>(p_ - run));
      if (p_ >= end_) return bad(Code::BAD_JSON, "unterminated string");
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return bad(Code::BAD_JSON, "control character in string");
      if (c >= 0x80) {
        size_t n = utf8Sequence(p_, end_);
        if (!n) return bad(Code::BAD_JSON, "invalid UTF-8");
        out.append(p_, n);
        p_ += n;
        continue;
      }
      ++p_;  // backslash
      if (p_ >= end_) return bad(Code::BAD_JSON, "unterminated string");
      char e = *p_++;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp;
          if (!hex4(cp)) return bad(Code::BAD_JSON, "bad \\u escape");
          if (cp >= 0xDC00 && cp <= 0xDFFF) return bad(Code::BAD_JSON, "lone surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return bad(Code::BAD_JSON, "lone surrogate");
            p_ += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return bad(Code::BAD_JSON, "lone surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          putUtf8(cp, out);
          break;
        }
        default: return bad(Code::BAD_JSON, "bad escape");
      }
    }
  }

  // Per depth, kept across calls: parsing is single-threaded and never re-entered.
  static inline std::vector<std::unique_ptr<std::vector<Member>>> memberScratch_;
  static inline std::vector<std::unique_ptr<std::vector<NodeP>>> itemScratch_;
  const char* begin_;
  const char* p_;
  const char* end_;
  const ParseOptions& opts_;
  uint64_t version_;
  Status& st_;
};

}  // namespace

bool readJsonString(std::string_view text, size_t& pos, std::string& out, Status& st) {
  st = Status();
  Reader r(text.substr(pos), ParseOptions{}, 0, st);
  size_t used = 0;
  if (!r.stringToken(out, used)) return false;
  pos += used;
  return true;
}

NodeP parseJson(std::string_view text, const ParseOptions& opts, uint64_t version, Status& st) {
  st = Status();
  Reader r(text, opts, version, st);
  NodeP n = r.document();
  if (!n && st.ok()) st = Status::make(Code::BAD_JSON, "invalid JSON");
  return n;
}

}  // namespace us
