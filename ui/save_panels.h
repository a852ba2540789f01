#pragma once
// Saves and facilitator inject control in the desktop program (issues #6 and #8). Panels read
// ShellState and push commands (ui/ui_command.h); ui/live_session applies them through sim/save.h
// and sim/journal.h.
#include <string>
#include <vector>

#include "ui/shell_state.h"
#include "ui/ui_command.h"

namespace td::ui {

// Every frame, from DrawAppShell: Ctrl+S (SaveExerciseCmd with the case notes), the case notes of
// a loaded save into UiState, the case notes handed to the world when they change (autosave), and
// the banner of a refused save file (with Dismiss).
void DrawSaveControls(const ShellState& state, UiState& ui, CommandSink& sink);
// The facilitator console's save section: Save (Ctrl+S), Save as, the save folder and status.
void DrawSaveSection(const ShellState& state, UiState& ui, CommandSink& sink);
// Start screen: Resume (autosaves and recent saves, newest first) and loading a file by path.
void DrawResumeList(const ShellState& state, CommandSink& sink);
// Facilitator console: upcoming and held injects with Hold / Release now / Edit, then the save
// section (DrawSaveSection).
void DrawInjectControl(const ShellState& state, UiState& ui, CommandSink& sink);

// Name of the refused-save banner window (tests look for it).
inline constexpr const char* kSaveBannerName = "Save file refused###save_banner";

// The per-user folder for autosaves and new saves: $XDG_STATE_HOME/tenantdrill, else
// ~/.local/state/tenantdrill, else ./tenantdrill-saves.
std::string DefaultSaveFolder();
// The *.tdsave files in `folder`, newest first, each read (and refused with the reason if bad).
std::vector<SaveFileRow> ListSaves(const std::string& folder);

}  // namespace td::ui
