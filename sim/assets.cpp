#include "sim/assets.h"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace td::sim {

extern std::pair<std::string_view, std::string_view> kEmbedded[];
extern const size_t kEmbeddedCount;

std::string_view EmbeddedAsset(std::string_view path) {
  for (size_t i = 0; i < kEmbeddedCount; ++i)
    if (kEmbedded[i].first == path) return kEmbedded[i].second;
  return {};
}

std::vector<std::string_view> EmbeddedAssetNames() {
  std::vector<std::string_view> names;
  for (size_t i = 0; i < kEmbeddedCount; ++i) names.push_back(kEmbedded[i].first);
  return names;
}

std::vector<std::string> EmbeddedJsonNames(std::string_view folder) {
  std::vector<std::string> out;
  const std::string prefix = std::string(folder) + "/";
  for (size_t i = 0; i < kEmbeddedCount; ++i) {
    const std::string_view n = kEmbedded[i].first;
    if (n.size() <= prefix.size() + 5 || n.substr(0, prefix.size()) != prefix || n.substr(n.size() - 5) != ".json") continue;
    const std::string_view name = n.substr(prefix.size(), n.size() - prefix.size() - 5);
    if (name.find('/') == std::string_view::npos) out.emplace_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string_view> EmbeddedLines(std::string_view path) {
  std::vector<std::string_view> out;
  std::string_view text = EmbeddedAsset(path);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

}  // namespace td::sim
