// Saves, the journal and facilitator inject control (issues #6 and #8): inject hold / release /
// edit, replay of a save onto a fresh exercise (byte-identical logs), refused files (newer,
// corrupt, truncated, inconsistent), and an atomic write killed at every step.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/load_error.h"
#include "scenario_test_util.h"
#include "sim/export.h"
#include "sim/ground_truth.h"
#include "sim/journal.h"
#include "sim/plan.h"
#include "sim/posture.h"
#include "sim/save.h"

namespace td {
namespace {

using engine::kHour;
using engine::kMinute;

// The AiTM scenario on the 50-user template (fast), as a save would name it.
sim::SaveData BaseSave() {
  sim::SaveData s;
  s.scenario = sim::ScenarioSource("aitm-session-theft");
  s.tenant_template = sim::TemplateSource("small-business-50");
  s.seed = 7;
  return s;
}

std::unique_ptr<sim::Exercise> Build(const sim::SaveData& s) { return std::make_unique<sim::Exercise>(sim::SavedScenario(s), s.seed); }

std::string Logs(const sim::Exercise& ex) {
  engine::ByteSink sink(nullptr, size_t(1) << 40);
  sim::ExportToSinks(ex.GetWorld(), sink);
  return sink.Buffer();
}

const sim::ReleasedInject* Released(const sim::Exercise& ex, const std::string& id) {
  for (const auto& in : ex.Injects())
    if (in.id == id) return &in;
  return nullptr;
}

sim::WorldCommand InjectCmd(sim::CommandKind k, const std::string& id) {
  sim::WorldCommand c;
  c.kind = k;
  c.inject = id;
  return c;
}

sim::WorldCommand ActionCmd(const std::string& action, const std::string& target, std::map<std::string, std::string> args = {}) {
  sim::WorldCommand c;
  c.kind = sim::CommandKind::Action;
  c.action.kind = *sim::ParseAction(action);
  c.action.target = target;
  c.action.args = std::move(args);
  return c;
}

std::string TempDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("td-save-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("inject control: a held inject is not released when due, and is released later at the release time") {
  auto ex = Build(BaseSave());
  const engine::SimTime due = test::At(*ex, "PT11H30M");  // "user-report"
  ex->AdvanceTo(test::At(*ex, "PT2H"));
  REQUIRE(ex->HoldInject("user-report"));
  ex->AdvanceTo(due + kHour);
  CHECK(Released(*ex, "user-report") == nullptr);
  auto ctl = ex->InjectControl();
  REQUIRE(ctl.size() == ex->Spec().injects.size());
  CHECK(ctl[0].id == "user-report");
  CHECK(ctl[0].held);
  CHECK_FALSE(ctl[0].released);
  CHECK(ctl[0].due == due);
  // Holding twice is refused with a sentence.
  auto again = ex->HoldInject("user-report");
  REQUIRE_FALSE(again);
  CHECK(again.ErrorMessage().find("already held") != std::string::npos);
  const engine::SimTime later = due + 2 * kHour;
  ex->AdvanceTo(later);
  REQUIRE(ex->ReleaseInjectNow("user-report"));
  const sim::ReleasedInject* in = Released(*ex, "user-report");
  REQUIRE(in != nullptr);
  CHECK(in->time == later);
  CHECK_FALSE(ex->ReleaseInjectNow("user-report"));  // already released
  CHECK_FALSE(ex->HoldInject("user-report"));
}

TEST_CASE("inject control: release a future inject now; edited text appears; unknown ids are refused clearly") {
  auto ex = Build(BaseSave());
  ex->AdvanceTo(test::At(*ex, "PT1H"));
  REQUIRE(ex->EditInject("user-report", "Helpdesk: odd MFA prompt", "Amy says she approved a prompt she did not start."));
  CHECK(ex->InjectControl()[0].edited);
  CHECK_FALSE(ex->EditInject("user-report", "", "x"));  // empty subject
  const engine::SimTime now = ex->GetWorld().Now();
  REQUIRE(ex->ReleaseInjectNow("user-report"));
  const sim::ReleasedInject* in = Released(*ex, "user-report");
  REQUIRE(in != nullptr);
  CHECK(in->time == now);
  CHECK(in->subject == "Helpdesk: odd MFA prompt");
  CHECK(in->message == "Amy says she approved a prompt she did not start.");
  // Its scheduled time passes without a second release.
  ex->AdvanceTo(test::At(*ex, "PT12H"));
  size_t n = 0;
  for (const auto& r : ex->Injects()) n += r.id == "user-report";
  CHECK(n == 1);
  CHECK_FALSE(ex->EditInject("user-report", "late", ""));  // released: too late to edit
  auto bad = ex->HoldInject("user-reprot");
  REQUIRE_FALSE(bad);
  CHECK(bad.ErrorMessage().find("no inject \"user-reprot\"") != std::string::npos);
  CHECK(bad.ErrorMessage().find("did you mean \"user-report\"") != std::string::npos);
}

TEST_CASE("a save replays to the same world: logs, ground truth and the save itself are byte-identical") {
  sim::SaveData save = BaseSave();
  auto ex = Build(save);
  sim::Journal journal;
  ex->AdvanceTo(test::At(*ex, "PT3H"));
  REQUIRE(journal.Apply(*ex, InjectCmd(sim::CommandKind::HoldInject, "user-report")));
  sim::WorldCommand edit = InjectCmd(sim::CommandKind::EditInject, "user-report");
  edit.subject = "Edited subject";
  edit.message = "Edited message.";
  REQUIRE(journal.Apply(*ex, edit));
  ex->AdvanceTo(test::At(*ex, "PT10H7M"));
  REQUIRE(journal.Apply(*ex, ActionCmd("use_hint", "", {{"note", "look at sign-ins from hosting ASNs"}})));
  REQUIRE(journal.Apply(*ex, ActionCmd("revoke_sessions", "patient_zero")));
  CHECK_FALSE(journal.Apply(*ex, ActionCmd("revoke_sessions", "nobody@nowhere.example")));  // refused: not journaled
  ex->AdvanceTo(test::At(*ex, "PT13H"));
  REQUIRE(journal.Apply(*ex, InjectCmd(sim::CommandKind::ReleaseInject, "user-report")));
  REQUIRE(journal.Apply(*ex, ActionCmd("record_finding", "", {{"note", "AiTM proxy sign-in"}, {"cites", "SigninLogs:1"}})));
  ex->AdvanceTo(test::At(*ex, "PT20H"));
  CHECK(journal.Entries().size() == 6);
  save.journal = journal.Entries();
  save.clock = save.saved_at_sim = ex->GetWorld().Now();
  save.ui.case_notes = "Patient zero clicked at 08:40.\nStill open: the inbox rule.";
  save.ui.query_history = {"SigninLogs | take 5", "OfficeActivity | where Operation == \"New-InboxRule\""};
  save.ui.findings = {"Session replayed from 203.0.113.0/24 [SigninLogs:12]"};
  save.ui.facilitator_json = R"({"ratings":[{"question":"q1","rating":"S","note":"good"}]})";
  const std::string text = sim::SaveToJson(save);

  const sim::SaveData loaded = sim::ParseSave(text, "drill.tdsave");
  CHECK(loaded.journal.size() == 6);
  CHECK(loaded.ui.case_notes == save.ui.case_notes);
  CHECK(loaded.ui.query_history == save.ui.query_history);
  CHECK(sim::SaveToJson(loaded) == text);  // the document round-trips byte for byte
  auto restored = sim::RestoreExercise(loaded, "drill.tdsave");
  sim::Exercise& re = *restored->exercise;
  CHECK(re.GetWorld().Now() == ex->GetWorld().Now());
  CHECK(restored->journal.Entries().size() == 6);
  const sim::ReleasedInject* in = Released(re, "user-report");
  REQUIRE(in != nullptr);
  CHECK(in->subject == "Edited subject");
  CHECK(in->time == test::At(re, "PT13H"));
  CHECK(sim::ActionLog(re).size() == sim::ActionLog(*ex).size());
  // Both continue to the end: the worlds stay identical.
  ex->RunToEnd();
  re.RunToEnd();
  const std::string a = Logs(*ex), b = Logs(re);
  CHECK(a.size() > 100000);
  CHECK(a == b);
  CHECK(sim::GroundTruthJson(*ex) == sim::GroundTruthJson(re));
}

TEST_CASE("a save keeps its response plan: the restored exercise plays it again") {
  sim::SaveData save = BaseSave();
  save.plan = sim::PlanSource("expert", "aitm-session-theft");
  const sim::ScenarioSpec spec = sim::SavedScenario(save);
  sim::Exercise ex(spec, save.seed);
  const sim::Plan plan = sim::ParsePlan(engine::ParseJsonText(save.plan.text, save.plan.file), save.plan.file, spec);
  std::vector<std::string> refusals;
  sim::SchedulePlan(ex, plan, &refusals);
  ex.AdvanceTo(test::At(ex, "PT14H"));
  save.clock = save.saved_at_sim = ex.GetWorld().Now();
  auto restored = sim::RestoreExercise(sim::ParseSave(sim::SaveToJson(save), "p.tdsave"), "p.tdsave");
  CHECK(restored->plan_name == plan.name);
  CHECK_FALSE(sim::ActionLog(ex).empty());
  CHECK(sim::ActionLog(restored->exercise->GetWorld().Now() == ex.GetWorld().Now() ? *restored->exercise : ex).size() ==
        sim::ActionLog(ex).size());
  CHECK(Logs(*restored->exercise) == Logs(ex));
  // A clock outside the exercise is refused with its pointer.
  save.clock = 0;
  try {
    sim::RestoreExercise(save, "p.tdsave");
    FAIL("accepted");
  } catch (const engine::LoadError& e) {
    CHECK(e.Place() == "/clock");
  }
}

TEST_CASE("a save keeps the tenant posture: the restored exercise plays under it") {
  sim::SaveData save = BaseSave();
  sim::ScenarioSpec spec = sim::SavedScenario(save);
  const auto names = sim::ShippedPostureNames();
  REQUIRE_FALSE(names.empty());
  sim::ApplyPosture(spec, sim::ResolvePosture(names.front()));
  REQUIRE_FALSE(spec.posture_json.empty());
  sim::Exercise ex(spec, save.seed);
  ex.AdvanceTo(test::At(ex, "PT12H"));
  save.posture_json = spec.posture_json;
  save.clock = save.saved_at_sim = ex.GetWorld().Now();
  auto restored = sim::RestoreExercise(sim::ParseSave(sim::SaveToJson(save), "posture.tdsave"), "posture.tdsave");
  CHECK(restored->exercise->Spec().posture_json == spec.posture_json);
  CHECK(Logs(*restored->exercise) == Logs(ex));
  // A posture that does not load is refused at /posture.
  save.posture_json = R"({"schema":"tenantdrill/posture@1","decisions":{"mfa_strenght":"none"}})";
  try {
    sim::RestoreExercise(sim::ParseSave(sim::SaveToJson(save), "bad.tdsave"), "bad.tdsave");
    FAIL("accepted");
  } catch (const engine::LoadError& e) {
    CHECK(e.Place() == "/posture");
  }
}

TEST_CASE("refused saves: newer version, not a save, truncated, inconsistent journal") {
  sim::SaveData save = BaseSave();
  auto ex = Build(save);
  save.clock = save.saved_at_sim = ex->GetWorld().Now();
  const std::string good = sim::SaveToJson(save);
  auto message = [](const std::string& text) {
    try {
      sim::ParseSave(text, "x.tdsave");
    } catch (const engine::LoadError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  SUBCASE("a newer version") {
    std::string t = good;
    t.replace(t.find("\"version\": 1"), 12, "\"version\": 3");
    CHECK(message(t).find("saved by a newer TenantDrill (version 3); this build reads up to 1") != std::string::npos);
    t = good;
    t.replace(t.find("save@1"), 6, "save@2");
    CHECK(message(t).find("saved by a newer TenantDrill (version 2)") != std::string::npos);
  }
  SUBCASE("every truncation is refused with a place") {
    for (size_t cut = 0; cut < good.size() - 2; cut += std::max<size_t>(1, good.size() / 97)) {
      const std::string m = message(good.substr(0, cut));
      CHECK_MESSAGE(m != "(accepted)", "cut at " << cut);
    }
    CHECK(message(good.substr(0, good.size() / 2)).find("line ") != std::string::npos);
  }
  SUBCASE("fields are checked with JSON pointers") {
    nlohmann::json d = nlohmann::json::parse(good);
    d["journal"] = nlohmann::json::array({{{"at", "2026-03-03T01:00:00.000Z"}, {"command", "action"}, {"action", "revoke_sesions"}}});
    d["ui"]["query_history"] = {1};
    const std::string m = message(d.dump());
    CHECK(m.find("/journal/0/action") != std::string::npos);
    CHECK(m.find("did you mean \"revoke_sessions\"") != std::string::npos);
    CHECK(m.find("/ui/query_history/0") != std::string::npos);
    CHECK(message("[1,2]").find("not a save") != std::string::npos);
  }
  SUBCASE("a journal entry the scenario refuses names its pointer") {
    sim::SaveData bad = save;
    sim::WorldCommand c = InjectCmd(sim::CommandKind::HoldInject, "no-such-inject");
    c.at = ex->GetWorld().Now();
    bad.journal = {c};
    const sim::SaveData parsed = sim::ParseSave(sim::SaveToJson(bad), "bad.tdsave");
    try {
      sim::RestoreExercise(parsed, "bad.tdsave");
      FAIL("accepted");
    } catch (const engine::LoadError& e) {
      CHECK(e.Place() == "/journal/0");
      CHECK(std::string(e.what()).find("no inject \"no-such-inject\"") != std::string::npos);
    }
  }
}

TEST_CASE("atomic save: killed at every step, the file on disk is the complete old or new save and loads") {
  const std::string dir = TempDir("kill");
  const std::string path = dir + "/drill.tdsave";
  sim::SaveData old_save = BaseSave();
  auto ex = Build(old_save);
  old_save.clock = old_save.saved_at_sim = ex->GetWorld().Now();
  old_save.ui.case_notes = "old";
  const std::string old_text = sim::SaveToJson(old_save);
  sim::SaveData new_save = old_save;
  new_save.ui.case_notes = std::string(200000, 'n');  // large enough that a torn write would show
  const std::string new_text = sim::SaveToJson(new_save);
  const auto t0 = std::chrono::steady_clock::now();
  const sim::SaveStep steps[] = {sim::SaveStep::BeforeWrite, sim::SaveStep::MidWrite, sim::SaveStep::AfterWrite,
                                 sim::SaveStep::AfterFsync, sim::SaveStep::AfterRename, sim::SaveStep::Done};
  for (sim::SaveStep kill_at : steps) {
    CAPTURE(static_cast<int>(kill_at));
    sim::WriteSaveFile(path, old_text);
    REQUIRE(ReadAll(path) == old_text);
    // The child writes the new save and is SIGKILLed at the step (no destructors, no flush).
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      try {
        sim::WriteSaveFile(path, new_text, [kill_at](sim::SaveStep s) {
          if (s == kill_at) ::kill(::getpid(), SIGKILL);
        });
      } catch (...) {
      }
      ::_exit(3);  // not reached: every step is a kill point
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    const std::string on_disk = ReadAll(path);
    const bool is_new = on_disk == new_text;
    CHECK((on_disk == old_text || is_new));
    const bool expect_new = kill_at == sim::SaveStep::AfterRename || kill_at == sim::SaveStep::Done;
    CHECK(is_new == expect_new);
    const sim::SaveData back = sim::ReadSaveFile(path);
    CHECK(back.ui.case_notes == (expect_new ? new_save.ui.case_notes : std::string("old")));
    // A leftover partial file does not disturb the next save.
    sim::WriteSaveFile(path, old_text);
    CHECK(ReadAll(path) == old_text);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 10.0);
  // A corrupt or truncated file is refused and never written over the last good save.
  CHECK_THROWS_AS(sim::WriteSaveFile(path, new_text.substr(0, new_text.size() / 2)), engine::LoadError);
  CHECK(ReadAll(path) == old_text);
  {
    std::ofstream(dir + "/torn.tdsave", std::ios::binary) << new_text.substr(0, new_text.size() - 40);
  }
  try {
    sim::ReadSaveFile(dir + "/torn.tdsave");
    FAIL("a torn save loaded");
  } catch (const engine::LoadError& e) {
    CHECK(std::string(e.what()).find("damaged or incomplete") != std::string::npos);
  }
  CHECK_THROWS_AS(sim::ReadSaveFile(dir + "/missing.tdsave"), engine::LoadError);
  std::filesystem::remove_all(dir);
}

}  // namespace td
