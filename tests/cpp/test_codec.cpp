// Codecs: protocol v2 validation, persistence metadata and loadEntry repair, and the
// text protocol the bindings use.
#include "helpers.h"

using namespace ustest;

static Code firstDrop(Core& c, std::string_view msg) {
  RemoteResult r = c.applyRemote(msg, 1000);
  return r.dropped.empty() ? Code::OK : r.dropped[0].code;
}

TEST_CASE("codec: hostile messages are dropped with a status") {
  Core c("me");
  write(c, {setOp("k", "1")}, 1);
  std::string d = c.digest();
  CHECK(firstDrop(c, "") == Code::BAD_MESSAGE);
  CHECK(firstDrop(c, "null") == Code::BAD_MESSAGE);
  CHECK(firstDrop(c, "[1,2]") == Code::BAD_MESSAGE);
  CHECK(firstDrop(c, "{\"t\":\"ops\"}") == Code::BAD_MESSAGE);
  CHECK(firstDrop(c, "{\"t\":\"nope\",\"v\":2,\"o\":\"x\"}") == Code::UNKNOWN_TYPE);
  CHECK(firstDrop(c, "{\"t\":\"ops\",\"v\":1,\"o\":\"x\",\"ops\":[]}") == Code::BAD_MESSAGE);
  CHECK(firstDrop(c, "{\"t\":\"ops\",\"v\":2,\"o\":\"\",\"ops\":[]}") == Code::BAD_MESSAGE);
  CHECK(firstDrop(c, "{\"t\":\"ops\",\"v\":2,\"o\":\"x\",\"ops\":{}}") == Code::BAD_MESSAGE);
  const char* badOps[] = {
      "1",
      "{\"c\":[1,0],\"d\":0,\"k\":\"k\",\"v\":1}",
      "{\"c\":[-1,0,\"x\"],\"d\":0,\"k\":\"k\",\"v\":1}",
      "{\"c\":[1.5,0,\"x\"],\"d\":0,\"k\":\"k\",\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":3,\"k\":\"k\",\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\"}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[-1],\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[true],\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[99999999],\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"p\":[\"prototype\"],\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"constructor\",\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"v\":{\"a\":{\"__proto__\":1}}}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"\",\"v\":1}",
      "{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"s\":5,\"v\":1}",
  };
  for (const char* op : badOps) {
    std::string msg = std::string("{\"t\":\"ops\",\"v\":2,\"o\":\"x\",\"ops\":[") + op + "]}";
    RemoteResult r = c.applyRemote(msg, 1000);
    CHECK_MESSAGE(r.dropped.size() == 1, op);
    CHECK_MESSAGE(r.changes.empty(), op);
  }
  std::string huge = "{\"t\":\"ops\",\"v\":2,\"o\":\"x\",\"ops\":[{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"v\":\"" +
                     std::string(5u << 20, 'a') + "\"}]}";
  CHECK(firstDrop(c, huge) == Code::TOO_LARGE);
  std::string deep = "{\"t\":\"ops\",\"v\":2,\"o\":\"x\",\"ops\":[{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"k\",\"v\":" +
                     std::string(80, '[') + std::string(80, ']') + "}]}";
  CHECK(firstDrop(c, deep) == Code::TOO_DEEP);
  CHECK(c.digest() == d);
  CHECK(valueOf(c, "k") == "1");
}

TEST_CASE("codec: one bad op in a message drops only itself") {
  Core c("me");
  RemoteResult r = c.applyRemote(
      "{\"t\":\"ops\",\"v\":2,\"o\":\"x\",\"ops\":[{\"c\":[1,0,\"x\"],\"d\":0,\"k\":\"good\",\"v\":1},"
      "{\"c\":[1,1,\"x\"],\"d\":0,\"k\":\"__proto__\",\"v\":1},{\"c\":[1,2,\"x\"],\"d\":0,\"k\":\"also\",\"v\":2}]}",
      10);
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].opIndex == 1);
  CHECK(r.dropped[0].code == Code::FORBIDDEN_KEY);
  CHECK(r.changes.size() == 2);
}

TEST_CASE("codec: hello and digest messages are valid but carry no ops") {
  Core c("me");
  RemoteResult r = c.applyRemote("{\"t\":\"hello\",\"v\":2,\"o\":\"x\",\"d\":\"abc\"}", 1);
  CHECK(r.dropped.empty());
  CHECK(r.changes.empty());
}

TEST_CASE("codec: ops round-trip through encode and decode") {
  Core a("a");
  std::string m = write(a, {setOp("k", "{\"x\":[1,\"é\",null]}"), setOp("k", "2", path({"x", "#0"})), delOp("k", path({"x", "#1"})), clearOp()}, 5);
  DecodedMessage d = decodeMessage(m);
  REQUIRE(d.status.ok());
  CHECK(d.type == MessageType::Ops);
  REQUIRE(d.ops.size() == 4);
  CHECK(d.ops[0].op->kind == OpKind::Set);
  CHECK(d.ops[1].op->path == path({"x", "#0"}));
  CHECK(d.ops[2].op->kind == OpKind::Delete);
  CHECK(d.ops[3].op->kind == OpKind::Clear);
  CHECK(d.ops[0].op->source == "test");
  std::string re;
  encodeOp(*d.ops[0].op, re);
  CHECK(re.find("\"é\"") != std::string::npos);
}

TEST_CASE("codec: metadata round trip and torn-pair repair in loadEntry") {
  Core a("a", 60000, 2);
  write(a, {setOp("theme", "{\"mode\":\"dark\",\"size\":3}")}, 1000);
  std::string meta;
  REQUIRE(a.keyMeta("theme", meta));
  Meta m;
  REQUIRE(decodeMeta(meta, m));
  CHECK(m.version == 2);
  CHECK(m.clock == Clock{1000, 0, "a"});
  std::string absent;
  CHECK_FALSE(a.keyMeta("nope", absent));

  Core b("b", 60000, 2);
  // Formatting differences do not matter: the hash is over the parsed value.
  LoadResult r = b.loadEntry("theme", "{ \"size\": 3, \"mode\": \"dark\" }", std::string_view(meta), 1000);
  CHECK(r.ok);
  CHECK_FALSE(r.repaired);
  CHECK(b.store().lastClock("theme")->wall == 1000);
  // The value was rewritten without its metadata (legacy tab): repaired, clock zero.
  Core c("c", 60000, 2);
  r = c.loadEntry("theme", "{\"mode\":\"light\"}", std::string_view(meta), 1000);
  CHECK(r.repaired);
  CHECK(r.error.ok());
  CHECK(c.store().lastClock("theme")->isZero());
  // Any real write wins over a repaired entry, even an old one from another tab.
  deliver(c, "{\"t\":\"ops\",\"v\":2,\"o\":\"z\",\"ops\":[{\"c\":[1,0,\"z\"],\"d\":0,\"k\":\"theme\",\"v\":\"remote\"}]}", 1000);
  CHECK(valueOf(c, "theme") == "\"remote\"");
  // Unreadable or foreign metadata is repaired and reported.
  CHECK(c.loadEntry("x", "1", std::string_view("{garbage"), 1000).error.code == Code::BAD_META);
  CHECK(c.loadEntry("y", "1", std::string_view("{\"v\":9,\"c\":[1,0,\"a\"],\"h\":\"0000000000000000\"}"), 1000).error.code == Code::BAD_META);
  // Bad values are refused and leave nothing behind.
  for (const char* bad : {"{bad", "{\"__proto__\":{\"p\":1}}"}) {
    r = c.loadEntry("z", bad, std::nullopt, 1000);
    CHECK_FALSE(r.ok);
  }
  CHECK(c.loadEntry("__proto__", "1", std::nullopt, 1000).error.code == Code::FORBIDDEN_KEY);
  CHECK(valueOf(c, "z") == "<absent>");
}

TEST_CASE("codec: initial state then stored entry, both without metadata: the later load wins") {
  Core c("c");
  CHECK(c.loadEntry("theme", "\"light\"", std::nullopt, 5).repaired);
  CHECK(c.loadEntry("theme", "\"dark\"", std::nullopt, 5).repaired);
  CHECK(valueOf(c, "theme") == "\"dark\"");
  // And a stored entry with real metadata beats the initial state.
  Core a("a");
  write(a, {setOp("n", "42")}, 9);
  std::string meta;
  REQUIRE(a.keyMeta("n", meta));
  c.loadEntry("n", "0", std::nullopt, 10);
  c.loadEntry("n", "42", std::string_view(meta), 10);
  CHECK(valueOf(c, "n") == "42");
  // Later local writes are stamped after the loaded clock.
  write(c, {setOp("n", "43")}, 1);
  CHECK(c.store().lastClock("n")->wall == 9);
  CHECK(c.store().lastClock("n")->counter == 1);
}

TEST_CASE("codec: a stored clock from the far future is not trusted") {
  Core a("a");
  write(a, {setOp("k", "1")}, 10'000'000);
  std::string meta;
  REQUIRE(a.keyMeta("k", meta));
  Core b("b");
  LoadResult r = b.loadEntry("k", "1", std::string_view(meta), 1000);
  CHECK(r.repaired);
  CHECK(r.error.code == Code::FUTURE_CLOCK);
  write(b, {setOp("k", "2")}, 1001);
  CHECK(valueOf(b, "k") == "2");
}

TEST_CASE("text protocol: batch header, values and results") {
  Core c("a");
  std::string values = "{\"n\":\"é\"}" "5";
  std::string header = "[[0,\"u\",[],10,\"src\",\"w\"],[0,\"u\",[\"m\"],1,\"\",\"\"],[1,\"gone\",[],0,\"\",\"\"]]";
  std::string out;
  textApplyLocal(c, values, header, 1, out);
  // Both changes are exactly the values sent: echoed by op index, nothing re-serialized.
  CHECK(out == "{\"ok\":1,\"ch\":[[\"u\",[],2,0,0,\"src\",\"w\"],[\"u\",[\"m\"],2,1,0,\"\",\"\"]]}\n");
  // A restore sends no texts: its changes carry theirs in the blob.
  int id = c.snapshot();
  textApplyLocal(c, "", "[[1,\"u\",[],0,\"\",\"\"]]", 2, out);
  textRestore(c, id, 3, out);
  CHECK(out == "{\"ok\":1,\"ch\":[[\"u\",[],0,0,15,\"restore\",\"\"]]}\n{\"n\":\"é\",\"m\":5}");
  textApplyLocal(c, "11", "[[0,\"k\",[],1,\"\",\"\"],[0,\"k\",[\"x\",\"y\"],1,\"\",\"\"]]", 1, out);
  CHECK(out.rfind("{\"ok\":0,\"ch\":[],\"e\":[\"BAD_PATH\"", 0) == 0);
  CHECK(out.find(",1]}\n") != std::string::npos);  // opIndex 1
  textApplyLocal(c, "", "not json", 1, out);
  CHECK(out.find("BAD_MESSAGE") != std::string::npos);
  textApplyLocal(c, "{", "[[0,\"k\",[],1,\"\",\"\"]]", 1, out);
  CHECK(out.find("\"e\":[\"BAD_JSON\"") != std::string::npos);
  textApplyLocal(c, "1", "[[0,\"k\",[],5,\"\",\"\"]]", 1, out);  // length past the values
  CHECK(out.find("BAD_MESSAGE") != std::string::npos);
  textApplyRemote(c, "junk", 1, out);
  CHECK(out.rfind("{\"ch\":[],\"dr\":[[\"BAD_MESSAGE\"", 0) == 0);
  textLoadEntry(c, "k", "{bad", std::nullopt, 1, out);
  CHECK(out.rfind("{\"ok\":0,\"rep\":0,\"e\":[\"BAD_JSON\"", 0) == 0);
}
