#include "engine/byte_sink.h"

namespace td::engine {

bool ByteSink::Flush() {
  if (m_buf.empty()) return !m_failed;
  if (m_file && !m_failed && std::fwrite(m_buf.data(), 1, m_buf.size(), m_file) != m_buf.size()) m_failed = true;
  m_total += m_buf.size();
  m_buf.clear();
  return !m_failed;
}

}  // namespace td::engine
