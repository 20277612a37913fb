// The JSON tree: parsing limits, serialization shape, equality and hashing.
#include "helpers.h"

using namespace ustest;

static Status parseStatus(std::string_view text, ParseOptions o = {}) {
  Status st;
  parseJson(text, o, 0, st);
  return st;
}

TEST_CASE("value: parse and serialize round trip in JSON.stringify shape") {
  const char* cases[] = {
      "null", "true", "false", "0", "-1", "1.5", "1e-7", "\"a\\\"b\\\\c\\n\\u0001\"",
      "[]", "{}", "[1,[2,[3]]]", "{\"b\":1,\"a\":{\"c\":[true,null]}}", "\"héllo 🌍\"",
  };
  for (const char* c : cases) {
    CHECK_MESSAGE(toJson(*json(c)) == toJson(*json(toJson(*json(c)))), c);
    NodeP n = json(c);
    NodeP again = json(toJson(*n));
    CHECK_MESSAGE(deepEqual(n, again), c);
  }
  CHECK(toJson(*json("{ \"b\" : 1 , \"a\" : 2 }")) == "{\"b\":1,\"a\":2}");  // insertion order kept
  CHECK(toJson(*json("1.0")) == "1.0");  // non-integers are written back verbatim
  CHECK(toJson(*json("0.30000000000000004")) == "0.30000000000000004");
  CHECK(toJson(*json("9007199254740993")) == "9007199254740993");  // beyond 2^53: text kept
  CHECK(deepEqual(json("1.0"), json("1")));
  CHECK(deepEqual(json("1e2"), json("100")));
  CHECK(json("0.1")->number == 0.1);
  CHECK(json("-2.5e-3")->number == -0.0025);
  CHECK(toJson(*json("-0")) == "0");
  CHECK(toJson(*json("123456789012")) == "123456789012");
  CHECK(toJson(*json("\"\\u00e9\"")) == "\"é\"");  // non-ASCII written raw, like JSON.stringify
}

TEST_CASE("value: invalid JSON is a status, never an abort") {
  const char* bad[] = {"", "{", "[1,]", "nul", "\"unterminated", "{\"a\" 1}", "1 2", "\xff", "1e400", "[1]x"};
  for (const char* b : bad) CHECK_MESSAGE(parseStatus(b).code == Code::BAD_JSON, b);
}

TEST_CASE("value: depth limit and forbidden member names") {
  std::string deep(64, '[');
  deep += std::string(64, ']');
  CHECK(parseStatus(deep).ok());
  std::string tooDeep(65, '[');
  tooDeep += std::string(65, ']');
  CHECK(parseStatus(tooDeep).code == Code::TOO_DEEP);
  CHECK(parseStatus("{\"a\":[{\"__proto__\":1}]}").code == Code::FORBIDDEN_KEY);
  CHECK(parseStatus("{\"constructor\":1}").code == Code::FORBIDDEN_KEY);
  CHECK(parseStatus("{\"prototype\":1}").code == Code::FORBIDDEN_KEY);
  CHECK(parseStatus("\"__proto__\"").ok());  // a string value is harmless
  ParseOptions lenient;
  lenient.rejectForbidden = false;
  CHECK(parseStatus("{\"__proto__\":1}", lenient).ok());
}

TEST_CASE("value: duplicate members keep the last, as JSON.parse does") {
  CHECK(toJson(*json("{\"a\":1,\"b\":2,\"a\":3}")) == "{\"a\":3,\"b\":2}");
  std::string big = "{";
  for (int i = 0; i < 40; ++i) big += "\"m" + std::to_string(i % 20) + "\":" + std::to_string(i) + ",";
  big += "\"m0\":\"last\"}";
  NodeP n = json(big);
  CHECK(n->members.size() == 20);
  CHECK(n->members[0].name == "m0");
  CHECK(toJson(*n->members[0].value) == "\"last\"");
  CHECK(toJson(*n->members[19].value) == "39");
}

TEST_CASE("value: deep equality and hash ignore member order") {
  NodeP a = json("{\"x\":1,\"y\":[1,{\"p\":null,\"q\":\"s\"}]}");
  NodeP b = json("{\"y\":[1,{\"q\":\"s\",\"p\":null}],\"x\":1.0}");
  CHECK(deepEqual(a, b));
  CHECK(valueHash(*a) == valueHash(*b));
  NodeP c = json("{\"y\":[{\"q\":\"s\",\"p\":null},1],\"x\":1}");
  CHECK_FALSE(deepEqual(a, c));
  CHECK(valueHash(*a) != valueHash(*c));
  CHECK_FALSE(deepEqual(json("1"), json("\"1\"")));
  CHECK_FALSE(deepEqual(json("[]"), json("{}")));
  CHECK(deepEqual(json("0"), json("-0")));
  CHECK(valueHash(*json("0")) == valueHash(*json("-0")));
}

TEST_CASE("value: validateTree measures and checks trees built elsewhere") {
  size_t bytes = 0;
  CHECK(validateTree(*json("{\"a\":\"xyz\"}"), 64, bytes).ok());
  CHECK(bytes > 5);
  ParseOptions lenient;
  lenient.rejectForbidden = false;
  Status st;
  NodeP polluted = parseJson("{\"a\":{\"__proto__\":{}}}", lenient, 0, st);
  REQUIRE(polluted);
  bytes = 0;
  CHECK(validateTree(*polluted, 64, bytes).code == Code::FORBIDDEN_KEY);
  bytes = 0;
  CHECK(validateTree(*json("[[[1]]]"), 2, bytes).code == Code::TOO_DEEP);
}

TEST_CASE("value: utf16Length matches JS string length") {
  CHECK(utf16Length("abc") == 3);
  CHECK(utf16Length("é") == 1);
  CHECK(utf16Length("日本") == 2);
  CHECK(utf16Length("🌍") == 2);
}
