// Case notes (centre tab): free text the team keeps during the exercise. The text lives in
// UiState for now; saving it into the case file and the after-action report needs the
// simulation's report writer (placeholder, issue 6), which the note on screen says.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/panels.h"

namespace td::ui {

void DrawCaseNotes(UiState& ui) {
  PlaceholderNote("Notes are kept in this window only. Saving them into the case file and the after-action report "
                  "comes with the simulation's report writer.");
  ImGui::Spacing();
  ImGui::InputTextMultiline("###case_notes", &ui.case_notes, ImVec2(-1, -1));
}

}  // namespace td::ui
