// Per-operation costs of the core, natively (build with the native-bench preset: no
// sanitizers, -O2). Prints medians of 5 rounds; nothing is asserted.
//   cmake --preset native-bench && cmake --build --preset native-bench && build/native-bench/core_bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core.h"
#include "core_text.h"

using namespace us;
using Clock_ = std::chrono::steady_clock;

static double medianNs(int n, const std::function<void(int)>& body) {
  std::vector<double> rounds;
  for (int r = 0; r < 5; ++r) {
    auto t0 = Clock_::now();
    for (int i = 0; i < n; ++i) body(i);
    rounds.push_back(std::chrono::duration<double, std::nano>(Clock_::now() - t0).count() / n);
  }
  std::sort(rounds.begin(), rounds.end());
  return rounds[2];
}

static NodeP parse(const std::string& s) {
  Status st;
  return parseJson(s, ParseOptions{}, 0, st);
}

int main() {
  const int n = 100000;
  int64_t now = 1'700'000'000'000;
  std::string out, msg;

  Core local("bench");
  double setNs = medianNs(n, [&](int i) {
    local.applyLocal({LocalOpIn{OpKind::Set, "counter", {}, makeNumber(i * 0.5 + 0.25), "", ""}}, now);
    if (i % 64 == 0) local.takeOutbox(msg);
  });
  std::printf("local set (C++ API, number)            %8.0f ns/op\n", setNs);

  Core text("bench");
  double textNs = medianNs(n, [&](int i) {
    std::string v = std::to_string(i) + ".5";
    std::string h = "[[0,\"counter\",[],";
    h += std::to_string(v.size()) + ",\"\",\"\"]]";
    textApplyLocal(text, v, h, now, out);
    if (i % 64 == 0) text.takeOutbox(msg);
  });
  std::printf("local set (text protocol, number)      %8.0f ns/op\n", textNs);

  const std::string user = "{\"id\":42,\"name\":\"Ann Example\",\"email\":\"ann@example.com\",\"roles\":[\"admin\",\"user\"],"
                           "\"profile\":{\"city\":\"Berlin\",\"theme\":\"dark\",\"age\":33},\"active\":true}";
  Core users("bench");
  double userNs = medianNs(n / 4, [&](int i) {
    std::string h = "[[0,\"user" + std::to_string(i % 1000) + "\",[],";
    std::string v = user;
    v.back() = ',';
    v += "\"n\":" + std::to_string(i) + "}";
    h += std::to_string(v.size()) + ",\"\",\"\"]]";
    textApplyLocal(users, v, h, now, out);
    if (i % 64 == 0) users.takeOutbox(msg);
  });
  std::printf("local set (text, ~200 B object)        %8.0f ns/op\n", userNs);

  Core nested("bench");
  nested.applyLocal({LocalOpIn{OpKind::Set, "user", {}, parse(user), "", ""}}, now);
  Path p{Segment::member("profile"), Segment::member("age")};
  double nestedNs = medianNs(n, [&](int i) {
    nested.applyLocal({LocalOpIn{OpKind::Set, "user", p, makeNumber(i), "", ""}}, now);
    if (i % 64 == 0) nested.takeOutbox(msg);
  });
  std::printf("nested set user.profile.age (C++ API)  %8.0f ns/op\n", nestedNs);

  // Remote merge: single-op messages from another replica, applied in order.
  Core writer("writer");
  std::vector<std::string> messages;
  for (int i = 0; i < n; ++i) {
    writer.applyLocal({LocalOpIn{OpKind::Set, "k" + std::to_string(i % 100), {}, makeNumber(i), "", ""}}, now + i / 10);
    writer.takeOutbox(msg);
    messages.push_back(msg);
  }
  std::vector<double> mergeRounds;
  for (int r = 0; r < 5; ++r) {
    Core reader("reader");
    auto t0 = Clock_::now();
    for (const std::string& m : messages) textApplyRemote(reader, m, now + n, out);
    mergeRounds.push_back(std::chrono::duration<double, std::nano>(Clock_::now() - t0).count() / n);
  }
  std::sort(mergeRounds.begin(), mergeRounds.end());
  std::printf("remote merge (1-op message, text)      %8.0f ns/op   (%zu B message)\n", mergeRounds[2], messages[0].size());

  // Snapshot after one change in a 10k-key store.
  Core big("bench");
  std::vector<LocalOpIn> fill;
  for (int i = 0; i < 10000; ++i) fill.push_back(LocalOpIn{OpKind::Set, "key" + std::to_string(i), {}, parse(user), "", ""});
  big.applyLocal(fill, now);
  double snapNs = medianNs(10000, [&](int i) {
    big.applyLocal({LocalOpIn{OpKind::Set, "key" + std::to_string(i), {}, makeNumber(i), "", ""}}, now);
    big.releaseSnapshot(big.snapshot());
    if (i % 64 == 0) big.takeOutbox(msg);
  });
  std::printf("one set + snapshot, 10k keys           %8.0f ns/op\n", snapNs);
  return 0;
}
