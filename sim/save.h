#pragma once
// [SECTION] The save document
// [SECTION] Rebuilding an exercise from a save
// [SECTION] Files: atomic write, read
//
// Saved exercises ("format": "tenantdrill/save@1", docs/save-format.md): the scenario's JSON text
// (so a save mailed to another machine works), the seed, the tenant template override, the
// posture, the response plan, the simulated clock, the journal of world commands, and what the
// desktop program owns (case notes, findings, facilitator ratings and notes, query history).
// Loading rebuilds the exercise and replays the journal: the world is identical, byte for byte.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim_clock.h"
#include "sim/journal.h"
#include "sim/scenario.h"

namespace td::sim {

class Exercise;

// [SECTION] The save document

inline constexpr const char* kSaveFormat = "tenantdrill/save@1";
inline constexpr int kSaveVersion = 1;              // the newest version this build reads and writes
inline constexpr size_t kMaxJournalEntries = 100000;  // a longer journal is refused

// Where a scenario, template or plan came from and its JSON text as read.
struct SourceText {
  std::string name;  // shipped name or the path given
  std::string file;  // the name its loader was given (messages, relative template paths)
  std::string text;  // the JSON text
  bool Empty() const { return text.empty(); }
};

struct SaveUiData {
  std::string case_notes;
  std::vector<std::string> findings;        // the desktop program's findings (text with citations)
  std::vector<std::string> query_history;   // oldest first
  std::string facilitator_json;             // a JSON object owned by the facilitator console (ratings, notes); "" = none
};

struct SaveData {
  int version = kSaveVersion;
  engine::SimTime saved_at_sim = 0;         // the simulated time the save was made at
  SourceText scenario;                      // required
  uint64_t seed = 1;                        // the seed played (the scenario's or --seed)
  SourceText tenant_template;               // template override; empty = the scenario's own
  SourceText plan;                          // response plan; empty = none
  std::string posture_json;                 // posture object, stored verbatim; "" = none
  engine::SimTime clock = 0;                // simulated now: loading advances to it after the journal
  std::vector<WorldCommand> journal;
  SaveUiData ui;
};

// The save as pretty-printed JSON (keys in a fixed order: the same save gives the same bytes).
std::string SaveToJson(const SaveData& save);
// Parses and validates a save's text; no I/O (the fuzzing entry point). Throws engine::LoadError
// with the JSON pointer of every problem; a newer format version is refused with one sentence
// ("saved by a newer TenantDrill (version N); this build reads up to 1").
SaveData ParseSave(std::string_view text, std::string_view file_name);

// [SECTION] Rebuilding an exercise from a save

// A scenario file path or shipped name ("aitm-session-theft"), a template file path or shipped
// name, a plan file path or a shipped plan name of the scenario ("expert"), with their text, for
// a save. Throw engine::LoadError when there is no such file or shipped name.
SourceText ScenarioSource(const std::string& name_or_path);
SourceText TemplateSource(const std::string& name_or_path);
SourceText PlanSource(const std::string& name_or_path, const std::string& scenario_id);

// The scenario a save plays (its embedded text, template override and posture applied).
ScenarioSpec SavedScenario(const SaveData& save);

struct Restored {
  std::unique_ptr<Exercise> exercise;
  Journal journal;                          // the replayed commands (append new ones to it)
  std::vector<std::string> plan_refusals;   // filled while the exercise runs (plan actions refused)
  std::string plan_name = "empty";
};
// Builds the exercise, schedules the saved plan, replays the journal and advances to the saved
// clock. Throws engine::LoadError (pointer "/journal/N") when an entry is refused on replay.
// progress(fraction) is called now and then (may be empty).
std::unique_ptr<Restored> RestoreExercise(const SaveData& save, const std::string& file,
                                          const std::function<void(double)>& progress = {});

// Applies a saved posture (a tenantdrill/posture@1 object, as text) to the scenario through
// sim/posture.h (ParsePosture, ApplyPosture). Throws engine::LoadError naming `file` and
// "/posture" when it does not load.
void ApplySavedPosture(ScenarioSpec& spec, const std::string& posture_json, const std::string& file);

// [SECTION] Files: atomic write, read

// The points of an atomic save, in order (the kill-during-write test stops the writer at each).
enum class SaveStep : uint8_t { BeforeWrite, MidWrite, AfterWrite, AfterFsync, AfterRename, Done };
// Writes the save atomically: the text is validated (ParseSave), written to "<path>.partial" in
// the same folder, flushed and fsynced, renamed over `path`, and the folder is fsynced. A failure
// at any point leaves the previous file at `path` untouched. Throws engine::LoadError (file, what
// to do). `hook` is called at each step (tests).
void WriteSaveFile(const std::string& path, const std::string& text,
                   const std::function<void(SaveStep)>& hook = {});
// Reads and parses a save file; throws engine::LoadError (missing, unreadable, corrupt, newer).
SaveData ReadSaveFile(const std::string& path);

}  // namespace td::sim
