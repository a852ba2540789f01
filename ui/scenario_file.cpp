#include "ui/scenario_file.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace td::ui {

std::string LoadScenarioTitle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioFileError("cannot open scenario file " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into line and column for the facilitator.
    size_t line = 1, col = 1;
    const size_t end = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    for (size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw ScenarioFileError(path + ":" + std::to_string(line) + ":" + std::to_string(col) +
                            ": not valid JSON (" + e.what() + ")");
  }
  if (!doc.is_object()) throw ScenarioFileError(path + ": a scenario must be a JSON object");
  for (const char* key : {"title", "name"}) {
    const auto it = doc.find(key);
    if (it != doc.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  }
  return std::filesystem::path(path).stem().string();
}

}  // namespace td::ui
