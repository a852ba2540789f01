// Shared responsibility (centre tab). PLACEHOLDER: comparing the same attack under two tenant
// configurations (licence, retention, MFA strength, consent and forwarding settings) needs
// scenario configuration from td::sim, not written yet. The panel says so on screen.
#include <imgui.h>

#include "ui/panels.h"

namespace td::ui {

void DrawSharedResponsibility(const ShellState& /*state*/) {
  SectionHeader("SHARED RESPONSIBILITY");
  PlaceholderNote("Not available yet: this view will set the same attack side by side under two tenant "
                  "configurations (licence tier, log retention, MFA strength, user consent, external "
                  "forwarding) and show which evidence each one keeps and who is responsible for it: "
                  "Microsoft as the provider, or the tenant's administrators.");
}

}  // namespace td::ui
