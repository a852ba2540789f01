#pragma once
// A headless app shell: ShellState + UiState + the frame loop's command handling, as
// ui/app.cpp does it (view commands applied after each frame, every command logged).
#include <string>
#include <vector>

#include "imgui_harness.h"
#include "ui/app_shell.h"
#include "ui/shell_state.h"
#include "ui/ui_command.h"

namespace td::ui::test {

struct ShellFixture {
  explicit ShellFixture(ImVec2 display = ImVec2(1600, 900)) : harness(MakeDraw(), display) {}

  ShellState state;
  UiState ui;
  CommandSink sink;
  std::vector<UiCommand> log;
  ImGuiHarness harness;

  std::function<void()> MakeDraw() {
    return [this] {
      DrawAppShell(state, ui, sink);
      for (UiCommand& c : sink.Take()) {
        ApplyViewCommand(ui, c);
        log.push_back(std::move(c));
      }
    };
  }

  // Descriptions of the commands logged so far, then clears the log.
  std::vector<std::string> TakeLog() {
    std::vector<std::string> out;
    for (const UiCommand& c : log) out.push_back(Describe(c));
    log.clear();
    return out;
  }
};

// ID paths of the shell's controls (see ui/app_shell.cpp and the panels).
inline const std::string kTopBar = std::string(kShellWindowName) + "/TopBar";
inline const std::string kTabs = std::string(kShellWindowName) + "/Centre/CentreTabs";
inline const std::string kLeft = std::string(kShellWindowName) + "/Left";

}  // namespace td::ui::test
