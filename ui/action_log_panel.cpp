// Action log (right column, bottom): responder actions the world accepted or rejected,
// newest first, in the responder colour; rejected ones in the failure colour with the reason.
#include <imgui.h>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {

void DrawActionLog(const ShellState& state) {
  SectionHeader("ACTION LOG", static_cast<int>(state.actions.size()));
  if (state.actions.empty()) {
    PlaceholderNote("No responder actions yet. Right-click an entity (or a result cell) to act on it.");
    return;
  }
  if (!ImGui::BeginChild("ActionList", ImVec2(0, 0), false)) {
    ImGui::EndChild();
    return;
  }
  for (auto it = state.actions.rbegin(); it != state.actions.rend(); ++it) {
    PushFontOrDefault(CurrentFonts().mono);
    ImGui::TextDisabled("%s", FormatTimeOfDay(it->time).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, !it->ok ? colors::kFailure : it->pending ? colors::kTextDim : colors::kResponder);
    ImGui::TextUnformatted(!it->ok ? "\u2717" : it->pending ? "\u2026" : "\u2713");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(it->text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (!it->detail.empty() && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
      ImGui::TextUnformatted(it->detail.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  ImGui::EndChild();
}

}  // namespace td::ui
