#pragma once
// Reads what the shell can show of a scenario file before td::sim's scenario loader exists:
// its display title. STOPGAP (issue 6): the full load (tenant, attack chain, injects) belongs
// to td::sim and will replace this.
#include <stdexcept>
#include <string>

namespace td::ui {

// A scenario file that cannot be read or parsed; what() names the file and, for JSON syntax
// errors, the line and column.
class ScenarioFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The top-level "title" (or "name") string of the JSON scenario at `path`, else the file name
// without extension. Throws ScenarioFileError.
std::string LoadScenarioTitle(const std::string& path);

}  // namespace td::ui
