// The binary value codec: round trips, every hostile input a peer or a buggy writer could
// send (each refused with the status the JSON reader gives for the same fault), and a seeded
// differential run against nlohmann/json (JSON -> binary -> core -> JSON equals the original).
//   US_BINARY_SEEDS (default 300) random values per run; the base seed is printed.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "binary.h"
#include "binary_oracle.h"
#include "codec_binary.h"
#include "core_binary.h"
#include "helpers.h"

using namespace ustest;

namespace {

Status decodeStatus(std::string_view bytes, BinaryOptions opts = {}) {
  Status st;
  NodeP n = decodeBinary(bytes, opts, 0, st);
  if (n) CHECK(st.ok());
  return st;
}

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

std::string nested(size_t depth, char open) {
  std::string s;
  for (size_t i = 0; i < depth; ++i) {
    s.push_back(open == '[' ? static_cast<char>(BinTag::Array) : static_cast<char>(BinTag::Object));
    s.push_back(1);
    if (open == '{') writeBinaryString("k", s);
  }
  s.push_back(static_cast<char>(BinTag::Null));
  return s;
}

std::string jsonNested(size_t depth) { return std::string(depth, '[') + "null" + std::string(depth, ']'); }

}  // namespace

TEST_CASE("binary: a value round-trips to the same tree and the same JSON") {
  const char* samples[] = {
      "null", "true", "false", "0", "-1", "2147483647", "-2147483648", "2147483648", "4294967296",
      "9007199254740991", "0.1", "-2.5e-300", "1e300", "\"\"", "\"caf\\u00e9 \\ud83d\\ude00 \\n\\u0001\"",
      "[]", "{}", "[1,[2,[3,{}]]]", R"({"name":"Ada","tags":["x","y"],"n":{"deep":[null,true,1.5]}})"};
  for (const char* text : samples) {
    CAPTURE(text);
    NodeP n = json(text);
    std::string bin = toBinary(*n);
    Status st;
    NodeP back = decodeBinary(bin, BinaryOptions{}, 0, st);
    REQUIRE(back);
    CHECK(deepEqual(n, back));
    CHECK(valueHash(*n) == valueHash(*back));
    CHECK(toBinary(*back) == bin);
  }
}

TEST_CASE("binary: numbers without source text are written as JSON.stringify writes them") {
  auto text = [](std::string bin) {
    Status st;
    NodeP n = decodeBinary(bin, BinaryOptions{}, 0, st);
    REQUIRE(n);
    return toJson(*n);
  };
  auto f64 = [](double d) {
    std::string s(1, static_cast<char>(BinTag::Float64));
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>(bits >> (8 * i)));
    return s;
  };
  CHECK(text(f64(0.1)) == "0.1");
  CHECK(text(f64(-0.0)) == "0");
  CHECK(text(f64(1e21)) == "1e+21");
  CHECK(text(f64(9007199254740992.0)) == "9007199254740992");
  CHECK(text(f64(123456789012.5)) == "123456789012.5");
  CHECK(text(f64(5e-324)) == "5e-324");
  CHECK(text(f64(0.000001)) == "0.000001");
  CHECK(text(f64(-1.5e-7)) == "-1.5e-07");  // JS writes -1.5e-7: same value
  CHECK(text(f64(1e20)) == "100000000000000000000");
  CHECK(text(bytes({3, 0xFF, 0xFF, 0xFF, 0xFF})) == "-1");
}

TEST_CASE("binary: duplicate member names resolve as JSON.parse does (last value, first place)") {
  std::string bin = bytes({8, 3});
  writeBinaryString("a", bin);
  bin += bytes({3, 1, 0, 0, 0});
  writeBinaryString("b", bin);
  bin += bytes({0});
  writeBinaryString("a", bin);
  bin += bytes({3, 2, 0, 0, 0});
  Status st;
  NodeP n = decodeBinary(bin, BinaryOptions{}, 0, st);
  REQUIRE(n);
  CHECK(toJson(*n) == R"({"a":2,"b":null})");
  CHECK(toJson(*n) == toJson(*json(R"({"a":1,"b":null,"a":2})")));
}

TEST_CASE("binary hostile: every truncation of a valid value is refused, never read past") {
  std::string bin = toBinary(*json(R"({"user":{"name":"Ada Lovelace","ids":[1,2.5,-3],"ok":true,"x":null}})"));
  for (size_t cut = 0; cut < bin.size(); ++cut) {
    CAPTURE(cut);
    // A copy of exactly `cut` bytes, so ASan sees any read past the end.
    std::unique_ptr<char[]> part(new char[cut ? cut : 1]);
    std::memcpy(part.get(), bin.data(), cut);
    CHECK(decodeStatus(std::string_view(part.get(), cut)).code == Code::BAD_JSON);
  }
}

TEST_CASE("binary hostile: wrong tags, lengths past the end, trailing bytes, bad varints") {
  CHECK(decodeStatus(bytes({9})).code == Code::BAD_JSON);
  CHECK(decodeStatus(bytes({0xFF})).code == Code::BAD_JSON);
  CHECK(decodeStatus(bytes({5, 10, 'a', 'b'})).code == Code::BAD_JSON);                 // short string past end
  CHECK(decodeStatus(bytes({6, 0xFF, 0xFF, 0xFF, 0x7F, 'a'})).code == Code::BAD_JSON);  // 2 GiB string
  CHECK(decodeStatus(bytes({7, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})).code == Code::BAD_JSON); // 4G items claimed
  CHECK(decodeStatus(bytes({8, 0x80, 0x80, 0x04, 0})).code == Code::BAD_JSON);          // 65536 members claimed
  CHECK(decodeStatus(bytes({7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})).code == Code::BAD_JSON);  // 6-byte varint
  CHECK(decodeStatus(bytes({7, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F})).code == Code::BAD_JSON);        // past 32 bits
  CHECK(decodeStatus(bytes({0, 0})).code == Code::BAD_JSON);                            // trailing byte
  CHECK(decodeStatus(bytes({8, 1, 3, 0, 0, 0, 0, 0})).code == Code::BAD_JSON);          // member name not a string
  CHECK(decodeStatus(std::string()).code == Code::BAD_JSON);
}

TEST_CASE("binary hostile: depth bombs stop at the JSON reader's depth, with its status") {
  for (char open : {'[', '{'}) {
    CAPTURE(open);
    CHECK(decodeStatus(nested(Limits::kMaxDepth, open)).ok());
    CHECK(decodeStatus(nested(Limits::kMaxDepth + 1, open)).code == Code::TOO_DEEP);
    CHECK(decodeStatus(nested(100000, open)).code == Code::TOO_DEEP);
  }
  Status st;
  CHECK(parseJson(jsonNested(Limits::kMaxDepth + 1), ParseOptions{}, 0, st) == nullptr);
  CHECK(st.code == Code::TOO_DEEP);  // the JSON reader draws the line at the same place
  BinaryOptions shallow;
  shallow.maxDepth = 2;
  CHECK(decodeStatus(nested(3, '['), shallow).code == Code::TOO_DEEP);
}

TEST_CASE("binary hostile: forbidden member names at any depth") {
  for (const char* name : {"__proto__", "constructor", "prototype"}) {
    CAPTURE(name);
    std::string top = bytes({8, 1});
    writeBinaryString(name, top);
    top += bytes({0});
    CHECK(decodeStatus(top).code == Code::FORBIDDEN_KEY);
    std::string deep = bytes({7, 1, 8, 1});
    writeBinaryString("ok", deep);
    deep += top;
    CHECK(decodeStatus(deep).code == Code::FORBIDDEN_KEY);
    BinaryOptions lenient;
    lenient.rejectForbidden = false;
    CHECK(decodeStatus(deep, lenient).ok());
  }
  // As a string value the name is harmless.
  std::string value;
  writeBinaryString("__proto__", value);
  CHECK(decodeStatus(value).ok());
}

TEST_CASE("binary hostile: NaN and infinities in any bit pattern are refused") {
  auto f64bits = [](uint64_t bits) {
    std::string s(1, static_cast<char>(BinTag::Float64));
    for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>(bits >> (8 * i)));
    return s;
  };
  for (uint64_t bits : {0x7FF8000000000000ULL, 0xFFF8000000000000ULL, 0x7FF0000000000001ULL, 0x7FFFFFFFFFFFFFFFULL,
                        0x7FF0000000000000ULL, 0xFFF0000000000000ULL}) {
    CAPTURE(bits);
    Status st = decodeStatus(f64bits(bits));
    CHECK(st.code == Code::BAD_JSON);
    CHECK(st.message == "number out of range");
  }
}

TEST_CASE("binary hostile: strings and member names must be well-formed UTF-8") {
  const std::string bad[] = {bytes({0xC0, 0x80}), bytes({0xED, 0xA0, 0x80}), bytes({0x80}), bytes({0xF5, 0x80, 0x80, 0x80}),
                             bytes({0xE2, 0x82}), bytes({0xF4, 0x90, 0x80, 0x80}), bytes({0xFF})};
  for (const std::string& b : bad) {
    std::string value;
    writeBinaryString(b, value);
    CHECK(decodeStatus(value).code == Code::BAD_JSON);
    std::string member = bytes({8, 1});
    writeBinaryString(b, member);
    member += bytes({0});
    CHECK(decodeStatus(member).code == Code::BAD_JSON);
  }
  std::string ok;
  writeBinaryString("\xF0\x9F\x98\x80 \xE2\x82\xAC \x00 nul", ok);
  CHECK(decodeStatus(ok).ok());
}

TEST_CASE("binary hostile: a value over the size limit is refused as TOO_LARGE") {
  std::string big(Limits::kMaxValueBytes, 'x');
  std::string value;
  writeBinaryString(big, value);
  CHECK(decodeStatus(value).code == Code::TOO_LARGE);
  // Many small items add up the same way: 300k nulls weigh 1.5 MB as JSON.
  std::string arr = bytes({7});
  writeVarint(300000, arr);
  arr.append(300000, static_cast<char>(BinTag::Null));
  CHECK(decodeStatus(arr).code == Code::TOO_LARGE);
  // Sizes count as JSON text: 262,144 zeros are 512 KB of JSON and must pass, as they do as text.
  std::string zeros = bytes({7});
  writeVarint(262144, zeros);
  for (int i = 0; i < 262144; ++i) zeros += bytes({3, 0, 0, 0, 0});
  CHECK(decodeStatus(zeros).ok());
}

TEST_CASE("binary differential: nlohmann value -> binary -> core -> JSON reads back equal (seeded)") {
  const char* env = std::getenv("US_BINARY_SEEDS");
  int seeds = env && *env ? std::atoi(env) : 300;
  const char* fixed = std::getenv("US_BINARY_SEED");
  uint64_t base = fixed && *fixed ? std::strtoull(fixed, nullptr, 10)
                                  : static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::cout << "[binary differential] seed " << base << " (US_BINARY_SEED to replay), " << seeds << " values\n";
  JsonGenerator gen(base);
  BinaryOptions lenient;
  lenient.rejectForbidden = false;
  for (int i = 0; i < seeds; ++i) {
    nlohmann::json original = gen.value(6);
    std::string bin = oracleEncode(original);
    Status st;
    NodeP n = decodeBinary(bin, lenient, 0, st);
    REQUIRE_MESSAGE(n, "seed " << base << " value " << i << ": " << st.message);
    std::string text = toJson(*n);
    nlohmann::json back = nlohmann::json::parse(text, nullptr, false);
    REQUIRE_MESSAGE(asJs(back) == asJs(original), "seed " << base << " value " << i << ": " << text << " vs " << original.dump());
    CHECK(toBinary(*n) == bin);  // the core writes the same bytes it read
  }
}

namespace {

// One op of a binary batch (core_binary.h), built by hand as the JS writer frames it.
std::string batchOp(int kind, std::string_view key, std::string_view pathBin, std::string_view valueBin) {
  std::string s(1, static_cast<char>(kind));
  if (kind != 2) {
    writeBinaryString(key, s);
    s += pathBin;
  }
  writeBinaryString("src", s);
  writeBinaryString("", s);
  if (kind == 0) s += valueBin;
  return s;
}

std::string batch(std::initializer_list<std::string> ops) {
  std::string s;
  writeVarint(static_cast<uint32_t>(ops.size()), s);
  for (const std::string& op : ops) s += op;
  return s;
}

const std::string kNoPath = bytes({0});

}  // namespace

TEST_CASE("binary batch: applied like the text batch; changes that are an op come back as its index") {
  Core core("a");
  std::string out;
  binaryApplyLocal(core, batch({batchOp(0, "user", kNoPath, toBinary(*json(R"({"name":"Ada","n":[1,2]})"))),
                                batchOp(0, "n", kNoPath, toBinary(*json("0.25")))}),
                   1000, out);
  // ok, 2 changes, each "op #i", 0 dropped
  CHECK(out == bytes({1, 2, 2, 0, 2, 1, 0}));
  CHECK(core.exportJson() == R"({"n":0.25,"user":{"name":"Ada","n":[1,2]}})");
  std::string path = bytes({2});
  writeBinaryString("n", path);
  path += bytes({3, 2, 0, 0, 0});  // appends to the 2-item array
  binaryApplyLocal(core, batch({batchOp(0, "user", path, bytes({1}))}), 1001, out);
  CHECK(out[0] == 1);
  CHECK(core.exportJson() == R"({"n":0.25,"user":{"name":"Ada","n":[1,2,false]}})");
}

TEST_CASE("binary batch hostile: truncations, bad kinds, bad paths and bad values are refused whole") {
  auto refused = [](const std::string& b) {
    std::vector<LocalOpIn> ops;
    return decodeBinaryBatch(b, ops);
  };
  std::string good = batch({batchOp(0, "k", kNoPath, bytes({3, 1, 0, 0, 0})), batchOp(1, "k", kNoPath, ""), batchOp(2, "", "", "")});
  std::vector<LocalOpIn> ops;
  REQUIRE(decodeBinaryBatch(good, ops).ok());
  CHECK(ops.size() == 3);
  for (size_t cut = 0; cut < good.size(); ++cut) {
    CAPTURE(cut);
    std::unique_ptr<char[]> part(new char[cut ? cut : 1]);
    std::memcpy(part.get(), good.data(), cut);
    CHECK_FALSE(refused(std::string(part.get(), cut)).ok());
  }
  CHECK(refused(good + "x").code == Code::BAD_MESSAGE);                                 // trailing bytes
  CHECK(refused(batch({batchOp(3, "k", kNoPath, "")})).code == Code::BAD_MESSAGE);      // no such kind
  CHECK(refused(bytes({0xFF, 0xFF, 0xFF, 0xFF, 0x0F})).code == Code::BAD_MESSAGE);      // 4G ops claimed
  std::string bigIndex = bytes({1, 3, 0, 0, 0x10, 0});                                  // index 1M
  CHECK(refused(batch({batchOp(0, "k", bigIndex, bytes({0}))})).code == Code::BAD_PATH);
  std::string proto = bytes({1});
  writeBinaryString("__proto__", proto);
  CHECK(refused(batch({batchOp(0, "k", proto, bytes({0}))})).code == Code::FORBIDDEN_KEY);
  CHECK(refused(batch({batchOp(0, "k", bytes({1, 9}), bytes({0}))})).code == Code::BAD_PATH);  // segment tag
  Status st = refused(batch({batchOp(0, "ok", kNoPath, bytes({0})), batchOp(0, "k", kNoPath, bytes({4, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F}))}));
  CHECK(st.code == Code::BAD_JSON);
  CHECK(st.opIndex == 1);
  // Path length and value depth share the depth budget, as in the text batch.
  std::string deepPath = bytes({60});
  for (int i = 0; i < 60; ++i) writeBinaryString("p", deepPath);
  CHECK(refused(batch({batchOp(0, "k", deepPath, nested(3, '['))})).ok());
  CHECK(refused(batch({batchOp(0, "k", deepPath, nested(5, '['))})).code == Code::TOO_DEEP);
  Core core("a");
  std::string out;
  binaryApplyLocal(core, batch({batchOp(0, "a", kNoPath, bytes({0})), batchOp(3, "b", kNoPath, "")}), 1, out);
  CHECK(out[0] == 0);
  CHECK(core.exportJson() == "{}");  // nothing of a refused batch is applied
}

TEST_CASE("binary messages: replicas converge through binary ops and state messages as through text") {
  Core a("tab-a"), b("tab-b"), viaText("tab-t"), late("tab-l");
  a.applyLocal({setOp("user", R"({"name":"Ada","tags":["x"],"score":0.1})"), setOp("n", "7")}, 1000);
  a.applyLocal({setOp("user", "\"Bo\"", path({"name"})), delOp("n")}, 1001);
  std::string bin, text;
  Core twin("tab-a");  // same writes, text outbox
  twin.applyLocal({setOp("user", R"({"name":"Ada","tags":["x"],"score":0.1})"), setOp("n", "7")}, 1000);
  twin.applyLocal({setOp("user", "\"Bo\"", path({"name"})), delOp("n")}, 1001);
  REQUIRE(a.takeOutboxBinary(bin));
  REQUIRE(twin.takeOutbox(text));
  CHECK(bin.size() < text.size());
  RemoteResult rb = b.applyRemoteBinary(bin, 2000);
  RemoteResult rt = viaText.applyRemote(text, 2000);
  CHECK(rb.dropped.empty());
  CHECK(rt.dropped.empty());
  CHECK(b.exportJson() == viaText.exportJson());
  CHECK(b.digest() == a.digest());
  CHECK(late.applyRemoteBinary(a.encodeStateBinary(), 2000).dropped.empty());
  CHECK(late.digest() == a.digest());
  CHECK(b.applyRemoteBinary(bin, 2000).changes.empty());  // a duplicate changes nothing
}

TEST_CASE("binary messages hostile: framing errors drop the message, a bad op only itself") {
  Core src("evil");
  src.applyLocal({setOp("k", R"({"a":[1,2,3],"b":"text"})"), setOp("m", "1")}, 1000);
  std::string good;
  REQUIRE(src.takeOutboxBinary(good));
  for (size_t cut = 0; cut < good.size(); ++cut) {
    CAPTURE(cut);
    std::unique_ptr<char[]> part(new char[cut ? cut : 1]);
    std::memcpy(part.get(), good.data(), cut);
    DecodedMessage m = decodeBinaryMessage(std::string_view(part.get(), cut));
    CHECK_FALSE(m.status.ok());
    CHECK(m.ops.empty());
  }
  CHECK(decodeBinaryMessage(good + "x").status.code == Code::BAD_MESSAGE);
  std::string wrongType = good;
  wrongType[1] = 5;
  CHECK(decodeBinaryMessage(wrongType).status.code == Code::UNKNOWN_TYPE);
  std::string spoofed = good;
  spoofed[6] = 'L';  // header origin "eviL", op clocks still "evil"
  DecodedMessage sm = decodeBinaryMessage(spoofed);
  REQUIRE(sm.status.ok());
  REQUIRE(sm.ops.size() == 2);
  CHECK(sm.ops[0].status.code == Code::BAD_MESSAGE);
  CHECK_FALSE(sm.ops[0].op);
  std::string big(Limits::kMaxMessageBytes + 1, '\0');
  big[0] = static_cast<char>(kBinaryMessageMark);
  CHECK(decodeBinaryMessage(big).status.code == Code::TOO_LARGE);
  // A forbidden member inside one op's value drops that op; the other still applies.
  Core polluter("evil");
  polluter.applyLocal({setOp("p", R"({"__proto_!":{"x":1}})"), setOp("q", "2")}, 1000);
  std::string msg;
  REQUIRE(polluter.takeOutboxBinary(msg));
  msg.replace(msg.find("__proto_!"), 9, "__proto__");
  Core victim("victim");
  RemoteResult r = victim.applyRemoteBinary(msg, 2000);
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].code == Code::FORBIDDEN_KEY);
  CHECK(r.dropped[0].opIndex == 0);
  CHECK(victim.exportJson() == R"({"q":2})");
}
