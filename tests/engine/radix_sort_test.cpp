#include <doctest/doctest.h>

#include <algorithm>

#include "engine/radix_sort.h"
#include "engine/random.h"

TEST_CASE("radix sort orders by the high bits and keeps ties in their original order") {
  td::engine::RandomStream r(1, "radix");
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 50000; ++i) keys.push_back((static_cast<uint64_t>(r.UniformInt(0, 300000)) << 24) | i);
  std::vector<uint64_t> expect = keys;
  std::stable_sort(expect.begin(), expect.end(), [](uint64_t a, uint64_t b) { return (a >> 24) < (b >> 24); });
  td::engine::RadixSortHighBits(keys, 24);
  CHECK(keys == expect);
}
