// Shared buffers and the wrapper around us::Core that reads its inputs from them (see bound_core.h).
#include "bound_core.h"

#include <algorithm>
#include <cstring>

#include "binary.h"
#include "core_binary.h"

namespace us::wasm {
namespace {

// The input buffer starts as 64 KB of static memory, zero in the module's image and so free
// at start-up; a std::vector of that size was filled byte by byte by a static constructor
// on every page load, before the first call. It moves to the heap only when an input needs
// more, at least doubling so that growing inputs reallocate rarely.
constexpr size_t kStaticInputBytes = 64 * 1024;
char gStaticInput[kStaticInputBytes];
char* gInputData = gStaticInput;
size_t gInputSize = kStaticInputBytes;
std::string gOutput;

std::string_view input(size_t offset, size_t bytes) {
  if (offset > gInputSize || bytes > gInputSize - offset) return {};
  return std::string_view(gInputData + offset, bytes);
}

int emit(std::string&& text) {
  gOutput = std::move(text);
  return static_cast<int>(gOutput.size());
}

// JS passes Date.now(); clocks are integral milliseconds.
int64_t ms(double now) { return now > 0 ? static_cast<int64_t>(now) : 0; }

}  // namespace

uint32_t reserveInput(uint32_t bytes) {
  if (bytes > gInputSize) {
    size_t size = std::max<size_t>(bytes, gInputSize * 2);
    char* grown = new char[size];
    std::memcpy(grown, gInputData, gInputSize);  // the contents are kept (see the header)
    if (gInputData != gStaticInput) delete[] gInputData;
    gInputData = grown;
    gInputSize = size;
  }
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(gInputData));
}

uint32_t outputAddress() { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(gOutput.data())); }

BoundCore::BoundCore(uint32_t originBytes, double maxFutureMs, int schemaVersion)
    : core_(std::string(input(0, originBytes)), maxFutureMs >= 0 ? static_cast<int64_t>(maxFutureMs) : 60000,
            schemaVersion),
      schemaVersion_(schemaVersion) {}

int BoundCore::applyLocal(uint32_t batchBytes, double nowMs) {
  std::string out;
  binaryApplyLocal(core_, input(0, batchBytes), ms(nowMs), out);
  return emit(std::move(out));
}

int BoundCore::takeOutbox() {
  std::string out;
  if (!core_.takeOutboxBinary(out)) return -1;
  return emit(std::move(out));
}

int BoundCore::applyRemote(uint32_t bytes, double nowMs) {
  std::string out;
  binaryApplyRemote(core_, input(0, bytes), ms(nowMs), out);
  return emit(std::move(out));
}

int BoundCore::encodeStateBinary() { return emit(core_.encodeStateBinary()); }
int BoundCore::digest() { return emit(core_.digest()); }

int BoundCore::exportValues() {
  uint32_t live = 0;
  const auto& keys = core_.store().state().keys;
  keys.forEach([&](const std::string&, const KeyRecP& rec) { live += rec->value ? 1 : 0; });
  std::string out(1, static_cast<char>(BinTag::Object));
  writeVarint(live, out);
  keys.forEach([&](const std::string& k, const KeyRecP& rec) {
    if (!rec->value) return;
    writeBinaryString(k, out);
    writeBinary(*rec->value, out);
  });
  return emit(std::move(out));
}

int BoundCore::keyValue(uint32_t keyBytes) {
  NodeP v = core_.get(input(0, keyBytes));
  if (!v) return -1;
  return emit(toBinary(*v));
}

int BoundCore::keyMeta(uint32_t keyBytes) {
  std::string_view key = input(0, keyBytes);
  NodeP v = core_.get(key);
  if (!v) return -1;
  const Clock* c = core_.store().lastClock(key);
  Clock clock = c ? *c : Clock{};
  std::string out;
  writeVarint(static_cast<uint32_t>(schemaVersion_), out);
  for (double d : {static_cast<double>(clock.wall), static_cast<double>(clock.counter)}) {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
  }
  writeBinaryString(clock.origin, out);
  writeBinaryString(hashHex(valueHash(*v)), out);
  return emit(std::move(out));
}

int BoundCore::loadEntry(uint32_t keyBytes, uint32_t valueBytes, uint32_t metaBytes, double nowMs) {
  StoredMeta meta;
  if (!decodeStoredMeta(input(keyBytes + valueBytes, metaBytes), meta)) meta.state = StoredMeta::State::Unreadable;
  std::string out;
  writeLoadResultBinary(core_.loadBinaryEntry(input(0, keyBytes), input(keyBytes, valueBytes), meta, ms(nowMs)), out);
  return emit(std::move(out));
}

int BoundCore::restore(int id, double nowMs) {
  std::string out;
  binaryRestore(core_, id, ms(nowMs), out);
  return emit(std::move(out));
}

}  // namespace us::wasm
