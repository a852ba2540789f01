#pragma once
// Buffered output for exports: appends go to a large string, flushed to a FILE* in blocks.
// A sink without a file only counts bytes (benchmarks).
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

namespace td::engine {

class ByteSink {
 public:
  explicit ByteSink(std::FILE* file = nullptr, size_t block = 4u << 20) : m_file(file), m_block(block) { m_buf.reserve(std::min<size_t>(block, 4u << 20) + 65536); }
  ~ByteSink() { Flush(); }
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;
  std::string& Buffer() { return m_buf; }   // append directly, then call MaybeFlush()
  void Append(std::string_view s) { m_buf.append(s); MaybeFlush(); }
  void MaybeFlush() { if (m_buf.size() >= m_block) Flush(); }
  bool Flush();                              // false when the write failed (disk full …)
  bool Failed() const { return m_failed; }
  size_t BytesWritten() const { return m_total + m_buf.size(); }

 private:
  std::FILE* m_file;
  size_t m_block;
  std::string m_buf;
  size_t m_total = 0;
  bool m_failed = false;
};

}  // namespace td::engine
