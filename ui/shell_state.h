#pragma once
// What the app shell draws. Two structs with two owners:
//   ShellState  - filled by the world adapter (ui/live_session.h, over td::sim::Exercise; tests
//                 also fill it by hand). Panels only read it.
//   UiState     - widget state the UI itself owns (text buffers, selected tab, projector mode).
// Times are simulated UTC in milliseconds since the Unix epoch (the same unit as
// td::engine::SimTime).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace td::ui {

using SimTimeMs = std::int64_t;

// What a row means, which picks its colour (ui/colors.h). Attacker rows stay hidden from the
// trainee until the debrief; the world decides what to hand over.
enum class EventKind { Benign, Attacker, Responder, Alert, Inject };

// A responder action the world offers on an entity. The UI shows it in the entity's context
// menu and, before anything happens, in a confirmation naming the target, the scope and the
// Graph / PowerShell equivalent (DESIGN.md "The window"). Confirming emits
// RunResponderActionCmd{id, entity id}; the world validates and answers.
struct ActionOffer {
  std::string id;          // what RunResponderActionCmd::action carries, e.g. "revoke_sessions"
  std::string label;       // menu text, e.g. "Revoke sessions"
  std::string scope;       // one sentence: what changes, e.g. "All refresh tokens of this user"
  std::string graph;       // Microsoft Graph equivalent, e.g. "POST /users/{id}/revokeSignInSessions"
  std::string powershell;  // PowerShell equivalent, e.g. "Revoke-MgUserSignInSession -UserId ..."
  bool enabled = true;     // false: shown greyed out with `disabled_reason`
  std::string disabled_reason;
};

struct EntityRow {
  std::string id;        // stable id the world understands (SelectEntityCmd::id)
  std::string kind;      // "User", "Mailbox", "App", "Policy", ...
  std::string display;   // e.g. "Adele Vance <adele.vance@contoso.example>"
  std::vector<ActionOffer> actions;  // responder actions the world offers on this entity
};

struct InjectRow {
  SimTimeMs time = 0;
  std::string title;     // one line, e.g. "Helpdesk ticket #4411"
  std::string body;      // narrative text, wrapped in the feed
  bool unread = false;
};

struct ActionRow {
  SimTimeMs time = 0;
  std::string text;      // e.g. "Revoke sessions: adele.vance@contoso.example"
  bool ok = true;        // false: the world rejected it; text carries the reason
  bool pending = false;  // accepted, still taking simulated time
  std::string detail;    // tooltip: Graph / PowerShell as run, side effects (may be empty)
};

// A label and its value (tenant facts, entity details, metrics).
struct FactRow {
  std::string label;
  std::string value;
  bool warn = false;     // drawn in the alert colour (e.g. a forwarding address, a disabled account)
};

// What the start screen shows of one scenario. Roles are deliberately absent: they are the answer.
struct ScenarioCard {
  std::string name;      // shipped name or file path
  std::string title, summary, briefing;
  std::string error;     // non-empty: the scenario could not be loaded (file, place, what to do)
  std::vector<FactRow> tenant;     // licences and policies of its tenant
  std::vector<FactRow> retention;  // per table: days kept, or why it is not collected
};

// An attacker access channel (facilitator console only): open or closed, and why.
struct ChannelRow {
  std::string kind;           // "stolen_session" …
  std::string description;
  std::string survives, closed_by;
  SimTimeMs opened = 0;
  SimTimeMs closed = -1;      // -1 while open
  std::string closed_reason;
};

// The selected entity, as the detail pane below the entity list shows it.
struct EntityDetail {
  std::string id;
  std::string title;
  std::vector<FactRow> facts;
};

// Responder actions offered on a result cell: a right-click on a cell of one of `columns` offers
// `actions` (id, label) on the target `target_prefix + cell text` (e.g. "ip:198.51.100.7").
struct CellActionRule {
  std::vector<std::string> columns;
  std::string target_prefix;
  std::vector<std::pair<std::string, std::string>> actions;
};

// Start screen (choose a scenario), loading (the tenant's history is generated), play.
enum class ShellMode { Start, Loading, Play };

struct TimelineRow {
  SimTimeMs time = 0;
  EventKind kind = EventKind::Benign;
  std::string text;
};

// The chart a query's final `| render …` asks for, taken from its result (ui/result_chart.cpp
// builds and draws it). Times are ms since the epoch; categories are indexes into x_labels.
struct ResultChart {
  std::string kind;                  // timechart, linechart, areachart, scatterchart, columnchart, barchart, piechart, card
  std::string title;
  std::string x_name;                // the x column
  bool x_is_time = false;
  std::vector<double> x;             // one per point (time, number or category index)
  std::vector<std::string> x_labels; // category names (bar, column, pie) or the card's text
  struct Series {
    std::string name;
    std::vector<double> y;           // one per point; NaN where the row has no value
  };
  std::vector<Series> series;
  std::string note;                  // what was left out ("first 5,000 points", "no numeric column")
};

// A query result as the log explorer shows it. Cells come either preformatted in `rows`, or -
// for results too large to format up front (the KQL engine returns up to a million rows) - from
// `cell`, which the table calls only for the rows on screen. Set `row_count` with `cell`.
struct QueryResultView {
  std::vector<std::string> columns;
  std::vector<std::string> column_types;       // KQL types ("string", "long" …); may be empty
  std::vector<std::vector<std::string>> rows;  // rows[i].size() == columns.size()
  std::function<std::string(size_t row, size_t col)> cell;  // if set, used instead of `rows`
  size_t row_count = 0;   // rows behind `cell`
  std::string error;      // non-empty: the query failed; shown instead of the table
  int error_line = 0;     // 1-based place of the error in the query (0: not tied to a place)
  int error_column = 0;   // 1-based byte column
  int error_length = 1;   // bytes the caret underlines
  double elapsed_ms = 0;  // engine time, shown in the status line
  std::optional<ResultChart> chart;  // set when the query ends with a render other than `table`

  size_t RowCount() const { return cell ? row_count : rows.size(); }
  // The text of one cell; empty for a cell a short row does not have.
  std::string Cell(size_t row, size_t col) const {
    if (cell) return cell(row, col);
    return col < rows[row].size() ? rows[row][col] : std::string();
  }
};

// [Debrief] The after-action report as the Debrief tab draws it (sim::Score, filled once per score).
struct ScoreBar {
  std::string label;
  double value = -1;                 // 0..100; -1: not assessed (the phase has no objective)
};
struct RatingRow {                   // an HSEEP rating, of a capability or a discussion question
  std::string subject, rating, meaning, note;
};
struct ObjectiveView {
  std::string title, phase, feedback;
  bool met = false;
  double score = 0;                  // 0..100
};
struct DebriefView {
  bool provisional = false;          // scored before the exercise ended ("Score now")
  SimTimeMs scored_at = 0;           // simulated time of the score
  double total = 0;                  // 0..100
  std::vector<ScoreBar> phases;      // the four NIST SP 800-61 phases, in order
  std::vector<ScoreBar> csf;         // CSF 2.0 functions that have objectives
  std::vector<RatingRow> hseep;
  std::vector<FactRow> metrics;
  std::vector<ObjectiveView> objectives;
  std::vector<FactRow> penalties;    // label "-5", value: why
  std::vector<std::string> strengths, improvements;
  std::vector<TimelineRow> timeline; // attacker, responder and inject events merged, oldest first
  SimTimeMs start = 0, end = 0;      // the exercise window the chart spans
  std::vector<ChannelRow> open_channels;
};

// [Facilitator] A discussion question and its rating so far (rating empty: not rated).
struct DiscussionRow {
  std::string id, phase, text, rating, note;
};

// [Shared responsibility] sim::SharedResponsibility and the posture decisions, for the tenant.
struct ResponsibilityView {
  std::string item, kind, microsoft, customer, owner, status;  // kind "evidence"/"control"; owner microsoft/customer/shared
  bool available = false;
};
struct PostureDecisionView {
  std::string id, area, title, owner, explanation;
  std::string value, value_label, effect;  // the tenant's option
};
struct RecommendationView {
  std::string title, area, current, recommended, why;
  double risk_closed = 0;
  int cost = 0, horizon_days = 30;
};
struct PostureReviewView {
  bool running = false;
  double progress = 0;               // 0..1 while running
  bool done = false;
  std::string error;
  std::string posture_title;
  double risk = 0;
  std::vector<std::pair<std::string, int>> areas;  // area title, exposure 0..100
  std::vector<std::string> most_exposed;
  std::vector<RecommendationView> owned_not_used, plan;
};

// [Preparation] "Prepare the tenant" on the start screen: sim::Decisions() within a budget.
struct PrepOptionView {
  std::string value, label, effect;
  int cost = 0;
};
struct PrepDecisionView {
  std::string id, area, title, owner, explanation;
  std::string base_value, chosen_value;  // the scenario's option, and the prepared one
  std::vector<PrepOptionView> options;   // weakest first
  bool preparable = true;
};
struct PrepView {
  bool available = false;            // the posture catalogue could be read for the chosen scenario
  int budget = 0, used = 0;          // budget points; used = upgrade cost of the prepared changes
  std::string message;               // the last refusal (over budget …) or what was applied
  std::vector<PrepDecisionView> decisions;
};

// A query in flight: it runs on a worker thread while the clock holds still (ui/query_job.h).
struct QueryProgress {
  std::string text;
  double elapsed_ms = 0;     // wall time since it started
  bool cancelling = false;   // Cancel was asked for; the engine stops at its next check
  size_t waiting_commands = 0;  // world commands that will run when it ends
};

// One scenario inject in the facilitator's inject control (sim::InjectStatus).
struct InjectControlRow {
  std::string id;
  SimTimeMs due = -1;         // -1 while it waits for its condition (`on`)
  std::string on;             // condition of a conditional inject (attacker event)
  bool held = false, released = false, edited = false;
  std::string from, subject, message;
};

// A save file the start screen's Resume lists (autosaves and recent saves, newest first).
struct SaveFileRow {
  std::string path;
  std::string title;          // scenario title, or the file name when it does not read
  std::string detail;         // "saved at sim 2026-03-03 10:07 UTC, 4 commands" or why it is refused
  bool autosave = false;
  bool ok = true;             // false: the file is refused (detail says why)
};

struct ShellState {
  ShellMode mode = ShellMode::Play;
  std::string scenario_title;
  std::string data_source_note;    // non-empty: a warning chip in the top bar, e.g. "DEMO DATA"
  std::string data_source_detail;  // the chip's tooltip: one sentence on where the data comes from
  SimTimeMs clock = 0;
  bool paused = true;
  double speed = 1;                       // simulated seconds per wall-clock second
  std::vector<double> speed_choices{1, 10, 60, 600};
  bool has_next_inject = false;           // enables "Next inject"
  bool exercise_over = false;             // the clock reached the scenario's end
  std::optional<int> score;               // shown as a badge once scoring has run (debrief)
  std::vector<EntityRow> entities;
  std::vector<InjectRow> injects;         // oldest first
  std::vector<ActionRow> actions;         // oldest first
  std::vector<TimelineRow> timeline;      // oldest first
  std::optional<QueryResultView> last_result;
  std::vector<std::string> query_history;  // queries run, oldest first (no repeats)
  std::string notice;                      // one line under the results (export written, …)
  std::vector<CellActionRule> cell_actions;
  std::optional<QueryProgress> query_running;  // set while a query runs (Cancel shown)
  std::optional<EntityDetail> selected_detail;

  // Start screen and loading.
  std::vector<ScenarioCard> scenarios;
  int chosen_scenario = -1;                // index into scenarios
  std::string start_error;                 // e.g. the --scenario file did not load
  double loading_progress = 0;             // 0..1 while mode == Loading
  std::string loading_text;

  // Saves (sim/save.h) and facilitator inject control.
  std::vector<InjectControlRow> inject_control;  // every scenario inject, scenario order (facilitator)
  std::vector<SaveFileRow> saves;           // start screen: Resume
  std::string save_folder;                  // where autosaves and new saves go
  std::string save_path;                    // where Ctrl+S writes ("" until the first save)
  std::string save_status;                  // "Saved to … at sim 10:07" / "Autosaved …" (one line)
  std::string save_banner;                  // a refused save file: where, why, what to do ("" = none)
  std::string case_notes_kept;              // the case notes the world holds for the next save
  std::string restored_case_notes;          // case notes of the save last loaded
  std::uint64_t restore_generation = 0;     // bumps on every load (the UI takes restored_case_notes)

  // Facilitator console only (the ground truth; never drawn for trainees).
  std::vector<TimelineRow> attack_timeline;
  std::vector<ChannelRow> channels;
  std::vector<FactRow> metrics;

  // Debrief (centre tab) and the facilitator's hints and discussion ratings.
  std::optional<DebriefView> debrief;      // set once scored (at the end, or "Score now")
  std::string debrief_notice;              // the last export: where it went, or why it failed
  double hint_cost = 0;                    // points one hint costs (sim::kHintPenaltyPoints)
  int hints_used = 0;
  std::vector<DiscussionRow> discussion;   // the scenario's questions (or the defaults) with ratings
  std::string discussion_notice;           // the last rating refused, and why

  // Shared responsibility (centre tab), posture review, preparation (start screen).
  std::string posture_title;               // the running exercise's posture
  std::vector<ResponsibilityView> responsibility;
  std::vector<PostureDecisionView> posture;
  PostureReviewView review;
  PrepView prep;
};

// The centre tabs, in display order. SelectTabCmd::tab indexes this array.
inline constexpr std::array<const char*, 5> kCentreTabs{
    "Log explorer", "Time line", "Case notes", "Debrief", "Shared responsibility"};
enum CentreTab : int { kTabLogExplorer, kTabTimeline, kTabCaseNotes, kTabDebrief, kTabSharedResponsibility };

struct UiState {
  int active_tab = kTabLogExplorer;
  bool tab_change_requested = true;   // the next frame selects active_tab (first frame, shortcuts)
  bool projector_mode = false;
  bool facilitator_mode = false;      // the facilitator console (ground truth) replaces the columns
  std::string entity_search;
  std::string export_path = "query-results.csv";
  std::string query_text = "SigninLogs\n| where ResultType != \"0\"\n| take 100";
  bool focus_query = false;           // the query editor takes keyboard focus on the next frame
  std::string case_notes;
  std::string selected_entity;        // id of the entity last clicked
  // The responder action waiting for confirmation (the dialog is open while both are set).
  std::string confirm_entity;
  std::string confirm_action;
  bool show_help = false;             // the keyboard-shortcut overlay (F1)
  bool projector_window = false;      // the projector view is open in a second window (F11)
  // The facilitator revealed the attacker's time line to the room ("Reveal attacker time line" in
  // the facilitator console): the trainee time line and the projector view then show it too.
  bool reveal_attack_timeline = false;
  std::string report_folder = "after-action-report";  // Debrief: where "Export after-action report" writes
  std::string hint_note;                   // facilitator: the hint about to be given
  int discussion_selected = 0;             // facilitator: the question being rated (index)
  std::string discussion_note;             // facilitator: the note for the next rating
  bool prepare_open = false;               // start screen: "Prepare the tenant" is shown
  int chart_hover = -1;                    // Debrief: index into debrief->timeline under the mouse, or -1
  // Saves and inject control (ui/save_controller.cpp, ui/inject_control_panel.cpp).
  std::string save_as_path;                // "Save as" path being typed
  std::uint64_t restore_generation = 0;    // ShellState::restore_generation already taken
  std::string case_notes_sent;             // case notes last handed to the world (SyncCaseNotesCmd)
  std::string inject_edit_id;              // the inject being edited ("" = none)
  std::string inject_edit_subject, inject_edit_message;
};

}  // namespace td::ui
