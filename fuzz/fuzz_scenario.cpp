// libFuzzer target: a scenario file (sim::ParseScenario).
// Run with scripts/fuzz.sh scenario SECONDS (docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)td::fuzz::FeedScenario(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
