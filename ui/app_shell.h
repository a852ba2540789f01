#pragma once
// The house layout of the main window (DESIGN.md "The window"):
//   top bar     scenario, simulated clock, pause/play, speeds, next inject, score badge slot
//   left        entity explorer (searchable)
//   centre      tabs: Log explorer, Time line, Case notes, Debrief, Shared responsibility
//   right       inject feed above, action log below
// DrawAppShell draws one frame of it between ImGui::NewFrame() and ImGui::Render(). It reads
// `state`, edits only widget state in `ui`, and reports every intent through `sink`.
#include "ui/shell_state.h"
#include "ui/ui_command.h"

namespace td::ui {

// Name of the full-window host window; the first component of every ID path in tests.
inline constexpr const char* kShellWindowName = "TenantDrill";

void DrawAppShell(const ShellState& state, UiState& ui, CommandSink& sink);

// Applies the view commands (SelectTab, ToggleProjectorMode, SelectEntity) to `ui`. World
// commands are left to the world; returns true if `cmd` changed `ui`.
bool ApplyViewCommand(UiState& ui, const UiCommand& cmd);

// The KQL filter clause a click on a result cell appends: `| where Col == "value"` (numbers
// unquoted, datetimes as datetime(...), strings escaped).
std::string QueryFilterClause(const std::string& column, const std::string& value, const std::string& type);

// "Tue 2026-03-03 09:42:10 UTC": the clock as the top bar shows it.
std::string FormatClock(SimTimeMs t);
// "09:42:10" (time of day, UTC) for feed and table rows.
std::string FormatTimeOfDay(SimTimeMs t);
// "60x", "1x", "0.5x".
std::string FormatSpeed(double factor);

}  // namespace td::ui
