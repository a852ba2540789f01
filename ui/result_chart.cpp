// Charts for `| render …` (see ui/result_chart.h): building the series from a query result, and
// drawing them with the window's draw list.
#include "ui/result_chart.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <string>

#include "engine/kql/kql_engine.h"
#include "ui/app_shell.h"
#include "ui/colors.h"

namespace td::ui {
namespace {

using engine::kql::QueryResult;
using engine::kql::VType;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kPi = 3.14159265358979f;

bool IsNumericType(const std::string& t) { return t == "long" || t == "int" || t == "real" || t == "decimal"; }
bool IsTextType(const std::string& t) { return t == "string" || t == "guid"; }

bool Categorical(const std::string& kind) { return kind == "columnchart" || kind == "barchart" || kind == "piechart"; }

int FindColumn(const QueryResult& r, const std::string& name) {
  for (size_t i = 0; i < r.columns.size(); ++i)
    if (r.columns[i].name == name) return static_cast<int>(i);
  return -1;
}

int FirstOfType(const QueryResult& r, bool (*pred)(const std::string&), int skip = -1) {
  for (size_t i = 0; i < r.columns.size(); ++i)
    if (static_cast<int>(i) != skip && pred(r.columns[i].type)) return static_cast<int>(i);
  return -1;
}

double NumberAt(const QueryResult& r, size_t row, int col) {
  const auto& v = r.rows[row][static_cast<size_t>(col)];
  if (v.IsNumeric() || v.type == VType::DateTime || v.type == VType::Timespan || v.type == VType::Bool) return v.AsReal();
  return kNaN;
}

std::string WithCommas(size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

void AddNote(ResultChart& c, const std::string& note) { c.note += (c.note.empty() ? "" : "; ") + note; }

}  // namespace

std::optional<ResultChart> BuildResultChart(const QueryResult& r) {
  if (r.render.empty() || r.render == "table") return std::nullopt;
  const auto& props = r.render_properties;
  ResultChart c;
  c.kind = r.render;
  c.title = props.title;
  if (r.columns.empty()) {
    AddNote(c, "the result has no columns");
    return c;
  }
  if (c.kind == "card") {
    c.x_name = r.columns[0].name;
    c.x_labels.push_back(r.RowCount() ? r.Text(0, 0) : std::string());
    return c;
  }
  const bool categorical = Categorical(c.kind);
  // The x column.
  int x = -1;
  if (!props.xcolumn.empty()) {
    x = FindColumn(r, props.xcolumn);
    if (x < 0) AddNote(c, "no column '" + props.xcolumn + "' for xcolumn");
  }
  if (x < 0) x = categorical ? FirstOfType(r, IsTextType) : FirstOfType(r, [](const std::string& t) { return t == "datetime"; });
  if (x < 0) x = 0;
  c.x_name = r.columns[static_cast<size_t>(x)].name;
  c.x_is_time = r.columns[static_cast<size_t>(x)].type == "datetime";
  // The y columns.
  std::vector<int> ys;
  for (const auto& name : props.ycolumns) {
    const int y = FindColumn(r, name);
    if (y >= 0) ys.push_back(y);
    else AddNote(c, "no column '" + name + "' for ycolumns");
  }
  if (props.ycolumns.empty())
    for (size_t i = 0; i < r.columns.size(); ++i)
      if (static_cast<int>(i) != x && IsNumericType(r.columns[i].type)) ys.push_back(static_cast<int>(i));
  if (ys.empty()) {
    AddNote(c, "no numeric column to draw");
    return c;
  }
  // A text column splits time, line and area charts into one series per value.
  int split = -1;
  if (!categorical) {
    if (!props.series.empty()) split = FindColumn(r, props.series[0]);
    if (split < 0) split = FirstOfType(r, IsTextType, x);
  }
  // Rows in x order for charts with a numeric or time axis; in result order for categories.
  std::vector<size_t> order(r.RowCount());
  std::iota(order.begin(), order.end(), size_t{0});
  const bool numeric_x = c.x_is_time || IsNumericType(r.columns[static_cast<size_t>(x)].type);
  if (!categorical && numeric_x)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return NumberAt(r, a, x) < NumberAt(r, b, x); });
  if (categorical || !numeric_x) {
    if (order.size() > kChartMaxPoints) {
      AddNote(c, "first " + WithCommas(kChartMaxPoints) + " of " + WithCommas(order.size()) + " rows");
      order.resize(kChartMaxPoints);
    }
    for (size_t k = 0; k < order.size(); ++k) {
      c.x.push_back(static_cast<double>(k));
      c.x_labels.push_back(r.Text(order[k], static_cast<size_t>(x)));
    }
    for (int y : ys) {
      ResultChart::Series s{r.columns[static_cast<size_t>(y)].name, {}};
      for (size_t row : order) s.y.push_back(NumberAt(r, row, y));
      c.series.push_back(std::move(s));
    }
    if (c.kind == "piechart" && !c.series.empty()) {
      // Largest slices first; the tail summed into "other".
      ResultChart::Series& s = c.series[0];
      std::vector<size_t> idx(s.y.size());
      std::iota(idx.begin(), idx.end(), size_t{0});
      std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return s.y[a] > s.y[b]; });
      std::vector<std::string> labels;
      std::vector<double> values;
      double other = 0;
      for (size_t k = 0; k < idx.size(); ++k) {
        const double v = std::isnan(s.y[idx[k]]) ? 0 : std::max(0.0, s.y[idx[k]]);
        if (k < kPieMaxSlices) { labels.push_back(c.x_labels[idx[k]]); values.push_back(v); }
        else other += v;
      }
      if (idx.size() > kPieMaxSlices) { labels.push_back("other (" + std::to_string(idx.size() - kPieMaxSlices) + ")"); values.push_back(other); }
      c.x_labels = std::move(labels);
      c.x.resize(values.size());
      std::iota(c.x.begin(), c.x.end(), 0.0);
      s.y = std::move(values);
      c.series.resize(1);
    }
    return c;
  }
  // Numeric or time x: the distinct x values in order; each series has a value per x (NaN where
  // its rows have none; several rows at one x are summed).
  std::map<double, size_t> x_index;
  for (size_t row : order) {
    const double xv = NumberAt(r, row, x);
    if (!std::isnan(xv)) x_index.emplace(xv, 0);
  }
  if (x_index.size() > kChartMaxPoints) {
    AddNote(c, "first " + WithCommas(kChartMaxPoints) + " of " + WithCommas(x_index.size()) + " points");
    auto cut = x_index.begin();
    std::advance(cut, static_cast<std::ptrdiff_t>(kChartMaxPoints));
    x_index.erase(cut, x_index.end());
  }
  for (auto& [xv, i] : x_index) {
    i = c.x.size();
    c.x.push_back(xv);
  }
  std::map<std::string, size_t> series_of;  // split value (and y column) → series
  size_t dropped = 0;
  for (size_t row : order) {
    const double xv = NumberAt(r, row, x);
    auto at = x_index.find(xv);
    if (at == x_index.end()) continue;
    for (int y : ys) {
      std::string name = r.columns[static_cast<size_t>(y)].name;
      if (split >= 0) name = ys.size() == 1 ? r.Text(row, static_cast<size_t>(split)) : r.Text(row, static_cast<size_t>(split)) + ": " + name;
      auto it = series_of.find(name);
      if (it == series_of.end()) {
        if (c.series.size() >= kChartMaxSeries) { ++dropped; continue; }
        it = series_of.emplace(name, c.series.size()).first;
        c.series.push_back({name, std::vector<double>(c.x.size(), kNaN)});
      }
      const double yv = NumberAt(r, row, y);
      if (std::isnan(yv)) continue;
      double& cell = c.series[it->second].y[at->second];
      cell = std::isnan(cell) ? yv : cell + yv;
    }
  }
  if (dropped) AddNote(c, "first " + std::to_string(kChartMaxSeries) + " series drawn");
  return c;
}

// [SECTION] Drawing

namespace {

constexpr ImU32 kPalette[] = {
    IM_COL32(86, 182, 255, 255), IM_COL32(242, 180, 65, 255), IM_COL32(96, 200, 130, 255), IM_COL32(235, 87, 87, 255),
    IM_COL32(178, 140, 255, 255), IM_COL32(80, 210, 200, 255), IM_COL32(240, 130, 190, 255), IM_COL32(190, 200, 120, 255),
    IM_COL32(150, 158, 170, 255)};
ImU32 SeriesColor(size_t i) { return kPalette[i % (sizeof kPalette / sizeof kPalette[0])]; }

std::string FormatNumber(double v) {
  char buf[32];
  if (std::fabs(v) >= 1e6 || (std::fabs(v) < 1e-3 && v != 0)) std::snprintf(buf, sizeof buf, "%.3g", v);
  else if (v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string XLabel(const ResultChart& c, size_t i) {
  if (!c.x_labels.empty()) return i < c.x_labels.size() ? c.x_labels[i] : std::string();
  if (c.x_is_time) return FormatClock(static_cast<SimTimeMs>(c.x[i])).substr(9, 11);  // "03-03 09:42"
  return FormatNumber(c.x[i]);
}

std::string Truncated(std::string s, size_t n) {
  if (s.size() > n) s = s.substr(0, n - 1) + "\u2026";
  return s;
}

void Legend(const ResultChart& c, ImDrawList* dl, ImVec2 at, float max_x) {
  const float em = ImGui::GetFontSize();
  float x = at.x;
  for (size_t s = 0; s < c.series.size(); ++s) {
    const std::string name = Truncated(c.series[s].name.empty() ? "(empty)" : c.series[s].name, 28);
    const float w = em * 1.2f + ImGui::CalcTextSize(name.c_str()).x + em;
    if (x + w > max_x && x > at.x) break;
    dl->AddRectFilled(ImVec2(x, at.y + em * 0.3f), ImVec2(x + em * 0.7f, at.y + em * 0.9f), SeriesColor(s));
    dl->AddText(ImVec2(x + em, at.y), colors::kTextDim, name.c_str());
    x += w;
  }
}

void DrawCard(const ResultChart& c, ImVec2 origin, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const std::string text = c.x_labels.empty() ? std::string() : c.x_labels[0];
  const float size = em * 3.0f;
  const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(size, width, 0.0f, text.c_str());
  dl->AddText(ImGui::GetFont(), size, ImVec2(origin.x + em, origin.y + em * 0.5f), colors::kText, text.c_str());
  dl->AddText(ImVec2(origin.x + em, origin.y + em * 0.8f + ts.y), colors::kTextDim, c.x_name.c_str());
}

void DrawPie(const ResultChart& c, ImVec2 origin, ImVec2 size, bool hovered) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const std::vector<double>& v = c.series[0].y;
  const double total = std::accumulate(v.begin(), v.end(), 0.0);
  const float radius = std::max(em, size.y * 0.5f - em * 0.5f);
  const ImVec2 centre(origin.x + em + radius, origin.y + size.y * 0.5f);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float dx = mouse.x - centre.x, dy = mouse.y - centre.y;
  float mouse_angle = std::atan2(dy, dx);
  if (mouse_angle < -kPi * 0.5f) mouse_angle += 2 * kPi;
  const bool in_circle = hovered && dx * dx + dy * dy <= radius * radius;
  float a = -kPi * 0.5f;
  int hit = -1;
  // Parts of one slice meet edge to edge: without anti-aliasing no seam shows between them.
  const ImDrawListFlags flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (size_t i = 0; i < v.size() && total > 0; ++i) {
    const float sweep = static_cast<float>(v[i] / total) * 2 * kPi;
    // A slice is filled in parts of at most a quarter turn, each convex.
    for (float from = a; from < a + sweep - 1e-4f; from += kPi * 0.5f) {
      const float to = std::min(a + sweep, from + kPi * 0.5f);
      dl->PathLineTo(centre);
      dl->PathArcTo(centre, radius, from, to, 24);
      dl->PathFillConvex(SeriesColor(i));
    }
    if (in_circle && mouse_angle >= a && mouse_angle < a + sweep) hit = static_cast<int>(i);
    a += sweep;
  }
  dl->Flags = flags;
  // The legend: label, value and share.
  float y = origin.y + em * 0.2f;
  const float lx = centre.x + radius + em * 1.5f;
  for (size_t i = 0; i < v.size(); ++i) {
    char line[256];
    std::snprintf(line, sizeof line, "%s  %s  (%.1f%%)", Truncated(c.x_labels[i].empty() ? "(empty)" : c.x_labels[i], 40).c_str(),
                  FormatNumber(v[i]).c_str(), total > 0 ? 100.0 * v[i] / total : 0.0);
    dl->AddRectFilled(ImVec2(lx, y + em * 0.3f), ImVec2(lx + em * 0.7f, y + em * 0.9f), SeriesColor(i));
    dl->AddText(ImVec2(lx + em, y), static_cast<int>(i) == hit ? colors::kText : colors::kTextDim, line);
    y += em * 1.25f;
  }
  if (hit >= 0) ImGui::SetTooltip("%s: %s (%.1f%%)", c.x_labels[static_cast<size_t>(hit)].c_str(), FormatNumber(v[static_cast<size_t>(hit)]).c_str(),
                                  100.0 * v[static_cast<size_t>(hit)] / total);
}

}  // namespace

void DrawResultChart(const ResultChart& c) {
  const float em = ImGui::GetFontSize();
  if (!c.title.empty()) ImGui::TextUnformatted(c.title.c_str());
  const bool empty = c.kind != "card" && (c.series.empty() || c.x.empty());
  if (!c.note.empty() || empty) ImGui::TextDisabled("%s: %s", c.kind.c_str(), empty && c.note.empty() ? "nothing to draw" : c.note.c_str());
  if (empty) return;
  const float width = std::max(em * 20.0f, ImGui::GetContentRegionAvail().x);
  const float height = c.kind == "card" ? em * 5.0f : em * 14.0f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##result_chart", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), colors::kPanelBg, em * 0.2f);
  if (c.kind == "card") return DrawCard(c, origin, width);
  if (c.kind == "piechart") return DrawPie(c, origin, ImVec2(width, height), hovered);

  const bool horizontal = c.kind == "barchart";
  const bool bars = horizontal || c.kind == "columnchart";
  // The value range over every series (bars start from zero).
  double lo = bars ? 0.0 : std::numeric_limits<double>::infinity(), hi = bars ? 0.0 : -lo;
  for (const auto& s : c.series)
    for (double v : s.y)
      if (!std::isnan(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (lo > 0 && !bars) lo = 0;  // counts read best from zero
  if (hi <= lo) hi = lo + 1;
  // Round the range out to a step of 1, 2 or 5 times a power of ten, so that the grid reads
  // 0, 25, 50, 75, 100 rather than 0, 26.5, 53 …
  const double raw_step = (hi - lo) / 4.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double ratio = raw_step / mag;
  const double step = ratio <= 1 ? mag : ratio <= 2 ? 2 * mag : ratio <= 5 ? 5 * mag : 10 * mag;
  lo = std::floor(lo / step) * step;
  hi = std::max(lo + step, std::ceil(hi / step) * step);
  const float legend_h = c.series.size() > 1 ? em * 1.4f : 0.0f;
  const float label_w = horizontal ? em * 9.0f : em * 5.5f;
  const float x0 = origin.x + label_w, x1 = origin.x + width - em;
  const float y0 = origin.y + em * 0.6f, y1 = origin.y + height - em * 1.6f - legend_h;
  auto vpos = [&](double v) { return static_cast<float>((v - lo) / (hi - lo)); };
  // Value grid: a line with its label every step.
  for (double v = lo; v <= hi + step * 0.5; v += step) {
    const std::string text = FormatNumber(v);
    if (horizontal) {
      const float x = x0 + vpos(v) * (x1 - x0);
      dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), colors::kBorder);
      const float tw = ImGui::CalcTextSize(text.c_str()).x;
      dl->AddText(ImVec2(std::min(x - tw * 0.5f, x1 - tw), y1 + em * 0.2f), colors::kTextDim, text.c_str());
    } else {
      const float y = y1 - vpos(v) * (y1 - y0);
      dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), colors::kBorder);
      const float tw = ImGui::CalcTextSize(text.c_str()).x;
      dl->AddText(ImVec2(x0 - tw - em * 0.4f, y - em * 0.5f), colors::kTextDim, text.c_str());
    }
  }
  const size_t n = c.x.size();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int hover_i = -1;
  if (bars) {
    // One group of bars per category, one bar per series.
    const float span = horizontal ? (y1 - y0) : (x1 - x0);
    const float group = span / static_cast<float>(n);
    const float bar = std::max(1.0f, group * 0.8f / static_cast<float>(c.series.size()));
    const size_t label_every = std::max<size_t>(1, static_cast<size_t>(std::ceil((horizontal ? em * 1.1f : em * 6.0f) / group)));
    for (size_t i = 0; i < n; ++i) {
      const float g0 = (horizontal ? y0 : x0) + group * static_cast<float>(i) + group * 0.1f;
      for (size_t s = 0; s < c.series.size(); ++s) {
        const double v = c.series[s].y[i];
        if (std::isnan(v)) continue;
        const float b0 = g0 + bar * static_cast<float>(s);
        if (horizontal) dl->AddRectFilled(ImVec2(x0 + vpos(0) * (x1 - x0), b0), ImVec2(x0 + vpos(v) * (x1 - x0), b0 + bar), SeriesColor(s));
        else dl->AddRectFilled(ImVec2(b0, y1 - vpos(v) * (y1 - y0)), ImVec2(b0 + bar, y1 - vpos(0) * (y1 - y0)), SeriesColor(s));
      }
      if (i % label_every == 0) {
        const size_t room = horizontal ? 14 : std::max<size_t>(4, static_cast<size_t>(group * static_cast<float>(label_every) / (em * 0.6f)));
        const std::string label = Truncated(XLabel(c, i), room);
        if (horizontal) dl->AddText(ImVec2(origin.x + em * 0.4f, g0 + group * 0.4f - em * 0.5f), colors::kTextDim, label.c_str());
        else dl->AddText(ImVec2(g0, y1 + em * 0.2f), colors::kTextDim, label.c_str());
      }
      const float m = horizontal ? mouse.y : mouse.x;
      const float start = (horizontal ? y0 : x0) + group * static_cast<float>(i);
      if (hovered && m >= start && m < start + group) hover_i = static_cast<int>(i);
    }
  } else {
    // A time or numeric axis: five labelled ticks.
    const double xa = c.x.front(), xb = c.x.back() > c.x.front() ? c.x.back() : c.x.front() + 1;
    auto xpos = [&](double v) { return x0 + static_cast<float>((v - xa) / (xb - xa)) * (x1 - x0); };
    for (int t = 0; t <= 4; ++t) {
      const double v = xa + (xb - xa) * t / 4.0;
      std::string label = c.x_is_time ? FormatClock(static_cast<SimTimeMs>(v)).substr(9, 11) : FormatNumber(v);
      const float tw = ImGui::CalcTextSize(label.c_str()).x;
      const float x = xpos(v);
      dl->AddLine(ImVec2(x, y1), ImVec2(x, y1 + em * 0.3f), colors::kTextDim);
      dl->AddText(ImVec2(std::clamp(x - tw * 0.5f, x0 - em, x1 - tw), y1 + em * 0.35f), colors::kTextDim, label.c_str());
    }
    for (size_t s = 0; s < c.series.size(); ++s) {
      const ImU32 col = SeriesColor(s);
      const ImU32 fill = (col & 0x00FFFFFFu) | (IM_COL32(0, 0, 0, 60));
      ImVec2 prev;
      bool have_prev = false;
      for (size_t i = 0; i < n; ++i) {
        const double v = c.series[s].y[i];
        if (std::isnan(v)) continue;
        const ImVec2 p(xpos(c.x[i]), y1 - vpos(v) * (y1 - y0));
        if (c.kind == "scatterchart") dl->AddCircleFilled(p, em * 0.2f, col);
        else if (have_prev) {
          if (c.kind == "areachart") {
            const float base = y1 - vpos(std::max(lo, 0.0)) * (y1 - y0);
            dl->AddQuadFilled(prev, p, ImVec2(p.x, base), ImVec2(prev.x, base), fill);
          }
          dl->AddLine(prev, p, col, 1.5f);
        } else if (n == 1 || i + 1 == n) {
          dl->AddCircleFilled(p, em * 0.15f, col);  // a lone point
        }
        prev = p;
        have_prev = true;
      }
    }
    if (hovered && mouse.x >= x0 - em * 0.5f && mouse.x <= x1 + em * 0.5f) {
      // The nearest x under the mouse.
      const double mv = xa + (xb - xa) * (mouse.x - x0) / (x1 - x0);
      auto it = std::lower_bound(c.x.begin(), c.x.end(), mv);
      size_t i = static_cast<size_t>(it - c.x.begin());
      if (i == n || (i > 0 && mv - c.x[i - 1] < c.x[i] - mv)) i = i == 0 ? 0 : i - 1;
      hover_i = static_cast<int>(i);
      const float hx = xpos(c.x[i]);
      dl->AddLine(ImVec2(hx, y0), ImVec2(hx, y1), colors::kTextDim);
    }
  }
  if (c.series.size() > 1) Legend(c, dl, ImVec2(x0, origin.y + height - legend_h), x1);
  if (hover_i >= 0) {
    std::string tip = c.x_name + ": " + XLabel(c, static_cast<size_t>(hover_i));
    for (const auto& s : c.series) {
      const double v = s.y[static_cast<size_t>(hover_i)];
      if (!std::isnan(v)) tip += "\n" + (s.name.empty() ? std::string("(empty)") : s.name) + ": " + FormatNumber(v);
    }
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

}  // namespace td::ui
