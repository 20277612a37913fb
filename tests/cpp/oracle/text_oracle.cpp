// The core's JSON text readers as a process, for tests/js/text-input-differential.test.ts:
// the wasm no longer links them, so the JS conversion that replaced them is compared with
// what they do on the same texts. Reads frames from stdin, "<kind> <bytes>\n<bytes of text>",
// and answers each with one line of JSON:
//   msg  <text>  a v2 message into a fresh core:  {"dropped":[[code,message,opIndex],...],"state":<exportJson>}
//   meta <text>  metadata beside the value 1 of key "k", a fresh core (schema 1):
//                {"ok":0|1,"rep":0|1,"e":[code,message,opIndex]|null,"state":<exportJson>}
// Every fresh core has origin "oracle" and reads at the same now the JS side uses.
#include <iostream>
#include <string>

#include "core.h"

namespace {

constexpr int64_t kNowMs = 1700000000000;

void status(const us::Status& s, std::string& out) {
  out += '[';
  us::writeJsonString(us::codeName(s.code), out);
  out += ',';
  us::writeJsonString(s.message, out);
  out += ',' + us::decimal(s.opIndex) + ']';
}

}  // namespace

int main() {
  std::string kind;
  size_t bytes = 0;
  while (std::cin >> kind >> bytes) {
    std::cin.get();  // the newline after the header
    std::string text(bytes, '\0');
    std::cin.read(text.data(), static_cast<std::streamsize>(bytes));
    us::Core core("oracle");
    std::string out;
    if (kind == "msg") {
      us::RemoteResult r = core.applyRemote(text, kNowMs);
      out = "{\"dropped\":[";
      for (size_t i = 0; i < r.dropped.size(); ++i) {
        if (i) out += ',';
        status(r.dropped[i], out);
      }
      out += "],\"state\":" + core.exportJson() + '}';
    } else {
      us::LoadResult r = core.loadEntry("k", "1", text, kNowMs);
      out = std::string("{\"ok\":") + (r.ok ? "1" : "0") + ",\"rep\":" + (r.repaired ? "1" : "0") + ",\"e\":";
      if (r.error.ok()) out += "null";
      else status(r.error, out);
      out += ",\"state\":" + core.exportJson() + '}';
    }
    std::cout << out << '\n' << std::flush;
  }
  return 0;
}
