// tenantdrill-sim soak: a long fast-forward that prints memory at intervals (docs/reliability.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "engine/kql/kql_engine.h"
#include "sim/cli/cli_util.h"
#include "sim/exercise.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim soak [SCENARIO] [--template NAME|FILE] [--days D] [--every N] [--seed N]\n"
    "\n"
    "Fast-forwards a scenario (default aitm-session-theft) on a tenant template (default\n"
    "company-2000) for D simulated days (default 90, beyond the 30-day limit of scenario files),\n"
    "the attacker keeping every channel it opens. Every N days (default 5) it runs one KQL query\n"
    "over the store and prints: the simulated day, rows stored, store bytes (fields and string\n"
    "pool), process RSS, RSS minus store bytes (what is not log data) and the wall time. Memory\n"
    "should grow with the log data only: the last column should stay flat. Figures, not pass/fail.\n";

constexpr double kMiB = 1024.0 * 1024.0;
}  // namespace

int CmdSoak(const Args& args) {
  Options opt(args, {"template", "days", "every", "seed"}, {"help"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (opt.Positional().size() > 1) throw UsageError{"name at most one scenario."};
  sim::ScenarioSpec spec = ResolveScenario(opt.Positional().empty() ? "aitm-session-theft" : opt.Positional()[0]);
  spec.tenant_users = 0;  // the template's own size: the scenario's "tenant.users" would shrink it
  sim::UseTemplate(spec, ResolveTemplate(opt.Get("template").value_or("company-2000")));
  const int64_t days = opt.Int("days", 90, 1, 365);
  const int64_t every = opt.Int("every", 5, 1, 365);
  std::optional<uint64_t> seed;
  if (opt.Has("seed")) seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  spec.duration = days * engine::kDay;

  const size_t rss0 = ResidentBytes();
  const auto t0 = std::chrono::steady_clock::now();
  sim::Exercise ex(spec, seed);
  std::printf("soak: %s on %s (%zu users), %lld days from %s, seed %llu; RSS before the build %.1f MiB\n",
              spec.id.c_str(), spec.tenant.name.c_str(), ex.GetWorld().GetTenant().users.size(), static_cast<long long>(days),
              engine::FormatIso(ex.Start()).c_str(), static_cast<unsigned long long>(ex.Seed()), static_cast<double>(rss0) / kMiB);
  std::printf("%6s %12s %11s %11s %15s %9s %10s\n", "day", "rows", "store MiB", "RSS MiB", "RSS-store MiB", "wall s", "query ms");
  for (int64_t day = 0; day <= days; day += every) {
    const int64_t d = std::min(day, days);
    ex.AdvanceTo(ex.Start() + d * engine::kDay);
    const auto& store = ex.GetWorld().Logs().Store();
    const auto q0 = std::chrono::steady_clock::now();
    engine::kql::Engine eng(store, ex.GetWorld().Now());
    auto run = eng.Run("SigninLogs | where TimeGenerated > ago(1d) | summarize count() by ResultType | count");
    const double qms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - q0).count();
    if (!run.Ok()) throw std::runtime_error("soak query failed: " + run.error->message);
    const double store_mib = static_cast<double>(store.ResidentBytes()) / kMiB;
    const double rss_mib = static_cast<double>(ResidentBytes()) / kMiB;
    std::printf("%6lld %12zu %11.1f %11.1f %15.1f %9.1f %10.1f\n", static_cast<long long>(d), store.TotalRows(), store_mib, rss_mib,
                rss_mib - store_mib, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), qms);
    std::fflush(stdout);
    if (d == days) break;
    if (day + every > days) day = days - every;
  }
  std::printf("peak RSS %.1f MiB\n", static_cast<double>(PeakResidentBytes()) / kMiB);
  return 0;
}

}  // namespace td::cli
