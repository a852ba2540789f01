// tenantdrill-sim query DIR 'KQL' | --file q.kql [--format table|csv|jsonl] [--explain] [--now ISO]
// Runs a KQL query over DIR/logs/*.jsonl (the output of generate or run). A query error is
// printed with its line, column and a caret, and exits with status 2.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/kql/coverage.h"
#include "engine/kql/jsonl_loader.h"
#include "engine/kql/kql_engine.h"
#include "sim/cli/cli_util.h"
#include "sim/cli/commands.h"

namespace td::cli {

namespace {

constexpr const char* kHelp =
    "usage: tenantdrill-sim query DIR 'KQL' [options]\n"
    "       tenantdrill-sim query DIR --file query.kql [options]\n"
    "       tenantdrill-sim query DIR --coverage queries.json\n"
    "\n"
    "Runs a KQL query over the logs of a generate/run output folder (DIR/logs/<Table>.jsonl;\n"
    "DIR/logs/_schema.json gives the column types when present). See docs/kql.md for the language.\n"
    "\n"
    "options:\n"
    "  --file PATH        read the query from a file instead of the command line\n"
    "  --format FMT       table (default), csv (with a header row) or jsonl\n"
    "  --explain          print the plan: each operator with its strategy, rows in/out and time\n"
    "  --now ISO          the instant now() and ago() measure from (default: the newest TimeGenerated\n"
    "                     in the logs, so 'ago(1d)' means the last simulated day)\n"
    "  --max-rows N       refuse results larger than N rows (default 1000000)\n"
    "  --coverage FILE    run every rule of a Sentinel queries.json over the logs and report how many\n"
    "                     parse, run and return rows; each rule runs as a scheduled analytic, with\n"
    "                     now() at the end of every simulated day, until it returns rows\n"
    "\n"
    "exit codes: 0 success, 1 run-time failure, 2 bad input (usage, folder, query error)\n"
    "example: tenantdrill-sim query out/ 'SigninLogs | where ResultType != \"0\" | summarize count() by UserPrincipalName'\n";

}  // namespace

int CmdQuery(const Args& args) {
  Options opt(args, {"file", "format", "now", "max-rows", "coverage"}, {"explain", "help"});
  if (opt.Has("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  const auto& pos = opt.Positional();
  if (pos.empty()) throw UsageError{"give the output folder: tenantdrill-sim query DIR 'KQL'."};
  const std::string dir = pos[0];
  std::string query;
  if (auto file = opt.Get("file")) {
    if (pos.size() > 1) throw UsageError{"give the query either on the command line or with --file, not both."};
    std::ifstream f(*file);
    if (!f) throw UsageError{"cannot read the query file " + *file + "."};
    std::stringstream ss;
    ss << f.rdbuf();
    query = ss.str();
  } else if (pos.size() == 2) {
    query = pos[1];
  } else if (!opt.Has("coverage")) {
    throw UsageError{pos.size() < 2 ? "give the query after the folder (quote it), or use --file q.kql."
                                    : "too many arguments: quote the query so it is one argument."};
  }
  const std::string format = opt.Get("format").value_or("table");
  if (format != "table" && format != "csv" && format != "jsonl")
    throw UsageError{"--format must be table, csv or jsonl, not '" + format + "'."};

  engine::LogStore store;
  const auto t0 = std::chrono::steady_clock::now();
  auto tables = engine::kql::LoadJsonlFolder(dir, store);  // LoadError → main prints it, exit 2
  const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  engine::SimTime now = 0;
  if (auto n = opt.Get("now")) {
    auto t = engine::kql::ParseDateTimeText(*n);
    if (!t) throw UsageError{"--now must be an ISO datetime such as 2026-03-09T00:00:00Z."};
    now = *t;
  } else {
    for (const auto& t : store.Tables())
      if (t->RowCount() > 0) now = std::max(now, t->Time(t->RowCount() - 1));
  }
  engine::kql::Engine engine(store, now);
  engine::kql::Limits limits;
  limits.max_result_rows = static_cast<size_t>(opt.Int("max-rows", 1'000'000, 1, 1'000'000'000));

  if (auto cov = opt.Get("coverage")) {
    // As scheduled analytics: each rule runs with now() at the end of every simulated day (and
    // at the end of the logs) until it returns rows. --now runs it once at that instant.
    std::vector<engine::SimTime> nows;
    if (!opt.Get("now")) {
      engine::SimTime first = now;
      for (const auto& t : store.Tables())
        if (t->RowCount() > 0) first = std::min(first, t->Time(0));
      for (engine::SimTime day = first - first % engine::kDay + engine::kDay; day < now && nows.size() < 366; day += engine::kDay)
        nows.push_back(day);
    }
    nows.push_back(now);
    engine::kql::CoverageReport rep = engine::kql::RunCoverage(*cov, engine, nows, limits);
    std::fputs(rep.Format().c_str(), stdout);
    return 0;
  }

  const bool explain = opt.Has("explain");
  const auto t1 = std::chrono::steady_clock::now();
  engine::kql::QueryRun run = explain ? engine.Explain(query, limits) : engine.Run(query, limits);
  const double query_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  if (!run.Ok()) {
    std::fprintf(stderr, "query error: %s", run.error->Format(query).c_str());
    return 2;
  }
  if (explain) {
    size_t rows = 0;
    for (const auto& [name, n] : tables) rows += n;
    std::fprintf(stdout, "loaded %zu tables, %zu rows in %.0f ms; now = %s\n", tables.size(), rows, load_ms,
                 engine::FormatIso(now).c_str());
    std::fputs(engine::kql::Engine::FormatPlan(run.plan).c_str(), stdout);
    std::fprintf(stdout, "total %.2f ms, %zu result rows\n", query_ms, run.result.RowCount());
    return 0;
  }
  std::string out = format == "csv" ? run.result.ToCsv() : format == "jsonl" ? run.result.ToJsonl() : run.result.ToTable();
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (format == "table" && !run.result.render.empty()) {  // csv and jsonl stay data only
    std::fflush(stdout);  // the note follows the table when both go to one terminal or file
    std::fprintf(stderr, "render %s: recorded in the query result; the command line prints the table\n",
                 run.result.DescribeRender().c_str());
  }
  return 0;
}

}  // namespace td::cli
