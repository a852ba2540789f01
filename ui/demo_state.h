#pragma once
// STAND-IN for td::sim::World until it exists (issue 6): a fixed, clearly labelled sample state
// (ShellState::data_source_note says "Demo data") and a tiny command handler so the shell's
// clock controls can be exercised. Queries are NOT run: they answer with an error saying the
// KQL engine is not connected. Delete this file when the world adapter lands.
#include "ui/shell_state.h"
#include "ui/ui_command.h"

namespace td::ui {

ShellState MakeDemoState();
// Applies a world command to the demo state (pause, resume, speed, next inject; RunQuery sets
// an explanatory error). View commands are ignored.
void ApplyDemoCommand(ShellState& state, const UiCommand& cmd);
// Moves the demo clock by wall_seconds * speed unless paused.
void AdvanceDemoClock(ShellState& state, double wall_seconds);

}  // namespace td::ui
