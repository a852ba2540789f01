// The desktop program on a real exercise, headless: the shell drawn from LiveSession, driven
// by clicks and keys, with the exercise (sim::Exercise, engine/kql, sim::Respond) behind it.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "live_shell_fixture.h"
#include "sim/response.h"
#include "ui/live_session.h"
#include "ui/panels.h"

namespace td::ui::test {
namespace {

using Log = std::vector<std::string>;

struct LiveFixture : LiveShellFixture {
  explicit LiveFixture(const std::string& scenario = "bec-invoice-fraud", bool start = true) : LiveShellFixture(scenario, start) {}
};

void RunQueryByKeys(LiveFixture& f, const char* text) {
  f.ui.query_text.clear();
  f.harness.Frame();
  const std::string box = kTabs + "/Log explorer/###query";
  REQUIRE(f.harness.Click(box));
  f.harness.Type(text);
  f.harness.PressKey(sf::Keyboard::Enter, /*ctrl=*/true);
  f.harness.Frame(2);
  f.session.WaitForQuery();  // the query runs on a worker thread (ui/query_job.h)
  f.harness.Frame(2);        // the result is filled after one frame and drawn in the next
}

}  // namespace

TEST_CASE("a live exercise fills the shell: no demo chip, the tenant's entities, the clock at the start") {
  LiveFixture f;
  f.harness.Frame(2);
  CHECK(f.state.mode == ShellMode::Play);
  CHECK(f.state.data_source_note.empty());
  CHECK(f.state.clock == f.session.GetExercise()->Start());
  CHECK(f.state.paused);
  REQUIRE(f.FirstOfKind("Users") != nullptr);
  REQUIRE(f.FirstOfKind("Mailboxes") != nullptr);
  CHECK(f.FirstOfKind("Tenant and case") != nullptr);
  CHECK_FALSE(f.FirstOfKind("Users")->actions.empty());
  CHECK(f.state.scenario_title == f.session.GetExercise()->Spec().title);
}

TEST_CASE("typing a query and Ctrl+Enter on a real exercise shows rows") {
  LiveFixture f;
  REQUIRE(f.session.JumpToNextInjectNow());
  RunQueryByKeys(f, "SigninLogs | project TimeGenerated, UserPrincipalName, IPAddress | take 7");
  CHECK(f.TakeLog().back() == "RunQuery \"SigninLogs | project TimeGenerated, UserPrincipalName, IPAddress | take 7\"");
  REQUIRE(f.state.last_result);
  CHECK(f.state.last_result->error.empty());
  CHECK(f.state.last_result->RowCount() == 7);
  CHECK(f.state.last_result->columns == std::vector<std::string>{"TimeGenerated", "UserPrincipalName", "IPAddress"});
  CHECK(f.state.last_result->Cell(0, 1).find('@') != std::string::npos);
  CHECK(f.state.query_history.back().find("take 7") != std::string::npos);
}

TEST_CASE("a broken query shows an error with its line and column") {
  LiveFixture f;
  RunQueryByKeys(f, "SigninLogs\n| where UserPrincipleName == \"x\"");
  REQUIRE(f.state.last_result);
  const QueryResultView& r = *f.state.last_result;
  CHECK_FALSE(r.error.empty());
  CHECK(r.error_line == 2);
  CHECK(r.error_column == 9);
  CHECK(r.error.find("line 2") != std::string::npos);
  CHECK(r.error.find("UserPrincipalName") != std::string::npos);  // the suggestion
  f.harness.Frame(2);  // the caret is drawn under the editor text without tripping asserts
}

TEST_CASE("clicking a result cell adds a where filter for its column and value") {
  LiveFixture f;
  RunQueryByKeys(f, "SigninLogs | project UserPrincipalName, ResultType | take 3");
  REQUIRE(f.state.last_result);
  REQUIRE(f.state.last_result->RowCount() == 3);
  const std::string upn = f.state.last_result->Cell(0, 0);
  // The result table scrolls in a child window of its own; click its first data row, first column.
  ImGuiWindow* table = nullptr;
  for (ImGuiWindow* w : GImGui->Windows)
    if (std::string(w->Name).find("/Result_") != std::string::npos) table = w;
  REQUIRE(table != nullptr);
  const float row_h = ImGui::GetFrameHeight();
  f.harness.MoveMouse(ImVec2(table->InnerRect.Min.x + 20, table->InnerRect.Min.y + row_h * 1.5f));
  f.harness.Frame();
  ImGui::GetIO().MouseDown[0] = true;
  f.harness.Frame();
  ImGui::GetIO().MouseDown[0] = false;
  f.harness.Frame(2);
  const Log log = f.TakeLog();
  REQUIRE_FALSE(log.empty());
  CHECK(log.back() == "AddQueryFilter UserPrincipalName == \"" + upn + "\"");
  CHECK(f.ui.query_text == "SigninLogs | project UserPrincipalName, ResultType | take 3\n| where UserPrincipalName == \"" + upn + "\"");
  // The filtered query runs.
  f.session.Apply(RunQueryCmd{f.ui.query_text});
  f.session.WaitForQuery();
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK(f.state.last_result->error.empty());
  CHECK(f.state.last_result->RowCount() >= 1);
}

TEST_CASE("QueryFilterClause quotes strings, leaves numbers bare and brackets odd names") {
  CHECK(QueryFilterClause("UserPrincipalName", "a@b.example", "string") == "| where UserPrincipalName == \"a@b.example\"");
  CHECK(QueryFilterClause("Count", "12", "long") == "| where Count == 12");
  CHECK(QueryFilterClause("Subject", "say \"hi\"", "string") == "| where Subject == \"say \\\"hi\\\"\"");
  CHECK(QueryFilterClause("TimeGenerated", "2026-03-03T09:00:00Z", "datetime") ==
        "| where TimeGenerated == datetime(2026-03-03T09:00:00Z)");
  CHECK(QueryFilterClause("my col", "x", "string") == "| where ['my col'] == \"x\"");
}

TEST_CASE("a responder action from the entity context menu goes through Respond and appears in the action log") {
  LiveFixture f;
  f.harness.Frame();
  const EntityRow* user = f.FirstOfKind("Users");
  REQUIRE(user != nullptr);
  const std::string id = user->id, display = user->display;
  const std::string row = kLeft + "/EntityList/" + id + "/" + display;
  REQUIRE(f.harness.Click(row, /*button=*/1));
  const std::string menu = ImGuiHarness::PopupName(f.harness.Id(kLeft + "/EntityList/" + id + "/###actions"));
  REQUIRE(ImGuiHarness::WindowShown(menu));
  REQUIRE(f.harness.Click(menu + "/revoke_sessions/Revoke sessions"));
  f.harness.Frame(2);
  REQUIRE(ImGuiHarness::WindowShown(kConfirmDialogName));
  CHECK(sim::ActionLog(*f.session.GetExercise()).empty());  // nothing before Confirm
  REQUIRE(f.harness.Click(std::string(kConfirmDialogName) + "/###confirm"));
  const Log log = f.TakeLog();
  CHECK(std::find(log.begin(), log.end(), "RunResponderAction revoke_sessions " + id) != log.end());
  const auto& actions = sim::ActionLog(*f.session.GetExercise());
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].request.kind == sim::ActionKind::RevokeSessions);
  CHECK(actions[0].request.target == id.substr(5));
  REQUIRE(f.state.actions.size() == 1);
  CHECK(f.state.actions[0].text.find("Revoke sessions") == 0);
  CHECK(f.state.actions[0].pending);
  // The action takes simulated time: run the clock and it completes.
  f.session.SetRunning(true, 3600);
  f.harness.Frame(10);
  REQUIRE(f.state.actions.size() == 1);
  CHECK_FALSE(f.state.actions[0].pending);
  CHECK(f.state.actions[0].ok);
  CHECK(sim::ActionLog(*f.session.GetExercise())[0].ok);
}

TEST_CASE("a refused action is shown in the action log with the reason") {
  LiveFixture f;
  f.session.Apply(RunResponderActionCmd{"revoke_sessions", "user:nobody@nowhere.example"});
  f.session.Fill(f.state, f.ui.selected_entity);
  REQUIRE(f.state.actions.size() == 1);
  CHECK_FALSE(f.state.actions[0].ok);
  CHECK(f.state.actions[0].text.find("no user") != std::string::npos);
  CHECK(sim::ActionLog(*f.session.GetExercise()).empty());
}

TEST_CASE("the clock advances the exercise: Play, speeds and Next inject") {
  LiveFixture f;
  f.harness.Frame();
  const std::int64_t start = f.state.clock;
  REQUIRE(f.harness.Click(kTopBar + "/###speed_600x"));
  REQUIRE(f.harness.Click(kTopBar + "/###pause_play"));
  CHECK(f.TakeLog() == Log{"SetSpeed 600", "Resume"});
  f.harness.Frame(30);  // half a second of frames at 600x: about five simulated minutes
  CHECK_FALSE(f.state.paused);
  CHECK(f.state.clock > start + 4 * 60'000);
  CHECK(f.state.clock == f.session.GetExercise()->GetWorld().Now());
  REQUIRE(f.harness.Click(kTopBar + "/###pause_play"));
  const std::int64_t paused_at = f.state.clock;
  f.harness.Frame(10);
  CHECK(f.state.clock == paused_at);

  const size_t injects = f.state.injects.size();
  REQUIRE(f.state.has_next_inject);
  REQUIRE(f.harness.Click(kTopBar + "/###next_inject"));
  for (int i = 0; i < 200 && f.state.injects.size() == injects; ++i) f.harness.Frame();
  CHECK(f.state.injects.size() == injects + 1);
  CHECK(f.state.paused);  // stops at the inject
  CHECK(f.state.clock >= f.state.injects.back().time);
  CHECK(f.state.timeline.back().kind == EventKind::Inject);
}

TEST_CASE("the attacker's time line reaches only the facilitator console") {
  LiveFixture f("aitm-session-theft");
  f.session.JumpToNextInjectNow();
  f.harness.Frame(2);
  CHECK_FALSE(f.state.attack_timeline.empty());
  for (const TimelineRow& r : f.state.timeline) CHECK(r.kind != EventKind::Attacker);
  CHECK_FALSE(f.state.channels.empty());
  f.harness.PressKey(sf::Keyboard::F10);
  CHECK(f.ui.facilitator_mode);
  CHECK(f.ui.projector_mode);
  f.harness.Frame(2);
  CHECK(f.harness.WindowOf(std::string(kShellWindowName) + "/Facilitator/x") != nullptr);
}

TEST_CASE("selecting an entity shows its details from the tenant") {
  LiveFixture f;
  const EntityRow* user = f.FirstOfKind("Users");
  REQUIRE(user != nullptr);
  const std::string id = user->id, display = user->display;
  f.harness.Frame(2);
  REQUIRE(f.harness.Click(kLeft + "/EntityList/" + id + "/" + display));
  f.harness.Frame(2);
  REQUIRE(f.state.selected_detail);
  CHECK(f.state.selected_detail->id == id);
  bool has_sessions = false, has_signins = false;
  for (const FactRow& r : f.state.selected_detail->facts) {
    has_sessions |= r.label == "Sessions";
    has_signins |= r.label == "Sign-ins (kept)";
  }
  CHECK(has_sessions);
  CHECK(has_signins);
}

TEST_CASE("the start screen lists the shipped scenarios, shows the tenant's licences, and starts") {
  LiveFixture f("aitm-session-theft", /*start=*/false);
  f.harness.Frame(2);
  CHECK(f.state.mode == ShellMode::Start);
  REQUIRE(f.state.scenarios.size() == 4);
  REQUIRE(f.state.chosen_scenario >= 0);
  const ScenarioCard& card = f.state.scenarios[static_cast<size_t>(f.state.chosen_scenario)];
  CHECK(card.name == "aitm-session-theft");
  CHECK_FALSE(card.briefing.empty());
  CHECK_FALSE(card.tenant.empty());
  bool signin_retention = false;
  for (const FactRow& r : card.retention) signin_retention |= r.label == "SigninLogs" && r.value == "30 days";
  CHECK(signin_retention);
  REQUIRE(f.harness.Click(std::string(kShellWindowName) + "/Start/ScenarioCard/###start"));
  for (int i = 0; i < 300 && f.state.mode != ShellMode::Play; ++i) f.harness.Frame();
  CHECK(f.state.mode == ShellMode::Play);
  CHECK(f.state.clock == f.session.GetExercise()->Start());
}

TEST_CASE("a scenario file that does not load is reported on the start screen, not a crash") {
  const std::string bad = (std::filesystem::temp_directory_path() / "td_bad_scenario.json").string();
  std::ofstream(bad) << "{\n  \"schema\": \"tenantdrill/scenario@1\",,\n}";
  LiveFixture f(bad, /*start=*/false);
  f.harness.Frame(2);
  CHECK(f.state.mode == ShellMode::Start);
  CHECK(f.state.start_error.find(bad) != std::string::npos);
  REQUIRE(f.state.scenarios.size() == 5);
  CHECK_FALSE(f.state.scenarios[0].error.empty());
  CHECK(f.state.chosen_scenario >= 1);  // the default shipped scenario instead
}

TEST_CASE("the result exports as CSV through a temporary file") {
  LiveFixture f;
  f.session.RunQueryNow("SigninLogs | project UserPrincipalName | take 4");
  const auto path = std::filesystem::temp_directory_path() / "td_export_test.csv";
  std::filesystem::remove(path);
  f.session.Apply(ExportResultCmd{path.string()});
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK(f.state.notice.find("Exported 4 rows") == 0);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str().rfind("UserPrincipalName", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  f.session.Apply(ExportResultCmd{"/nonexistent-dir/x.csv"});
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK(f.state.notice.find("cannot write") == 0);
}

}  // namespace td::ui::test

namespace td::ui::test {

TEST_CASE("acting on a result cell: an IP becomes an entity with its actions, and the action runs") {
  LiveFixture f("aitm-session-theft");
  f.session.JumpToNextInjectNow();
  f.session.RunQueryNow("SigninLogs | project IPAddress | take 1");
  f.session.Fill(f.state, f.ui.selected_entity);
  REQUIRE(f.state.last_result);
  REQUIRE(f.state.last_result->RowCount() == 1);
  const std::string ip = f.state.last_result->Cell(0, 0);
  bool rule_for_ip = false;
  for (const CellActionRule& r : f.state.cell_actions)
    rule_for_ip |= r.target_prefix == "ip:" && std::find(r.columns.begin(), r.columns.end(), "IPAddress") != r.columns.end();
  CHECK(rule_for_ip);
  // What the cell menu sends, then what the dialog's Confirm sends (as app.cpp routes them).
  const UiCommand request = RequestConfirmCmd{"block_ip_ca", "ip:" + ip};
  f.session.Apply(request);
  ApplyViewCommand(f.ui, request);
  f.session.Fill(f.state, f.ui.selected_entity);
  f.harness.Frame(2);
  REQUIRE(ImGuiHarness::WindowShown(kConfirmDialogName));
  bool listed = false;
  for (const EntityRow& e : f.state.entities) listed |= e.id == "ip:" + ip && !e.actions.empty();
  CHECK(listed);
  REQUIRE(f.harness.Click(std::string(kConfirmDialogName) + "/###confirm"));
  const auto& actions = sim::ActionLog(*f.session.GetExercise());
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].request.kind == sim::ActionKind::BlockIpWithCa);
  CHECK(actions[0].request.target == ip);
}

}  // namespace td::ui::test
