#include "engine/kql/kql_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace td::engine::kql {

std::vector<BenchQuery> StandardBenchQueries(const std::string& selective_app) {
  return {
      {"selective where + summarize count() by",
       "SigninLogs | where AppDisplayName == \"" + selective_app + "\" | summarize count() by UserPrincipalName"},
      {"join sign-ins to Office activity on SessionId",
       "SigninLogs | join kind=inner (OfficeActivity) on SessionId | count"},
      {"bin(TimeGenerated, 1h) histogram", "SigninLogs | summarize count() by bin(TimeGenerated, 1h)"},
  };
}

std::vector<BenchResult> RunBenchmark(const Engine& engine, const std::vector<BenchQuery>& queries, int repeats) {
  std::vector<BenchResult> out;
  for (const auto& q : queries) {
    BenchResult r;
    r.name = q.name;
    r.kql = q.kql;
    std::vector<double> times;
    for (int k = 0; k < std::max(1, repeats); ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      QueryRun run = engine.Run(q.kql);
      times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!run.Ok()) {
        r.error = run.error->message;
        break;
      }
      r.rows = run.result.RowCount();
    }
    std::sort(times.begin(), times.end());
    r.best_ms = times.front();
    r.median_ms = times[times.size() / 2];
    for (const auto& t : engine.Store().Tables())
      if (q.kql.find(t->Name() + " ") == 0 || q.kql.find("(" + t->Name() + ")") != std::string::npos)
        if (const LogTable* table = t.get())
          if (auto vis = engine.ViewFor(*table)) r.scanned += TableView(*table, *vis).End() - TableView(*table, *vis).Begin();
    out.push_back(std::move(r));
  }
  return out;
}

std::string FormatBenchmark(const std::vector<BenchResult>& results) {
  std::string out;
  char buf[256];
  for (const auto& r : results) {
    if (!r.error.empty()) {
      std::snprintf(buf, sizeof buf, "%-48s  ERROR %s\n", r.name.c_str(), r.error.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "%-48s  best %9.2f ms  median %9.2f ms  %8zu rows out  %10zu rows in\n",
                    r.name.c_str(), r.best_ms, r.median_ms, r.rows, r.scanned);
    }
    out += buf;
  }
  return out;
}

}  // namespace td::engine::kql
