#pragma once
// The keyboard shortcuts of the desktop program, in one table: `tenantdrill --help` prints it
// and the Help overlay (F1) shows it. The keys themselves are handled in ui/app_shell.cpp
// (HandleShortcuts) and, for Ctrl+Enter, in the query editor.
#include <span>
#include <string>

#include "ui/shell_state.h"

namespace td::ui {

struct Shortcut {
  const char* keys;  // as printed, e.g. "Ctrl+Enter"
  const char* what;  // one line, e.g. "run the query (in the query editor)"
};

std::span<const Shortcut> Shortcuts();
// The table as --help prints it: "  Space        pause or run the clock\n" …
std::string ShortcutHelpText();

// Title of the Help overlay window (tests look for it).
inline constexpr const char* kHelpWindowName = "Keyboard shortcuts###help_overlay";
// Draws the Help overlay while ui.show_help is set (F1 or Escape or its button close it).
void DrawHelpOverlay(UiState& ui);

}  // namespace td::ui
