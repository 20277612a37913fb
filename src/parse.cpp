// JSON text -> Node tree through nlohmann's SAX interface: one pass, no intermediate DOM,
// limits checked while parsing. Built with JSON_NOEXCEPTION: errors come back as false.
#include <cmath>

#include <nlohmann/json.hpp>

#include "value.h"

namespace us {
namespace {

class Builder {
 public:
  using json = nlohmann::json;
  Builder(const ParseOptions& o, uint64_t v) : opts_(o), version_(v) {}

  bool null() { return leaf(makeNull()); }
  bool boolean(bool b) { return leaf(makeBool(b)); }
  bool number_integer(json::number_integer_t i) { return leaf(makeNumber(static_cast<double>(i))); }
  bool number_unsigned(json::number_unsigned_t u) { return leaf(makeNumber(static_cast<double>(u))); }
  bool number_float(json::number_float_t d, const std::string&) {
    if (!std::isfinite(d)) return fail(Code::BAD_JSON, "number out of range");
    return leaf(makeNumber(d));
  }
  bool string(std::string& s) { return leaf(makeString(std::move(s))); }
  bool binary(json::binary_t&) { return fail(Code::BAD_JSON, "binary values are not JSON"); }

  bool start_object(std::size_t) { return open(Type::Object); }
  bool start_array(std::size_t) { return open(Type::Array); }
  bool key(std::string& k) {
    if (opts_.rejectForbidden && isForbiddenName(k))
      return fail(Code::FORBIDDEN_KEY, "forbidden member name: " + k);
    keys_.back() = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception&) {
    if (status_.ok()) status_ = Status::make(Code::BAD_JSON, "invalid JSON at byte " + std::to_string(pos));
    return false;
  }

  NodeP result() { return root_; }
  const Status& status() const { return status_; }

 private:
  bool fail(Code c, std::string msg) {
    status_ = Status::make(c, std::move(msg));
    return false;
  }
  bool open(Type t) {
    if (stack_.size() >= opts_.maxDepth) return fail(Code::TOO_DEEP, "value nested too deeply");
    auto n = std::make_shared<Node>();
    n->type = t;
    n->version = version_;
    stack_.push_back(std::move(n));
    keys_.emplace_back();
    return true;
  }
  bool close() {
    NodeP done = std::move(stack_.back());
    stack_.pop_back();
    keys_.pop_back();
    return leaf(std::move(done));
  }
  bool leaf(NodeP n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return true;
    }
    Node& top = *stack_.back();
    if (top.type == Type::Array) {
      top.items.push_back(std::move(n));
      return true;
    }
    std::string& k = keys_.back();
    // Duplicate member: the last one wins, as with JSON.parse.
    for (Member& m : top.members)
      if (m.name == k) {
        m.value = std::move(n);
        return true;
      }
    top.members.push_back(Member{std::move(k), std::move(n)});
    return true;
  }

  const ParseOptions& opts_;
  uint64_t version_;
  std::vector<std::shared_ptr<Node>> stack_;
  std::vector<std::string> keys_;
  NodeP root_;
  Status status_;
};

}  // namespace

NodeP parseJson(std::string_view text, const ParseOptions& opts, uint64_t version, Status& st) {
  Builder b(opts, version);
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &b);
  if (!ok || !b.result()) {
    st = b.status().ok() ? Status::make(Code::BAD_JSON, "invalid JSON") : b.status();
    return nullptr;
  }
  st = Status();
  return b.result();
}

}  // namespace us
