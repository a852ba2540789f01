// tenantdrill-sim generate: a living tenant's logs for D simulated days.
#include <chrono>
#include <cstdio>

#include "engine/sim_clock.h"
#include "sim/cli/cli_util.h"
#include "sim/export.h"
#include "sim/world.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim generate --template FILE|NAME --out DIR [--seed N] [--days D] [--start ISO]\n"
    "\n"
    "Builds a synthetic tenant from a template and lets it live for D days of benign activity\n"
    "(sign-ins, mail, files, admin changes), then writes what the tenant's licences and retention\n"
    "keep at the end of the run:\n"
    "  DIR/logs/<Table>.jsonl        one JSON object per row (Log Analytics layout)\n"
    "  DIR/logs/UnifiedAuditLog.csv  raw unified audit log (Purview export CSV layout)\n"
    "  DIR/logs/_schema.json         column names and types of each table\n"
    "\n"
    "options:\n"
    "  --template FILE|NAME  a template file, or a shipped one: small-business-50, company-2000,\n"
    "                        enterprise-10000\n"
    "  --out DIR             output folder (created; an existing DIR/logs is replaced when done)\n"
    "  --seed N              random seed (default 1): same template + seed = identical logs\n"
    "  --days D              simulated days, 1 to 90 (default 7)\n"
    "  --start ISO           first day, UTC (default 2026-03-02, a Monday)\n";
}  // namespace

int CmdGenerate(const Args& args) {
  Options opt(args, {"template", "out", "seed", "days", "start"}, {"help"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (!opt.Positional().empty()) throw UsageError{"unexpected argument \"" + opt.Positional()[0] + "\"."};
  const std::string out = opt.Require("out");
  sim::TemplateSpec spec = ResolveTemplate(opt.Require("template"));
  const auto seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  const int64_t days = opt.Int("days", 7, 1, 90);
  engine::SimTime start = engine::FromCivil(2026, 3, 2);
  if (auto s = opt.Get("start")) {
    auto t = engine::ParseIso(*s);
    if (!t) throw UsageError{"--start takes an ISO-8601 date or time such as 2026-03-02 or 2026-03-02T08:00Z, not \"" + *s + "\"."};
    start = *t;
  }
  const auto t0 = std::chrono::steady_clock::now();
  sim::World world(spec, seed, start);
  {
    Progress bar("simulate");
    world.AdvanceTo(start + days * engine::kDay, [&](double f) {
      bar.Update(f, std::to_string(world.Logs().Store().TotalRows()) + " rows");
    });
    bar.Done(std::to_string(world.Logs().Store().TotalRows()) + " rows");
  }
  sim::ExportStats st;
  {
    Progress bar("export");
    size_t tables = world.Logs().Store().Tables().size() + 1, done = 0;
    st = sim::ExportLogs(world, out, [&](const std::string& table, size_t) { bar.Update(static_cast<double>(++done) / static_cast<double>(tables), table); });
    bar.Done();
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s: %zu users, %lld days from %s, seed %llu\n", spec.name.c_str(), world.GetTenant().users.size(),
              static_cast<long long>(days), engine::FormatIso(start).c_str(), static_cast<unsigned long long>(seed));
  for (const auto& t : st.tables) std::printf("  %-34s %10zu rows  %8.1f MB\n", t.table.c_str(), t.rows, static_cast<double>(t.bytes) / 1e6);
  std::printf("wrote %s/logs (%zu rows, %.1f MB) in %.1f s\n", out.c_str(), st.rows, static_cast<double>(st.bytes) / 1e6, secs);
  return 0;
}

}  // namespace td::cli
