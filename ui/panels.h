#pragma once
// One Draw<Panel>() per file (ui/<name>_panel.cpp), each called by DrawAppShell inside the
// child region the shell has laid out. Panels read ShellState, edit only their widget state in
// UiState, and push intents into the CommandSink. Placeholders (Debrief, Shared responsibility)
// are labelled in their files and on screen.
#include <string>
#include <string_view>

#include "ui/shell_state.h"
#include "ui/ui_command.h"

namespace td::ui {

void DrawTopBar(const ShellState& state, const UiState& ui, CommandSink& sink);
// Content width (pixels, current font) below which the top bar uses two rows (depends on the title).
float TopBarSingleRowWidth(const ShellState& state);
void DrawEntityExplorer(const ShellState& state, UiState& ui, CommandSink& sink);
void DrawLogExplorer(const ShellState& state, UiState& ui, CommandSink& sink);
void DrawTimeline(const ShellState& state, const UiState& ui);
void DrawCaseNotes(UiState& ui);
void DrawDebrief(const ShellState& state, UiState& ui, CommandSink& sink);
void DrawSharedResponsibility(const ShellState& state, CommandSink& sink);
// The posture review of the Shared-responsibility tab (ui/posture_panel.cpp): the button and
// progress (top of the tab), and the results (bottom).
void DrawPostureReviewControls(const ShellState& state, CommandSink& sink);
void DrawPostureReview(const ShellState& state);
// "Prepare the tenant" on the start screen (ui/prepare_panel.cpp).
void DrawPreparePanel(const ShellState& state, CommandSink& sink);
void OwnerChip(const std::string& owner);  // "microsoft" / "customer" / "shared" chip
void DrawInjectFeed(const ShellState& state);
void DrawActionLog(const ShellState& state);
// Start screen and loading progress (ui/start_screen_panel.cpp), in place of the columns.
void DrawStartScreen(const ShellState& state, const UiState& ui, CommandSink& sink);
// Facilitator console: attack time line, channels, damage, hints, discussion ratings, reveal
// (ui/facilitator_panel.cpp).
void DrawFacilitatorConsole(const ShellState& state, UiState& ui, CommandSink& sink);
// The modal confirmation of a responder action (ui/confirm_action_panel.cpp).
void DrawConfirmAction(const ShellState& state, const UiState& ui, CommandSink& sink);
// Name of the confirmation dialog window (tests click inside it).
inline constexpr const char* kConfirmDialogName = "Confirm responder action###confirm_action";

// The merged time line as a chart (ui/timeline_chart.cpp): attacker, responder and inject lanes
// over [start, end]; the attacker lane stays empty unless show_attacker. Returns the index into
// `rows` of the first marker under the mouse (its tooltip shows), or -1.
int DrawTimelineChart(const char* id, const std::vector<TimelineRow>& rows, SimTimeMs start, SimTimeMs end,
                      bool show_attacker);
// Horizontal position of time t on a chart axis from x0 (start) to x1 (end), clamped.
float TimelineChartX(SimTimeMs t, SimTimeMs start, SimTimeMs end, float x0, float x1);

// True if `row` matches the entity search text (case-insensitive on display, kind and id).
bool EntityMatches(const EntityRow& row, std::string_view search);

// Small shared widgets (ui/widgets.cpp).
void SectionHeader(const char* text, int count = -1);  // dim capitals, optional count
void KindTag(EventKind kind);                            // coloured "ATTACKER" etc. tag
void PlaceholderNote(const char* text);
// Rows of an open two-column table: dim label, wrapped value (in warn_colour when FactRow::warn).
void FactRows(const std::vector<FactRow>& facts, unsigned int warn_colour);                  // dim, wrapped, framed note
void Chip(const char* text, unsigned int colour);        // small filled label (ImU32 colour)

}  // namespace td::ui
