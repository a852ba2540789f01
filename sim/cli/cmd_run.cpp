// tenantdrill-sim run: plays a scenario headless.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/load_error.h"
#include "sim/posture.h"
#include "sim/cli/cli_util.h"
#include "sim/export.h"
#include "sim/exercise.h"
#include "sim/ground_truth.h"
#include "sim/plan.h"
#include "sim/save.h"
#include "sim/scoring.h"
#include "engine/json_load.h"
#include "sim/assets.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim run SCENARIO [--seed N] [--plan PLAN] [--template NAME|FILE] --out DIR [--save FILE]\n"
    "\n"
    "Plays a scenario (a file, or a shipped one: aitm-session-theft, oauth-consent-persistence,\n"
    "bec-invoice-fraud, finance-chain) headless: the tenant lives through its baseline, the attack\n"
    "chain runs, the response plan's actions are carried out at their times, and the attacker\n"
    "operates through every channel it keeps. Writes:\n"
    "  DIR/logs/...              every table, as 'generate' does (what the tenant keeps at the end)\n"
    "  DIR/ground-truth.json     roles, the attack time line (ATT&CK ids), every access channel\n"
    "                            with what it survives and whether it is still open, metrics, injects\n"
    "  DIR/report.json, DIR/report.md, DIR/report.html   the after-action report (scores per NIST\n"
    "                            phase and CSF function, HSEEP ratings, metrics, open channels,\n"
    "                            objectives, time line, strengths, improvements)\n"
    "\n"
    "options:\n"
    "  --seed N   override the scenario's seed (same scenario + seed = identical output)\n"
    "  --template NAME|FILE  play on another tenant template (the scenario's own settings still apply)\n"
    "  --plan PLAN  a plan file, or expert / partial / empty for the scenario's shipped plans\n"
    "               (scenarios/plans/<scenario>/<name>.json); without it nobody responds\n"
    "  --out DIR  output folder\n"
    "  --posture NAME|FILE  apply a tenant posture (scenarios/postures, docs/posture.md) before playing\n"
    "  --prepare FILE  preparation exercise: a posture file naming only the decisions the trainee\n"
    "               changes; applied on top of --posture (or the tenant's own) within --budget\n"
    "  --budget N   preparation budget points (default 10); over budget is refused\n"
    "  --save FILE  also write a saved exercise at the end (\"tenantdrill/save@1\", docs/save-format.md):\n"
    "               the scenario, template and plan are embedded, so 'resume FILE' or the desktop\n"
    "               program's Load reproduces this run on any machine\n";

}  // namespace

int CmdRun(const Args& args) {
  Options opt(args, {"seed", "out", "plan", "template", "save", "posture", "prepare", "budget"}, {"help"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (opt.Positional().size() != 1) throw UsageError{"name exactly one scenario to run."};
  const std::string out = opt.Require("out");
  sim::ScenarioSpec spec = ResolveScenario(opt.Positional()[0]);
  if (auto tmpl = opt.Get("template")) sim::UseTemplate(spec, ResolveTemplate(*tmpl));
  if (auto p = opt.Get("posture")) sim::ApplyPosture(spec, sim::ResolvePosture(*p));
  if (auto prep = opt.Get("prepare")) {
    // Preparation exercise: the trainee's changes (a posture file naming only the changed
    // decisions) on top of the tenant's posture, within a budget.
    const int budget = static_cast<int>(opt.Int("budget", sim::kDefaultPrepBudget, 0, 1000));
    const sim::Posture base = opt.Get("posture") ? sim::ResolvePosture(*opt.Get("posture")) : sim::PostureOf(spec.tenant);
    const sim::Posture changes = sim::ResolvePosture(*prep);
    auto prepared = sim::PreparePosture(base, changes.choices, budget);
    if (!prepared) throw engine::LoadError(*prep, "/decisions", prepared.ErrorMessage());
    sim::ApplyPosture(spec, prepared.Value());
    spec.prepared = true;
    std::printf("preparation: %d of %d budget points spent\n", sim::UpgradeCost(base, prepared.Value()), budget);
  }
  std::optional<uint64_t> seed;
  if (opt.Has("seed")) seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  sim::Exercise ex(spec, seed);
  std::string plan_name = "empty";
  std::vector<std::string> refusals;
  sim::Plan plan;
  if (auto p = opt.Get("plan")) {
    const std::string shipped = "scenarios/plans/" + spec.id + "/" + *p + ".json";
    auto text = sim::EmbeddedAsset(shipped);
    std::ifstream probe(*p);
    if (!probe && !text.empty()) plan = sim::ParsePlan(engine::ParseJsonText(text, shipped), shipped, spec);
    else if (!probe) throw UsageError{"no plan file \"" + *p + "\" and no shipped plan " + shipped + "."};
    else plan = sim::LoadPlan(*p, spec);
    plan_name = plan.name;
    sim::SchedulePlan(ex, plan, &refusals);
  }
  {
    Progress bar("play");
    ex.RunToEnd([&](double f) { bar.Update(f); });
    bar.Done();
  }
  sim::ExportStats st = sim::ExportLogs(ex.GetWorld(), out);
  const sim::ScoreReport score = sim::Score(ex, plan_name);
  WriteReports(out, ex, score);
  for (const auto& r : refusals) std::fprintf(stderr, "plan action refused: %s\n", r.c_str());
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
  std::printf("score %.1f / 100 with plan \"%s\"\n", score.total, plan_name.c_str());
  if (auto save_path = opt.Get("save")) {
    sim::SaveData save;
    save.scenario = sim::ScenarioSource(opt.Positional()[0]);
    if (auto tmpl = opt.Get("template")) save.tenant_template = sim::TemplateSource(*tmpl);
    if (auto p = opt.Get("plan")) save.plan = sim::PlanSource(*p, spec.id);
    save.posture_json = spec.posture_json;  // the posture applied (--posture, --prepare), if any
    save.seed = ex.Seed();
    save.clock = save.saved_at_sim = ex.GetWorld().Now();
    sim::WriteSaveFile(*save_path, sim::SaveToJson(save));
    std::printf("wrote the save %s\n", save_path->c_str());
  }
  std::printf("wrote %s/logs (%zu rows, %.1f MB), %s/ground-truth.json and %s/report.{json,md,html}\n", out.c_str(), st.rows,
              static_cast<double>(st.bytes) / 1e6, out.c_str(), out.c_str());
  return 0;
}

}  // namespace td::cli
