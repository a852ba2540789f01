// Inject feed (right column, top): narrative messages the world has released, newest first.
#include <imgui.h>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {

void DrawInjectFeed(const ShellState& state) {
  SectionHeader("INJECT FEED", static_cast<int>(state.injects.size()));
  if (state.injects.empty()) {
    PlaceholderNote("No injects released yet.");
    return;
  }
  if (!ImGui::BeginChild("InjectList", ImVec2(0, 0), false)) {
    ImGui::EndChild();
    return;
  }
  for (auto it = state.injects.rbegin(); it != state.injects.rend(); ++it) {
    const InjectRow& inj = *it;
    PushFontOrDefault(CurrentFonts().mono);
    ImGui::TextDisabled("%s", FormatTimeOfDay(inj.time).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kInject);
    ImGui::TextUnformatted(inj.unread ? "\u25CF" : "\u25CB");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    const float indent = ImGui::GetCursorPosX() - ImGui::GetStyle().WindowPadding.x;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(inj.title.c_str());
    ImGui::Indent(indent);  // body under the title, not under the time
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
    ImGui::TextUnformatted(inj.body.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent(indent);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
  }
  ImGui::EndChild();
}

}  // namespace td::ui
