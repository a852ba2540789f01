#pragma once
// Sample data for layout tests: a fixed, clearly labelled ShellState (data_source_note says
// "DEMO DATA") and a tiny command handler. The desktop program itself runs on the simulation
// (ui/live_session.h); this was its stand-in before the world adapter existed and now only feeds
// the layout and widget tests, which need a state that does not change with the simulation.
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
