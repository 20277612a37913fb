// The core's JSON text inputs: protocol v2 messages and stored entries as text. Native builds
// only (tests, fuzzers, the native bench); the wasm reads only the binary form, and JS turns
// text into it (js-shim/wasm/text-message.ts, stored-meta.ts) with these same checks.
#include "core.h"

namespace us {

StoredMeta readMetaText(std::optional<std::string_view> metaText) {
  StoredMeta m;
  if (!metaText) return m;
  m.state = decodeMeta(*metaText, m.meta) ? StoredMeta::State::Decoded : StoredMeta::State::Unreadable;
  return m;
}

RemoteResult Core::applyRemote(std::string_view message, int64_t nowMs) {
  return applyDecoded(decodeMessage(message), nowMs);
}

LoadResult Core::loadEntry(std::string_view key, std::string_view valueText,
                           std::optional<std::string_view> metaText, int64_t nowMs) {
  LoadResult r;
  Status st = checkKey(key);
  NodeP value;
  if (st.ok() && valueText.size() > Limits::kMaxValueBytes) st = Status::make(Code::TOO_LARGE, "stored value over 1 MiB");
  if (st.ok()) value = parseJson(valueText, ParseOptions{}, store_.state().version, st);
  if (!st.ok()) {
    r.ok = false;
    r.error = st;
    return r;
  }
  return loadValue(key, std::move(value), readMetaText(metaText), nowMs);
}

}  // namespace us
