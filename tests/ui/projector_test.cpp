// The projector view (ui/projector_panel.h) drawn in the headless harness, the Help overlay and
// shortcut table (ui/shortcuts.h), and two ImGui contexts fed by two input adapters (the main
// window and the projector window each have their own).
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "demo_state.h"
#include "imgui_harness.h"
#include "shell_fixture.h"
#include "ui/app_options.h"
#include "ui/platform/sfml_imgui_input.h"
#include "ui/projector_panel.h"
#include "ui/shortcuts.h"

namespace td::ui::test {
namespace {

// True if the table `name` inside the projector window was drawn in the last frame.
bool TableDrawn(const ImGuiHarness& h, const std::string& name) {
  const ImGuiID id = h.Id(std::string(kProjectorWindowName) + "/" + name);
  const ImGuiTable* t = ImGui::TableFindByID(id);
  return t && t->LastFrameActive == ImGui::GetFrameCount();
}

// All the text the projector window drew in the last frame is not kept by ImGui; what it can
// tell is which windows and tables were drawn. The injects child exists only with the time line.
bool ChildDrawn(const std::string& fragment) {
  for (ImGuiWindow* w : GImGui->Windows)
    if (std::string(w->Name).find(fragment) != std::string::npos && w->Active) return true;
  return false;
}

}  // namespace

TEST_CASE("the projector view shows clock and injects; the attacker's time line only once revealed") {
  ShellState state = MakeDemoState();
  REQUIRE_FALSE(state.injects.empty());
  state.attack_timeline = {{state.clock - 60'000, EventKind::Attacker, "T1566 phishing mail sent"},
                           {state.clock, EventKind::Responder, "Revoke sessions"}};
  UiState ui;
  ImGuiHarness h([&] { DrawProjectorView(state, ui); }, ImVec2(1280, 720));
  h.Frame(2);
  CHECK(ImGuiHarness::WindowShown(kProjectorWindowName));
  CHECK_FALSE(TableDrawn(h, "ProjectorTimeline"));
  CHECK_FALSE(ChildDrawn("ProjectorInjects"));
  ui.reveal_attack_timeline = true;
  h.Frame(2);
  CHECK(TableDrawn(h, "ProjectorTimeline"));
  CHECK(ChildDrawn("ProjectorInjects"));
  // Not started: a note instead of the clock, no crash with nothing to show.
  state.mode = ShellMode::Start;
  state.injects.clear();
  h.Frame(2);
  CHECK_FALSE(TableDrawn(h, "ProjectorTimeline"));
}

TEST_CASE("F1 opens the shortcut overlay, Escape closes it; the overlay owns the keyboard meanwhile") {
  ShellFixture f;
  f.state = MakeDemoState();
  f.state.paused = true;
  f.harness.Frame();
  f.harness.PressKey(sf::Keyboard::F1);
  CHECK(f.ui.show_help);
  f.harness.Frame();
  CHECK(ImGuiHarness::WindowShown(kHelpWindowName));
  f.harness.PressKey(sf::Keyboard::Space);  // not Resume while the help is open
  CHECK(f.TakeLog().empty());
  f.harness.PressKey(sf::Keyboard::Escape);
  CHECK_FALSE(f.ui.show_help);
  f.harness.PressKey(sf::Keyboard::Space);
  CHECK(f.TakeLog() == std::vector<std::string>{"Resume"});
}

TEST_CASE("N jumps to the next inject and Escape cancels a running query, unless a text field is active") {
  ShellFixture f;
  f.state = MakeDemoState();
  f.state.has_next_inject = true;
  f.harness.Frame();
  f.harness.PressKey(sf::Keyboard::N);
  CHECK(f.TakeLog() == std::vector<std::string>{"JumpToNextInject"});
  f.state.query_running = QueryProgress{"SigninLogs", 1200, false, 0};
  f.harness.PressKey(sf::Keyboard::Escape);
  CHECK(f.TakeLog() == std::vector<std::string>{"CancelQuery"});
  REQUIRE(f.harness.Click(kLeft + "/###entity_search"));
  f.TakeLog();
  f.harness.PressKey(sf::Keyboard::N);
  CHECK(f.TakeLog().empty());  // typed into the search field instead
}

TEST_CASE("--help lists every keyboard shortcut") {
  const std::string help = HelpText();
  for (const Shortcut& s : Shortcuts()) {
    CHECK_MESSAGE(help.find(s.keys) != std::string::npos, s.keys);
    CHECK_MESSAGE(help.find(s.what) != std::string::npos, s.what);
  }
  for (const char* key : {"F1", "F10", "F11", "Ctrl+Enter", "Space", "N"}) {
    bool listed = false;
    for (const Shortcut& s : Shortcuts()) listed |= std::strcmp(s.keys, key) == 0;
    CHECK_MESSAGE(listed, key);
  }
}

TEST_CASE("two ImGui contexts, two input adapters: events reach only their own window's context") {
  ImGuiContext* main = ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  platform::SfmlImGuiInput main_input;
  main_input.Install(ImGui::GetIO());
  ImGuiContext* projector = ImGui::CreateContext();
  ImGui::SetCurrentContext(projector);
  ImGui::GetIO().IniFilename = nullptr;
  platform::SfmlImGuiInput projector_input;
  projector_input.Install(ImGui::GetIO());

  sf::Event press{};
  press.type = sf::Event::KeyPressed;
  press.key.code = sf::Keyboard::F11;
  ImGui::SetCurrentContext(main);
  main_input.ProcessEvent(ImGui::GetIO(), press);
  main_input.NewFrame(ImGui::GetIO(), 1600, 900, 1.0f / 60);
  CHECK(ImGui::GetIO().KeysDown[sf::Keyboard::F11]);
  CHECK(ImGui::GetIO().DisplaySize.x == 1600);
  ImGui::SetCurrentContext(projector);
  projector_input.NewFrame(ImGui::GetIO(), 1280, 720, 1.0f / 60);
  CHECK_FALSE(ImGui::GetIO().KeysDown[sf::Keyboard::F11]);
  CHECK(ImGui::GetIO().DisplaySize.x == 1280);
  CHECK(std::strcmp(ImGui::GetIO().BackendPlatformName, "tenantdrill_sfml") == 0);

  ImGui::DestroyContext(projector);
  ImGui::DestroyContext(main);
}

}  // namespace td::ui::test
