#pragma once
// The projector view: a second window for the back of the training room (F11). Large type,
// nothing to click: the scenario title, the simulated clock, the latest injects and, once the
// facilitator reveals it (UiState::reveal_attack_timeline), the attacker's time line. It reads
// the same ShellState as the main window and is drawn in its own ImGui context (ui/app.cpp).
#include "ui/shell_state.h"

namespace td::ui {

// Name of the full-window host window of the projector view (tests find items under it).
inline constexpr const char* kProjectorWindowName = "Projector";
// How many of the newest injects the projector shows (newest first).
inline constexpr int kProjectorInjects = 3;

// Draws one frame of the projector view between ImGui::NewFrame() and ImGui::Render().
void DrawProjectorView(const ShellState& state, const UiState& ui);

}  // namespace td::ui
