// The local write path's shortcuts: the outbox sending a local value's bytes as the batch
// carried them, and the key map swapping a record in place when no snapshot shares its
// tree nodes. Each must be invisible: snapshots, refused batches and other replicas see
// exactly what they saw when every write copied.
#include <memory>

#include "binary.h"
#include "codec_binary.h"
#include "core_binary.h"
#include "helpers.h"
#include "keymap.h"

using namespace ustest;

namespace {

// One set op of a binary batch, framed as the JS writer frames it (core_binary.h).
std::string setRow(std::string_view key, std::string_view valueBin) {
  std::string s(1, 0);
  writeBinaryString(key, s);
  s.push_back(0);  // no path
  writeBinaryString("src", s);
  writeBinaryString("", s);
  s += valueBin;
  return s;
}

// A nested set under a key that does not exist: the core refuses it (BAD_PATH) after the
// ops before it in the batch were applied, so the whole batch must roll back.
std::string refusedRow() {
  std::string s(1, 0);
  writeBinaryString("absent", s);
  s.push_back(1);
  writeBinaryString("x", s);
  writeBinaryString("src", s);
  writeBinaryString("", s);
  s.push_back(static_cast<char>(BinTag::True));
  return s;
}

std::string batchOf(std::initializer_list<std::string> rows) {
  std::string s;
  writeVarint(static_cast<uint32_t>(rows.size()), s);
  for (const std::string& r : rows) s += r;
  return s;
}

// A string in the long form (u32 length) although it is short: the core's own writer would
// use the one-byte length, so finding these bytes in a message proves they were passed on.
std::string longFormString(const std::string& text) {
  std::string s(1, static_cast<char>(BinTag::Str32));
  uint32_t n = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>(n >> (8 * i)));
  return s + text;
}

struct Rec {
  std::string key;
  int value;
};
using RecP = std::shared_ptr<const Rec>;
RecP rec(const std::string& key, int value) { return std::make_shared<const Rec>(Rec{key, value}); }

int valueIn(const KeyMap<RecP>& m, std::string_view key) {
  const RecP* r = m.find(key);
  return r ? (*r)->value : -1;
}

}  // namespace

TEST_CASE("outbox: a local value goes out as the bytes the batch carried, and reads back equal") {
  Core a("tab-a"), b("tab-b");
  std::string value = longFormString("Springfield, a value in the long string form");
  std::string out;
  binaryApplyLocal(a, batchOf({setRow("city", value)}), 1000, out);
  REQUIRE(out[0] == 1);
  std::string msg;
  REQUIRE(a.takeOutboxBinary(msg));
  CHECK(msg.find(value) != std::string::npos);
  CHECK(b.applyRemoteBinary(msg, 2000).dropped.empty());
  CHECK(valueOf(b, "city") == "\"Springfield, a value in the long string form\"");
  CHECK(b.digest() == a.digest());
}

TEST_CASE("outbox: a batch refused part way leaves every later op with its own value bytes") {
  Core a("tab-a"), b("tab-b");
  std::string out;
  binaryApplyLocal(a, batchOf({setRow("first", longFormString("one"))}), 1000, out);
  REQUIRE(out[0] == 1);
  binaryApplyLocal(a, batchOf({setRow("gone", longFormString("refused with its batch")), refusedRow()}), 1001, out);
  REQUIRE(out[0] == 0);
  CHECK(a.pendingOps() == 1);
  binaryApplyLocal(a, batchOf({setRow("second", longFormString("two"))}), 1002, out);
  REQUIRE(out[0] == 1);
  std::string msg;
  REQUIRE(a.takeOutboxBinary(msg));
  CHECK(b.applyRemoteBinary(msg, 2000).dropped.empty());
  CHECK(b.exportJson() == R"({"first":"one","second":"two"})");
  // A text take empties the outbox too: the next binary take must not send stale bytes.
  binaryApplyLocal(a, batchOf({setRow("third", longFormString("three"))}), 1003, out);
  std::string text;
  REQUIRE(a.takeOutbox(text));
  binaryApplyLocal(a, batchOf({setRow("fourth", longFormString("four"))}), 1004, out);
  REQUIRE(a.takeOutboxBinary(msg));
  CHECK(b.applyRemote(text, 2000).dropped.empty());
  CHECK(b.applyRemoteBinary(msg, 2000).dropped.empty());
  CHECK(b.exportJson() == R"({"first":"one","fourth":"four","second":"two","third":"three"})");
  CHECK(b.digest() == a.digest());
}

TEST_CASE("keymap: replace swaps a record in place only where no other map shares the nodes") {
  KeyMap<RecP> m;
  for (int i = 0; i < 200; ++i) m = m.set(rec("k" + std::to_string(i), 0));
  // Unshared: the record's slot stays where it was (changed in place, nothing copied).
  const RecP* slot = m.find("k57");
  REQUIRE(m.replace(rec("k57", 1)));
  CHECK(m.find("k57") == slot);
  CHECK(valueIn(m, "k57") == 1);

  KeyMap<RecP> snap = m;  // a snapshot shares the whole tree
  REQUIRE(m.replace(rec("k57", 2)));
  CHECK(m.find("k57") != snap.find("k57"));  // the path was copied, not written through
  CHECK(valueIn(snap, "k57") == 1);
  CHECK(valueIn(m, "k57") == 2);
  // The copied path is now this map's own: the next replace on it is in place again.
  slot = m.find("k57");
  REQUIRE(m.replace(rec("k57", 3)));
  CHECK(m.find("k57") == slot);
  for (int i = 0; i < 200; ++i) REQUIRE(m.replace(rec("k" + std::to_string(i), 10 + i)));
  CHECK(valueIn(snap, "k57") == 1);
  int sharedSeen = 0;
  snap.forEach([&](const std::string& k, const RecP& r) {
    CHECK(r->value == (k == "k57" ? 1 : 0));
    ++sharedSeen;
  });
  CHECK(sharedSeen == 200);
  CHECK(valueIn(m, "k199") == 209);
  CHECK(m.size() == 200);

  CHECK_FALSE(m.replace(rec("absent", 5)));  // absent: nothing a reader can see changes
  CHECK(m.find("absent") == nullptr);
  CHECK(m.size() == 200);
  std::string previous;
  int seen = 0;
  m.forEach([&](const std::string& k, const RecP&) {
    CHECK(previous < k);  // still a search tree in key order
    previous = k;
    ++seen;
  });
  CHECK(seen == 200);
}

TEST_CASE("local: snapshots and refused batches keep their values while records swap in place") {
  Core c("a");
  std::vector<LocalOpIn> first;
  for (int i = 0; i < 64; ++i) first.push_back(setOp("k" + std::to_string(i), "{\"v\":" + std::to_string(i) + "}"));
  write(c, first, 1);
  const std::string original = c.exportJson();
  int id = c.snapshot();

  // Many writes in one batch, then a refused op: nothing of the batch may stay.
  std::vector<LocalOpIn> refused;
  for (int i = 0; i < 64; ++i) refused.push_back(setOp("k" + std::to_string(i), "\"changed\""));
  refused.push_back(setOp("absent", "1", path({"x"})));
  LocalResult r = c.applyLocal(refused, 2);
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.code == Code::BAD_PATH);
  CHECK(c.exportJson() == original);

  // Accepted batches, twice over the same keys (the second reuses the first's fresh nodes).
  std::vector<LocalOpIn> second;
  for (int i = 0; i < 64; ++i) second.push_back(setOp("k" + std::to_string(i), std::to_string(100 + i)));
  write(c, second, 3);
  int mid = c.snapshot();
  const std::string afterSecond = c.exportJson();
  std::vector<LocalOpIn> third;
  for (int i = 0; i < 64; i += 2) third.push_back(setOp("k" + std::to_string(i), "true"));
  write(c, third, 4);
  CHECK(valueOf(c, "k0") == "true");
  CHECK(valueOf(c, "k1") == "101");

  REQUIRE(c.restore(mid, 5).ok);
  CHECK(c.exportJson() == afterSecond);
  REQUIRE(c.restore(id, 6).ok);
  CHECK(c.exportJson() == original);
  c.releaseSnapshot(id);
  c.releaseSnapshot(mid);
  write(c, third, 7);
  CHECK(valueOf(c, "k2") == "true");
}
