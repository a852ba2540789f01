#pragma once
// The world adapter of the desktop program: owns the scenario catalogue and the running
// td::sim::Exercise, applies the UI's world commands to it through the same API the CLI uses
// (sim::Respond for responder actions, engine/kql for queries, Exercise::AdvanceTo for the
// clock), and fills ShellState from it each frame. Panels never see the exercise.
//
// Time is advanced in slices (at most one simulated minute per AdvanceTo) under a wall-clock
// budget per frame, so a frame stays smooth at any speed; when the budget runs out the clock
// simply runs slower than asked.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <vector>

#include "sim/exercise.h"
#include "sim/journal.h"
#include "sim/save.h"
#include "sim/posture.h"
#include "sim/response.h"
#include "sim/scoring.h"
#include "ui/shell_state.h"
#include "ui/ui_command.h"

namespace td::engine::kql {
struct QueryResult;
}

namespace td::ui {

class QueryJob;

class LiveSession {
 public:
  // Lists the shipped scenarios. `scenario_arg` (from --scenario: a file, or a shipped name) is
  // loaded and chosen; if it does not load, the start screen shows why (never a crash).
  explicit LiveSession(const std::string& scenario_arg = {});
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // World commands (pause, speed, queries, responder actions, start screen). View commands are
  // ignored, except RequestConfirmCmd on a result-cell target (it adds that target as an entity).
  void Apply(const UiCommand& cmd);
  // Advances loading or the clock by wall_seconds * speed, spending at most budget_ms of wall time.
  void Tick(double wall_seconds, double budget_ms = 5.0);
  // Fills `state` (cheap parts every call; the entity list only when something changed).
  void Fill(ShellState& state, const std::string& selected_entity);

  // Synchronous helpers for --screenshot, --bench-frames and tests.
  bool StartNow();               // start the chosen exercise and finish loading at once
  bool JumpToNextInjectNow();    // advance until the next inject is released (false: none left)
  void RunQueryNow(const std::string& kql);  // runs it and waits for the result
  // A query runs on a worker thread (RunQueryCmd); meanwhile the world holds still and world
  // commands wait (applied in order when it ends). WaitForQuery blocks until it has ended.
  bool QueryRunning() const { return m_query != nullptr; }
  void WaitForQuery();
  void SetRunning(bool running, double speed);

  ShellMode Mode() const { return m_mode; }
  sim::Exercise* GetExercise() { return m_ex.get(); }
  int Chosen() const { return m_chosen; }
  double Speed() const { return m_speed; }
  bool Paused() const { return m_paused; }
  static std::vector<double> SpeedChoices() { return {1, 60, 600, 3600, 14400}; }

  // Saves and inject control (ui/live_session_save.cpp, sim/save.h): every world command goes
  // through the journal; a save is the scenario, seed and journal, replayed on load. Autosave every
  // SetAutosaveMinutes simulated minutes (default 30; 0 = off) and on destruction, into the save
  // folder. Autosave and the Resume list are on once SetSaveFolder is called ("" = the per-user
  // DefaultSaveFolder(), ui/save_panels.h); tests that never call it write nothing on their own.
  void SetSaveFolder(const std::string& folder);
  const std::string& SaveFolder();               // where new saves go
  void SetAutosaveMinutes(int simulated_minutes);
  bool SaveNow(const std::string& path = {});    // false: the banner (ShellState::save_banner) says why
  bool LoadNow(const std::string& path);         // start screen only: load, replay, play (paused)
  const sim::Journal& GetJournal() const { return m_journal; }

  // Debrief: the score (sim::Score) is computed when the exercise ends, or on ScoreNowCmd
  // (provisional); never per frame. Null until then.
  const sim::ScoreReport* Score() const { return m_score.get(); }
  bool ScoreProvisional() const { return m_score_provisional; }
  // Posture review (a worker thread): true while it runs. WaitForReview blocks until it is done.
  bool ReviewRunning() const { return m_review_running.load(); }
  void WaitForReview();

 private:
  struct Entry;
  void Choose(int index);
  void BeginLoading();
  void FinishLoadingStep(double budget_ms);
  bool AdvanceSliced(std::int64_t target, double budget_ms);
  void RunQuery(const std::string& text);
  void PollQuery(bool wait);           // a finished query's result in; then the waiting commands
  void FillQuery(ShellState& s) const;
  void RunAction(const RunResponderActionCmd& cmd);
  void Export(const std::string& path);
  void BuildEntities();
  std::optional<EntityDetail> Detail(const std::string& id) const;
  std::uint64_t Fingerprint() const;  // what the entity list shows of the tenant (names, states)
  ScenarioCard Card(const Entry& e) const;
  void Act(const sim::ActionRequest& req);  // sim::Respond, refusal kept (RunAction, GiveHint)

  // Debrief, facilitator console, shared responsibility, review, preparation
  // (ui/live_session_debrief.cpp).
  void ScoreNow(bool provisional);
  void ExportReport(const std::string& folder);
  void Rate(const RateDiscussionCmd& cmd);
  void StartReview();
  void ResetPrep();
  void SetPrepChoice(const SetPrepChoiceCmd& cmd);
  bool ApplyPrepared();     // rebuilds the chosen exercise under the prepared posture (BeginLoading)
  void FillDebrief(ShellState& s);
  void FillPosture(ShellState& s);
  void FillPrep(ShellState& s);
  const sim::Posture* PrepBase();   // the chosen scenario's posture (read lazily), or null

  // Saves (ui/live_session_save.cpp).
  // True when it was a save command (query_may_run: those that only read the world) or, with
  // !query_may_run, an inject-control command.
  bool ApplySaveCommand(const UiCommand& cmd, bool query_may_run);
  void InjectCommand(const UiCommand& cmd);
  sim::SaveData MakeSave() const;
  void Autosave(bool on_exit);
  void MaybeAutosave();
  void BeginSaveTracking();                      // a new exercise starts: empty journal
  void FillSave(ShellState& s);
  std::string ChosenName() const;                // the chosen entry's name (shipped name or path)
  void AddLoadedEntry(const std::string& name);  // the loaded exercise's scenario becomes the chosen entry

  std::vector<Entry> m_entries;
  int m_chosen = -1;
  std::string m_start_error;
  ShellMode m_mode = ShellMode::Start;
  std::unique_ptr<sim::Exercise> m_ex;
  bool m_paused = true;
  double m_speed = 60;
  double m_carry_ms = 0;             // simulated ms asked for but not yet advanced (< 1 ms)
  bool m_jumping = false;            // "Next inject": run until Injects() grows
  size_t m_jump_from = 0;
  std::optional<QueryResultView> m_last_result;
  std::vector<std::string> m_history;
  std::string m_notice;
  std::vector<ActionRow> m_refusals;  // Respond() errors (not in the exercise's action log)
  std::vector<EntityRow> m_entities;
  std::vector<std::string> m_adhoc;   // result-cell targets acted on ("ip:…", "msg:…")
  bool m_entities_dirty = true;
  std::int64_t m_entities_built_at = -1;
  std::shared_ptr<engine::kql::QueryResult> m_result;  // the rows behind m_last_result (export)
  std::uint64_t m_result_gen = 0, m_filled_result_gen = ~std::uint64_t{0};
  std::uint64_t m_entities_gen = 0, m_filled_entities_gen = ~std::uint64_t{0};
  int m_frames_since_build = 0;
  int m_cards_for = -2;
  std::optional<EntityDetail> m_detail;
  std::string m_detail_for;
  bool m_detail_stale = false;
  std::uint64_t m_fingerprint = 0;
  // The query in flight (declared after m_ex: destroyed, i.e. cancelled and joined, first).
  std::unique_ptr<QueryJob> m_query;
  std::vector<UiCommand> m_deferred;   // world commands asked for while it runs

  // Debrief and facilitator.
  std::unique_ptr<sim::ScoreReport> m_score;
  bool m_score_provisional = false;
  std::uint64_t m_score_gen = 0, m_filled_score_gen = ~std::uint64_t{0};
  std::string m_debrief_notice, m_discussion_notice;
  std::vector<DiscussionRow> m_questions;   // the exercise's questions (ratings filled per frame)
  const sim::Exercise* m_questions_for = nullptr;
  // Shared responsibility: recomputed when a responder action may have changed the tenant's settings.
  bool m_posture_dirty = true;
  // Posture review on a worker thread: progress and result under m_review_mutex.
  std::thread m_review_thread;
  std::atomic<bool> m_review_running{false};
  std::atomic<double> m_review_progress{0};
  std::mutex m_review_mutex;
  PostureReviewView m_review;        // the finished review (or its error)
  // Preparation: the chosen scenario's posture and the trainee's changes to it.
  std::optional<sim::Posture> m_prep_base;
  std::vector<sim::PostureChoice> m_prep_changes;
  std::string m_prep_message;
  std::string m_prep_error;          // the catalogue could not be read for this scenario
  std::string m_posture_title;       // the running exercise's posture

  // Saves and the journal.
  sim::Journal m_journal;
  std::unique_ptr<sim::Restored> m_restored;     // a loaded save's plan bookkeeping (its exercise is m_ex)
  sim::SaveData m_save_base;                     // scenario, template, plan of the running exercise
  std::string m_entries_name;                    // the scenario as named on the start screen
  std::string m_save_folder, m_save_path, m_save_status, m_save_banner;
  std::string m_case_notes, m_restored_notes;
  std::uint64_t m_restore_gen = 0;
  std::int64_t m_autosave_every = 30 * 60'000;   // simulated ms; 0 = off
  std::int64_t m_next_autosave = -1;
  std::vector<SaveFileRow> m_saves;
  bool m_saves_dirty = true;
  bool m_autosave_on = false;                    // SetSaveFolder was called
};

}  // namespace td::ui
