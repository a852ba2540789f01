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
    PlaceholderNote("No responder actions yet. Actions open from an entity's context menu once the simulation is "
                    "connected.");
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
    ImGui::PushStyleColor(ImGuiCol_Text, it->ok ? colors::kResponder : colors::kFailure);
    ImGui::TextUnformatted(it->ok ? "\u2713" : "\u2717");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(it->text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();
}

}  // namespace td::ui
