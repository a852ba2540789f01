// Case notes (centre tab): free text the team keeps during the exercise. The text lives in
// UiState and is saved with the exercise (Ctrl+S, autosave; ui/save_controller.cpp).
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/panels.h"

namespace td::ui {

void DrawCaseNotes(UiState& ui) {
  PlaceholderNote("Notes are saved with the exercise (Ctrl+S, and every autosave) and come back when it is resumed.");
  ImGui::Spacing();
  ImGui::InputTextMultiline("###case_notes", &ui.case_notes, ImVec2(-1, -1));
}

}  // namespace td::ui
