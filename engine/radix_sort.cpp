#include "engine/radix_sort.h"

#include <array>

namespace td::engine {

void RadixSortHighBits(std::vector<uint64_t>& keys, int lo_bit) {
  if (keys.size() < 2) return;
  uint64_t all_or = 0, all_and = ~0ull;
  for (uint64_t k : keys) { all_or |= k; all_and &= k; }
  const uint64_t varying = all_or ^ all_and;  // bits that differ somewhere
  thread_local std::vector<uint64_t> tmp;  // reused: sorting a day's events allocates nothing once warm
  tmp.resize(keys.size());
  constexpr int kDigit = 16;
  for (int shift = lo_bit; shift < 64; shift += kDigit) {
    if (((varying >> shift) & 0xffff) == 0) continue;  // this digit is the same everywhere
    std::array<uint32_t, 1 << kDigit> count{};
    for (uint64_t k : keys) ++count[(k >> shift) & 0xffff];
    uint32_t sum = 0;
    for (auto& c : count) { uint32_t n = c; c = sum; sum += n; }
    for (uint64_t k : keys) tmp[count[(k >> shift) & 0xffff]++] = k;
    keys.swap(tmp);
  }
}

}  // namespace td::engine
