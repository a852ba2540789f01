// The merged time line as a chart (Debrief tab): a time axis over the exercise window and one
// lane each for attacker events, responder actions and injects, drawn with the window's draw
// list. Hovering a marker shows its time and text; several markers under the mouse are listed
// together (a burst of attacker events lands on one pixel at the scale of a two-day exercise).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

constexpr EventKind kLanes[] = {EventKind::Attacker, EventKind::Responder, EventKind::Inject};
constexpr const char* kLaneNames[] = {"Attacker", "Responders", "Injects"};

int LaneOf(EventKind k) {
  for (int i = 0; i < 3; ++i)
    if (kLanes[i] == k) return i;
  return -1;
}

}  // namespace

float TimelineChartX(SimTimeMs t, SimTimeMs start, SimTimeMs end, float x0, float x1) {
  if (end <= start) return x0;
  const double f = std::clamp(static_cast<double>(t - start) / static_cast<double>(end - start), 0.0, 1.0);
  return x0 + static_cast<float>(f * (x1 - x0));
}

int DrawTimelineChart(const char* id, const std::vector<TimelineRow>& rows, SimTimeMs start, SimTimeMs end,
                      bool show_attacker) {
  const float em = ImGui::GetFontSize();
  const float label_w = em * 7.0f;
  const float lane_h = em * 1.8f;
  const float axis_h = em * 1.6f;
  const float width = std::max(em * 20.0f, ImGui::GetContentRegionAvail().x);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, lane_h * 3 + axis_h);
  // One item for the whole chart: it owns hover and keeps the layout cursor right.
  ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x0 = origin.x + label_w, x1 = origin.x + width - em * 0.8f;
  dl->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x1, origin.y + lane_h * 3), colors::kPanelBg, em * 0.2f);
  for (int l = 0; l < 3; ++l) {
    const float cy = origin.y + lane_h * (static_cast<float>(l) + 0.5f);
    dl->AddText(ImVec2(origin.x, cy - em * 0.5f), colors::ForKind(kLanes[l]), kLaneNames[l]);
    dl->AddLine(ImVec2(x0, cy), ImVec2(x1, cy), colors::kBorder);
    if (l == 0 && !show_attacker)
      dl->AddText(ImVec2(x0 + em * 0.5f, cy - em * 0.5f), colors::kTextDim,
                  "hidden until the exercise ends or the facilitator reveals it");
  }
  // Axis: five ticks, day and time of day (the exercise spans days).
  const float axis_y = origin.y + lane_h * 3;
  dl->AddLine(ImVec2(x0, axis_y), ImVec2(x1, axis_y), colors::kTextDim);
  for (int i = 0; i <= 4; ++i) {
    const SimTimeMs t = start + (end - start) * i / 4;
    const float x = TimelineChartX(t, start, end, x0, x1);
    dl->AddLine(ImVec2(x, axis_y), ImVec2(x, axis_y + em * 0.3f), colors::kTextDim);
    const std::string label = FormatClock(t).substr(9, 11);  // "03 09:42:10" -> day and time
    const std::string shown = label.substr(0, 8);            // "03 09:42"
    const float tw = ImGui::CalcTextSize(shown.c_str()).x;
    const float lx = std::clamp(x - tw * 0.5f, x0 - label_w * 0.3f, x1 - tw);
    dl->AddText(ImVec2(lx, axis_y + em * 0.35f), colors::kTextDim, shown.c_str());
  }
  // Markers; hover finds every marker within half an em of the mouse on the hovered lane.
  const float r = em * 0.28f;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int first_hit = -1;
  std::string tip;
  int hits = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const int l = LaneOf(rows[i].kind);
    if (l < 0 || (l == 0 && !show_attacker)) continue;
    const float x = TimelineChartX(rows[i].time, start, end, x0, x1);
    const float cy = origin.y + lane_h * (static_cast<float>(l) + 0.5f);
    dl->AddCircleFilled(ImVec2(x, cy), r, colors::ForKind(rows[i].kind));
    if (hovered && std::fabs(mouse.x - x) <= em * 0.5f && std::fabs(mouse.y - cy) <= lane_h * 0.5f) {
      if (first_hit < 0) first_hit = static_cast<int>(i);
      if (++hits <= 8) tip += (tip.empty() ? "" : "\n") + FormatClock(rows[i].time).substr(4) + "  " + rows[i].text;
    }
  }
  if (first_hit >= 0) {
    if (hits > 8) tip += "\n\u2026 and " + std::to_string(hits - 8) + " more";
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(em * 40.0f);
    ImGui::TextUnformatted(tip.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return first_hit;
}

}  // namespace td::ui
