// Facilitator console: the ground truth, for the facilitator's screen or the projector in the
// debrief. The attacker's time line (with the injects and the team's actions interleaved), every
// access channel the attacker holds or held (open or closed, what closes it, what it survives)
// and the damage so far. Never drawn in the trainee's view.
#include <imgui.h>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

void Channels(const ShellState& state) {
  size_t open = 0;
  for (const ChannelRow& c : state.channels) open += c.closed < 0;
  SectionHeader("ATTACKER ACCESS CHANNELS", static_cast<int>(state.channels.size()));
  if (state.channels.empty()) {
    PlaceholderNote("The attacker holds no access channel yet.");
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, open ? colors::kAttacker : colors::kSuccess);
  ImGui::Text("%zu open, %zu closed", open, state.channels.size() - open);
  ImGui::PopStyleColor();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("Channels", 2, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
  ImGui::TableSetupColumn("Channel", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const ChannelRow& c : state.channels) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushStyleColor(ImGuiCol_Text, c.closed < 0 ? colors::kAttacker : colors::kSuccess);
    ImGui::TextUnformatted(c.closed < 0 ? "\u25CF OPEN" : "\u2713 CLOSED");
    ImGui::PopStyleColor();
    ImGui::TableSetColumnIndex(1);
    ImGui::TextWrapped("%s", c.description.c_str());
    ImGui::TextDisabled("%s, opened %s", c.kind.c_str(), FormatTimeOfDay(c.opened).c_str());
    if (c.closed >= 0) ImGui::TextDisabled("closed %s: %s", FormatTimeOfDay(c.closed).c_str(), c.closed_reason.c_str());
    ImGui::TextWrapped("Closed by: %s", c.closed_by.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
    ImGui::TextWrapped("Survives: %s", c.survives.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

void Metrics(const ShellState& state) {
  SectionHeader("DAMAGE SO FAR");
  if (!ImGui::BeginTable("Metrics", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  for (const FactRow& f : state.metrics) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
    ImGui::TextWrapped("%s", f.label.c_str());
    ImGui::PopStyleColor();
    ImGui::TableSetColumnIndex(1);
    if (f.warn) ImGui::PushStyleColor(ImGuiCol_Text, colors::kAttacker);
    ImGui::TextWrapped("%s", f.value.c_str());
    if (f.warn) ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

void AttackTimeline(const ShellState& state) {
  SectionHeader("ATTACK TIME LINE (GROUND TRUTH)", static_cast<int>(state.attack_timeline.size()));
  if (state.attack_timeline.empty()) {
    PlaceholderNote("Nothing has happened yet.");
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("AttackTimeline", 3, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time (UTC)", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
  ImGui::TableSetupColumn("Event", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const TimelineRow& row : state.attack_timeline) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    PushFontOrDefault(CurrentFonts().mono);
    ImGui::TextDisabled("%s", FormatClock(row.time).substr(9, 11).c_str());  // "03 09:42:10"
    ImGui::PopFont();
    ImGui::TableSetColumnIndex(1);
    KindTag(row.kind);
    ImGui::TableSetColumnIndex(2);
    ImGui::TextWrapped("%s", row.text.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void DrawFacilitatorConsole(const ShellState& state) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAttacker);
  ImGui::TextUnformatted("FACILITATOR CONSOLE");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextDisabled("ground truth \u2014 not for trainees during play (F10: team view)");
  ImGui::Spacing();
  // The time line across the top; channels and damage below, side by side.
  const float top_h = ImGui::GetContentRegionAvail().y * 0.5f;
  if (ImGui::BeginChild("FacTimeline", ImVec2(0, top_h), false)) AttackTimeline(state);
  ImGui::EndChild();
  const float left_w = ImGui::GetContentRegionAvail().x * 0.64f;
  if (ImGui::BeginChild("FacChannels", ImVec2(left_w, 0), false)) Channels(state);
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("FacMetrics", ImVec2(0, 0), false)) Metrics(state);
  ImGui::EndChild();
}

}  // namespace td::ui
