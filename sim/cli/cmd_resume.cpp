// tenantdrill-sim resume: loads a save, replays it, and reports (a save checked headless).
#include <cstdio>
#include <filesystem>

#include "engine/load_error.h"
#include "sim/cli/cli_util.h"
#include "sim/export.h"
#include "sim/exercise.h"
#include "sim/ground_truth.h"
#include "sim/save.h"
#include "sim/scoring.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim resume SAVE [--to-end] [--out DIR]\n"
    "\n"
    "Loads a saved exercise (\"tenantdrill/save@1\", written by the desktop program or by\n"
    "'run --save'), rebuilds it from the scenario embedded in the save, replays its journal of\n"
    "responder actions and inject commands at their simulated times, and reports where it stands:\n"
    "the clock, the commands replayed, the injects released or held, the attacker's open channels\n"
    "and the score so far. A damaged, truncated or newer save is refused with the reason (exit 2).\n"
    "\n"
    "options:\n"
    "  --to-end   play on to the end of the exercise before reporting (nobody responds further)\n"
    "  --out DIR  also write DIR/logs/..., DIR/ground-truth.json and DIR/report.{json,md,html}\n"
    "             as 'run' does, for the world as it stands\n";

}  // namespace

int CmdResume(const Args& args) {
  Options opt(args, {"out"}, {"help", "to-end"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (opt.Positional().size() != 1) throw UsageError{"name exactly one save file to resume."};
  const std::string file = opt.Positional()[0];
  const sim::SaveData save = sim::ReadSaveFile(file);
  std::unique_ptr<sim::Restored> r;
  {
    Progress bar("replay");
    r = sim::RestoreExercise(save, file, [&](double f) { bar.Update(f); });
    bar.Done();
  }
  sim::Exercise& ex = *r->exercise;
  if (opt.Has("to-end")) ex.RunToEnd();
  std::printf("%s (seed %llu), saved at %s; now %s (the exercise ends %s)\n", ex.Spec().title.c_str(),
              static_cast<unsigned long long>(ex.Seed()), engine::FormatIso(save.saved_at_sim).c_str(),
              engine::FormatIso(ex.GetWorld().Now()).c_str(), engine::FormatIso(ex.End()).c_str());
  std::printf("scenario %s%s%s; plan \"%s\"\n", save.scenario.name.c_str(),
              save.tenant_template.Empty() ? "" : " on template ", save.tenant_template.name.c_str(), r->plan_name.c_str());
  std::printf("journal: %zu command(s) replayed\n", r->journal.Entries().size());
  for (const auto& c : r->journal.Entries()) {
    std::string what = c.kind == sim::CommandKind::Action ? std::string(sim::Describe(c.action.kind).id) + " " + c.action.target : c.inject;
    std::printf("  %s  %-15s %s\n", engine::FormatIso(c.at).c_str(), sim::ToString(c.kind), what.c_str());
  }
  std::printf("injects:\n");
  for (const auto& in : ex.InjectControl())
    std::printf("  %-20s %s%s  %s\n", in.id.c_str(), in.released ? "released" : in.held ? "HELD" : "upcoming",
                in.edited ? " (edited)" : "", in.subject.c_str());
  size_t open = 0;
  for (const auto& c : ex.Channels()) open += c.Open();
  const sim::ScoreReport score = sim::Score(ex, r->plan_name);
  std::printf("attacker channels open: %zu of %zu; responder actions: %zu; score so far %.1f / 100\n", open, ex.Channels().size(),
              sim::ActionLog(ex).size(), score.total);
  std::printf("case notes: %zu characters; findings: %zu; queries in history: %zu\n", save.ui.case_notes.size(),
              save.ui.findings.size(), save.ui.query_history.size());
  for (const auto& s : r->plan_refusals) std::fprintf(stderr, "plan action refused: %s\n", s.c_str());
  if (auto out = opt.Get("out")) {
    const sim::ExportStats st = sim::ExportLogs(ex.GetWorld(), *out);
    const std::filesystem::path dir(*out);
    WriteReports(dir, ex, score);
    std::printf("wrote %s/logs (%zu rows), %s/ground-truth.json and %s/report.{json,md,html}\n", out->c_str(), st.rows, out->c_str(),
                out->c_str());
  }
  return 0;
}

}  // namespace td::cli
