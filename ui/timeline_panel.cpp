// Time line (centre tab): the events the world has revealed, oldest first, each tagged with its
// meaning and coloured consistently (ui/colors.h). What is revealed when is the world's choice;
// once the facilitator reveals the attacker's time line (UiState::reveal_attack_timeline) the
// attacker's events are shown interleaved with the team's.
#include <imgui.h>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

void Legend() {
  for (EventKind k : {EventKind::Attacker, EventKind::Responder, EventKind::Alert, EventKind::Inject,
                      EventKind::Benign}) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float s = ImGui::GetFontSize() * 0.6f;
    const float y = p.y + (ImGui::GetTextLineHeight() - s) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + s, y + s), colors::ForKind(k), 2.0f);
    ImGui::Dummy(ImVec2(s, s));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", colors::LabelForKind(k));
    ImGui::SameLine(0, ImGui::GetFontSize());
  }
  ImGui::NewLine();
}

}  // namespace

void DrawTimeline(const ShellState& state, const UiState& ui) {
  Legend();
  const std::vector<TimelineRow>& rows = ui.reveal_attack_timeline ? state.attack_timeline : state.timeline;
  if (ui.reveal_attack_timeline) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kAttacker);
    ImGui::TextUnformatted("The facilitator has revealed the attacker's time line.");
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  if (rows.empty()) {
    PlaceholderNote("No events yet: injects and your completed actions appear here in order.");
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("Timeline", 3, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time (UTC)", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10.5f);
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.0f);
  ImGui::TableSetupColumn("Event", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TimelineRow& row = rows[static_cast<size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      PushFontOrDefault(CurrentFonts().mono);
      ImGui::TextDisabled("%s", FormatClock(row.time).substr(4, 16).c_str());  // "2026-03-03 09:42"
      ImGui::PopFont();
      ImGui::TableSetColumnIndex(1);
      KindTag(row.kind);
      ImGui::TableSetColumnIndex(2);
      ImGui::TextWrapped("%s", row.text.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace td::ui
