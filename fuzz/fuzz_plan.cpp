// libFuzzer target: a response plan file (sim::ParsePlan against each shipped scenario).
// Run with scripts/fuzz.sh plan SECONDS (docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)td::fuzz::FeedPlan(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
