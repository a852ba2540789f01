#pragma once
// The dark theme: ImGui style colours and metrics derived from ui/colors.h.
#include <imgui.h>

namespace td::ui {

// Resets `style` to the house dark theme, then scales its metrics by `scale` (1 = desk,
// larger for projector mode; fonts are scaled separately in ui/fonts.cpp).
void ApplyTheme(ImGuiStyle& style, float scale);

}  // namespace td::ui
