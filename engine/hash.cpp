#include "engine/hash.h"

namespace td::engine {

namespace {
constexpr char kHex[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

void AppendGuid(std::string& out, uint64_t key, uint64_t ns) {
  uint64_t hi = Mix64(key, ns, 1), lo = Mix64(key, ns, 2);
  hi = (hi & 0xffffffffffff0fffull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3fffffffffffffffull) | 0x8000000000000000ull;  // variant 10
  char buf[36];
  int p = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[p++] = '-';
    uint64_t word = i < 8 ? hi : lo;
    auto byte = static_cast<unsigned>((word >> (8 * (7 - (i & 7)))) & 0xff);
    buf[p++] = kHex[byte >> 4];
    buf[p++] = kHex[byte & 15];
  }
  out.append(buf, 36);
}

std::string Guid(uint64_t key, uint64_t ns) {
  std::string s;
  s.reserve(36);
  AppendGuid(s, key, ns);
  return s;
}

void AppendToken(std::string& out, uint64_t key, int n) {
  uint64_t x = Mix64(key, 0x70c3e);
  for (int i = 0; i < n; ++i) {
    if (i % 10 == 9) x = Mix64(x, static_cast<uint64_t>(i));
    out.push_back(kB64[x & 63]);
    x >>= 6;
  }
}

void AppendHex(std::string& out, uint64_t key, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(kHexUpper[(key >> (4 * (i % 16))) & 15]);
}

}  // namespace td::engine
