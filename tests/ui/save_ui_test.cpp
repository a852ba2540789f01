// Saves and facilitator inject control in the desktop program, headless: the facilitator's Hold /
// Release now / Edit buttons emit commands that the world journals; Ctrl+S writes a save; the
// start screen's Resume lists it and loads it into an identical world with the case notes back; a
// refused file shows a banner and never replaces the last good save; autosave runs on the clock.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/byte_sink.h"
#include "engine/json_load.h"
#include "live_shell_fixture.h"
#include "sim/assets.h"
#include "sim/export.h"
#include "sim/save.h"
#include "ui/live_session.h"
#include "ui/save_panels.h"

namespace td::ui::test {
namespace {

namespace fs = std::filesystem;

struct TempFolder {
  explicit TempFolder(const std::string& name)
      : path((fs::temp_directory_path() / ("td-save-ui-" + name + "-" + std::to_string(::getpid()))).string()) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() { fs::remove_all(path); }
  std::string path;
};

// The AiTM scenario on the 50-user template with one day of history (fast), as a file.
std::string SmallScenario(const std::string& folder) {
  nlohmann::json d = nlohmann::json::parse(sim::EmbeddedAsset("scenarios/aitm-session-theft.json"));
  d["tenant"] = {{"template", "small-business-50"}};
  d["baseline"] = "P1D";
  const std::string path = folder + "/aitm-small.json";
  std::ofstream(path) << d.dump(2);
  return path;
}

// The shell over a LiveSession, applying commands as ui/app.cpp does after every frame.
struct SaveFixture : LiveShellFixture {
  SaveFixture(const std::string& scenario, const std::string& save_folder, bool start)
      : LiveShellFixture(scenario, start, [&](LiveSession& s) {
          s.SetSaveFolder(save_folder);
          s.SetAutosaveMinutes(0);
        }, ImVec2(1600, 2400)) {
    tick_seconds = 0;
  }
};

const std::string kFac = std::string(kShellWindowName) + "/Facilitator/FacControls";

std::string Logs(const sim::Exercise& ex) {
  engine::ByteSink sink(nullptr, size_t(1) << 40);
  sim::ExportToSinks(ex.GetWorld(), sink);
  return sink.Buffer();
}

void OpenConsole(SaveFixture& f) {
  f.harness.Frame();
  f.harness.PressKey(sf::Keyboard::F10);
  f.harness.Frame(2);
  REQUIRE(f.ui.facilitator_mode);
}

}  // namespace

TEST_CASE("inject control in the facilitator console: Hold, Edit, Release now go through the journal") {
  TempFolder dir("inject");
  SaveFixture f(SmallScenario(dir.path), dir.path, true);
  OpenConsole(f);
  REQUIRE(f.state.inject_control.size() == 2);
  CHECK(f.state.inject_control[0].id == "user-report");
  REQUIRE(f.harness.Click(kFac + "/user-report/###hold"));
  f.harness.Frame();
  CHECK(f.Logged("HoldInject user-report"));
  CHECK(f.state.inject_control[0].held);
  CHECK(f.Ex().InjectControl()[0].held);
  REQUIRE(f.harness.Click(kFac + "/user-report/###edit"));
  f.harness.Frame();
  CHECK(f.ui.inject_edit_id == "user-report");
  f.ui.inject_edit_subject = "Service desk: odd MFA prompt (edited)";
  REQUIRE(f.harness.Click(kFac + "/user-report/edit/###save"));
  f.harness.Frame();
  CHECK(f.Logged("EditInject user-report \"Service desk: odd MFA prompt (edited)\""));
  CHECK(f.state.inject_control[0].edited);
  REQUIRE(f.harness.Click(kFac + "/user-report/###release"));
  f.harness.Frame();
  CHECK(f.Logged("ReleaseInject user-report"));
  REQUIRE_FALSE(f.Ex().Injects().empty());
  CHECK(f.Ex().Injects().back().subject == "Service desk: odd MFA prompt (edited)");
  CHECK(f.Ex().Injects().back().time == f.Ex().GetWorld().Now());
  // The feed shows it; the journal holds the three commands in order.
  REQUIRE_FALSE(f.state.injects.empty());
  const auto& j = f.session.GetJournal().Entries();
  REQUIRE(j.size() == 3);
  CHECK(j[0].kind == sim::CommandKind::HoldInject);
  CHECK(j[1].kind == sim::CommandKind::EditInject);
  CHECK(j[2].kind == sim::CommandKind::ReleaseInject);
  // An inject already released is refused with a sentence, and nothing is journaled.
  f.session.Apply(HoldInjectCmd{"user-report"});
  CHECK(f.session.GetJournal().Entries().size() == 3);
}

TEST_CASE("Ctrl+S saves; Resume on the start screen loads an identical world with the case notes") {
  TempFolder dir("roundtrip");
  const std::string scenario = SmallScenario(dir.path);
  std::string saved_logs;
  engine::SimTime saved_clock = 0;
  {
    SaveFixture f(scenario, dir.path, true);
    f.session.Apply(HoldInjectCmd{"user-report"});
    f.session.SetRunning(true, 3600);
    for (int i = 0; i < 3; ++i) f.session.Tick(1.0, 1e9);  // three simulated hours pass
    f.session.SetRunning(false, 60);
    f.session.Apply(RunResponderActionCmd{"use_hint", "tenant:"});
    f.session.Apply(RunResponderActionCmd{"declare_incident", "tenant:"});
    f.session.Apply(RunQueryCmd{"SigninLogs | take 3"});
    f.session.WaitForQuery();
    f.ui.case_notes = "Amy clicked the lure at 08:40.";
    f.harness.Frame(2);
    CHECK(f.state.case_notes_kept == "Amy clicked the lure at 08:40.");  // handed to the world for autosaves
    f.harness.PressKey(sf::Keyboard::S, /*ctrl=*/true);
    f.harness.Frame();
    CHECK(f.Logged("SaveExercise (current)"));
    REQUIRE_FALSE(f.state.save_path.empty());
    CHECK(f.state.save_banner.empty());
    CHECK(fs::exists(f.state.save_path));
    CHECK(f.session.GetJournal().Entries().size() == 3);
    saved_clock = f.Ex().GetWorld().Now();
    saved_logs = Logs(f.Ex());
  }
  SaveFixture g(scenario, dir.path, false);
  g.harness.Frame(2);
  REQUIRE(g.state.saves.size() == 2);  // the save, and the autosave written on exit (newest first)
  CHECK(g.state.saves[0].autosave);
  CHECK(g.state.saves[0].ok);
  CHECK(g.state.saves[1].ok);
  REQUIRE(g.harness.Click(std::string(kShellWindowName) + "/Start/ScenarioList/save0/###resume"));
  g.harness.Frame(2);
  CHECK(g.log.size() >= 1);
  REQUIRE(g.state.mode == ShellMode::Play);
  CHECK(g.Ex().GetWorld().Now() == saved_clock);
  CHECK(g.session.GetJournal().Entries().size() == 3);
  CHECK(g.Ex().InjectControl()[0].held);
  CHECK(g.ui.case_notes == "Amy clicked the lure at 08:40.");
  CHECK(g.state.query_history == std::vector<std::string>{"SigninLogs | take 3"});
  CHECK(Logs(g.Ex()) == saved_logs);
}

TEST_CASE("a refused save shows a banner, stays listed as refused, and the last good save survives") {
  TempFolder dir("refused");
  const std::string scenario = SmallScenario(dir.path);
  std::string good;
  {
    SaveFixture f(scenario, dir.path, true);
    REQUIRE(f.session.SaveNow(dir.path + "/good.tdsave"));
    good = dir.path + "/good.tdsave";
  }
  const std::string good_text = [&] { std::ifstream in(good); return std::string(std::istreambuf_iterator<char>(in), {}); }();
  std::ofstream(dir.path + "/torn.tdsave") << good_text.substr(0, good_text.size() / 3);
  std::string newer = good_text;
  newer.replace(newer.find("\"version\": 1"), 12, "\"version\": 4");
  std::ofstream(dir.path + "/newer.tdsave") << newer;
  SaveFixture g(scenario, dir.path, false);
  g.harness.Frame(2);
  REQUIRE(g.state.saves.size() == 4);  // good, its exit autosave, torn, newer
  size_t refused = 0;
  for (const SaveFileRow& r : g.state.saves) refused += !r.ok;
  CHECK(refused == 2);
  g.session.Apply(LoadSaveCmd{dir.path + "/newer.tdsave"});
  g.harness.Frame(2);
  CHECK(g.state.mode == ShellMode::Start);
  CHECK(g.state.save_banner.find("saved by a newer TenantDrill (version 4); this build reads up to 1") != std::string::npos);
  CHECK(ImGuiHarness::WindowShown(kSaveBannerName));
  REQUIRE(g.harness.Click(std::string(kSaveBannerName) + "/###dismiss"));
  g.harness.Frame(2);
  CHECK(g.state.save_banner.empty());
  g.session.Apply(LoadSaveCmd{dir.path + "/torn.tdsave"});
  g.harness.Frame();
  CHECK(g.state.save_banner.find("damaged or incomplete") != std::string::npos);
  std::ifstream in(good);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == good_text);
  g.session.Apply(LoadSaveCmd{good});
  g.harness.Frame();
  CHECK(g.state.mode == ShellMode::Play);
  CHECK(g.state.save_banner.empty());
}

TEST_CASE("autosave every N simulated minutes and on exit, into the save folder") {
  TempFolder dir("autosave");
  const std::string scenario = SmallScenario(dir.path);
  const std::string autosave = dir.path + "/autosave-aitm-small.tdsave";
  engine::SimTime at_exit = 0;
  {
    LiveSession s(scenario);
    s.SetSaveFolder(dir.path);
    s.SetAutosaveMinutes(10);
    REQUIRE(s.StartNow());
    CHECK_FALSE(fs::exists(autosave));
    s.SetRunning(true, 600);             // ten simulated minutes per second
    s.Tick(1.2, 1e9);
    REQUIRE(fs::exists(autosave));
    const sim::SaveData first = sim::ReadSaveFile(autosave);
    CHECK(first.clock >= s.GetExercise()->Start() + 10 * engine::kMinute);
    s.Tick(0.5, 1e9);                    // five more minutes: not yet the next autosave
    CHECK(sim::ReadSaveFile(autosave).clock == first.clock);
    s.Apply(RunResponderActionCmd{"declare_incident", "tenant:"});
    at_exit = s.GetExercise()->GetWorld().Now();
  }
  const sim::SaveData last = sim::ReadSaveFile(autosave);  // written by the destructor
  CHECK(last.clock == at_exit);
  CHECK(last.journal.size() == 1);
}

}  // namespace td::ui::test
