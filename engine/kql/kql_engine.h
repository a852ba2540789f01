#pragma once
// [SECTION] Limits
// [SECTION] Results
// [SECTION] Engine
//
// The public entry point of the KQL engine: run a query over a LogStore as a viewer sees it
// (time range and licence gate per table), get a table of rows or an error with its place.
//
//   kql::Engine engine(store, now);
//   kql::QueryRun run = engine.Run("SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName");
//   if (!run.Ok()) std::puts(run.error->Format(query).c_str());
//   else for (size_t r = 0; r < run.result.RowCount(); ++r) … run.result.Text(r, c) …
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kql/kql_error.h"
#include "engine/kql/kql_render.h"
#include "engine/kql/kql_value.h"
#include "engine/log_store.h"
#include "engine/result.h"

namespace td::engine::kql {

// [SECTION] Limits

// Budgets that stop a runaway query (a cross join, an mv-expand of huge arrays) with a message.
struct Limits {
  size_t max_rows = 20'000'000;          // rows any intermediate table (join, mv-expand, union) may hold
  size_t max_bytes = size_t{2} << 30;    // estimated bytes of materialised cells, all operators together
  size_t max_result_rows = 1'000'000;    // rows returned to the caller (more is an error, not a silent cut)
  // When set and it becomes true (another thread: a UI's Cancel), the query stops between
  // operators and inside the long loops with the error "query cancelled". Must outlive Run().
  const std::atomic<bool>* cancel = nullptr;
};

// [SECTION] Results

struct ResultColumn {
  std::string name;
  std::string type;  // "string", "long", "int", "real", "bool", "datetime", "timespan", "dynamic", "guid"
};

// The rows of a query, materialised once at the end; row-major so a UI can page through them.
struct QueryResult {
  std::vector<ResultColumn> columns;
  std::vector<std::vector<Value>> rows;
  // Set when the query ends with `| render V [with (...)]`: the visualization ("timechart",
  // "piechart", "table", …) and its properties, for a front end to draw. `render` does not
  // change the rows. Empty when the query has no render.
  std::string render;
  RenderProperties render_properties;

  size_t RowCount() const { return rows.size(); }
  size_t ColumnCount() const { return columns.size(); }
  int FindColumn(std::string_view name) const;                          // -1 when absent
  const Value& At(size_t row, size_t col) const { return rows[row][col]; }
  std::string Text(size_t row, size_t col) const;                       // as tostring() prints it
  std::string ToCsv() const;                                            // header row + rows (RFC 4180 quoting)
  std::string ToJsonl() const;                                          // one JSON object per row
  std::string ToTable(size_t max_rows = 200, size_t max_width = 60) const;  // aligned text table
  // The render request in words: `timechart (title "Sign-ins"; xcolumn TimeGenerated; ycolumns
  // count_)`; empty when the query has no render.
  std::string DescribeRender() const;
};

// One operator as the executor ran it (for --explain and the UI's plan view).
struct PlanStep {
  int depth = 0;              // nesting (let bodies, join right sides, union legs)
  std::string op;             // "where", "summarize", "scan SigninLogs" …
  std::string strategy;       // "time range by binary search; keyed predicate cached per key …"
  size_t rows_in = 0, rows_out = 0;
  double millis = 0;
};

struct QueryRun {
  QueryResult result;
  std::optional<QueryError> error;  // set when the query failed; result is then empty
  std::vector<PlanStep> plan;       // filled by Explain (empty after Run)
  bool Ok() const { return !error.has_value(); }
};

// [SECTION] Engine

// Asks the C library to keep large freed blocks for reuse instead of returning each to the
// operating system: a query allocates and frees arrays of millions of row ids, and by default
// glibc unmaps them on free and the next query takes a page fault per 4 KiB to get them back
// (a third of a 6 M-pair join's time). The programs call it once at start; without glibc it does
// nothing. Peak memory is unchanged; memory freed after a peak stays with the process.
void KeepFreedMemoryForQueries();

class Engine {
 public:
  // The store must outlive the engine. `now` is what now() and ago() measure from.
  Engine(const LogStore& store, SimTime now, Visibility visibility = {});

  // A different view for one table (retention, licence); others use the engine-wide view.
  void SetVisibility(const std::string& table, const Visibility& v);
  // Or a callback that decides the view per table (nullopt: the table is hidden).
  void SetViewProvider(std::function<std::optional<Visibility>(const LogTable&)> provider);

  QueryRun Run(std::string_view query, const Limits& limits = {}) const;
  // The same as a Result: the rows, or the formatted error (line, column, caret, suggestion).
  Result<QueryResult> RunOrError(std::string_view query, const Limits& limits = {}) const;
  // Runs the query and returns the plan: each operator with its strategy, row counts and time.
  QueryRun Explain(std::string_view query, const Limits& limits = {}) const;
  static std::string FormatPlan(const std::vector<PlanStep>& plan);

  // Checks the syntax only (no store access): nullopt when it parses.
  static std::optional<QueryError> CheckSyntax(std::string_view query);

  // For a query editor (completion, schema browser): the tables, a table's columns and types,
  // and the operator, function and aggregation names the engine knows.
  std::vector<std::string> TableNames() const;
  std::vector<ResultColumn> TableSchema(std::string_view table) const;  // empty when unknown
  static std::vector<std::string> LanguageWords();

  SimTime Now() const { return m_now; }
  const LogStore& Store() const { return m_store; }
  std::optional<Visibility> ViewFor(const LogTable& t) const;

 private:
  QueryRun Execute(std::string_view query, const Limits& limits, bool explain) const;

  const LogStore& m_store;
  SimTime m_now;
  Visibility m_visibility;
  std::vector<std::pair<std::string, Visibility>> m_overrides;
  std::function<std::optional<Visibility>(const LogTable&)> m_provider;
};

}  // namespace td::engine::kql
