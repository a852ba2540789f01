// [SECTION] Saving and autosave
// [SECTION] Loading
// [SECTION] Inject control
// [SECTION] Filling the shell
//
// The world adapter's saves (sim/save.h) and facilitator inject control: every world command goes
// through m_journal (sim/journal.h), so a save is the scenario, the seed and the journal; loading
// replays it onto a fresh exercise. Autosave every few simulated minutes and on exit, into the
// per-user save folder.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <system_error>

#include "engine/load_error.h"
#include "sim/discussion.h"
#include "ui/live_session.h"
#include "ui/save_panels.h"

namespace td::ui {

namespace {
std::string ClockText(engine::SimTime t) { return engine::FormatIso(t).substr(0, 16).replace(10, 1, " ") + " UTC"; }

// "aitm-session-theft-20260303-1007.tdsave"
std::string NewSaveName(const std::string& id, engine::SimTime t) {
  std::string iso = engine::FormatIso(t);  // 2026-03-03T10:07:00.000Z
  std::string stamp = iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "-" + iso.substr(11, 2) + iso.substr(14, 2);
  return (id.empty() ? std::string("exercise") : id) + "-" + stamp + ".tdsave";
}
}  // namespace

// [SECTION] Saving and autosave

void LiveSession::SetSaveFolder(const std::string& folder) {
  m_save_folder = folder.empty() ? DefaultSaveFolder() : folder;
  m_autosave_on = true;
  m_saves_dirty = true;
}

const std::string& LiveSession::SaveFolder() {
  if (m_save_folder.empty()) m_save_folder = DefaultSaveFolder();
  return m_save_folder;
}

void LiveSession::SetAutosaveMinutes(int simulated_minutes) {
  m_autosave_every = simulated_minutes > 0 ? static_cast<std::int64_t>(simulated_minutes) * 60'000 : 0;
  m_next_autosave = m_ex && m_autosave_every > 0 ? m_ex->GetWorld().Now() + m_autosave_every : -1;
}

sim::SaveData LiveSession::MakeSave() const {
  sim::SaveData s = m_save_base;
  if (s.scenario.Empty()) s.scenario = sim::ScenarioSource(m_entries_name);
  s.posture_json = m_ex->Spec().posture_json;
  s.seed = m_ex->Seed();
  s.clock = s.saved_at_sim = m_ex->GetWorld().Now();
  s.journal = m_journal.Entries();
  s.ui.case_notes = m_case_notes;
  s.ui.query_history = m_history;
  nlohmann::json ratings = nlohmann::json::array();
  for (const sim::DiscussionRating& r : sim::DiscussionRatings(*m_ex))
    ratings.push_back({{"question", r.question}, {"rating", r.rating}, {"note", r.note}, {"at", engine::FormatIso(r.at)}});
  if (!ratings.empty()) s.ui.facilitator_json = nlohmann::json{{"ratings", ratings}}.dump();
  return s;
}

bool LiveSession::SaveNow(const std::string& path_arg) {
  if (!m_ex || m_mode != ShellMode::Play) return false;
  std::string path = path_arg.empty() ? m_save_path : path_arg;
  try {
    if (path.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(SaveFolder(), ec);
      path = (std::filesystem::path(SaveFolder()) / NewSaveName(m_ex->Spec().id, m_ex->GetWorld().Now())).string();
    }
    sim::WriteSaveFile(path, sim::SaveToJson(MakeSave()));
  } catch (const std::exception& e) {
    m_save_banner = std::string("Could not save: ") + e.what();
    return false;
  }
  m_save_path = path;
  m_save_status = "Saved to " + path + " at simulated " + ClockText(m_ex->GetWorld().Now()) + ".";
  m_saves_dirty = true;
  return true;
}

void LiveSession::Autosave(bool on_exit) {
  if (!m_autosave_on || !m_ex || m_mode != ShellMode::Play) return;
  try {
    std::error_code ec;
    std::filesystem::create_directories(m_save_folder, ec);
    const std::string path = (std::filesystem::path(m_save_folder) / ("autosave-" + m_ex->Spec().id + ".tdsave")).string();
    sim::WriteSaveFile(path, sim::SaveToJson(MakeSave()));
    m_save_status = std::string(on_exit ? "Saved on exit to " : "Autosaved to ") + path + " at simulated " + ClockText(m_ex->GetWorld().Now()) + ".";
    m_saves_dirty = true;
  } catch (const std::exception& e) {
    m_save_banner = std::string("Autosave failed: ") + e.what();
  }
  if (m_autosave_every > 0) m_next_autosave = m_ex->GetWorld().Now() + m_autosave_every;
}

void LiveSession::MaybeAutosave() {
  if (!m_autosave_on || m_mode != ShellMode::Play || !m_ex || m_autosave_every <= 0) return;
  if (m_next_autosave < 0) m_next_autosave = m_ex->Start() + m_autosave_every;  // play began at the start
  if (m_ex->GetWorld().Now() >= m_next_autosave) Autosave(false);
}

void LiveSession::BeginSaveTracking() {
  m_journal.Clear();
  m_save_base = {};
  m_save_path.clear();
  m_entries_name = m_chosen >= 0 ? ChosenName() : std::string();
  m_next_autosave = -1;
}

// [SECTION] Loading

bool LiveSession::LoadNow(const std::string& path) {
  if (m_mode != ShellMode::Start) {
    m_save_banner = "Finish or leave the running exercise before loading a save.";
    return false;
  }
  std::unique_ptr<sim::Restored> restored;
  sim::SaveData save;
  try {
    save = sim::ReadSaveFile(path);
    restored = sim::RestoreExercise(save, path);
  } catch (const std::exception& e) {
    m_save_banner = e.what();
    m_saves_dirty = true;
    return false;
  }
  m_ex = std::move(restored->exercise);
  m_restored = std::move(restored);
  m_journal = m_restored->journal;
  m_save_base = save;
  m_save_base.journal.clear();
  m_save_base.ui = {};
  m_entries_name = save.scenario.name;
  // Autosaves are overwritten by the next autosave: Ctrl+S makes a file of its own.
  m_save_path = std::filesystem::path(path).filename().string().rfind("autosave-", 0) == 0 ? std::string() : path;
  m_history = save.ui.query_history;
  m_case_notes = m_restored_notes = save.ui.case_notes;
  ++m_restore_gen;
  if (!save.ui.facilitator_json.empty()) {  // the facilitator's ratings, rated again at their saved times
    const nlohmann::json f = nlohmann::json::parse(save.ui.facilitator_json, nullptr, false);
    if (f.is_object() && f.contains("ratings") && f["ratings"].is_array())
      for (const auto& r : f["ratings"])
        if (r.is_object())
          (void)sim::RateDiscussion(*m_ex, r.value("question", ""), r.value("rating", ""), r.value("note", ""),
                                    engine::ParseIso(r.value("at", "")).value_or(-1));
  }
  AddLoadedEntry(save.scenario.name);
  m_mode = ShellMode::Play;
  m_paused = true;
  m_entities.clear();
  m_entities_dirty = true;
  m_score.reset();
  m_save_banner.clear();
  m_save_status = "Loaded " + path + ": " + std::to_string(m_journal.Entries().size()) + " command(s) replayed, simulated " +
                  ClockText(m_ex->GetWorld().Now()) + ".";
  m_next_autosave = m_autosave_every > 0 ? m_ex->GetWorld().Now() + m_autosave_every : -1;
  return true;
}

// [SECTION] Inject control

void LiveSession::InjectCommand(const UiCommand& cmd) {
  sim::WorldCommand c;
  if (const auto* h = std::get_if<HoldInjectCmd>(&cmd)) {
    c.kind = sim::CommandKind::HoldInject;
    c.inject = h->id;
  } else if (const auto* r = std::get_if<ReleaseInjectCmd>(&cmd)) {
    c.kind = sim::CommandKind::ReleaseInject;
    c.inject = r->id;
  } else if (const auto* e = std::get_if<EditInjectCmd>(&cmd)) {
    c.kind = sim::CommandKind::EditInject;
    c.inject = e->id;
    c.subject = e->subject;
    c.message = e->message;
  } else {
    return;
  }
  const engine::Status st = m_journal.Apply(*m_ex, c);
  if (!st) m_refusals.push_back({m_ex->GetWorld().Now(), "Inject control refused: " + st.ErrorMessage(), false, false, {}});
  m_notice = st ? std::string("Inject ") + sim::ToString(c.kind) + " " + c.inject + " done." : st.ErrorMessage();
}

bool LiveSession::ApplySaveCommand(const UiCommand& cmd, bool query_may_run) {
  if (const auto* s = std::get_if<SaveExerciseCmd>(&cmd)) {
    m_case_notes = s->case_notes;
    SaveNow(s->path);
  } else if (const auto* l = std::get_if<LoadSaveCmd>(&cmd)) {
    LoadNow(l->path);  // start screen only: no query runs there
  } else if (const auto* n = std::get_if<SyncCaseNotesCmd>(&cmd)) {
    m_case_notes = n->text;
  } else if (std::holds_alternative<DismissSaveBannerCmd>(cmd)) {
    m_save_banner.clear();
  } else if (!query_may_run && (std::holds_alternative<HoldInjectCmd>(cmd) || std::holds_alternative<ReleaseInjectCmd>(cmd) ||
                                std::holds_alternative<EditInjectCmd>(cmd))) {
    if (m_mode == ShellMode::Play && m_ex) InjectCommand(cmd);
  } else {
    return false;
  }
  return true;
}

// [SECTION] Filling the shell

void LiveSession::FillSave(ShellState& s) {
  if (m_saves_dirty && m_mode == ShellMode::Start && m_autosave_on) {
    m_saves = ListSaves(m_save_folder);
    m_saves_dirty = false;
  }
  s.saves = m_saves;
  s.save_folder = m_save_folder;
  s.save_path = m_save_path;
  s.save_status = m_save_status;
  s.save_banner = m_save_banner;
  s.case_notes_kept = m_case_notes;
  s.restored_case_notes = m_restored_notes;
  s.restore_generation = m_restore_gen;
  s.inject_control.clear();
  if (m_mode != ShellMode::Play || !m_ex) return;
  for (const sim::InjectStatus& in : m_ex->InjectControl())
    s.inject_control.push_back({in.id, in.due, in.on, in.held, in.released, in.edited, in.from, in.subject, in.message});
}

}  // namespace td::ui
