// What a hostile or unlucky peer can send: clocks that would poison every replica's clock,
// unattributed writes into MFE namespaces, and enough deletes to make the catch-up state
// grow without end.
#include "helpers.h"

using namespace ustest;

namespace {

constexpr int64_t kNow = 1'700'000'000'000;
const std::string kMaxSafe = "9007199254740991";

std::string opsMsg(const std::string& origin, const std::string& ops) {
  return "{\"t\":\"ops\",\"v\":2,\"o\":\"" + origin + "\",\"s\":1,\"ops\":[" + ops + "]}";
}

std::string setJson(const std::string& key, const std::string& clock, const std::string& value,
                    const std::string& extra = "") {
  return "{\"c\":" + clock + ",\"d\":0,\"k\":\"" + key + "\",\"p\":[],\"v\":" + value + extra + "}";
}

bool droppedWith(const RemoteResult& r, Code code) {
  for (const Status& s : r.dropped)
    if (s.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("hostile clock: a counter near 2^53 is refused and cannot poison the replica's clock") {
  Core victim("victim"), peer("peer");
  std::string evil = opsMsg("evil", setJson("k", "[" + std::to_string(kNow + 1000) + "," + kMaxSafe + ",\"evil\"]", "\"evil\""));
  RemoteResult r = victim.applyRemote(evil, kNow);
  CHECK(droppedWith(r, Code::FUTURE_CLOCK));
  CHECK(valueOf(victim, "k") == "<absent>");
  // The victim's next write still carries a clock every peer accepts, and its metadata
  // holds integers JS can read back.
  std::string next = write(victim, {setOp("k", "\"mine\"")}, kNow + 1);
  deliver(peer, next, kNow + 1);
  CHECK(valueOf(peer, "k") == "\"mine\"");
  std::string meta;
  REQUIRE(victim.keyMeta("k", meta));
  CHECK(meta.find(kMaxSafe) == std::string::npos);
}

TEST_CASE("hostile clock: a counter at the bound is merged; the next local write carries into the next ms") {
  Core victim("victim"), peer("peer");
  std::string atBound = std::to_string(kMaxClockCounter);
  std::string edge = opsMsg("edge", setJson("k", "[" + std::to_string(kNow) + "," + atBound + ",\"edge\"]", "1"));
  deliver(victim, edge, kNow);
  CHECK(valueOf(victim, "k") == "1");
  std::string next = write(victim, {setOp("k", "2")}, kNow);
  deliver(peer, edge, kNow);
  deliver(peer, next, kNow);  // would be dropped if its counter had passed the bound
  CHECK(valueOf(peer, "k") == "2");
  CHECK(peer.digest() == victim.digest());
}

TEST_CASE("hostile clock: stored metadata with an out-of-bound counter is repaired, not trusted") {
  Core c("tab");
  std::string meta = "{\"v\":1,\"c\":[" + std::to_string(kNow) + "," + kMaxSafe + ",\"x\"],\"h\":\"0000000000000000\"}";
  // Build metadata whose hash matches, so only the counter is wrong.
  Core helper("x");
  write(helper, {setOp("k", "5")}, kNow);
  std::string good;
  REQUIRE(helper.keyMeta("k", good));
  std::string hash = good.substr(good.find("\"h\":"));
  meta = "{\"v\":1,\"c\":[" + std::to_string(kNow) + "," + kMaxSafe + ",\"x\"]," + hash;
  LoadResult r = c.loadEntry("k", "5", std::string_view(meta), kNow);
  CHECK(r.ok);
  CHECK(r.repaired);
  CHECK(r.error.code == Code::FUTURE_CLOCK);
  std::string after;
  REQUIRE(c.keyMeta("k", after));
  CHECK(after.find(kMaxSafe) == std::string::npos);
}

TEST_CASE("namespaces: a remote write into an MFE namespace without a writer is dropped") {
  Core victim("victim");
  victim.setAccessPolicy(true);
  RemoteResult r = victim.applyRemote(opsMsg("evil", setJson("mfe:cart:items", "[" + std::to_string(kNow) + ",0,\"evil\"]", "[666]")), kNow);
  CHECK(droppedWith(r, Code::ACCESS_DENIED));
  CHECK(valueOf(victim, "mfe:cart:items") == "<absent>");
  // An unattributed clear would erase every namespace: dropped too.
  write(victim, {setOp("shared", "1")}, kNow);
  r = victim.applyRemote(opsMsg("evil", "{\"c\":[" + std::to_string(kNow + 5) + ",0,\"evil\"],\"d\":2}"), kNow + 5);
  CHECK(droppedWith(r, Code::ACCESS_DENIED));
  CHECK(valueOf(victim, "shared") == "1");
  // Shared keys stay writable by anyone.
  deliver(victim, opsMsg("peer", setJson("shared", "[" + std::to_string(kNow + 9) + ",0,\"peer\"]", "2")), kNow + 9);
  CHECK(valueOf(victim, "shared") == "2");
}

TEST_CASE("namespaces: the container's own writes, live and in catch-up, still reach its peers") {
  Core container("container"), peer("peer"), late("late");
  for (Core* c : {&container, &peer, &late}) c->setAccessPolicy(true);
  REQUIRE(container.loadEntry("mfe:profile:stored", "\"s\"", std::nullopt, kNow).ok);
  std::string m = write(container, {setOp("mfe:profile:name", "\"Ada\""), setOp("mfe:cart:items", "[1]", {}, "cart")}, kNow);
  deliver(peer, m, kNow);
  CHECK(valueOf(peer, "mfe:profile:name") == "\"Ada\"");
  CHECK(valueOf(peer, "mfe:cart:items") == "[1]");
  deliver(late, container.encodeState(), kNow);
  CHECK(valueOf(late, "mfe:profile:stored") == "\"s\"");
  CHECK(late.digest() == container.digest());
  std::string cl = write(container, {clearOp()}, kNow + 1);
  deliver(peer, cl, kNow + 1);
  CHECK(peer.exportJson() == "{}");
}

TEST_CASE("tombstones: many deletes leave a bounded catch-up message; clear drops them") {
  Core a("a");
  const int n = 60'000;
  for (int i = 0; i < n; ++i) {
    std::string key = "key-" + std::to_string(i);
    write(a, {setOp(key, "{\"n\":" + std::to_string(i) + "}")}, kNow + i);
    write(a, {delOp(key)}, kNow + i);
  }
  std::string state = a.encodeState();
  MESSAGE("catch-up after " << n << " keys created and deleted: " << state.size() << " bytes");
  CHECK(state.size() <= kMaxTombstoneBytes * 2 + 1024);
  CHECK(a.exportJson() == "{}");
  // A recent delete is still a tombstone: an older set arriving late cannot resurrect it.
  Core b("b");
  std::string lateSet = opsMsg("old", setJson("key-" + std::to_string(n - 1), "[" + std::to_string(kNow) + ",0,\"old\"]", "1"));
  deliver(a, lateSet, kNow + n);
  CHECK(valueOf(a, "key-" + std::to_string(n - 1)) == "<absent>");
  // A replica that got the (collected) catch-up agrees with the one that saw every delete.
  deliver(b, state, kNow + n);
  CHECK(b.digest() == a.digest());
  write(a, {clearOp()}, kNow + n + 1);
  CHECK(a.encodeState().size() < 512);
}
