// Status codes shared by every layer of the core. Errors are values: nothing throws.
#pragma once
#include <string>

namespace us {

enum class Code {
  OK,
  BAD_JSON,
  BAD_KEY,
  FORBIDDEN_KEY,
  BAD_PATH,
  TOO_LARGE,
  TOO_DEEP,
  BAD_MESSAGE,
  UNKNOWN_TYPE,
  FUTURE_CLOCK,
  BAD_META,
  ACCESS_DENIED,
  NOT_FOUND,
};

const char* codeName(Code c);

struct Status {
  Code code = Code::OK;
  std::string message;
  int opIndex = -1;  // -1: not tied to one op of a batch/message

  bool ok() const { return code == Code::OK; }
  static Status make(Code c, std::string msg, int index = -1) {
    Status s;
    s.code = c;
    s.message = std::move(msg);
    s.opIndex = index;
    return s;
  }
};

// Limits from docs/internals/contracts.md section 2.
struct Limits {
  static constexpr size_t kMaxValueBytes = 1u << 20;    // 1 MiB of value JSON
  static constexpr size_t kMaxMessageBytes = 4u << 20;  // 4 MiB of message / batch text
  static constexpr size_t kMaxDepth = 64;               // path length + value nesting
  static constexpr size_t kMaxKeyBytes = 1024;
  static constexpr size_t kMaxOriginBytes = 256;
  // An array index past this is rejected: padding with nulls would blow the value limit.
  static constexpr size_t kMaxArrayIndex = 262143;
};

}  // namespace us
