// Small builders shared by the doctest suites.
#pragma once
#include <ostream>  // doctest stringifies shared_ptr operands through it

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core.h"
#include "core_text.h"

namespace ustest {

using namespace us;

inline NodeP json(std::string_view text) {
  Status st;
  NodeP n = parseJson(text, ParseOptions{}, 0, st);
  REQUIRE_MESSAGE(n, "bad test JSON: " << text << " " << st.message);
  return n;
}

inline Path path(std::initializer_list<const char*> segs) {
  Path p;
  for (const char* s : segs) {
    std::string_view v(s);
    if (!v.empty() && v[0] == '#')
      p.push_back(Segment::at(static_cast<uint32_t>(std::stoul(std::string(v.substr(1))))));
    else
      p.push_back(Segment::member(std::string(v)));
  }
  return p;
}

inline LocalOpIn setOp(std::string key, std::string_view value, Path p = {}, std::string writer = "") {
  return LocalOpIn{OpKind::Set, std::move(key), std::move(p), json(value), "test", std::move(writer)};
}
inline LocalOpIn delOp(std::string key, Path p = {}) { return LocalOpIn{OpKind::Delete, std::move(key), std::move(p), nullptr, "test", ""}; }
inline LocalOpIn clearOp(std::string writer = "") { return LocalOpIn{OpKind::Clear, "", {}, nullptr, "test", std::move(writer)}; }

inline std::string valueOf(const Core& c, std::string_view key) {
  std::string out;
  return c.keyJson(key, out) ? out : std::string("<absent>");
}

// Writes one batch and returns the outbox message it produced ("" when none).
inline std::string write(Core& c, std::vector<LocalOpIn> ops, int64_t now) {
  LocalResult r = c.applyLocal(ops, now);
  REQUIRE_MESSAGE(r.ok, r.error.message);
  std::string msg;
  return c.takeOutbox(msg) ? msg : std::string();
}

inline void deliver(Core& to, const std::string& msg, int64_t now) {
  RemoteResult r = to.applyRemote(msg, now);
  for (const Status& s : r.dropped) FAIL_CHECK("dropped: " << std::string(codeName(s.code)) << " " << s.message);
}

}  // namespace ustest
