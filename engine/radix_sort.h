#pragma once
// Stable LSD radix sort of 64-bit keys by bits [lo_bit, 64): keys equal in those bits keep their
// order. Used to order a day's events by time, with the event's index in the low bits.
#include <cstdint>
#include <vector>

namespace td::engine {

void RadixSortHighBits(std::vector<uint64_t>& keys, int lo_bit);

}  // namespace td::engine
