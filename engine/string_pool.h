#pragma once
// Dictionary of strings: each distinct string gets a u32 code in insertion order (deterministic).
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace td::engine {

class StringPool {
 public:
  StringPool() = default;
  StringPool(const StringPool&) = delete;  // views into m_strings must stay valid
  StringPool& operator=(const StringPool&) = delete;

  uint32_t Intern(std::string_view s);                  // code of s, adding it when new
  std::optional<uint32_t> Find(std::string_view s) const;
  std::string_view Get(uint32_t code) const { return m_strings[code]; }
  size_t Size() const { return m_strings.size(); }
  size_t ResidentBytes() const { return m_bytes; }

 private:
  std::deque<std::string> m_strings;
  std::unordered_map<std::string_view, uint32_t> m_index;
  size_t m_bytes = 0;
};

}  // namespace td::engine
