// Facilitator console: the ground truth, for the facilitator's screen or the projector in the
// debrief. The attacker's time line (with the injects and the team's actions interleaved), every
// access channel the attacker holds or held (open or closed, what closes it, what it survives)
// and the damage so far. Never drawn in the trainee's view. The facilitator's controls: give a
// hint (the use_hint responder action, which costs points), rate the discussion questions
// P/S/M/U with a note (sim/discussion.h), and reveal the attacker's time line to the room.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"
#include "ui/save_panels.h"

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
  FactRows(state.metrics, colors::kAttacker);
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

ImU32 RatingColour(const std::string& r) {
  if (r == "P") return colors::kSuccess;
  if (r == "S") return IM_COL32(170, 200, 90, 255);
  if (r == "M") return colors::kAlert;
  return colors::kFailure;
}

void Hints(const ShellState& state, UiState& ui, CommandSink& sink) {
  SectionHeader("HINTS", state.hints_used);
  ImGui::TextWrapped("Each hint costs %g points (penalty rule \"hints\").", state.hint_cost);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("###hint_note", "the hint, as given to the team", &ui.hint_note);
  char label[64];
  std::snprintf(label, sizeof label, "Give hint (-%g points)###give_hint", state.hint_cost);
  if (ImGui::Button(label)) {
    sink.Push(GiveHintCmd{ui.hint_note});
    ui.hint_note.clear();
  }
}

void Discussion(const ShellState& state, UiState& ui, CommandSink& sink) {
  int rated = 0;
  for (const DiscussionRow& q : state.discussion) rated += !q.rating.empty();
  SectionHeader("DISCUSSION (P/S/M/U)", rated);
  if (state.discussion.empty()) {
    PlaceholderNote("This exercise has no discussion questions.");
    return;
  }
  const int n = static_cast<int>(state.discussion.size());
  if (ui.discussion_selected < 0 || ui.discussion_selected >= n) ui.discussion_selected = 0;
  const float em = ImGui::GetFontSize();
  if (ImGui::BeginChild("Questions", ImVec2(0, em * 5.2f), true)) {
    for (int i = 0; i < n; ++i) {
      const DiscussionRow& q = state.discussion[static_cast<size_t>(i)];
      ImGui::PushID(q.id.c_str());
      if (!q.rating.empty()) {
        Chip(q.rating.c_str(), RatingColour(q.rating));
        ImGui::SameLine();
      }
      if (ImGui::Selectable((q.text + "###dq").c_str(), i == ui.discussion_selected)) ui.discussion_selected = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)%s%s", q.text.c_str(), q.phase.c_str(), q.note.empty() ? "" : "\nNote: ", q.note.c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  const DiscussionRow& sel = state.discussion[static_cast<size_t>(ui.discussion_selected)];
  ImGui::TextDisabled("%s", sel.phase.c_str());
  ImGui::TextWrapped("%s", sel.text.c_str());
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("###discussion_note", "note for the rating", &ui.discussion_note);
  static constexpr const char* kRatings[] = {"P", "S", "M", "U"};
  static constexpr const char* kTips[] = {"Performed without challenges", "Performed with some challenges",
                                          "Performed with major challenges", "Unable to be performed"};
  for (int r = 0; r < 4; ++r) {
    if (r) ImGui::SameLine();
    const bool current = sel.rating == kRatings[r];
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, colors::ToVec4(RatingColour(kRatings[r])));
    const std::string label = std::string(kRatings[r]) + "###rate_" + kRatings[r];
    if (ImGui::Button(label.c_str(), ImVec2(em * 2.2f, 0))) {
      sink.Push(RateDiscussionCmd{sel.id, kRatings[r], ui.discussion_note});
      ui.discussion_note.clear();
    }
    if (current) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kTips[r]);
  }
  if (!sel.note.empty()) ImGui::TextWrapped("Note: %s", sel.note.c_str());
  if (!state.discussion_notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::TextWrapped("%s", state.discussion_notice.c_str());
    ImGui::PopStyleColor();
  }
}

void Controls(const ShellState& state, UiState& ui, CommandSink& sink) {
  SectionHeader("THE ROOM");
  const char* reveal = ui.reveal_attack_timeline ? "Hide attacker time line###reveal" : "Reveal attacker time line###reveal";
  if (ImGui::Button(reveal)) sink.Push(ToggleRevealTimelineCmd{});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Shows the attacker's events on the team's Time line and Debrief chart (and the projector view).");
  ImGui::Spacing();
  Hints(state, ui, sink);
  ImGui::Spacing();
  Discussion(state, ui, sink);
}

}  // namespace

void DrawFacilitatorConsole(const ShellState& state, UiState& ui, CommandSink& sink) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAttacker);
  ImGui::TextUnformatted("FACILITATOR CONSOLE");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextDisabled("ground truth \u2014 not for trainees during play (F10: team view)");
  ImGui::Spacing();
  // The ground truth on the left (time line across the top, channels and damage below); the
  // facilitator's controls (reveal, hints, discussion ratings) in a column of their own.
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float controls_w = avail_w * 0.40f;
  if (ImGui::BeginChild("FacLeft", ImVec2(avail_w - controls_w - ImGui::GetStyle().ItemSpacing.x, 0), false)) {
    const float top_h = ImGui::GetContentRegionAvail().y * 0.5f;
    if (ImGui::BeginChild("FacTimeline", ImVec2(0, top_h), false)) AttackTimeline(state);
    ImGui::EndChild();
    const float left_w = ImGui::GetContentRegionAvail().x * 0.62f;
    if (ImGui::BeginChild("FacChannels", ImVec2(left_w, 0), false)) Channels(state);
    ImGui::EndChild();
    ImGui::SameLine();
    if (ImGui::BeginChild("FacMetrics", ImVec2(0, 0), false)) Metrics(state);
    ImGui::EndChild();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("FacControls", ImVec2(0, 0), false)) Controls(state, ui, sink);
  DrawInjectControl(state, ui, sink);  // hold / release / edit injects and Save (ui/inject_control_panel.cpp)
  ImGui::EndChild();
}

}  // namespace td::ui
