#pragma once
// The typed intents a panel emits. Panels never change the world or the shell state: they push
// one of these into a CommandSink, and the owner of the frame loop applies them after the frame
// (world commands go to the exercise through ui/live_session.h; view commands are applied by the shell).
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace td::ui {

// --- World commands: the simulation validates and answers these. ---
struct PauseCmd {};                        // stop simulated time
struct ResumeCmd {};                       // let simulated time run at the current speed
struct SetSpeedCmd { double factor = 1; }; // simulated seconds per wall-clock second (1, 10, 60, ...)
struct JumpToNextInjectCmd {};             // advance simulated time to the next scheduled inject
struct RunQueryCmd { std::string text; };  // run a KQL query against the log store
struct SelectEntityCmd { std::string id; };// focus an entity (user, mailbox, app, policy) by id
struct RunResponderActionCmd {             // a confirmed responder action (ShellState ActionOffer)
  std::string action;                      // ActionOffer::id
  std::string target;                      // EntityRow::id
};

struct ChooseScenarioCmd { int index = 0; };  // start screen: pick ShellState::scenarios[index]
struct StartExerciseCmd {};                // start screen: build the chosen exercise and play
struct ExportResultCmd { std::string path; };  // write the last query result as CSV (atomic)

// --- View commands: only the shell's own UiState changes. ---
struct RequestConfirmCmd {                 // open the confirmation dialog for an offered action
  std::string action;
  std::string target;
};
struct CloseConfirmCmd {};                 // close it without acting (Cancel, Escape)
struct SelectTabCmd { int tab = 0; };      // index into kCentreTabs (see shell_state.h)
struct ToggleProjectorModeCmd {};          // larger type for a projector (F11)
struct ToggleFacilitatorModeCmd {};        // the facilitator console (F10); turns projector type on
struct AddQueryFilterCmd {                 // append `| where column == "value"` to the query
  std::string column;
  std::string value;
  std::string type;                        // KQL type of the column ("string", "long", "datetime" …)
};
struct SetQueryTextCmd { std::string text; };  // replace the query text (history)

// --- Debrief, facilitator console, shared responsibility, preparation (issues #6, #7). ---
struct ScoreNowCmd {};                     // world: score the exercise now (provisional before the end)
struct ExportReportCmd { std::string folder; };  // world: report.md/.html/.json into `folder` (atomic)
struct GiveHintCmd { std::string note; };  // world: the use_hint responder action (costs points)
struct RateDiscussionCmd {                 // world: rate a discussion question P/S/M/U (sim/discussion.h)
  std::string question;                    // DiscussionQuestion::id
  std::string rating;                      // "P", "S", "M" or "U"
  std::string note;
};
struct ToggleRevealTimelineCmd {};         // view: UiState::reveal_attack_timeline
struct StartPostureReviewCmd {};           // world: review the tenant's posture on a worker thread
struct SetPrepChoiceCmd {                  // world (start screen): prepare a decision before the attack
  std::string decision;                    // sim::DecisionInfo::id
  std::string value;                       // sim::PostureOption::value
};
struct ResetPrepCmd {};                    // world (start screen): drop every prepared change
struct TogglePrepareCmd {};                // view: show/hide "Prepare the tenant" on the start screen

// --- Asynchronous queries and the projector window (issue #6). ---
struct CancelQueryCmd {};                  // world: stop the query in flight (Cancel, Escape)
struct ToggleProjectorWindowCmd {};        // view: open/close the projector window (F11)

// --- Saves and facilitator inject control (issues #6, #8; sim/save.h, sim/journal.h). ---
struct SaveExerciseCmd {                   // world: save the exercise atomically (Ctrl+S, Save as)
  std::string path;                        // "" = the current save file (a new one in the save folder at first)
  std::string case_notes;                  // UiState::case_notes, saved with the world
};
struct LoadSaveCmd { std::string path; };  // world (start screen, Resume): load a save and play it
struct SyncCaseNotesCmd { std::string text; };  // world: the case notes an autosave keeps (sent when they change)
struct DismissSaveBannerCmd {};            // world: hide the banner of a refused save file
struct HoldInjectCmd { std::string id; };  // world (facilitator): do not release the inject when due
struct ReleaseInjectCmd { std::string id; };  // world (facilitator): release a held or future inject now
struct EditInjectCmd {                     // world (facilitator): change an inject's text before release
  std::string id, subject, message;
};

using UiCommand = std::variant<PauseCmd, ResumeCmd, SetSpeedCmd, JumpToNextInjectCmd, RunQueryCmd,
                               SelectEntityCmd, RunResponderActionCmd, SelectTabCmd, ToggleProjectorModeCmd,
                               RequestConfirmCmd, CloseConfirmCmd, ChooseScenarioCmd, StartExerciseCmd,
                               ExportResultCmd, ToggleFacilitatorModeCmd, AddQueryFilterCmd, SetQueryTextCmd,
                               CancelQueryCmd, ToggleProjectorWindowCmd,
                               ScoreNowCmd, ExportReportCmd, GiveHintCmd, RateDiscussionCmd, ToggleRevealTimelineCmd,
                               StartPostureReviewCmd, SetPrepChoiceCmd, ResetPrepCmd, TogglePrepareCmd, SaveExerciseCmd, LoadSaveCmd,
                               SyncCaseNotesCmd, DismissSaveBannerCmd, HoldInjectCmd, ReleaseInjectCmd, EditInjectCmd>;

// True for the commands the world must answer; false for view-only commands.
bool IsWorldCommand(const UiCommand& cmd);
// One line for logs and test failure messages, e.g. "SetSpeed 60" or "RunQuery \"SigninLogs\"".
std::string Describe(const UiCommand& cmd);

// Where panels put their intents during a frame. Append-only while drawing; the frame loop
// takes the batch with Take() after ImGui::Render().
class CommandSink {
 public:
  void Push(UiCommand cmd) { m_commands.push_back(std::move(cmd)); }
  const std::vector<UiCommand>& Pending() const { return m_commands; }
  std::vector<UiCommand> Take() { return std::exchange(m_commands, {}); }

 private:
  std::vector<UiCommand> m_commands;
};

}  // namespace td::ui
