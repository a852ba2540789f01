// tenantdrill-sim run: plays a scenario headless.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/load_error.h"
#include "sim/cli/cli_util.h"
#include "sim/export.h"
#include "sim/exercise.h"
#include "sim/ground_truth.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim run SCENARIO [--seed N] [--template NAME|FILE] --out DIR\n"
    "\n"
    "Plays a scenario (a file, or a shipped one: aitm-session-theft, oauth-consent-persistence,\n"
    "bec-invoice-fraud, finance-chain) with no response: the tenant lives through its baseline,\n"
    "the attack chain runs and the attacker operates through every channel it keeps. Writes:\n"
    "  DIR/logs/...              every table, as 'generate' does (what the tenant keeps at the end)\n"
    "  DIR/ground-truth.json     roles, the attack time line (ATT&CK ids), every access channel\n"
    "                            with what it survives and whether it is still open, metrics, injects\n"
    "\n"
    "options:\n"
    "  --seed N   override the scenario's seed (same scenario + seed = identical output)\n"
    "  --template NAME|FILE  play on another tenant template (the scenario's own settings still apply)\n"
    "  --out DIR  output folder\n";

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
}  // namespace

int CmdRun(const Args& args) {
  Options opt(args, {"seed", "out", "plan", "template"}, {"help"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (opt.Positional().size() != 1) throw UsageError{"name exactly one scenario to run."};
  if (opt.Has("plan")) throw UsageError{"response plans (--plan) are not supported by this build yet; run without --plan for the no-response run."};
  const std::string out = opt.Require("out");
  sim::ScenarioSpec spec = ResolveScenario(opt.Positional()[0]);
  if (auto tmpl = opt.Get("template")) sim::UseTemplate(spec, ResolveTemplate(*tmpl));
  std::optional<uint64_t> seed;
  if (opt.Has("seed")) seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  sim::Exercise ex(spec, seed);
  {
    Progress bar("play");
    ex.RunToEnd([&](double f) { bar.Update(f); });
    bar.Done();
  }
  sim::ExportStats st = sim::ExportLogs(ex.GetWorld(), out);
  WriteFileAtomic(std::filesystem::path(out) / "ground-truth.json", sim::GroundTruthJson(ex));
  std::printf("%s (seed %llu): %s to %s\n", spec.title.c_str(), static_cast<unsigned long long>(ex.Seed()),
              engine::FormatIso(ex.Start()).c_str(), engine::FormatIso(ex.End()).c_str());
  for (const auto& r : ex.RoleNames()) std::printf("  %s\n", ex.DescribeRole(r).c_str());
  std::printf("attack time line:\n");
  for (const auto& e : ex.Timeline()) std::printf("  %s  %-26s %-10s %s\n", engine::FormatIso(e.time).c_str(), e.name.c_str(), e.attack_id.c_str(), e.detail.c_str());
  size_t open = 0;
  for (const auto& c : ex.Channels()) open += c.Open();
  const auto& m = ex.Metrics();
  std::printf("channels still open at the end: %zu of %zu; mail items exposed %llu; identities compromised %u; fraud loss $%.0f\n", open,
              ex.Channels().size(), static_cast<unsigned long long>(m.mail_items_exposed), m.identities_compromised, m.fraud_loss_usd);
  std::printf("wrote %s/logs (%zu rows, %.1f MB) and %s/ground-truth.json\n", out.c_str(), st.rows, static_cast<double>(st.bytes) / 1e6, out.c_str());
  return 0;
}

}  // namespace td::cli
