#pragma once
// The chart a query's final `render` operator asks for. The engine does not draw it: it records
// the visualization and its `with (...)` properties in the QueryResult so that a front end (the
// desktop program) can draw the rows, and the command line can say that it printed a table.
#include <optional>
#include <string>
#include <vector>

namespace td::engine::kql {

// The properties of `render V with (title="...", xcolumn=X, ycolumns=A, B, kind=stacked, ...)`.
// Empty strings and vectors mean "not given" (the front end picks its default).
struct RenderProperties {
  std::string title, xtitle, ytitle;
  std::string xcolumn;                 // a column of the result
  std::vector<std::string> ycolumns;   // columns of the result
  std::vector<std::string> series;     // columns of the result
  std::string kind;                    // default, stacked, stacked100, unstacked, map
  std::string legend;                  // visible, hidden
  std::string xaxis, yaxis;            // linear, log
  std::optional<double> ymin, ymax;
  bool accumulate = false;
};

// The visualizations `render` accepts.
const std::vector<std::string>& RenderVisualizations();

}  // namespace td::engine::kql
