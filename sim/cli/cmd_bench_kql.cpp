// tenantdrill-sim bench kql: the KQL reference queries of issue 5 (its three, plus the join with its rows read) on a generated tenant,
// timed in our engine, plus an export of the rows they read so that scripts/bench-kql-compare.sh
// can time the same queries in SQLite and DuckDB on the same rows.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/kql/kql_bench.h"
#include "sim/cli/cli_util.h"
#include "sim/world.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim bench kql [--template NAME|FILE] [--days D] [--seed N] [--repeats N]\n"
    "                                 [--export-csv DIR] [--results FILE] [--explain]\n"
    "\n"
    "Builds the tenant (default enterprise-10000), simulates D days (default 30) and times the\n"
    "reference queries of the KQL engine on one core: a selective where plus summarize count()\n"
    "by over the largest table, OfficeActivity; a join of SigninLogs to OfficeActivity on\n"
    "SessionId, counted; a 1-hour histogram of OfficeActivity; the same join with its rows\n"
    "grouped by Operation (the rows are built). One warm-up run, then N timed runs (default 5),\n"
    "best and median.\n"
    "\n"
    "  --export-csv DIR  also write the rows the queries read (the columns they use) as\n"
    "                    DIR/<Table>.csv, for the SQLite/DuckDB comparison\n"
    "  --results FILE    write one tab-separated line per query: id, rows in, rows out, sum of\n"
    "                    the count column, best ms, median ms (read by scripts/bench-kql-compare.sh)\n"
    "  --explain         print each query's plan\n"
    "  --query KQL       time this query instead of the four and print its first 50 rows\n"
    "\n"
    "OfficeActivity's schema has no SessionId column (the real connector keeps it inside\n"
    "AppAccessContext); the benchmark adds one that reads the session the Office rows record, as\n"
    "SigninLogs.SessionId reads it. scripts/bench-kql-compare.sh runs the whole comparison.\n";

double Secs(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// RFC 4180: quote a field that holds a comma, a quote or a line break; an empty string is
// written as "" so that readers that take an empty field for NULL keep it a string.
void AppendCsvField(std::string& out, std::string_view s) {
  if (!s.empty() && s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// Writes `columns` of every row of `table` (TimeGenerated as ms since the epoch, others as text).
size_t ExportCsv(const engine::LogTable& table, const std::vector<std::string>& columns, const std::string& path) {
  std::vector<size_t> idx;
  for (const auto& c : columns) {
    const int i = table.FindColumn(c);
    if (i < 0) throw std::runtime_error("bench kql: table " + table.Name() + " has no column " + c);
    idx.push_back(static_cast<size_t>(i));
  }
  std::ofstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("bench kql: cannot write " + path);
  std::string buf;
  for (size_t i = 0; i < columns.size(); ++i) buf += (i ? "," : "") + columns[i];
  buf.push_back('\n');
  engine::Cell cell;
  std::string text;
  for (size_t r = 0; r < table.RowCount(); ++r) {
    for (size_t i = 0; i < idx.size(); ++i) {
      if (i) buf.push_back(',');
      table.ReadCell(idx[i], r, cell);
      if (table.Columns()[idx[i]].type == engine::ColumnType::DateTime) {
        buf += std::to_string(cell.i);
        continue;
      }
      text.clear();
      engine::AppendCellText(text, cell, table.Columns()[idx[i]].type);
      AppendCsvField(buf, text);
    }
    buf.push_back('\n');
    if (buf.size() > (1u << 20)) { f.write(buf.data(), static_cast<std::streamsize>(buf.size())); buf.clear(); }
  }
  f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!f) throw std::runtime_error("bench kql: writing " + path + " failed (disk full?)");
  return table.RowCount();
}

// The sum of a result's last column (the count), to compare the engines' answers.
long long CountSum(const engine::kql::QueryResult& res) {
  long long sum = 0;
  if (res.ColumnCount() == 0) return 0;
  for (size_t r = 0; r < res.RowCount(); ++r) sum += res.At(r, res.ColumnCount() - 1).i;
  return sum;
}

}  // namespace

int CmdBenchKql(const Args& args) {
  Options opt(args, {"template", "days", "seed", "repeats", "export-csv", "results", "query"}, {"help", "explain"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (!opt.Positional().empty()) throw UsageError{"bench kql takes no positional argument (got \"" + opt.Positional()[0] + "\")."};
  sim::TemplateSpec spec = ResolveTemplate(opt.Get("template").value_or("enterprise-10000"));
  const int64_t days = opt.Int("days", 30, 1, 90);
  const auto seed = static_cast<uint64_t>(opt.Int("seed", 1, 0, INT64_MAX));
  const int repeats = static_cast<int>(opt.Int("repeats", 5, 1, 100));
  const engine::SimTime start = engine::FromCivil(2026, 3, 2);

  auto t0 = std::chrono::steady_clock::now();
  sim::World world(spec, seed, start);
  {
    Progress bar("simulate");
    world.AdvanceTo(start + days * engine::kDay, [&](double f) { bar.Update(f); });
    bar.Done();
  }
  engine::LogStore& store = world.Logs().Store();
  store.CommitAll();
  store.Compact();
  std::printf("bench kql: %s, %zu users, %lld days, seed %llu (%.1f s to generate)\n", spec.name.c_str(), world.GetTenant().users.size(),
              static_cast<long long>(days), static_cast<unsigned long long>(seed), Secs(t0));

  engine::LogTable* signins = store.Find("SigninLogs");
  engine::LogTable* office = store.Find("OfficeActivity");
  if (!signins || !office) throw std::runtime_error("bench kql: the tenant has no SigninLogs or OfficeActivity table");
  // OfficeActivity.SessionId: SigninLogs.SessionId's reader on the Office rows' session field.
  if (office->FindColumn("SessionId") < 0) {
    const int sess_col = signins->FindColumn("SessionId");
    const int sess_field = office->FindField("session");
    if (sess_col < 0 || sess_field < 0) throw std::runtime_error("bench kql: no session field to join on");
    engine::ColumnDef def = signins->Columns()[static_cast<size_t>(sess_col)];
    def.key_field = sess_field;
    office->AddColumn(std::move(def));
  }
  // The "largest table": OfficeActivity on the shipped templates; the where keeps one
  // Operation (FileDownloaded: about 4 % of the rows, a data-theft hunt) and counts per UserId.
  const engine::LogTable* largest = office;
  for (const auto& t : store.Tables()) {
    std::printf("  %-34s %10zu rows\n", t->Name().c_str(), t->RowCount());
    if (t->RowCount() > largest->RowCount()) largest = t.get();
  }
  if (largest != office) std::printf("note: %s is larger than OfficeActivity; the queries still read OfficeActivity\n", largest->Name().c_str());
  const std::string op = "FileDownloaded";
  std::vector<engine::kql::BenchQuery> queries = {
      {"where Operation + count() by UserId", "OfficeActivity | where Operation == \"" + op + "\" | summarize count() by UserId"},
      {"join SigninLogs-Office on SessionId", "SigninLogs | join kind=inner (OfficeActivity) on SessionId | count"},
      {"bin(TimeGenerated, 1h) histogram", "OfficeActivity | summarize count() by bin(TimeGenerated, 1h)"},
      // The join again, its rows read this time (query 2's count builds no pairs).
      {"join on SessionId, count() by Operation", "SigninLogs | join kind=inner (OfficeActivity) on SessionId | summarize count() by Operation"},
  };
  if (auto extra = opt.Get("query")) queries = {{"--query", *extra}};

  engine::kql::Engine eng(store, start + days * engine::kDay);
  std::printf("%s", engine::kql::FormatBenchmark(engine::kql::RunBenchmark(eng, queries, 1)).c_str());  // warm-up
  const auto results = engine::kql::RunBenchmark(eng, queries, repeats);
  std::printf("timed (one core, best and median of %d after a warm-up run):\n%s", repeats, engine::kql::FormatBenchmark(results).c_str());
  if (opt.Has("explain"))
    for (const auto& q : queries) std::printf("%s\n%s", q.kql.c_str(), engine::kql::Engine::FormatPlan(eng.Explain(q.kql).plan).c_str());
  if (opt.Has("query")) {
    auto run = eng.Run(queries[0].kql);
    if (!run.Ok()) { std::fprintf(stderr, "%s\n", run.error->Format(queries[0].kql).c_str()); return 2; }
    std::printf("%s", run.result.ToTable(50).c_str());
    return 0;
  }

  if (auto path = opt.Get("results")) {
    std::ofstream f(*path);
    if (!f) throw std::runtime_error("bench kql: cannot write " + *path);
    for (size_t i = 0; i < results.size(); ++i) {
      const auto run = eng.Run(queries[i].kql);
      char line[256];
      std::snprintf(line, sizeof line, "%zu\t%zu\t%zu\t%lld\t%.3f\t%.3f\n", i + 1, results[i].scanned, results[i].rows,
                    run.Ok() ? CountSum(run.result) : -1LL, results[i].best_ms, results[i].median_ms);
      f << line;
    }
  }
  if (auto dir = opt.Get("export-csv")) {
    std::filesystem::create_directories(*dir);
    t0 = std::chrono::steady_clock::now();
    size_t rows = ExportCsv(*signins, {"TimeGenerated", "UserPrincipalName", "SessionId"}, *dir + "/SigninLogs.csv");
    rows += ExportCsv(*office, {"TimeGenerated", "Operation", "UserId", "SessionId"}, *dir + "/OfficeActivity.csv");
    std::ofstream env(*dir + "/bench.env");  // for scripts/bench-kql-compare.sh
    env << "OPERATION='" << op << "'\n";
    if (!env) throw std::runtime_error("bench kql: cannot write " + *dir + "/bench.env");
    std::printf("exported %zu rows to %s in %.1f s\n", rows, dir->c_str(), Secs(t0));
  }
  return 0;
}

}  // namespace td::cli
