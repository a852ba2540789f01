// libFuzzer target: a KQL query through the parser (Engine::CheckSyntax).
// Run with scripts/fuzz.sh kql_parse SECONDS (docs/reliability.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)td::fuzz::FeedKqlSyntax(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
