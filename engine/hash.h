#pragma once
// Stable hashing and id formatting. Never depends on pointer values or std::hash (which differs
// between library builds), so ids are the same on every machine.
#include <cstdint>
#include <string>
#include <string_view>

namespace td::engine {

constexpr uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) { h ^= static_cast<unsigned char>(c); h *= 1099511628211ull; }
  return h;
}

// SplitMix64 finaliser: a good 64-bit mixer, used to derive seeds and ids.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
constexpr uint64_t Mix64(uint64_t a, uint64_t b) { return Mix64(a ^ Mix64(b + 0x632be59bd9b4e019ull)); }
constexpr uint64_t Mix64(uint64_t a, uint64_t b, uint64_t c) { return Mix64(Mix64(a, b), c); }

// Appends a lower-case RFC 4122 version-4 style GUID derived from a 64-bit key and a namespace.
void AppendGuid(std::string& out, uint64_t key, uint64_t ns = 0);
std::string Guid(uint64_t key, uint64_t ns = 0);
// Appends a base64url token of n characters (UniqueTokenIdentifier style, e.g. "3kVZRE8tFkinHtPA7_EFAA").
void AppendToken(std::string& out, uint64_t key, int n = 22);
// Appends n upper-case hex digits of key (PUIDs such as "10032000C757D25F").
void AppendHex(std::string& out, uint64_t key, int n);

}  // namespace td::engine
