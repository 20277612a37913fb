// Remote merges: last writer wins by (wall, counter, origin), tombstones, late ops,
// remote ancestor creation, future clocks, access policy and catch-up.
#include "helpers.h"

using namespace ustest;

static std::string opsMsg(const std::string& origin, const std::string& ops) {
  return "{\"t\":\"ops\",\"v\":2,\"o\":\"" + origin + "\",\"s\":1,\"ops\":[" + ops + "]}";
}

TEST_CASE("merge: same key written concurrently has one deterministic winner") {
  Core a("tab-a"), b("tab-b");
  std::string ma = write(a, {setOp("k", "\"A\"")}, 100);
  std::string mb = write(b, {setOp("k", "\"B\"")}, 100);  // same ms: origin breaks the tie
  deliver(a, mb, 100);
  deliver(b, ma, 100);
  CHECK(valueOf(a, "k") == "\"B\"");
  CHECK(valueOf(b, "k") == "\"B\"");
  CHECK(a.digest() == b.digest());
  // A later wall clock wins whatever the origin.
  ma = write(a, {setOp("k", "\"A2\"")}, 200);
  deliver(b, ma, 200);
  CHECK(valueOf(b, "k") == "\"A2\"");
}

TEST_CASE("merge: different keys written concurrently both survive") {
  Core a("a"), b("b");
  std::string ma = write(a, {setOp("x", "1")}, 5);
  std::string mb = write(b, {setOp("y", "2")}, 5);
  deliver(a, mb, 5);
  deliver(b, ma, 5);
  CHECK(a.exportJson() == b.exportJson());
  CHECK(valueOf(a, "x") == "1");
  CHECK(valueOf(a, "y") == "2");
}

TEST_CASE("merge: a delete is a tombstone; an older set arriving late cannot resurrect") {
  Core a("a"), b("b"), c("c");
  std::string oldSet = write(a, {setOp("k", "1")}, 10);
  deliver(b, oldSet, 10);
  std::string del = write(b, {delOp("k")}, 20);
  deliver(c, del, 20);     // c sees the delete first
  deliver(c, oldSet, 20);  // then the older set
  CHECK(valueOf(c, "k") == "<absent>");
  deliver(a, del, 20);
  CHECK(a.digest() == c.digest());
}

TEST_CASE("merge: clear is a tombstone for every key, newer writes survive it") {
  Core a("a"), b("b"), c("c");
  std::string s1 = write(a, {setOp("k1", "1")}, 10);
  std::string cl = write(b, {clearOp()}, 20);
  std::string s2 = write(a, {setOp("k2", "2")}, 30);
  deliver(c, s2, 30);
  deliver(c, cl, 30);
  deliver(c, s1, 30);
  CHECK(c.exportJson() == "{\"k2\":2}");
  deliver(a, cl, 30);
  deliver(b, s2, 30);
  deliver(b, s1, 30);
  CHECK(a.digest() == c.digest());
  CHECK(b.digest() == c.digest());
}

TEST_CASE("merge: a late nested op replays in clock order") {
  Core a("a"), b("b"), c("c");
  std::string base = write(a, {setOp("k", "{\"x\":1}")}, 10);
  deliver(b, base, 10);
  std::string nestedB = write(b, {setOp("k", "2", path({"y"}))}, 20);
  std::string nestedA = write(a, {setOp("k", "3", path({"z"}))}, 15);
  deliver(c, nestedB, 30);
  deliver(c, nestedA, 30);  // older than nestedB, arrives later
  deliver(c, base, 30);     // oldest, last
  CHECK(c.exportJson() == "{\"k\":{\"x\":1,\"z\":3,\"y\":2}}");
  deliver(a, nestedB, 30);
  deliver(b, nestedA, 30);
  CHECK(a.digest() == c.digest());
  CHECK(b.digest() == c.digest());
}

TEST_CASE("merge: a newer whole-key set hides an older nested op") {
  Core a("a"), b("b");
  std::string whole = write(a, {setOp("k", "{\"v\":1}")}, 50);
  std::string ops = "{\"c\":[40,0,\"b\"],\"d\":0,\"k\":\"k\",\"p\":[\"w\"],\"v\":9}";
  deliver(a, opsMsg("b", ops), 50);
  CHECK(valueOf(a, "k") == "{\"v\":1}");
  deliver(b, opsMsg("b", ops), 50);
  deliver(b, whole, 50);
  CHECK(a.digest() == b.digest());
}

TEST_CASE("merge: remote sets create missing or non-container ancestors, arrays pad with null") {
  Core a("a");
  write(a, {setOp("k", "5")}, 1);
  RemoteResult r = a.applyRemote(opsMsg("b", "{\"c\":[2,0,\"b\"],\"d\":0,\"k\":\"k\",\"p\":[\"x\",2,\"y\"],\"v\":true}"), 2);
  REQUIRE(r.dropped.empty());
  CHECK(valueOf(a, "k") == "{\"x\":[null,null,{\"y\":true}]}");
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].path.empty());  // reported where new structure began
  r = a.applyRemote(opsMsg("b", "{\"c\":[3,0,\"b\"],\"d\":0,\"k\":\"fresh\",\"p\":[\"a\"],\"v\":1}"), 3);
  CHECK(valueOf(a, "fresh") == "{\"a\":1}");
}

TEST_CASE("merge: duplicate delivery and spoofed ops") {
  Core a("a"), b("b");
  std::string m = write(a, {setOp("k", "1"), setOp("j", "2")}, 5);
  deliver(b, m, 5);
  std::string d = b.digest();
  RemoteResult r = b.applyRemote(m, 5);
  CHECK(r.changes.empty());
  CHECK(b.digest() == d);
  // An ops message carrying another origin's clock is spoofed: dropped, op by op.
  r = b.applyRemote(opsMsg("mallory", "{\"c\":[9,0,\"a\"],\"d\":0,\"k\":\"k\",\"p\":[],\"v\":666}"), 9);
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].code == Code::BAD_MESSAGE);
  CHECK(valueOf(b, "k") == "1");
}

TEST_CASE("merge: a clock too far ahead is dropped; an accepted one never freezes local writes") {
  Core a("a");
  int64_t now = 1'000'000;
  RemoteResult r = a.applyRemote(opsMsg("x", "{\"c\":[" + std::to_string(now + 60001) + ",0,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[],\"v\":1}"), now);
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].code == Code::FUTURE_CLOCK);
  CHECK(r.dropped[0].opIndex == 0);
  CHECK(valueOf(a, "k") == "<absent>");
  r = a.applyRemote(opsMsg("x", "{\"c\":[" + std::to_string(now + 59000) + ",7,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[],\"v\":1}"), now);
  CHECK(r.dropped.empty());
  // Local writes right after still win over the remote one, though our wall clock is behind.
  write(a, {setOp("k", "2")}, now + 1);
  CHECK(valueOf(a, "k") == "2");
  Core custom("c", 10);
  r = custom.applyRemote(opsMsg("x", "{\"c\":[" + std::to_string(now + 11) + ",0,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[],\"v\":1}"), now);
  CHECK(r.dropped.size() == 1);
}

TEST_CASE("merge: 1,000 writes in the same millisecond on two replicas, none lost") {
  Core a("a"), b("b");
  std::vector<std::string> ma, mb;
  for (int i = 0; i < 1000; ++i) {
    ma.push_back(write(a, {setOp("a" + std::to_string(i), std::to_string(i))}, 777));
    mb.push_back(write(b, {setOp("b" + std::to_string(i), std::to_string(i))}, 777));
    ma.push_back(write(a, {setOp("shared", std::to_string(i))}, 777));
    mb.push_back(write(b, {setOp("shared", std::to_string(-i))}, 777));
  }
  for (const auto& m : mb) deliver(a, m, 777);
  for (auto it = ma.rbegin(); it != ma.rend(); ++it) deliver(b, *it, 777);  // reversed
  CHECK(a.digest() == b.digest());
  CHECK(a.store().state().keys.size() == 2001);
  CHECK(valueOf(a, "a999") == "999");
  CHECK(valueOf(b, "b0") == "0");
  CHECK(valueOf(a, "shared") == valueOf(b, "shared"));
}

TEST_CASE("merge: namespace policy drops other MFEs' writes and MFE clears") {
  Core a("a"), b("b");
  b.setAccessPolicy(true);
  std::string m = write(a, {setOp("mfe:cart:items", "1", {}, "header"), setOp("mfe:header:x", "1", {}, "header"),
                            setOp("global", "1", {}, "header"), setOp("mfe:cart:n", "1")},
                        1);
  RemoteResult r = b.applyRemote(m, 1);
  REQUIRE(r.dropped.size() == 2);
  CHECK(r.dropped[0].code == Code::ACCESS_DENIED);
  CHECK(r.dropped[0].opIndex == 0);
  CHECK(valueOf(b, "mfe:header:x") == "1");
  // `a` runs without the policy, so its container write names no writer: it could be any
  // MFE's, and is dropped (a container under the policy stamps its ops; see test_hostile_peer).
  CHECK(r.dropped[1].code == Code::ACCESS_DENIED);
  CHECK(r.dropped[1].opIndex == 3);
  CHECK(valueOf(b, "mfe:cart:n") == "<absent>");
  m = write(a, {clearOp("header")}, 2);
  r = b.applyRemote(m, 2);
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].code == Code::ACCESS_DENIED);
  // Local ops are checked too.
  CHECK(b.applyLocal({setOp("mfe:cart:x", "1", {}, "header")}, 3).error.code == Code::ACCESS_DENIED);
  CHECK(b.applyLocal({setOp("mfe:header:y", "1", {}, "header")}, 3).ok);
  CHECK(namespaceOf("mfe:cart:items") == "cart");
  CHECK(namespaceOf("mfecart") == "");
}

TEST_CASE("merge: a replica that missed everything catches up from one state message") {
  Core a("a"), b("b"), late("late");
  for (int i = 0; i < 20; ++i) {
    deliver(b, write(a, {setOp("k" + std::to_string(i % 5), "{\"i\":" + std::to_string(i) + "}")}, 10 + i), 40);
    deliver(a, write(b, {setOp("k" + std::to_string(i % 5), std::to_string(i + 100), path({"i"}))}, 10 + i), 40);
  }
  deliver(a, write(b, {delOp("k1"), clearOp(), setOp("after", "1")}, 35), 40);
  write(late, {setOp("mine", "1")}, 36);
  deliver(late, a.encodeState(), 40);
  deliver(a, late.encodeState(), 40);
  deliver(b, late.encodeState(), 40);
  CHECK(late.digest() == a.digest());
  CHECK(b.digest() == a.digest());
  CHECK(late.exportJson() == "{\"after\":1,\"mine\":1}");
}
