#pragma once
// Small helpers shared by the sub-commands: option parsing with clear errors, progress bars,
// locating shipped files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/commands.h"
#include "sim/scenario.h"
#include "sim/scoring.h"
#include "sim/tenant_template.h"

namespace td::cli {

// Thrown for bad command-line usage; main prints it with the command's usage line, exit 2.
struct UsageError {
  std::string message;
};

class Options {
 public:
  // Parses "--name value" and "--flag" forms; `flags` lists options that take no value.
  Options(const Args& args, const std::vector<std::string>& valued, const std::vector<std::string>& flags);
  bool Has(const std::string& name) const;
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  std::string Require(const std::string& name) const;
  int64_t Int(const std::string& name, int64_t def, int64_t lo, int64_t hi) const;
  const std::vector<std::string>& Positional() const { return m_positional; }

 private:
  std::vector<std::pair<std::string, std::string>> m_values;
  std::vector<std::string> m_flags;
  std::vector<std::string> m_positional;
};

// Writes a file atomically (a ".tmp" beside it, then rename); throws engine::LoadError when the
// folder cannot be written.
void WriteFileAtomic(const std::filesystem::path& path, const std::string& text);
// A played exercise's ground-truth.json and report.{json,md,html} in `dir`.
void WriteReports(const std::filesystem::path& dir, const sim::Exercise& ex, const sim::ScoreReport& score);

// A file path, or the name of a shipped template ("small-business-50") embedded in the binary.
sim::TemplateSpec ResolveTemplate(const std::string& name_or_path);
// A scenario file path, or the name of a shipped scenario ("aitm-session-theft").
sim::ScenarioSpec ResolveScenario(const std::string& name_or_path);
std::vector<std::string> ShippedScenarios();

// Prints a progress bar on stderr when it is a terminal (one line, redrawn).
class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  void Update(double fraction, const std::string& detail = {});
  void Done(const std::string& detail = {});

 private:
  std::string m_label;
  bool m_tty;
  int m_last = -1;
  bool m_done = false;
};

// Process memory from /proc/self/status: current resident and peak resident bytes.
size_t ResidentBytes();
size_t PeakResidentBytes();

}  // namespace td::cli
