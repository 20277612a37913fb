// Convergence properties (docs/reliability.md scenarios 1-2): replicas writing random ops
// (set, nested set, delete, clear) with delivery reordered, duplicated, dropped and
// resent, and one replica asleep catching up by state messages. At the end every replica
// has the same state and digest, equal to the reference model (all ops sorted by clock).
//   US_PROP_SEEDS (default 100) seeds of US_PROP_OPS (default 300) ops per replica, plus
//   US_PROP_BIG_SEEDS (default 3) seeds at 10,000 ops per replica.
#include <cstdlib>
#include <memory>
#include <random>

#include "helpers.h"
#include "reference_model.h"

using namespace ustest;

namespace {

int envInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

class Simulation {
 public:
  Simulation(uint64_t seed, int replicas) : rng_(seed), inbox_(static_cast<size_t>(replicas)) {
    for (int r = 0; r < replicas; ++r) {
      reps_.push_back(std::make_unique<Core>("r" + std::to_string(r)));
      skew_.push_back(static_cast<int64_t>(pick(41)) - 20);
    }
  }

  void run(int opsPerReplica, bool withSleeper) {
    int total = opsPerReplica * static_cast<int>(reps_.size());
    int written = 0;
    sleeper_ = withSleeper ? static_cast<int>(reps_.size()) - 1 : -1;
    while (written < total) {
      now_ += static_cast<int64_t>(pick(3));
      asleep_ = sleeper_ >= 0 && written > total / 3 && written < 2 * total / 3;
      int r = static_cast<int>(pick(reps_.size()));
      if (pick(100) < 50) {
        written += localWrite(r);
      } else {
        deliverOne(r);
      }
      if (pick(200) == 0) resendDropped();
    }
    asleep_ = false;
    drainAll();
    if (sleeper_ >= 0) {  // the sleeper rejoins: state messages both ways
      Core& s = *reps_[static_cast<size_t>(sleeper_)];
      std::string fromS = s.encodeState();
      deliver(s, reps_[0]->encodeState(), now_);
      for (auto& rep : reps_) deliver(*rep, fromS, now_);
    }
  }

  std::vector<OpP> allOps;
  std::vector<std::unique_ptr<Core>> reps_;

 private:
  uint64_t pick(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }

  std::string randomLeaf() {
    switch (pick(4)) {
      case 0: return std::to_string(pick(10));
      case 1: return "\"s" + std::to_string(pick(5)) + "\"";
      case 2: return pick(2) ? "true" : "null";
      default: return "\"é" + std::to_string(pick(3)) + "\"";
    }
  }
  std::string randomValue(int depth) {
    uint64_t k = depth > 1 ? 0 : pick(4);
    if (k <= 1) return randomLeaf();
    std::string s;
    if (k == 2) {
      s = "{";
      const char* names[] = {"a", "b", "c"};
      for (int i = 0, n = static_cast<int>(pick(3)); i < n; ++i)
        s += std::string(i ? "," : "") + "\"" + names[i] + "\":" + randomValue(depth + 1);
      return s + "}";
    }
    s = "[";
    for (int i = 0, n = static_cast<int>(pick(4)); i < n; ++i) s += std::string(i ? "," : "") + randomValue(depth + 1);
    return s + "]";
  }

  // A path to an existing container in `v` plus one more segment inside it.
  bool randomPath(NodeP v, Path& p, bool existingOnly) {
    p.clear();
    while (v && v->isContainer()) {
      bool stop = pick(2) == 0;
      if (v->type == Type::Array) {
        size_t n = v->items.size();
        if (stop || n == 0) {
          if (existingOnly && n == 0) return false;
          p.push_back(Segment::at(static_cast<uint32_t>(pick(existingOnly ? n : n + 1))));
          return true;
        }
        size_t i = pick(n);
        p.push_back(Segment::at(static_cast<uint32_t>(i)));
        v = v->items[i];
      } else {
        size_t n = v->members.size();
        if (stop || n == 0) {
          if (existingOnly && n == 0) return false;
          const char* names[] = {"a", "b", "c", "d"};
          p.push_back(Segment::member(existingOnly ? v->members[pick(n)].name : names[pick(4)]));
          return true;
        }
        const Member& m = v->members[pick(n)];
        p.push_back(Segment::member(m.name));
        v = m.value;
      }
    }
    return false;  // reached a leaf: the caller falls back to a whole-key write
  }

  int localWrite(int r) {
    Core& c = *reps_[static_cast<size_t>(r)];
    int64_t now = now_ + skew_[static_cast<size_t>(r)];
    std::vector<LocalOpIn> batch;
    int n = 1 + static_cast<int>(pick(100) < 20 ? pick(3) : 0);
    for (int i = 0; i < n; ++i) {
      std::string key = "k" + std::to_string(pick(8));
      uint64_t roll = pick(1000);
      Path p;
      if (roll < 8) {
        batch.push_back(clearOp());
      } else if (roll < 400) {
        batch.push_back(setOp(key, randomValue(0)));
      } else if (roll < 750) {
        // Nested ops address the replica's current state, as a real caller would.
        if (batch.empty() && randomPath(c.get(key), p, false))
          batch.push_back(setOp(key, randomValue(1), p));
        else
          batch.push_back(setOp(key, randomValue(0)));
      } else if (batch.empty() && randomPath(c.get(key), p, true)) {
        batch.push_back(delOp(key, p));
      } else {
        batch.push_back(delOp(key));
      }
    }
    LocalResult res = c.applyLocal(batch, now);
    REQUIRE_MESSAGE(res.ok, res.error.message);
    std::string msg;
    while (c.takeOutbox(msg)) {
      DecodedMessage d = decodeMessage(msg);
      REQUIRE(d.status.ok());
      for (auto& op : d.ops) allOps.push_back(op.op);
      if (asleep_ && r == sleeper_) continue;  // lost: the sleeper's channel is closed
      for (size_t to = 0; to < reps_.size(); ++to)
        if (static_cast<int>(to) != r) inbox_[to].push_back(msg);
    }
    return static_cast<int>(batch.size());
  }

  void deliverOne(int r) {
    auto& box = inbox_[static_cast<size_t>(r)];
    if (box.empty()) return;
    size_t i = pick(box.size());
    std::string msg = box[i];
    uint64_t fate = pick(10);
    if (fate == 0) {  // dropped now, resent later
      resend_.emplace_back(r, msg);
    } else if (asleep_ && r == sleeper_) {
      // lost for good; the sleeper catches up from a state message
    } else {
      deliver(*reps_[static_cast<size_t>(r)], msg, now_ + skew_[static_cast<size_t>(r)]);
    }
    if (fate != 1) {  // fate 1: duplicated (stays queued)
      box[i] = std::move(box.back());
      box.pop_back();
    }
  }

  void resendDropped() {
    for (auto& [to, msg] : resend_) inbox_[static_cast<size_t>(to)].push_back(std::move(msg));
    resend_.clear();
  }

  void drainAll() {
    resendDropped();
    bool any = true;
    while (any) {
      any = false;
      for (size_t r = 0; r < reps_.size(); ++r) {
        auto& box = inbox_[r];
        while (!box.empty()) {
          size_t i = pick(box.size());
          deliver(*reps_[r], box[i], now_ + 100);
          box[i] = std::move(box.back());
          box.pop_back();
          any = true;
        }
      }
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::vector<std::string>> inbox_;
  std::vector<std::pair<int, std::string>> resend_;
  std::vector<int64_t> skew_;
  int64_t now_ = 1'700'000'000'000;
  int sleeper_ = -1;
  bool asleep_ = false;
};

void checkConverged(Simulation& sim, uint64_t seed) {
  INFO("seed " << seed);
  nlohmann::json expected = referenceState(sim.allOps);
  std::string digest = sim.reps_[0]->digest();
  for (auto& rep : sim.reps_) {
    CHECK(rep->digest() == digest);
    nlohmann::json got = nlohmann::json::parse(rep->exportJson(), nullptr, false);
    REQUIRE_FALSE(got.is_discarded());
    CHECK(got == expected);
  }
}

void runSeeds(int seeds, int opsPerReplica, uint64_t base) {
  for (int s = 0; s < seeds; ++s) {
    uint64_t seed = base + static_cast<uint64_t>(s);
    Simulation sim(seed, 5);
    sim.run(opsPerReplica, seed % 3 == 0);
    checkConverged(sim, seed);
  }
}

}  // namespace

TEST_CASE("property: 5 replicas converge to the reference model (many seeds)") {
  runSeeds(envInt("US_PROP_SEEDS", 100), envInt("US_PROP_OPS", 300), 1);
}

TEST_CASE("property: 5 replicas x 10,000 ops converge") {
  runSeeds(envInt("US_PROP_BIG_SEEDS", 3), 10000, 100000);
}

TEST_CASE("property: every op applied twice in random order gives the same state") {
  for (uint64_t seed = 7; seed < 17; ++seed) {
    Simulation sim(seed, 3);
    sim.run(300, false);
    std::vector<OpP> twice = sim.allOps;
    twice.insert(twice.end(), sim.allOps.begin(), sim.allOps.end());
    std::mt19937_64 rng(seed);
    std::shuffle(twice.begin(), twice.end(), rng);
    Core fresh("fresh");
    for (const OpP& op : twice) {
      std::string msg = "{\"t\":\"ops\",\"v\":2,\"o\":";
      writeJsonString(op->clock.origin, msg);
      msg += ",\"ops\":[";
      encodeOp(*op, msg);
      msg += "]}";
      deliver(fresh, msg, 1'800'000'000'000);
    }
    INFO("seed " << seed);
    CHECK(fresh.digest() == sim.reps_[0]->digest());
    CHECK(nlohmann::json::parse(fresh.exportJson(), nullptr, false) == referenceState(sim.allOps));
  }
}
