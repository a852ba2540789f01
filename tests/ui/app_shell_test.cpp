// The app shell driven headless: clicks and keys must emit the right commands.
#include <doctest/doctest.h>

#include "shell_fixture.h"
#include "demo_state.h"
#include "ui/panels.h"

namespace td::ui::test {
namespace {

using Log = std::vector<std::string>;

ShellState SampleState() {
  ShellState s;
  s.scenario_title = "Test scenario";
  s.clock = 1'772'530'930'000;  // 2026-03-03T09:42:10Z
  s.paused = true;
  s.speed = 1;
  s.has_next_inject = true;
  s.entities = {{"user:adele", "Users", "Adele Vance", {}}, {"user:megan", "Users", "Megan Bowen", {}},
                {"app:docusign", "Apps", "DocuSign Sync", {}}};
  return s;
}

}  // namespace

TEST_CASE("the shell draws every panel without tripping ImGui's asserts") {
  ShellFixture f;
  f.state = MakeDemoState();
  f.harness.Frame(3);
  for (int tab = 0; tab < static_cast<int>(kCentreTabs.size()); ++tab) {
    f.ui.active_tab = tab;
    f.ui.tab_change_requested = true;
    f.harness.Frame(3);
  }
  CHECK(f.TakeLog().empty());  // drawing alone emits nothing
  CHECK(f.harness.Id(kTopBar + "/###pause_play") != 0);
}

TEST_CASE("clicking Play while paused emits Resume; Pause while running emits Pause") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTopBar + "/###pause_play"));
  CHECK(f.TakeLog() == Log{"Resume"});
  f.state.paused = false;
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTopBar + "/###pause_play"));
  CHECK(f.TakeLog() == Log{"Pause"});
}

TEST_CASE("speed buttons emit SetSpeed with their factor, the current speed emits nothing") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTopBar + "/###speed_60x"));
  CHECK(f.TakeLog() == Log{"SetSpeed 60"});
  REQUIRE(f.harness.Click(kTopBar + "/###speed_600x"));
  CHECK(f.TakeLog() == Log{"SetSpeed 600"});
  REQUIRE(f.harness.Click(kTopBar + "/###speed_1x"));  // already 1x
  CHECK(f.TakeLog().empty());
}

TEST_CASE("Next inject emits JumpToNextInject, and is disabled when none is scheduled") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTopBar + "/###next_inject"));
  CHECK(f.TakeLog() == Log{"JumpToNextInject"});
  f.state.has_next_inject = false;
  f.harness.Frame();
  f.harness.Click(kTopBar + "/###next_inject");  // lands on the disabled button: nothing happens
  CHECK(f.TakeLog().empty());
}

TEST_CASE("clicking a centre tab emits SelectTab and switches the tab") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTabs + "/Time line"));
  f.harness.Frame(2);
  CHECK(f.TakeLog() == Log{"SelectTab 1"});
  CHECK(f.ui.active_tab == kTabTimeline);
  REQUIRE(f.harness.Click(kTabs + "/Case notes"));
  f.harness.Frame(2);
  CHECK(f.TakeLog() == Log{"SelectTab 2"});
  CHECK(f.ui.active_tab == kTabCaseNotes);
  // The Log explorer's query box is gone from this tab.
  ImRect r;
  CHECK_FALSE(f.harness.ItemRect(kTabs + "/Log explorer/###query", &r));
}

TEST_CASE("typing a query and pressing Ctrl+Enter emits RunQuery with the typed text") {
  ShellFixture f;
  f.state = SampleState();
  f.ui.query_text.clear();
  f.harness.Frame();
  const std::string box = kTabs + "/Log explorer/###query";
  REQUIRE(f.harness.Click(box));
  CHECK(GImGui->ActiveId == f.harness.Id(box));
  f.harness.Type("SigninLogs | where ResultType != 0");
  CHECK(f.ui.query_text == "SigninLogs | where ResultType != 0");
  CHECK(f.TakeLog().empty());  // typing alone runs nothing
  f.harness.PressKey(sf::Keyboard::Enter, /*ctrl=*/true);
  CHECK(f.TakeLog() == Log{"RunQuery \"SigninLogs | where ResultType != 0\""});
  // The editor takes the focus back (a frame to ask, a frame to activate); then plain Enter
  // inserts a newline and runs nothing.
  f.harness.Frame();
  CHECK(GImGui->ActiveId == f.harness.Id(box));
  f.harness.PressKey(sf::Keyboard::Enter);
  f.harness.Type("| take 5");
  CHECK(f.TakeLog().empty());
  CHECK(f.ui.query_text == "SigninLogs | where ResultType != 0\n| take 5");
}

TEST_CASE("the Run button emits RunQuery with the editor text") {
  ShellFixture f;
  f.state = SampleState();
  f.ui.query_text = "AuditLogs | take 10";
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTabs + "/Log explorer/###run_query"));
  CHECK(f.TakeLog() == Log{"RunQuery \"AuditLogs | take 10\""});
}

TEST_CASE("Space toggles the clock, but not while typing into a text field") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  f.harness.PressKey(sf::Keyboard::Space);
  CHECK(f.TakeLog() == Log{"Resume"});
  f.state.paused = false;
  f.harness.PressKey(sf::Keyboard::Space);
  CHECK(f.TakeLog() == Log{"Pause"});

  REQUIRE(f.harness.Click(kLeft + "/###entity_search"));
  f.harness.PressKey(sf::Keyboard::Space);
  f.harness.Type(" ");
  CHECK(f.TakeLog().empty());
}

TEST_CASE("F11 opens the projector window, Shift+F11 and the Projector button toggle projector type; Ctrl+number picks a tab") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  f.harness.PressKey(sf::Keyboard::F11);
  CHECK(f.TakeLog() == Log{"ToggleProjectorWindow"});
  CHECK(f.ui.projector_window);
  CHECK_FALSE(f.ui.projector_mode);
  ImGui::GetIO().KeyShift = true;
  f.harness.PressKey(sf::Keyboard::F11);
  ImGui::GetIO().KeyShift = false;
  CHECK(f.TakeLog() == Log{"ToggleProjectorMode"});
  CHECK(f.ui.projector_mode);
  CHECK(f.ui.projector_window);
  REQUIRE(f.harness.Click(kTopBar + "/###projector"));
  CHECK(f.TakeLog() == Log{"ToggleProjectorMode"});
  CHECK_FALSE(f.ui.projector_mode);
  f.harness.PressKey(sf::Keyboard::Num4, /*ctrl=*/true);
  f.harness.Frame(2);
  CHECK(f.TakeLog() == Log{"SelectTab 3"});
  CHECK(f.ui.active_tab == kTabDebrief);
}

TEST_CASE("the entity search filters the list and clicking an entity emits SelectEntity") {
  ShellFixture f;
  f.state = SampleState();
  f.harness.Frame();
  REQUIRE(f.harness.Click(kLeft + "/###entity_search"));
  f.harness.Type("megan");
  CHECK(f.ui.entity_search == "megan");
  const std::string list = kLeft + "/EntityList";
  ImRect r;
  CHECK_FALSE(f.harness.ItemRect(list + "/user:adele/Adele Vance", &r));  // filtered out
  REQUIRE(f.harness.Click(list + "/user:megan/Megan Bowen"));
  CHECK(f.TakeLog() == Log{"SelectEntity user:megan"});
  CHECK(f.ui.selected_entity == "user:megan");
}

TEST_CASE("in a narrow window the top bar wraps to two rows and its controls still work") {
  ShellFixture f(ImVec2(1024, 640));
  f.state = MakeDemoState();
  f.harness.Frame(2);
  ImRect title, play;
  REQUIRE(f.harness.ItemRect(kTopBar + "/###projector", &title));
  REQUIRE(f.harness.ItemRect(kTopBar + "/###pause_play", &play));
  CHECK(play.Min.y > title.Max.y);  // the clock controls moved to the second row
  CHECK(play.Max.x <= 1024.0f);
  REQUIRE(f.harness.Click(kTopBar + "/###speed_600x"));
  CHECK(f.TakeLog() == Log{"SetSpeed 600"});
}

TEST_CASE("the columns fill the window without running past its bottom or right edge") {
  for (ImVec2 size : {ImVec2(1600, 900), ImVec2(1100, 700), ImVec2(800, 600)}) {
    ShellFixture f(size);
    f.state = MakeDemoState();
    f.harness.Frame(2);
    for (const char* child : {"Left", "Centre", "Injects", "Actions"}) {
      const ImGuiWindow* w = f.harness.WindowOf(std::string(kShellWindowName) + "/" + child + "/x");
      REQUIRE(w != nullptr);
      const std::string name = child;
      CAPTURE(name);
      CAPTURE(size.x);
      CHECK(w->Pos.y + w->Size.y <= size.y - 4.0f);  // a visible margin, borders not cut
      CHECK(w->Pos.x + w->Size.x <= size.x - 4.0f);
      if (name != "Injects") CHECK(w->Pos.y + w->Size.y >= size.y - 12.0f);  // reach (almost) the bottom
    }
  }
}

TEST_CASE("at 1600 px the top bar is one row") {
  ShellFixture f;
  f.state = MakeDemoState();
  f.harness.Frame(2);
  ImRect projector, play;
  REQUIRE(f.harness.ItemRect(kTopBar + "/###projector", &projector));
  REQUIRE(f.harness.ItemRect(kTopBar + "/###pause_play", &play));
  CHECK(play.Min.y == doctest::Approx(projector.Min.y));
  CHECK(projector.Max.x <= 1600.0f);
}

TEST_CASE("a drill-sized entity list submits only visible rows and still finds any entity") {
  ShellFixture f;
  f.state = SampleState();
  f.state.entities.clear();
  for (int i = 0; i < 10000; ++i) {
    const std::string n = std::to_string(i);
    f.state.entities.push_back({"user:" + n, "Users", "User " + n, {}});
  }
  f.harness.Frame(2);
  const std::string list = kLeft + "/EntityList";
  ImRect r;
  CHECK(f.harness.ItemRect(list + "/user:0/User 0", &r));
  CHECK_FALSE(f.harness.ItemRect(list + "/user:9999/User 9999", &r));  // clipped: not submitted
  REQUIRE(f.harness.Click(kLeft + "/###entity_search"));
  f.harness.Type("user 9999");
  REQUIRE(f.harness.Click(list + "/user:9999/User 9999"));
  CHECK(f.TakeLog() == Log{"SelectEntity user:9999"});
}

namespace {

ShellState StateWithOffers() {
  ShellState s = SampleState();
  s.entities[1].actions = {
      {"revoke_sessions", "Revoke sessions", "All refresh tokens of Megan", "POST /users/megan/revokeSignInSessions",
       "Revoke-MgUserSignInSession -UserId megan", true, {}},
      {"hold", "Litigation hold", "Mailbox on hold", "", "Set-Mailbox megan -LitigationHoldEnabled $true", false,
       "Needs an E3 licence"},
  };
  return s;
}

// Right-clicks Megan and picks `label` from her context menu.
void PickFromMenu(ShellFixture& f, const std::string& label) {
  const std::string row = kLeft + "/EntityList/user:megan/Megan Bowen";
  REQUIRE(f.harness.Click(row, /*button=*/1));
  const std::string menu = ImGuiHarness::PopupName(f.harness.Id(kLeft + "/EntityList/user:megan/###actions"));
  REQUIRE(ImGuiHarness::WindowShown(menu));
  const std::string id = label == "Revoke sessions" ? "revoke_sessions" : "hold";
  REQUIRE(f.harness.Click(menu + "/" + id + "/" + label));
}

}  // namespace

TEST_CASE("a responder action runs only after the confirmation dialog's Confirm") {
  ShellFixture f;
  f.state = StateWithOffers();
  f.harness.Frame();
  PickFromMenu(f, "Revoke sessions");
  CHECK(f.TakeLog() == Log{"RequestConfirm revoke_sessions user:megan"});
  CHECK(f.ui.confirm_action == "revoke_sessions");
  f.harness.Frame(2);
  REQUIRE(ImGuiHarness::WindowShown(kConfirmDialogName));
  // The dialog owns the keyboard: Space does not touch the clock.
  f.harness.PressKey(sf::Keyboard::Space);
  CHECK(f.TakeLog().empty());
  // The Graph equivalent can be copied for a real console (ImGui's own clipboard in tests).
  const std::string dialog = kConfirmDialogName;
  REQUIRE(f.harness.Click(dialog + "/Details/Graph/###copy"));
  CHECK(std::string(ImGui::GetClipboardText()) == "POST /users/megan/revokeSignInSessions");
  CHECK(f.TakeLog().empty());
  REQUIRE(f.harness.Click(dialog + "/###confirm"));
  CHECK(f.TakeLog() == Log{"RunResponderAction revoke_sessions user:megan"});
  CHECK(f.ui.confirm_action.empty());
  f.harness.Frame(2);
  CHECK_FALSE(ImGuiHarness::WindowShown(kConfirmDialogName));
}

TEST_CASE("Cancel and Escape close the confirmation without acting") {
  ShellFixture f;
  f.state = StateWithOffers();
  f.harness.Frame();
  PickFromMenu(f, "Revoke sessions");
  f.harness.Frame(2);
  REQUIRE(f.harness.Click(std::string(kConfirmDialogName) + "/###cancel"));
  CHECK(f.TakeLog() == Log{"RequestConfirm revoke_sessions user:megan", "CloseConfirm"});
  f.harness.Frame(2);
  CHECK_FALSE(ImGuiHarness::WindowShown(kConfirmDialogName));

  f.ui.confirm_entity = "user:megan";
  f.ui.confirm_action = "revoke_sessions";
  f.harness.Frame(2);
  REQUIRE(ImGuiHarness::WindowShown(kConfirmDialogName));
  f.harness.PressKey(sf::Keyboard::Escape);
  CHECK(f.TakeLog() == Log{"CloseConfirm"});
  CHECK(f.ui.confirm_action.empty());
}

TEST_CASE("disabled offers cannot be picked, and a withdrawn offer closes the dialog") {
  ShellFixture f;
  f.state = StateWithOffers();
  f.harness.Frame();
  const std::string row = kLeft + "/EntityList/user:megan/Megan Bowen";
  REQUIRE(f.harness.Click(row, 1));
  const std::string menu = ImGuiHarness::PopupName(f.harness.Id(kLeft + "/EntityList/user:megan/###actions"));
  f.harness.Click(menu + "/hold/Litigation hold");  // a disabled offer: nothing happens
  CHECK(f.TakeLog().empty());

  f.ui.confirm_entity = "user:megan";
  f.ui.confirm_action = "revoke_sessions";
  f.harness.Frame(2);
  f.state.entities[1].actions.clear();  // the world no longer offers it
  f.harness.Frame(2);
  CHECK(f.TakeLog() == Log{"CloseConfirm"});
  CHECK(f.ui.confirm_action.empty());
}

TEST_CASE("a million-row result is formatted only for the rows on screen") {
  ShellFixture f;
  f.state = SampleState();
  size_t calls = 0;
  QueryResultView r;
  r.columns = {"TimeGenerated", "UserPrincipalName"};
  r.row_count = 1'000'000;
  r.cell = [&calls](size_t row, size_t col) {
    ++calls;
    return "r" + std::to_string(row) + "c" + std::to_string(col);
  };
  f.state.last_result = r;
  f.harness.Frame(3);
  CHECK(calls > 0);
  CHECK(calls < 3 * 2 * 100);  // three frames, two columns, well under a hundred visible rows
  CHECK(f.state.last_result->Cell(999'999, 1) == "r999999c1");
}

TEST_CASE("EntityMatches is case-insensitive over display, kind and id") {
  const EntityRow row{"app:docusign", "Apps", "DocuSign Sync", {}};
  CHECK(EntityMatches(row, ""));
  CHECK(EntityMatches(row, "docusign"));
  CHECK(EntityMatches(row, "APPS"));
  CHECK(EntityMatches(row, "app:doc"));
  CHECK_FALSE(EntityMatches(row, "megan"));
}

TEST_CASE("ApplyViewCommand changes only view state and ignores out-of-range tabs") {
  UiState ui;
  ui.tab_change_requested = false;
  CHECK_FALSE(ApplyViewCommand(ui, SelectTabCmd{99}));
  CHECK_FALSE(ApplyViewCommand(ui, PauseCmd{}));
  CHECK(ApplyViewCommand(ui, SelectTabCmd{2}));
  CHECK(ui.active_tab == 2);
  CHECK(ui.tab_change_requested);
  CHECK(IsWorldCommand(RunQueryCmd{"x"}));
  CHECK_FALSE(IsWorldCommand(SelectTabCmd{1}));
}

TEST_CASE("clock and speed formatting") {
  CHECK(FormatClock(1'772'530'930'000) == "Tue 2026-03-03 09:42:10 UTC");
  CHECK(FormatClock(0) == "Thu 1970-01-01 00:00:00 UTC");
  CHECK(FormatTimeOfDay(1'772'530'930'999) == "09:42:10");
  CHECK(FormatSpeed(60) == "60x");
  CHECK(FormatSpeed(0.5) == "0.5x");
}

}  // namespace td::ui::test
