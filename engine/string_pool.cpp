#include "engine/string_pool.h"

namespace td::engine {

uint32_t StringPool::Intern(std::string_view s) {
  auto it = m_index.find(s);
  if (it != m_index.end()) return it->second;
  auto code = static_cast<uint32_t>(m_strings.size());
  m_strings.emplace_back(s);
  m_index.emplace(m_strings.back(), code);
  m_bytes += s.size() + sizeof(std::string) + 32;
  return code;
}

std::optional<uint32_t> StringPool::Find(std::string_view s) const {
  auto it = m_index.find(s);
  if (it == m_index.end()) return std::nullopt;
  return it->second;
}

}  // namespace td::engine
