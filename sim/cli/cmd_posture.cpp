// tenantdrill-sim review / compare: the shared-responsibility lesson, measured (docs/posture.md).
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/load_error.h"
#include "sim/cli/cli_util.h"
#include "sim/cli/commands.h"
#include "sim/export.h"
#include "sim/ground_truth.h"
#include "sim/posture_review.h"

namespace td::cli {

namespace {

const char* kReviewHelp =
    "usage: tenantdrill-sim review [--posture NAME|FILE | --scenario NAME|FILE] [--out DIR] [--json]\n"
    "\n"
    "Reviews a tenant's posture: plays every shipped scenario under it (with no response and with the\n"
    "expert response, on the small-business-50 tenant with one day of history), then again with each\n"
    "decision raised to its strongest option, and reports:\n"
    "  - where the tenant is most exposed today (by area),\n"
    "  - protections it already owns but does not use,\n"
    "  - what to improve in the next 30, 60 and 90 days, ranked by the risk each change closes.\n"
    "\n"
    "  --posture P    a shipped posture (see below) or a tenantdrill/posture@1 file\n"
    "  --scenario S   review the posture of a scenario's tenant instead\n"
    "  --out DIR      also write DIR/review.md and DIR/review.json\n"
    "  --json         print the JSON instead of the Markdown\n";

const char* kCompareHelp =
    "usage: tenantdrill-sim compare SCENARIO --posture A --posture B [--plan PLAN] [--template T] --out DIR\n"
    "\n"
    "Runs the same attack, seed and response under two postures and writes a side-by-side report:\n"
    "which attack steps succeeded, which evidence existed, time to detect and contain, damage, score.\n"
    "  DIR/compare.md, compare.html, compare.json   the comparison\n"
    "  DIR/A/, DIR/B/                                each run's logs, ground-truth.json and report.*\n"
    "\n"
    "  --posture   twice: A then B (shipped name or file)\n"
    "  --plan      empty (default), expert, partial, or a plan file\n"
    "  --template  play on another tenant template\n";

std::string PostureList() {
  std::string s;
  for (const auto& n : sim::ShippedPostureNames()) s += "  " + n + "\n";
  return s;
}

}  // namespace

int CmdReview(const Args& args) {
  Options opt(args, {"posture", "scenario", "out"}, {"help", "json"});
  if (opt.Has("help")) {
    std::printf("%s\nShipped postures:\n%s", kReviewHelp, PostureList().c_str());
    return 0;
  }
  if (!opt.Positional().empty()) throw UsageError{"review takes no positional argument; use --posture or --scenario."};
  sim::Posture posture;
  if (auto p = opt.Get("posture")) posture = sim::ResolvePosture(*p);
  else if (auto s = opt.Get("scenario")) posture = sim::PostureOf(ResolveScenario(*s).tenant);
  else throw UsageError{"name the posture to review: --posture NAME|FILE (shipped:\n" + PostureList() + ") or --scenario NAME."};
  Progress bar("review");
  const sim::PostureReview review = sim::ReviewPosture(posture, [&](double f) { bar.Update(f); });
  bar.Done();
  const std::string md = sim::ReviewMarkdown(review), js = sim::ReviewJson(review);
  if (auto out = opt.Get("out")) {
    std::filesystem::create_directories(*out);
    WriteFileAtomic(std::filesystem::path(*out) / "review.md", md);
    WriteFileAtomic(std::filesystem::path(*out) / "review.json", js);
  }
  std::fputs(opt.Has("json") ? js.c_str() : md.c_str(), stdout);
  return 0;
}

int CmdCompare(const Args& args) {
  Options opt(args, {"posture", "plan", "template", "out"}, {"help"});
  if (opt.Has("help")) {
    std::printf("%s\nShipped postures:\n%s", kCompareHelp, PostureList().c_str());
    return 0;
  }
  if (opt.Positional().size() != 1) throw UsageError{"name exactly one scenario to compare postures on."};
  const auto postures = opt.GetAll("posture");
  if (postures.size() != 2) throw UsageError{"give exactly two postures: --posture A --posture B (shipped:\n" + PostureList() + ")."};
  const std::string out = opt.Require("out");
  const std::string scenario = opt.Positional()[0];
  ResolveScenario(scenario);  // a clear usage error for an unknown scenario
  const sim::Posture a = sim::ResolvePosture(postures[0]);
  const sim::Posture b = sim::ResolvePosture(postures[1]);
  const std::string plan = opt.Get("plan").value_or("empty");
  const std::string tmpl = opt.Get("template").value_or("");

  sim::PostureComparison c;
  c.scenario = scenario;
  c.a = a;
  c.b = b;
  Progress bar("compare");
  sim::PlayedPosture pa = sim::PlayPosture(scenario, a, plan, tmpl);
  bar.Update(0.5);
  sim::PlayedPosture pb = sim::PlayPosture(scenario, b, plan, tmpl);
  bar.Done();
  c.plan = pa.outcome.plan;
  c.outcome_a = pa.outcome;
  c.outcome_b = pb.outcome;
  c.score_a = pa.score;
  c.score_b = pb.score;
  sim::FillDifferences(c, *pa.ex, *pb.ex);

  std::filesystem::create_directories(out);
  for (int side = 0; side < 2; ++side) {
    const sim::PlayedPosture& p = side == 0 ? pa : pb;
    const auto dir = std::filesystem::path(out) / (side == 0 ? "A" : "B");
    sim::ExportLogs(p.ex->GetWorld(), dir.string());
    WriteReports(dir, *p.ex, p.score);
  }
  const std::string md = sim::ComparisonMarkdown(c);
  WriteFileAtomic(std::filesystem::path(out) / "compare.md", md);
  WriteFileAtomic(std::filesystem::path(out) / "compare.json", sim::ComparisonJson(c));
  WriteFileAtomic(std::filesystem::path(out) / "compare.html", sim::ComparisonHtml(c));
  std::fputs(md.c_str(), stdout);
  std::printf("\nwritten: %s/compare.{md,html,json}, %s/A/, %s/B/\n", out.c_str(), out.c_str(), out.c_str());
  return 0;
}

}  // namespace td::cli
