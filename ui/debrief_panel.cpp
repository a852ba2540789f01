// Debrief (centre tab). PLACEHOLDER: the after-action report (per-phase NIST SP 800-61 scores,
// metrics, what went well, what to improve) comes from td::sim scoring, not written yet. The
// panel shows the score when the world reports one and says plainly what is missing.
#include <imgui.h>

#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {

void DrawDebrief(const ShellState& state) {
  SectionHeader("AFTER-ACTION REPORT");
  if (state.score) {
    ImGui::Text("Overall score");
    ImGui::SameLine();
    Chip((std::to_string(*state.score) + " / 100").c_str(), colors::kSuccess);
  }
  PlaceholderNote("Not available yet: the debrief shows per-phase scores (preparation; detection and analysis; "
                  "containment, eradication and recovery; post-incident activity), the attacker's revealed "
                  "timeline and what to improve once the simulation's scoring is connected.");
}

}  // namespace td::ui
