// libFuzzer target: a KQL query run over one generated small-business-50 day (Engine::Run/Explain).
// Run with scripts/fuzz.sh kql_exec SECONDS (docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)td::fuzz::FeedKqlRun(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
