#pragma once
// Charts for `| render …` in the log explorer. BuildResultChart reads a query result the way Log
// Analytics does: the x axis is the `xcolumn` property, else the first datetime column (time
// charts) or the first text column (bar, column and pie charts), else the first column; the y
// series are the `ycolumns` property, else every numeric column; for time, line and area charts
// a text column splits the rows into one series per value. DrawResultChart draws it with the
// window's draw list (no plotting library).
#include <cstddef>
#include <optional>

#include "ui/shell_state.h"

namespace td::engine::kql {
struct QueryResult;
}

namespace td::ui {

inline constexpr size_t kChartMaxPoints = 5000;  // per series; the rest is left out with a note
inline constexpr size_t kChartMaxSeries = 8;     // split series beyond this are left out with a note
inline constexpr size_t kPieMaxSlices = 8;       // more categories are summed into "other"

// nullopt when the result has no render, or renders as a table.
std::optional<ResultChart> BuildResultChart(const engine::kql::QueryResult& result);

// Draws the chart across the available width; hovering shows the values under the mouse.
void DrawResultChart(const ResultChart& chart);

}  // namespace td::ui
