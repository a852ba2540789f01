// tenantdrill-sim coverage: do the public detection rules fire on a scenario's attack trace?
#include <cstdio>
#include <map>
#include <set>

#include "engine/kql/coverage.h"
#include "engine/kql/kql_engine.h"
#include "sim/cli/cli_util.h"
#include "sim/exercise.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim coverage SCENARIO [--rules FILE] [--every DURATION] [--seed N]\n"
    "\n"
    "Plays the scenario with no response, then runs every rule of a Microsoft Sentinel\n"
    "queries.json (default: ../shared/reference/detections/sentinel/queries.json) the way Sentinel\n"
    "schedules analytics: every DURATION of simulated time (default PT6H) over what the tenant\n"
    "keeps at that moment. Prints, per rule, whether it parsed, ran and fired (returned rows at\n"
    "least once, and when first), then the totals and what stopped the others.\n";
}  // namespace

int CmdCoverage(const Args& args) {
  Options opt(args, {"rules", "every", "seed"}, {"help"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (opt.Positional().size() != 1) throw UsageError{"name exactly one scenario."};
  sim::ScenarioSpec spec = ResolveScenario(opt.Positional()[0]);
  const std::string rules = opt.Get("rules").value_or(std::string(TD_SOURCE_DIR) + "/../shared/reference/detections/sentinel/queries.json");
  const auto every = engine::ParseIsoDuration(opt.Get("every").value_or("PT6H"));
  if (!every || *every < engine::kHour) throw UsageError{"--every takes an ISO-8601 duration of at least PT1H."};
  std::optional<uint64_t> seed;
  if (opt.Has("seed")) seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  sim::Exercise ex(spec, seed);
  {
    Progress bar("play");
    ex.RunToEnd([&](double f) { bar.Update(f); });
    bar.Done();
  }
  const auto& logs = ex.GetWorld().Logs();
  std::map<std::string, std::pair<size_t, engine::SimTime>> fired;  // rule -> (max rows, first time)
  engine::kql::CoverageReport last;
  Progress bar("rules");
  for (engine::SimTime now = ex.Start() + *every; now <= ex.End(); now += *every) {
    engine::kql::Engine eng(logs.Store(), now);
    eng.SetViewProvider([&logs, now](const engine::LogTable& t) -> std::optional<engine::Visibility> { return logs.ViewFor(t, now); });
    last = engine::kql::RunCoverage(rules, eng);
    for (const auto& e : last.entries)
      if (e.rows > 0) {
        auto it = fired.find(e.file);
        if (it == fired.end()) fired[e.file] = {e.rows, now};
        else it->second.first = std::max(it->second.first, e.rows);
      }
    bar.Update(static_cast<double>(now - ex.Start()) / static_cast<double>(ex.End() - ex.Start()));
  }
  bar.Done();
  std::printf("%s: rules evaluated every %s over the exercise\n", spec.title.c_str(), engine::FormatIsoDuration(*every).c_str());
  size_t fired_n = 0;
  for (const auto& e : last.entries) {
    auto it = fired.find(e.file);
    const char* status = it != fired.end() ? "FIRED" : !e.parsed ? "PARSE-ERROR" : !e.ran ? (e.tables_available ? "RUN-ERROR" : "NO-TABLE") : "quiet";
    std::printf("%-12s %6zu  %-24s %s\n", status, it != fired.end() ? it->second.first : 0,
                it != fired.end() ? engine::FormatIso(it->second.second).c_str() : "", e.file.c_str());
    fired_n += it != fired.end();
  }
  std::printf("rules: %zu, parse: %zu, run: %zu, fired on the attack trace: %zu (of %zu whose tables this tenant has)\n", last.total, last.parsed,
              last.ran, fired_n, last.available);
  return 0;
}

}  // namespace td::cli
