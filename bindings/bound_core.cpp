// Shared buffers and the wrapper around us::Core that reads its inputs from them (see bound_core.h).
#include "bound_core.h"

#include <vector>

#include "core_binary.h"

namespace us::wasm {
namespace {

std::vector<char> gInput(64 * 1024);
std::string gOutput;

std::string_view input(size_t offset, size_t bytes) {
  if (offset > gInput.size() || bytes > gInput.size() - offset) return {};
  return std::string_view(gInput.data() + offset, bytes);
}

int emit(std::string&& text) {
  gOutput = std::move(text);
  return static_cast<int>(gOutput.size());
}

// JS passes Date.now(); clocks are integral milliseconds.
int64_t ms(double now) { return now > 0 ? static_cast<int64_t>(now) : 0; }

}  // namespace

uint32_t reserveInput(uint32_t bytes) {
  if (bytes > gInput.size()) gInput.resize(bytes);
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(gInput.data()));
}

uint32_t outputAddress() { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(gOutput.data())); }

BoundCore::BoundCore(uint32_t originBytes, double maxFutureMs, int schemaVersion)
    : core_(std::string(input(0, originBytes)), maxFutureMs >= 0 ? static_cast<int64_t>(maxFutureMs) : 60000,
            schemaVersion) {}

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

int BoundCore::encodeState() { return emit(core_.encodeState()); }
int BoundCore::encodeStateBinary() { return emit(core_.encodeStateBinary()); }
int BoundCore::digest() { return emit(core_.digest()); }
int BoundCore::exportJson() { return emit(core_.exportJson()); }

int BoundCore::keyJson(uint32_t keyBytes) {
  std::string out;
  if (!core_.keyJson(input(0, keyBytes), out)) return -1;
  return emit(std::move(out));
}

int BoundCore::keyMeta(uint32_t keyBytes) {
  std::string out;
  if (!core_.keyMeta(input(0, keyBytes), out)) return -1;
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
