// `| render …` in the log explorer (ui/result_chart.h): the series a chart takes from a query
// result, hand-built here so every expected point can be read off the rows, and the whole flow
// (query → result → chart drawn in a frame) on a live exercise.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/kql/kql_engine.h"
#include "live_shell_fixture.h"
#include "ui/result_chart.h"

namespace td::ui::test {
namespace {

using engine::kql::QueryResult;
using engine::kql::Value;

QueryResult Result(std::vector<engine::kql::ResultColumn> cols, std::vector<std::vector<Value>> rows, std::string render) {
  QueryResult r;
  r.columns = std::move(cols);
  r.rows = std::move(rows);
  r.render = std::move(render);
  return r;
}

Value Time(int64_t ms) { return Value::DateTime(ms); }

}  // namespace

TEST_CASE("render: a query without render, or rendering a table, has no chart") {
  QueryResult r = Result({{"n", "long"}}, {{Value::Long(1)}}, "");
  CHECK_FALSE(BuildResultChart(r));
  r.render = "table";
  CHECK_FALSE(BuildResultChart(r));
}

TEST_CASE("render timechart: x is the time column in order, a text column splits the series, gaps are NaN") {
  // Rows out of time order; two apps; app B has no row at t=2000.
  QueryResult r = Result({{"TimeGenerated", "datetime"}, {"App", "string"}, {"count_", "long"}},
                         {{Time(3000), Value::String("A"), Value::Long(7)},
                          {Time(1000), Value::String("A"), Value::Long(2)},
                          {Time(1000), Value::String("B"), Value::Long(5)},
                          {Time(2000), Value::String("A"), Value::Long(4)},
                          {Time(3000), Value::String("B"), Value::Long(1)}},
                         "timechart");
  auto c = BuildResultChart(r);
  REQUIRE(c);
  CHECK(c->kind == "timechart");
  CHECK(c->x_is_time);
  CHECK(c->x_name == "TimeGenerated");
  CHECK(c->x == std::vector<double>{1000, 2000, 3000});
  REQUIRE(c->series.size() == 2);
  CHECK(c->series[0].name == "A");  // first seen in time order
  CHECK(c->series[0].y == std::vector<double>{2, 4, 7});
  CHECK(c->series[1].name == "B");
  CHECK(c->series[1].y[0] == 5);
  CHECK(std::isnan(c->series[1].y[1]));
  CHECK(c->series[1].y[2] == 1);
  CHECK(c->note.empty());
}

TEST_CASE("render columnchart and piechart: categories in result order; a pie keeps the largest slices and sums the rest") {
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 11; ++i) rows.push_back({Value::String("op" + std::to_string(i)), Value::Long(i + 1)});
  QueryResult r = Result({{"Operation", "string"}, {"n", "long"}}, rows, "columnchart");
  auto col = BuildResultChart(r);
  REQUIRE(col);
  CHECK(col->x_labels.size() == 11);
  CHECK(col->x_labels[3] == "op3");
  REQUIRE(col->series.size() == 1);
  CHECK(col->series[0].y[3] == 4);
  r.render = "piechart";
  auto pie = BuildResultChart(r);
  REQUIRE(pie);
  REQUIRE(pie->x_labels.size() == kPieMaxSlices + 1);
  CHECK(pie->x_labels[0] == "op10");  // the largest (11)
  CHECK(pie->series[0].y[0] == 11);
  CHECK(pie->x_labels.back() == "other (3)");
  CHECK(pie->series[0].y.back() == 1 + 2 + 3);  // op0..op2
}

TEST_CASE("render with xcolumn and ycolumns picks those columns; a missing one is named in the note") {
  QueryResult r = Result({{"a", "long"}, {"b", "long"}, {"c", "long"}},
                         {{Value::Long(1), Value::Long(10), Value::Long(100)}, {Value::Long(2), Value::Long(20), Value::Long(200)}},
                         "linechart");
  r.render_properties.xcolumn = "b";
  r.render_properties.ycolumns = {"c", "nope"};
  auto c = BuildResultChart(r);
  REQUIRE(c);
  CHECK(c->x_name == "b");
  CHECK(c->x == std::vector<double>{10, 20});
  REQUIRE(c->series.size() == 1);
  CHECK(c->series[0].name == "c");
  CHECK(c->note.find("'nope'") != std::string::npos);
  // Nothing numeric to draw: a note, no series.
  QueryResult t = Result({{"User", "string"}}, {{Value::String("x")}}, "barchart");
  auto none = BuildResultChart(t);
  REQUIRE(none);
  CHECK(none->series.empty());
  CHECK(none->note == "no numeric column to draw");
}

TEST_CASE("render: a live query's chart matches its rows and is drawn in the log explorer") {
  LiveShellFixture f("bec-invoice-fraud");
  f.session.RunQueryNow("OfficeActivity | summarize n = count() by bin(TimeGenerated, 1h) | render timechart with (title=\"Office activity\")");
  f.session.Fill(f.state, f.ui.selected_entity);
  REQUIRE(f.state.last_result);
  REQUIRE(f.state.last_result->error.empty());
  REQUIRE(f.state.last_result->chart);
  const ResultChart& c = *f.state.last_result->chart;
  CHECK(c.title == "Office activity");
  REQUIRE(c.series.size() == 1);
  CHECK(c.x.size() == f.state.last_result->RowCount());
  double sum = 0;
  for (double v : c.series[0].y) sum += v;
  f.session.RunQueryNow("OfficeActivity | count");
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK(std::to_string(static_cast<long long>(sum)) == f.state.last_result->Cell(0, 0));
  // Drawn: a frame over the log explorer with a chart result does not fail, and shows the title.
  f.session.RunQueryNow("OfficeActivity | summarize n = count() by Operation | render piechart");
  f.session.Fill(f.state, f.ui.selected_entity);
  REQUIRE(f.state.last_result->chart);
  CHECK(f.state.last_result->chart->kind == "piechart");
  f.harness.Frame(3);
  ImRect chart;
  REQUIRE(f.harness.ItemRect(kTabs + "/Log explorer/##result_chart", &chart));
  CHECK(chart.GetHeight() > ImGui::GetFontSize() * 10);
  // A query without render: no chart item.
  f.session.RunQueryNow("OfficeActivity | summarize n = count() by Operation");
  f.harness.Frame(3);
  CHECK_FALSE(f.state.last_result->chart);
  CHECK_FALSE(f.harness.ItemRect(kTabs + "/Log explorer/##result_chart", &chart));
}

}  // namespace td::ui::test
