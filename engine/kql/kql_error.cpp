#include "engine/kql/kql_error.h"

#include <algorithm>

namespace td::engine::kql {

QueryError QueryException::ToError() const {
  QueryError e;
  e.line = m_pos.line;
  e.column = m_pos.column;
  e.length = static_cast<int>(std::max<uint32_t>(1, m_pos.length));
  e.message = m_message;
  e.suggestion = m_suggestion;
  return e;
}

std::string QueryError::Format(std::string_view query) const {
  std::string out;
  if (line > 0) out += "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
  out += message;
  out += '\n';
  if (line > 0) {
    // Find the text of the line.
    size_t start = 0;
    for (int l = 1; l < line && start < query.size(); ++l) {
      size_t nl = query.find('\n', start);
      if (nl == std::string_view::npos) { start = query.size(); break; }
      start = nl + 1;
    }
    size_t end = query.find('\n', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view text = query.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    const std::string num = std::to_string(line);
    out += "  " + num + " | ";
    out += text;
    out += '\n';
    out += "  " + std::string(num.size(), ' ') + " | ";
    for (int c = 1; c < column; ++c) {
      size_t idx = static_cast<size_t>(c - 1);
      out.push_back(idx < text.size() && text[idx] == '\t' ? '\t' : ' ');
    }
    int width = length;
    if (column - 1 + width > static_cast<int>(text.size()) && static_cast<int>(text.size()) >= column)
      width = static_cast<int>(text.size()) - column + 1;
    out += std::string(static_cast<size_t>(std::max(1, width)), '^');
    out += '\n';
  }
  if (!suggestion.empty()) out += "  did you mean '" + suggestion + "'?\n";
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  auto low = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (low(a[i - 1]) == low(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_d) { best_d = d; best = c; }
  }
  return best;
}

}  // namespace td::engine::kql
