// tenantdrill-sim bench generate: generation and export throughput, memory per row.
#include <chrono>
#include <cstdio>

#include "engine/byte_sink.h"
#include "sim/cli/cli_util.h"
#include "sim/export.h"
#include "sim/world.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim bench generate [--template NAME|FILE] [--days D] [--seed N] [--export-dir DIR] [--no-export]\n"
    "       tenantdrill-sim bench kql --help    (the KQL engine's reference queries; see docs/kql.md)\n"
    "\n"
    "Builds the tenant (default enterprise-10000), simulates D days (default 30) into the log\n"
    "store and prints: rows generated per second, resident bytes per row (store fields and\n"
    "process RSS growth), peak memory, and export throughput in MB/s (serialising every table and\n"
    "the UAL CSV into memory; with --export-dir also written to disk). Figures, not a pass/fail.\n";

double Secs(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}
}  // namespace

int CmdBench(const Args& args) {
  if (!args.empty() && args[0] == "kql") return CmdBenchKql(Args(args.begin() + 1, args.end()));
  Options opt(args, {"template", "days", "seed", "export-dir"}, {"help", "no-export"});
  if (opt.Has("help") || opt.Positional().empty()) { std::fputs(kHelp, opt.Has("help") ? stdout : stderr); return opt.Has("help") ? 0 : 2; }
  if (opt.Positional()[0] != "generate") throw UsageError{"unknown benchmark \"" + opt.Positional()[0] + "\"; try 'bench generate' or 'bench kql'."};
  sim::TemplateSpec spec = ResolveTemplate(opt.Get("template").value_or("enterprise-10000"));
  const int64_t days = opt.Int("days", 30, 1, 90);
  const auto seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  const engine::SimTime start = engine::FromCivil(2026, 3, 2);

  const size_t rss0 = ResidentBytes();
  auto t0 = std::chrono::steady_clock::now();
  sim::World world(spec, seed, start);
  const double build_s = Secs(t0);
  const size_t rss_built = ResidentBytes();
  t0 = std::chrono::steady_clock::now();
  {
    Progress bar("simulate");
    world.AdvanceTo(start + days * engine::kDay, [&](double f) { bar.Update(f); });
    bar.Done();
  }
  const double gen_s = Secs(t0);
  world.Logs().Store().Compact();
  const size_t rows = world.Logs().Store().TotalRows();
  const size_t store_bytes = world.Logs().Store().ResidentBytes();
  const size_t rss_after = ResidentBytes();

  std::printf("bench generate: %s, %zu users, %lld days, seed %llu\n", spec.name.c_str(), world.GetTenant().users.size(),
              static_cast<long long>(days), static_cast<unsigned long long>(seed));
  std::printf("  tenant build          %8.2f s\n", build_s);
  std::printf("  rows generated        %10zu\n", rows);
  for (const auto& t : world.Logs().Store().Tables()) std::printf("    %-34s %10zu\n", t->Name().c_str(), t->RowCount());
  std::printf("  generation            %8.2f s   %8.2f M rows/s\n", gen_s, static_cast<double>(rows) / gen_s / 1e6);
  std::printf("  store bytes per row   %8.1f     (stored fields + string pool)\n", static_cast<double>(store_bytes) / static_cast<double>(rows));
  std::printf("  RSS growth per row    %8.1f     (process resident memory after the run, minus after the build)\n",
              static_cast<double>(rss_after - std::min(rss_after, rss_built)) / static_cast<double>(rows));
  std::printf("  peak memory           %8.1f MiB (RSS before: %.1f MiB)\n", static_cast<double>(PeakResidentBytes()) / 1048576.0,
              static_cast<double>(rss0) / 1048576.0);
  std::fflush(stdout);
  if (opt.Has("no-export")) return 0;
  t0 = std::chrono::steady_clock::now();
  engine::ByteSink sink(nullptr);
  sim::ExportStats st = sim::ExportToSinks(world, sink);
  const double exp_s = Secs(t0);

  std::printf("  export (in memory)    %8.2f s   %8.1f MB/s  (%zu rows, %.1f MB)\n", exp_s, static_cast<double>(st.bytes) / 1e6 / exp_s,
              st.rows, static_cast<double>(st.bytes) / 1e6);
  if (auto dir = opt.Get("export-dir")) {
    t0 = std::chrono::steady_clock::now();
    sim::ExportStats disk = sim::ExportLogs(world, *dir);
    const double ds = Secs(t0);
    std::printf("  export (to disk)      %8.2f s   %8.1f MB/s  (%s)\n", ds, static_cast<double>(disk.bytes) / 1e6 / ds, dir->c_str());
  }
  return 0;
}

}  // namespace td::cli
