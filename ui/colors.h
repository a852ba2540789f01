#pragma once
// Every colour that carries meaning, in one place (DESIGN.md "The window": attacker events,
// responder actions and alerts each keep one colour everywhere). Values are ImGui's packed
// IM_COL32(r, g, b, a) format, chosen to stay distinct on a dark background and on a washed-out
// projector, and to differ in lightness as well as hue for colour-blind readers.
#include <imgui.h>

#include "ui/shell_state.h"

namespace td::ui::colors {

// Meaning
inline constexpr ImU32 kAttacker = IM_COL32(235, 87, 87, 255);    // red: attacker events (revealed in debrief)
inline constexpr ImU32 kResponder = IM_COL32(86, 182, 255, 255);  // blue: responder actions
inline constexpr ImU32 kAlert = IM_COL32(242, 180, 65, 255);      // amber: alerts raised by the tenant
inline constexpr ImU32 kInject = IM_COL32(178, 140, 255, 255);    // violet: narrative injects
inline constexpr ImU32 kBenign = IM_COL32(150, 158, 170, 255);    // grey: background activity
inline constexpr ImU32 kSuccess = IM_COL32(96, 200, 130, 255);    // green: accepted action, running clock
inline constexpr ImU32 kFailure = kAttacker;                      // a rejected command reads like danger

// Surfaces and text (the dark theme in ui/theme.cpp is built from these)
inline constexpr ImU32 kWindowBg = IM_COL32(24, 27, 33, 255);
inline constexpr ImU32 kPanelBg = IM_COL32(30, 34, 41, 255);
inline constexpr ImU32 kTopBarBg = IM_COL32(19, 21, 26, 255);
inline constexpr ImU32 kBorder = IM_COL32(52, 58, 68, 255);
inline constexpr ImU32 kText = IM_COL32(222, 226, 232, 255);
inline constexpr ImU32 kTextDim = IM_COL32(140, 148, 160, 255);
inline constexpr ImU32 kAccent = IM_COL32(64, 132, 214, 255);     // interactive elements
inline constexpr ImU32 kAccentHover = IM_COL32(82, 150, 232, 255);
inline constexpr ImU32 kAccentActive = IM_COL32(48, 112, 190, 255);

// The colour of a row of the given meaning.
constexpr ImU32 ForKind(EventKind kind) {
  switch (kind) {
    case EventKind::Attacker: return kAttacker;
    case EventKind::Responder: return kResponder;
    case EventKind::Alert: return kAlert;
    case EventKind::Inject: return kInject;
    case EventKind::Benign: break;
  }
  return kBenign;
}

// Short label shown next to the colour, so meaning never rests on colour alone.
constexpr const char* LabelForKind(EventKind kind) {
  switch (kind) {
    case EventKind::Attacker: return "ATTACKER";
    case EventKind::Responder: return "RESPONDER";
    case EventKind::Alert: return "ALERT";
    case EventKind::Inject: return "INJECT";
    case EventKind::Benign: break;
  }
  return "ACTIVITY";
}

inline ImVec4 ToVec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace td::ui::colors
