#pragma once
// The KQL micro-benchmark of issue 5: the three reference queries (a selective where plus
// summarize count() by, a join of sign-ins to Office activity on SessionId, a 1-hour histogram)
// timed over whatever store the caller built. `tenantdrill-sim bench kql` runs its own variant
// of the three on the generated 10,000-user / 30-day tenant through RunBenchmark, and
// scripts/bench-kql-compare.sh sets the same queries beside SQLite and DuckDB (docs/kql.md).
#include <string>
#include <vector>

#include "engine/kql/kql_engine.h"

namespace td::engine::kql {

struct BenchQuery {
  std::string name;
  std::string kql;
};

struct BenchResult {
  std::string name;
  std::string kql;
  double best_ms = 0;     // fastest of the repeats (one core, warm)
  double median_ms = 0;
  size_t rows = 0;        // result rows
  size_t scanned = 0;     // rows of the tables the query reads (as the view shows them)
  std::string error;      // set when the query failed
};

// The three queries of the issue. `selective_app` is the AppDisplayName the where keeps.
std::vector<BenchQuery> StandardBenchQueries(const std::string& selective_app = "Azure Portal");
std::vector<BenchResult> RunBenchmark(const Engine& engine, const std::vector<BenchQuery>& queries, int repeats = 5);
std::string FormatBenchmark(const std::vector<BenchResult>& results);

}  // namespace td::engine::kql
