// Debrief (centre tab): the after-action report of td::sim scoring (sim::Score, docs/scoring.md).
// The world scores the exercise when it ends, or on "Score now" (provisional); the panel draws
// the score badge, per-phase and CSF bars, HSEEP ratings, metrics, the merged time line as a
// chart, objectives, penalties, strengths, improvements and the access the attacker still
// holds, and exports report.md, report.html and report.json to a folder.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

ImU32 ScoreColour(double v) {
  if (v < 0) return colors::kBenign;
  return v >= 65 ? colors::kSuccess : v >= 35 ? colors::kAlert : colors::kFailure;
}

ImU32 RatingColour(const std::string& r) {
  if (r == "P") return colors::kSuccess;
  if (r == "S") return IM_COL32(170, 200, 90, 255);
  if (r == "M") return colors::kAlert;
  return colors::kFailure;
}

// Labelled horizontal bars, 0..100, with the value written after the bar.
void Bars(const char* id, const std::vector<ScoreBar>& bars, float width) {
  const float em = ImGui::GetFontSize();
  if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_SizingStretchProp, ImVec2(width, 0))) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, em * 12.0f);
  ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
  for (const ScoreBar& b : bars) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextWrapped("%s", b.label.c_str());
    ImGui::TableSetColumnIndex(1);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colors::kBorder, em * 0.15f);
    if (b.value > 0)
      dl->AddRectFilled(p, ImVec2(p.x + w * static_cast<float>(std::min(b.value, 100.0) / 100.0), p.y + h),
                        ScoreColour(b.value), em * 0.15f);
    ImGui::Dummy(ImVec2(w, h));
    ImGui::TableSetColumnIndex(2);
    if (b.value < 0) {
      ImGui::TextDisabled("n/a");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Not assessed: the scenario has no objective in this phase.");
    }
    else
      ImGui::Text("%.0f", b.value);
  }
  ImGui::EndTable();
}

void Facts(const char* id, const std::vector<FactRow>& facts, float label_em, float width) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg, ImVec2(width, 0))) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * label_em);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  FactRows(facts, colors::kAlert);
  ImGui::EndTable();
}

void Ratings(const std::vector<RatingRow>& rows, float width) {
  if (!ImGui::BeginTable("Hseep", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg, ImVec2(width, 0))) return;
  ImGui::TableSetupColumn("capability", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("rating", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  for (const RatingRow& r : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextWrapped("%s", r.subject.c_str());
    ImGui::TableSetColumnIndex(1);
    Chip(r.rating.c_str(), RatingColour(r.rating));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextWrapped("%s", r.meaning.c_str());
  }
  ImGui::EndTable();
}

void Objectives(const std::vector<ObjectiveView>& objectives) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("Objectives", 4, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("Met", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
  ImGui::TableSetupColumn("Objective", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
  ImGui::TableSetupColumn("Feedback", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableHeadersRow();
  for (const ObjectiveView& o : objectives) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushStyleColor(ImGuiCol_Text, o.met ? colors::kSuccess : colors::kFailure);
    ImGui::TextUnformatted(o.met ? "\u2713 met" : "\u2717 missed");
    ImGui::PopStyleColor();
    ImGui::TableSetColumnIndex(1);
    ImGui::TextWrapped("%s", o.title.c_str());
    ImGui::TextDisabled("%s", o.phase.c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::Text("%.0f", o.score);
    ImGui::TableSetColumnIndex(3);
    ImGui::TextWrapped("%s", o.feedback.c_str());
  }
  ImGui::EndTable();
}

void Bullets(const std::vector<std::string>& lines, const char* none) {
  if (lines.empty()) ImGui::TextDisabled("%s", none);
  for (const std::string& l : lines) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", l.c_str());
  }
}

void OpenChannels(const std::vector<ChannelRow>& channels) {
  if (channels.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kSuccess);
    ImGui::TextWrapped("None: every access channel the attacker had was closed.");
    ImGui::PopStyleColor();
    return;
  }
  for (const ChannelRow& c : channels) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kAttacker);
    ImGui::Bullet();
    ImGui::TextWrapped("%s (%s, open since %s)", c.description.c_str(), c.kind.c_str(), FormatClock(c.opened).substr(4, 16).c_str());
    ImGui::PopStyleColor();
    ImGui::Indent();
    ImGui::TextDisabled("Survives %s. Closed by: %s.", c.survives.c_str(), c.closed_by.c_str());
    ImGui::Unindent();
  }
}

void Toolbar(const ShellState& state, UiState& ui, CommandSink& sink) {
  const float em = ImGui::GetFontSize();
  if (state.debrief) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Overall score");
    ImGui::SameLine();
    char badge[32];
    std::snprintf(badge, sizeof badge, "%.0f / 100", state.debrief->total);
    Chip(badge, ScoreColour(state.debrief->total));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (state.debrief->provisional)
      ImGui::TextDisabled("provisional, scored at %s", FormatClock(state.debrief->scored_at).substr(4).c_str());
    else
      ImGui::TextDisabled("final: the exercise has ended");
    if (!state.exercise_over) ImGui::SameLine();
  }
  if (!state.exercise_over) {
    if (ImGui::Button("Score now (provisional)###score_now")) sink.Push(ScoreNowCmd{});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Scores the exercise as it stands. The final score is computed when the exercise ends.");
  }
  ImGui::SetNextItemWidth(em * 18.0f);
  ImGui::InputTextWithHint("###report_folder", "folder for the report", &ui.report_folder);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.report_folder.empty());
  if (ImGui::Button("Export after-action report###export_report")) sink.Push(ExportReportCmd{ui.report_folder});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Writes report.md, report.html and report.json into the folder (created if needed).");
  if (!state.debrief_notice.empty()) {
    const bool failed = state.debrief_notice.rfind("After-action report written", 0) != 0;
    ImGui::PushStyleColor(ImGuiCol_Text, failed ? colors::kFailure : colors::kSuccess);
    ImGui::TextWrapped("%s", state.debrief_notice.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace

void DrawDebrief(const ShellState& state, UiState& ui, CommandSink& sink) {
  SectionHeader("AFTER-ACTION REPORT");
  Toolbar(state, ui, sink);
  ui.chart_hover = -1;
  if (!state.debrief) {
    ImGui::Spacing();
    PlaceholderNote("The exercise is scored when it ends. \"Score now\" gives a provisional score of the play so far; "
                    "the export scores it first if needed.");
    return;
  }
  const DebriefView& d = *state.debrief;
  const bool reveal = state.exercise_over || ui.reveal_attack_timeline || !d.provisional;
  ImGui::Spacing();
  if (!ImGui::BeginChild("DebriefBody", ImVec2(0, 0), false)) {
    ImGui::EndChild();
    return;
  }
  // Two columns: scores and ratings on the left, metrics and penalties on the right. Tables take
  // their width from outer_size; a group keeps each column's items together.
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginGroup();
  SectionHeader("SCORE BY PHASE (NIST SP 800-61)");
  Bars("PhaseBars", d.phases, half);
  SectionHeader("CSF 2.0 FUNCTIONS");
  Bars("CsfBars", d.csf, half);
  SectionHeader("HSEEP RATINGS");
  Ratings(d.hseep, half);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  SectionHeader("METRICS");
  Facts("DebriefMetrics", d.metrics, 11.0f, half);
  SectionHeader("PENALTIES", static_cast<int>(d.penalties.size()));
  if (d.penalties.empty()) ImGui::TextDisabled("None.");
  else Facts("Penalties", d.penalties, 3.5f, half);
  ImGui::EndGroup();

  ImGui::Spacing();
  SectionHeader("TIME LINE: ATTACKER, RESPONDERS, INJECTS");
  ui.chart_hover = DrawTimelineChart("###timeline_chart", d.timeline, d.start, d.end, reveal);
  ImGui::Spacing();
  SectionHeader("OBJECTIVES", static_cast<int>(d.objectives.size()));
  Objectives(d.objectives);
  ImGui::Spacing();
  SectionHeader("STRENGTHS");
  Bullets(d.strengths, "(none recorded)");
  ImGui::Spacing();
  SectionHeader("AREAS FOR IMPROVEMENT");
  Bullets(d.improvements, "(none)");
  ImGui::Spacing();
  SectionHeader("ATTACKER ACCESS STILL OPEN AT THE END", reveal ? static_cast<int>(d.open_channels.size()) : -1);
  if (reveal)
    OpenChannels(d.open_channels);
  else
    PlaceholderNote("Shown when the exercise ends or the facilitator reveals the attacker's time line.");
  ImGui::EndChild();
}

}  // namespace td::ui
