#pragma once
// The shell over a LiveSession, applying commands as ui/app.cpp does after every frame (world
// commands to the session, view commands to UiState): one fixture for every test that drives the
// whole program headless.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "shell_fixture.h"
#include "ui/live_session.h"

namespace td::ui::test {

struct LiveShellFixture {
  // `setup` runs on the session before it starts (save folder, autosave); `start`: play at once
  // (else the start screen stays up).
  explicit LiveShellFixture(const std::string& scenario = "aitm-session-theft", bool start = true,
                            const std::function<void(LiveSession&)>& setup = {}, ImVec2 display = ImVec2(1600, 900))
      : session(scenario), harness([this] { Frame(); }, display) {
    if (setup) setup(session);
    if (start) REQUIRE(session.StartNow());
    session.Fill(state, ui.selected_entity);
  }

  LiveSession session;
  ShellState state;
  UiState ui;
  CommandSink sink;
  std::vector<std::string> log;
  double budget_ms = 50;       // wall-clock budget of each frame's Tick
  double tick_seconds = -1;    // wall seconds each frame advances the clock by; < 0: ImGui's frame time
  ImGuiHarness harness;

  // One frame of ui/app.cpp's loop (the harness calls it).
  void Frame() {
    DrawAppShell(state, ui, sink);
    for (UiCommand& c : sink.Take()) {
      log.push_back(Describe(c));
      if (IsWorldCommand(c) || std::holds_alternative<RequestConfirmCmd>(c)) session.Apply(c);
      ApplyViewCommand(ui, c);
    }
    session.Tick(tick_seconds < 0 ? ImGui::GetIO().DeltaTime : tick_seconds, budget_ms);
    session.Fill(state, ui.selected_entity);
  }

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
  const EntityRow* FirstOfKind(const std::string& kind) const {
    for (const EntityRow& e : state.entities)
      if (e.kind == kind) return &e;
    return nullptr;
  }
};
using DebriefFixture = LiveShellFixture;

inline const std::string kDebrief = kTabs + "/Debrief";
inline const std::string kFacControls = std::string(kShellWindowName) + "/Facilitator/FacControls";

}  // namespace td::ui::test
