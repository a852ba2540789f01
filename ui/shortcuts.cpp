#include "ui/shortcuts.h"

#include <imgui.h>

#include <SFML/Window/Keyboard.hpp>

#include <array>
#include <cstdio>

namespace td::ui {
namespace {

constexpr std::array kShortcuts{
    Shortcut{"Space", "pause or run the clock (when no text field has the keyboard)"},
    Shortcut{"N", "jump to the next inject (when no text field has the keyboard)"},
    Shortcut{"Ctrl+Enter", "run the query (in the query editor)"},
    Shortcut{"Escape", "cancel a running query; close this help or a dialog"},
    Shortcut{"Ctrl+1 .. Ctrl+5", "Log explorer, Time line, Case notes, Debrief, Shared responsibility"},
    Shortcut{"F1", "show or hide the keyboard shortcuts"},
    Shortcut{"F10", "facilitator console (the attacker's time line, channels, hints)"},
    Shortcut{"F11", "open or close the projector window (large type for the back of the room)"},
    Shortcut{"Shift+F11", "larger type in this window (projector mode)"},
};

}  // namespace

std::span<const Shortcut> Shortcuts() { return kShortcuts; }

std::string ShortcutHelpText() {
  std::string out;
  char line[256];
  for (const Shortcut& s : kShortcuts) {
    std::snprintf(line, sizeof line, "  %-18s %s\n", s.keys, s.what);
    out += line;
  }
  return out;
}

void DrawHelpOverlay(UiState& ui) {
  if (!ui.show_help) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowFocus();
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
  bool open = true;
  if (ImGui::Begin(kHelpWindowName, &open, kFlags)) {
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      for (const Shortcut& s : kShortcuts) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(s.keys);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(s.what);
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ImGui::Button("Close###close_help")) open = false;
    if (ImGui::IsKeyPressed(static_cast<int>(sf::Keyboard::Escape), false)) open = false;
  }
  ImGui::End();
  if (!open) ui.show_help = false;
}

}  // namespace td::ui
