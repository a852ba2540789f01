// Posture review (a section of the Shared-responsibility tab): the world plays the shipped
// scenarios under this tenant's posture on a worker thread (sim::ReviewPosture, seconds) while a
// progress bar shows how far it got; then: where the tenant is most exposed, per-area exposure,
// the protections it already owns but does not use, and the 30/60/90-day plan ranked by the risk
// each change closes in those runs.
#include <imgui.h>

#include <cstdio>

#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

void Recommendations(const char* id, const std::vector<RecommendationView>& recs, bool with_horizon) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, with_horizon ? 5 : 4, kFlags)) return;
  const float em = ImGui::GetFontSize();
  if (with_horizon) ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
  ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Risk closed", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
  ImGui::TableSetupColumn("Cost", ImGuiTableColumnFlags_WidthFixed, em * 3.0f);
  ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableHeadersRow();
  for (const RecommendationView& r : recs) {
    ImGui::TableNextRow();
    int col = 0;
    if (with_horizon) {
      ImGui::TableSetColumnIndex(col++);
      ImGui::Text("%d days", r.horizon_days);
    }
    ImGui::TableSetColumnIndex(col++);
    ImGui::TextWrapped("%s: %s \u2192 %s", r.title.c_str(), r.current.c_str(), r.recommended.c_str());
    ImGui::TextDisabled("%s", r.area.c_str());
    ImGui::TableSetColumnIndex(col++);
    ImGui::Text("%.0f", r.risk_closed);
    ImGui::TableSetColumnIndex(col++);
    ImGui::Text("%d", r.cost);
    ImGui::TableSetColumnIndex(col++);
    ImGui::TextWrapped("%s", r.why.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void DrawPostureReviewControls(const ShellState& state, CommandSink& sink) {
  const PostureReviewView& r = state.review;
  ImGui::BeginDisabled(r.running);
  if (ImGui::Button(r.done ? "Review again###review" : "Review this posture###review")) sink.Push(StartPostureReviewCmd{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Plays every shipped scenario under this posture (no response, and the expert response) on a\n"
                      "background thread; the results appear at the bottom of this tab.");
  ImGui::SameLine();
  if (r.running) {
    char overlay[48];
    std::snprintf(overlay, sizeof overlay, "playing the scenarios\u2026 %.0f%%", r.progress * 100.0);
    ImGui::ProgressBar(static_cast<float>(r.progress), ImVec2(ImGui::GetFontSize() * 20.0f, 0), overlay);
  } else if (!r.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::TextWrapped("%s", r.error.c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(r.done ? "review done: the results follow" : "where are we most exposed, and what to do first?");
  }
}

void DrawPostureReview(const ShellState& state) {
  const PostureReviewView& r = state.review;
  if (!r.done) return;
  SectionHeader("POSTURE REVIEW");
  ImGui::TextWrapped("Every shipped scenario played under this posture (no response, and the expert response): the "
                     "ranking is the risk each change closes in those runs.");
  ImGui::TextDisabled("%s: total risk %.0f over the shipped scenarios", r.posture_title.c_str(), r.risk);
  ImGui::Spacing();
  SectionHeader("WHERE WE ARE MOST EXPOSED");
  for (const std::string& line : r.most_exposed) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", line.c_str());
  }
  if (ImGui::BeginTable("Areas", 3, ImGuiTableFlags_SizingStretchProp)) {
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupColumn("area", ImGuiTableColumnFlags_WidthFixed, em * 15.0f);
    ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, em * 4.0f);
    for (const auto& [area, exposure] : r.areas) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(area.c_str());
      ImGui::TableSetColumnIndex(1);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colors::kBorder);
      const ImU32 c = exposure >= 60 ? colors::kFailure : exposure >= 30 ? colors::kAlert : colors::kSuccess;
      dl->AddRectFilled(p, ImVec2(p.x + w * static_cast<float>(exposure) / 100.0f, p.y + h), c);
      ImGui::Dummy(ImVec2(w, h));
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%d%%", exposure);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  SectionHeader("OWNED BUT NOT USED", static_cast<int>(r.owned_not_used.size()));
  if (r.owned_not_used.empty())
    ImGui::TextDisabled("Nothing: every protection the licences include is switched on.");
  else
    Recommendations("OwnedNotUsed", r.owned_not_used, false);
  ImGui::Spacing();
  SectionHeader("30 / 60 / 90-DAY PLAN (RANKED BY RISK CLOSED)", static_cast<int>(r.plan.size()));
  if (r.plan.empty())
    ImGui::TextDisabled("No change would close measured risk.");
  else
    Recommendations("Plan", r.plan, true);
  ImGui::Spacing();
}

}  // namespace td::ui
