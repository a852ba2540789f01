#pragma once
// The shell over a LiveSession for the debrief and facilitator tests, applying commands as
// ui/app.cpp does after every frame (world commands to the session, view commands to UiState).
#include <string>
#include <utility>
#include <vector>

#include "shell_fixture.h"
#include "ui/live_session.h"

namespace td::ui::test {

struct DebriefFixture {
  explicit DebriefFixture(const std::string& scenario = "aitm-session-theft") : session(scenario) {
    REQUIRE(session.StartNow());
    session.Fill(state, ui.selected_entity);
  }

  LiveSession session;
  ShellState state;
  UiState ui;
  CommandSink sink;
  std::vector<std::string> log;
  ImGuiHarness harness{[this] {
    DrawAppShell(state, ui, sink);
    for (UiCommand& c : sink.Take()) {
      log.push_back(Describe(c));
      if (IsWorldCommand(c) || std::holds_alternative<RequestConfirmCmd>(c)) session.Apply(c);
      ApplyViewCommand(ui, c);
    }
    session.Tick(ImGui::GetIO().DeltaTime, 50);
    session.Fill(state, ui.selected_entity);
  }};

  std::vector<std::string> TakeLog() { return std::exchange(log, {}); }
  sim::Exercise& Ex() { return *session.GetExercise(); }
  // Runs the clock to the end of the exercise (as --at end does).
  void RunToEnd() {
    session.SetRunning(true, 1e9);
    while (!session.Paused()) session.Tick(1.0, 1e9);
    session.Fill(state, ui.selected_entity);
  }
  bool Logged(const std::string& line) const {
    for (const std::string& l : log)
      if (l == line) return true;
    return false;
  }
};

inline const std::string kDebrief = kTabs + "/Debrief";
inline const std::string kFacControls = std::string(kShellWindowName) + "/Facilitator/FacControls";

}  // namespace td::ui::test
