// libFuzzer: the binary value codec, two ways over each input.
//  * As binary (what a hostile tab or a buggy writer could hand the core): whatever the
//    reader accepts writes JSON that nlohmann reads back to an equal value and the core's
//    reader accepts, and writes back binary that decodes to the same tree; whatever it refuses
//    carries a status, never a crash or a read past the end (ASan).
//  * As JSON (the differential against the oracle): nlohmann's value, encoded as the JS
//    writer encodes, decoded by the core and written as JSON, reads back equal to it (numbers
//    compared as the doubles JS holds).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "../cpp/binary_oracle.h"
#include "binary.h"
#include "value.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  us::BinaryOptions lenient;
  lenient.rejectForbidden = false;
  us::Status st;
  us::NodeP n = us::decodeBinary(input, lenient, 0, st);
  if (n) {
    // Exact check through nlohmann's correctly rounded reader; the core's own reader rounds
    // long decimals within a few ulp (its doubles serve equality only), so it must only accept.
    std::string text = us::toJson(*n);
    nlohmann::json back = nlohmann::json::parse(text, nullptr, false);
    if (back.is_discarded() || ustest::asJs(back) != ustest::toNlohmann(*n)) std::abort();
    us::ParseOptions po;
    po.rejectForbidden = false;
    us::Status st2;
    if (!us::parseJson(text, po, 0, st2)) std::abort();
    us::NodeP rebin = us::decodeBinary(us::toBinary(*n), lenient, 0, st2);
    if (!rebin || !us::deepEqual(n, rebin) || us::valueHash(*n) != us::valueHash(*rebin)) std::abort();
  } else if (st.ok()) {
    std::abort();  // refused without saying why
  }

  nlohmann::json ref = nlohmann::json::parse(input.begin(), input.end(), nullptr, false);
  if (ref.is_discarded()) return 0;
  us::NodeP viaBinary = us::decodeBinary(ustest::oracleEncode(ref), lenient, 0, st);
  if (!viaBinary) {
    // Only the core's own limits may refuse what nlohmann accepts.
    if (st.code != us::Code::TOO_DEEP && st.code != us::Code::TOO_LARGE) std::abort();
    return 0;
  }
  if (ustest::asJs(nlohmann::json::parse(us::toJson(*viaBinary), nullptr, false)) != ustest::asJs(ref)) std::abort();
  return 0;
}
