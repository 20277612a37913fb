// Hybrid logical clock: (wall ms, counter) plus the writer's origin id. The total order
// (wall, counter, origin bytes) is what every merge decision uses.
#pragma once
#include <cstdint>
#include <string>
#include <tuple>

namespace us {

// The largest clock counter a replica accepts from outside (other tabs, stored metadata).
// A counter only grows by one per write in the same millisecond (or while the wall clock
// stands still), so 2^32 is never reached honestly; without a bound, one op at
// Number.MAX_SAFE_INTEGER would push every replica's next counter past what JS can read.
constexpr uint64_t kMaxClockCounter = 1ull << 32;

struct Clock {
  int64_t wall = 0;
  uint64_t counter = 0;
  std::string origin;

  bool isZero() const { return wall == 0 && counter == 0 && origin.empty(); }
};

inline int compareClock(const Clock& a, const Clock& b) {
  if (a.wall != b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter != b.counter) return a.counter < b.counter ? -1 : 1;
  int c = a.origin.compare(b.origin);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
inline bool operator<(const Clock& a, const Clock& b) { return compareClock(a, b) < 0; }
inline bool operator==(const Clock& a, const Clock& b) { return compareClock(a, b) == 0; }
inline bool operator!=(const Clock& a, const Clock& b) { return !(a == b); }
inline bool operator>(const Clock& a, const Clock& b) { return b < a; }
inline bool operator<=(const Clock& a, const Clock& b) { return !(b < a); }

// The local replica's clock. `tick` stamps a local write; `observe` folds in an accepted
// remote clock so the next local write orders after it. Wall time going backwards, or a
// remote clock ahead of ours, only makes the counter grow: local writes never stall.
class Hlc {
 public:
  explicit Hlc(std::string origin) : origin_(std::move(origin)) {}

  Clock tick(int64_t nowMs) {
    if (nowMs > wall_) {
      wall_ = nowMs;
      counter_ = 0;
    } else if (counter_ >= kMaxClockCounter) {
      // Carry into the next millisecond: the order is kept and the counter stays in bounds.
      ++wall_;
      counter_ = 0;
    } else {
      ++counter_;
    }
    return Clock{wall_, counter_, origin_};
  }

  // Callers observe only clocks they accepted, whose counter is within kMaxClockCounter.
  void observe(const Clock& c) {
    if (c.counter > kMaxClockCounter) return;
    if (c.wall > wall_) {
      wall_ = c.wall;
      counter_ = c.counter;
    } else if (c.wall == wall_ && c.counter > counter_) {
      counter_ = c.counter;
    }
  }

  const std::string& origin() const { return origin_; }
  int64_t wall() const { return wall_; }
  uint64_t counter() const { return counter_; }
  void restore(int64_t wall, uint64_t counter) {
    wall_ = wall;
    counter_ = counter;
  }

 private:
  std::string origin_;
  int64_t wall_ = 0;
  uint64_t counter_ = 0;
};

}  // namespace us
