#include "sim/cli/cli_util.h"

#include "engine/load_error.h"
#include "sim/ground_truth.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/json_load.h"
#include "sim/assets.h"

namespace td::cli {

Options::Options(const Args& args, const std::vector<std::string>& valued, const std::vector<std::string>& flags) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2), value;
      bool inline_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) { value = name.substr(eq + 1); name = name.substr(0, eq); inline_value = true; }
      if (std::find(flags.begin(), flags.end(), name) != flags.end()) { m_flags.push_back(name); continue; }
      if (std::find(valued.begin(), valued.end(), name) == valued.end()) {
        std::vector<std::string> all = valued;
        all.insert(all.end(), flags.begin(), flags.end());
        std::string near = engine::ClosestMatch(name, all);
        throw UsageError{"unknown option --" + name + (near.empty() ? "." : ". Did you mean --" + near + "?")};
      }
      if (!inline_value) {
        if (i + 1 >= args.size()) throw UsageError{"option --" + name + " needs a value."};
        value = args[++i];
      }
      m_values.emplace_back(name, value);
    } else {
      m_positional.push_back(a);
    }
  }
}

bool Options::Has(const std::string& name) const {
  return std::find(m_flags.begin(), m_flags.end(), name) != m_flags.end() ||
         std::any_of(m_values.begin(), m_values.end(), [&](const auto& p) { return p.first == name; });
}

std::optional<std::string> Options::Get(const std::string& name) const {
  for (auto it = m_values.rbegin(); it != m_values.rend(); ++it)
    if (it->first == name) return it->second;
  return std::nullopt;
}

std::vector<std::string> Options::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : m_values) if (k == name) out.push_back(v);
  return out;
}

std::string Options::Require(const std::string& name) const {
  auto v = Get(name);
  if (!v) throw UsageError{"the option --" + name + " is required."};
  return *v;
}

int64_t Options::Int(const std::string& name, int64_t def, int64_t lo, int64_t hi) const {
  auto v = Get(name);
  if (!v) return def;
  int64_t n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size())
    throw UsageError{"--" + name + " takes a whole number, not \"" + *v + "\"."};
  if (n < lo || n > hi)
    throw UsageError{"--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " + *v + ")."};
  return n;
}


sim::TemplateSpec ResolveTemplate(const std::string& name_or_path) {
  std::ifstream probe(name_or_path);
  if (!probe) {
    if (auto shipped = sim::LoadShippedTemplate(name_or_path)) return *shipped;
    std::string list;
    for (const auto& s : sim::ShippedTemplateNames()) list += (list.empty() ? "" : ", ") + s;
    throw UsageError{"no template file or shipped template named \"" + name_or_path + "\". Shipped templates: " + list + "."};
  }
  return sim::LoadTemplate(name_or_path);
}

void WriteFileAtomic(const std::filesystem::path& path, const std::string& text) {
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw engine::LoadError(path.string(), "", "cannot write the file. Choose an output folder you may write to.");
  }
  std::filesystem::rename(tmp, path);
}

void WriteReports(const std::filesystem::path& dir, const sim::Exercise& ex, const sim::ScoreReport& score) {
  WriteFileAtomic(dir / "ground-truth.json", sim::GroundTruthJson(ex));
  WriteFileAtomic(dir / "report.json", sim::ReportJson(ex, score));
  WriteFileAtomic(dir / "report.md", sim::ReportMarkdown(ex, score));
  WriteFileAtomic(dir / "report.html", sim::ReportHtml(ex, score));
}

std::vector<std::string> ShippedScenarios() { return sim::EmbeddedJsonNames("scenarios"); }

sim::ScenarioSpec ResolveScenario(const std::string& name_or_path) {
  std::ifstream probe(name_or_path);
  if (!probe) {
    auto text = sim::EmbeddedAsset("scenarios/" + name_or_path + ".json");
    if (!text.empty()) return sim::ParseScenario(engine::ParseJsonText(text, name_or_path + ".json"), name_or_path + ".json");
    std::string list;
    for (const auto& s : ShippedScenarios()) list += (list.empty() ? "" : ", ") + s;
    throw UsageError{"no scenario file or shipped scenario named \"" + name_or_path + "\". Shipped scenarios: " + list + "."};
  }
  return sim::LoadScenario(name_or_path);
}

Progress::Progress(std::string label) : m_label(std::move(label)), m_tty(isatty(STDERR_FILENO) != 0) {}
Progress::~Progress() { if (m_tty && m_last >= 0 && !m_done) std::fputc('\n', stderr); }

void Progress::Update(double fraction, const std::string& detail) {
  if (!m_tty) return;
  int pct = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100);
  if (pct == m_last && detail.empty()) return;
  m_last = pct;
  constexpr int kWidth = 30;
  std::string bar(static_cast<size_t>(pct * kWidth / 100), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%-10s [%s] %3d%% %s\x1b[K", m_label.c_str(), bar.c_str(), pct, detail.c_str());
  std::fflush(stderr);
}

void Progress::Done(const std::string& detail) {
  if (m_tty) {
    Update(1.0, detail);
    std::fputc('\n', stderr);
  }
  m_done = true;
}

namespace {
size_t StatusField(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key, 0) == 0) {
      size_t kb = 0;
      std::sscanf(line.c_str() + std::string(key).size(), "%zu", &kb);
      return kb * 1024;
    }
  return 0;
}
}  // namespace

size_t ResidentBytes() { return StatusField("VmRSS:"); }
size_t PeakResidentBytes() { return StatusField("VmHWM:"); }

}  // namespace td::cli
