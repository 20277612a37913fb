// Local writes: set/delete/clear at paths, equal-value no-ops, atomic batches, change
// sets, versions along the written path, structural sharing and snapshots.
#include "helpers.h"

using namespace ustest;

TEST_CASE("local: set, nested set, delete and clear report change sets") {
  Core c("a");
  LocalResult r = c.applyLocal({setOp("user", "{\"name\":\"Ann\",\"tags\":[\"x\"]}")}, 10);
  REQUIRE(r.ok);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].key == "user");
  CHECK(r.changes[0].path.empty());
  CHECK(r.changes[0].op->source == "test");

  r = c.applyLocal({setOp("user", "\"Bo\"", path({"name"})), setOp("user", "\"y\"", path({"tags", "#1"}))}, 11);
  REQUIRE(r.ok);
  REQUIRE(r.changes.size() == 2);
  CHECK(r.changes[1].path == path({"tags", "#1"}));
  CHECK(toJson(*r.changes[1].value) == "\"y\"");
  CHECK(valueOf(c, "user") == "{\"name\":\"Bo\",\"tags\":[\"x\",\"y\"]}");

  r = c.applyLocal({delOp("user", path({"name"}))}, 12);
  REQUIRE(r.changes.size() == 1);
  CHECK_FALSE(r.changes[0].value);  // deleted
  CHECK(valueOf(c, "user") == "{\"tags\":[\"x\",\"y\"]}");

  r = c.applyLocal({delOp("user", path({"tags", "#0"}))}, 13);  // an array slot becomes null
  CHECK(valueOf(c, "user") == "{\"tags\":[null,\"y\"]}");

  c.applyLocal({setOp("other", "1")}, 14);
  r = c.applyLocal({clearOp()}, 15);
  CHECK(r.changes.size() == 2);
  CHECK(c.exportJson() == "{}");
}

TEST_CASE("local: equal values and missing targets produce no change and no op") {
  Core c("a");
  write(c, {setOp("k", "{\"a\":[1,2],\"b\":{\"c\":true}}")}, 1);
  LocalResult r = c.applyLocal({setOp("k", "{\"b\":{\"c\":true},\"a\":[1,2]}")}, 2);
  CHECK(r.ok);
  CHECK(r.changes.empty());
  CHECK(c.applyLocal({setOp("k", "2", path({"a", "#1"}))}, 2).changes.empty());
  CHECK(c.applyLocal({delOp("missing")}, 2).changes.empty());
  CHECK(c.applyLocal({delOp("k", path({"zz"}))}, 2).changes.empty());
  CHECK(c.pendingOps() == 0);
}

TEST_CASE("local: nested set needs an existing container parent (BAD_PATH)") {
  Core c("a");
  write(c, {setOp("k", "{\"arr\":[1],\"n\":5}")}, 1);
  CHECK(c.applyLocal({setOp("absent", "1", path({"x"}))}, 2).error.code == Code::BAD_PATH);
  CHECK(c.applyLocal({setOp("k", "1", path({"n", "x"}))}, 2).error.code == Code::BAD_PATH);
  CHECK(c.applyLocal({setOp("k", "1", path({"arr", "#5"}))}, 2).error.code == Code::BAD_PATH);
  CHECK(c.applyLocal({setOp("k", "1", path({"arr", "x"}))}, 2).error.code == Code::BAD_PATH);
  CHECK(c.applyLocal({setOp("k", "1", path({"#0"}))}, 2).error.code == Code::BAD_PATH);
  CHECK(c.applyLocal({setOp("k", "2", path({"arr", "#1"}))}, 2).ok);  // index == length appends
  CHECK(valueOf(c, "k") == "{\"arr\":[1,2],\"n\":5}");
}

TEST_CASE("local: a failing batch applies nothing and names the op") {
  Core c("a");
  write(c, {setOp("keep", "1")}, 1);
  std::string before = c.digest();
  LocalResult r = c.applyLocal({setOp("a", "1"), delOp("keep"), setOp("b", "{\"x\":1}", path({"q", "r"})), setOp("c", "3")}, 2);
  CHECK_FALSE(r.ok);
  CHECK(r.changes.empty());
  CHECK(r.error.code == Code::BAD_PATH);
  CHECK(r.error.opIndex == 2);
  CHECK(c.digest() == before);
  CHECK(c.pendingOps() == 0);
  CHECK(valueOf(c, "keep") == "1");
  // Ops later in a batch see the earlier ones.
  r = c.applyLocal({setOp("n", "{}"), setOp("n", "1", path({"x"}))}, 3);
  CHECK(r.ok);
  CHECK(valueOf(c, "n") == "{\"x\":1}");
}

TEST_CASE("local: key and path validation") {
  Core c("a");
  CHECK(c.applyLocal({setOp("", "1")}, 1).error.code == Code::BAD_KEY);
  CHECK(c.applyLocal({setOp(std::string(1025, 'k'), "1")}, 1).error.code == Code::BAD_KEY);
  CHECK(c.applyLocal({setOp(std::string(1024, 'k'), "1")}, 1).ok);
  for (const char* bad : {"__proto__", "constructor", "prototype"}) {
    CHECK(c.applyLocal({setOp(bad, "1")}, 1).error.code == Code::FORBIDDEN_KEY);
    write(c, {setOp("obj", "{}")}, 1);
    CHECK(c.applyLocal({setOp("obj", "1", path({bad}))}, 1).error.code == Code::FORBIDDEN_KEY);
    CHECK(c.applyLocal({delOp("obj", path({bad}))}, 1).error.code == Code::FORBIDDEN_KEY);
  }
  std::string big = "\"" + std::string(Limits::kMaxValueBytes + 10, 'x') + "\"";
  CHECK(c.applyLocal({setOp("big", big)}, 1).error.code == Code::TOO_LARGE);
}

TEST_CASE("local: depth counts the path and the value together") {
  Core c("a");
  std::string v = "1";
  for (int i = 0; i < 63; ++i) v = "[" + v + "]";
  CHECK(c.applyLocal({setOp("d", "{\"x\":" + v + "}")}, 1).ok);  // 64 levels
  CHECK(c.applyLocal({setOp("d", "[" + v + "]", path({"x"}))}, 1).error.code == Code::TOO_DEEP);
}

TEST_CASE("local: writes bump versions along the path and share the rest") {
  Core c("a");
  write(c, {setOp("k", "{\"a\":{\"x\":1},\"b\":{\"y\":2}}"), setOp("other", "{\"z\":[1,2,3]}")}, 1);
  NodeP before = c.get("k");
  NodeP otherBefore = c.get("other");
  write(c, {setOp("k", "5", path({"a", "x"}))}, 2);
  NodeP after = c.get("k");
  CHECK(after != before);
  CHECK(after->version > before->version);
  CHECK(after->find("a")->get()->version > before->find("a")->get()->version);
  CHECK(after->find("b")->get() == before->find("b")->get());  // unchanged subtree shared
  CHECK(c.get("other") == otherBefore);                        // other key untouched
}

TEST_CASE("local: snapshots are immutable, shared, and restore as local writes") {
  Core c("a");
  for (int i = 0; i < 50; ++i) write(c, {setOp("k" + std::to_string(i), "{\"i\":" + std::to_string(i) + "}")}, 1);
  int id = c.snapshot();
  NodeP k3 = c.get("k3");
  write(c, {setOp("k3", "7", path({"i"})), delOp("k4"), setOp("new", "1")}, 2);
  CHECK(valueOf(c, "k3") == "{\"i\":7}");
  LocalResult r = c.restore(id, 3);
  REQUIRE(r.ok);
  CHECK(r.changes.size() == 3);
  CHECK(c.get("k3") == k3);  // the snapshot's node itself, not a copy
  CHECK(valueOf(c, "k4") == "{\"i\":4}");
  CHECK(valueOf(c, "new") == "<absent>");
  std::string msg;
  CHECK(c.takeOutbox(msg));  // restore is broadcast like any local write
  CHECK(c.restore(id, 4).changes.empty());
  c.releaseSnapshot(id);
  CHECK(c.restore(id, 5).error.code == Code::NOT_FOUND);
}

TEST_CASE("local: the outbox splits below the message limit") {
  Core c("a");
  std::string big = "\"" + std::string(900 * 1024, 'x') + "\"";
  for (int i = 0; i < 6; ++i) c.applyLocal({setOp("k" + std::to_string(i), big)}, 1);
  int messages = 0;
  std::string msg;
  Core other("b");
  while (c.takeOutbox(msg)) {
    ++messages;
    CHECK(msg.size() <= Limits::kMaxMessageBytes);
    deliver(other, msg, 1);
  }
  CHECK(messages >= 2);
  CHECK(other.digest() == c.digest());
}
