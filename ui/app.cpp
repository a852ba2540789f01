#include "ui/app.h"

#include <imgui.h>

#include <SFML/System/Clock.hpp>
#include <SFML/System/Sleep.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "ui/app_shell.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/frame_stats.h"
#include "ui/platform/sfml_window.h"
#include "ui/live_session.h"
#include "ui/theme.h"

namespace td::ui {
namespace {

constexpr int kBenchWarmupFrames = 3;  // first frames upload textures and lay out: not measured
constexpr double kSimBudgetMs = 5.0;    // wall time per frame the simulation may take (the clock slows, not the frame)

void Error(const std::string& message) { std::fprintf(stderr, "tenantdrill: %s\n", message.c_str()); }

// Owns the ImGui context for the lifetime of the app.
struct ImGuiContextGuard {
  ImGuiContextGuard() { ImGui::CreateContext(); }
  ~ImGuiContextGuard() { ImGui::DestroyContext(); }
  ImGuiContextGuard(const ImGuiContextGuard&) = delete;
  ImGuiContextGuard& operator=(const ImGuiContextGuard&) = delete;
};

float TypeScale(const AppOptions& o, bool projector) { return o.font_scale * (projector ? kProjectorFontFactor : 1.0f); }

// Loads fonts and theme for the given scale; warnings go to stderr once.
void ApplyTypeScale(const std::string& assets_dir, float scale, bool* warned) {
  std::string warning;
  SetCurrentFonts(LoadFonts(*ImGui::GetIO().Fonts, assets_dir, scale, &warning));
  if (!warning.empty() && !*warned) {
    Error("warning: " + warning);
    *warned = true;
  }
  ApplyTheme(ImGui::GetStyle(), scale);
}

}  // namespace

int RunApp(const AppOptions& options, const char* exe_path) {
  if (options.show_help) {
    std::fputs(HelpText().c_str(), stdout);
    return kExitOk;
  }
  std::string reason;
  if (!platform::DisplayAvailable(&reason)) {
    Error(reason);
    return kExitNoDisplay;
  }

  // The exercise: built from the scenario (a load error is shown on the start screen), started
  // at once for screenshots, benchmarks and --start.
  LiveSession session(options.scenario_path);
  if (options.start && session.StartNow()) {
    if (options.at == "first-inject") {
      session.JumpToNextInjectNow();
    } else if (options.at.rfind("inject:", 0) == 0) {
      for (int n = std::stoi(options.at.substr(7)); n > 0 && session.JumpToNextInjectNow(); --n) {}
    } else if (options.at == "end") {
      session.SetRunning(true, 1e9);
      while (!session.Paused()) session.Tick(1.0, 1e9);
      session.SetRunning(false, 60);
    }
    if (!options.query.empty()) session.RunQueryNow(options.query);
    if (!options.bench_query.empty()) {
      const auto t0 = std::chrono::steady_clock::now();
      session.RunQueryNow(options.bench_query);
      std::printf("bench  query %.0f ms: %s\n",
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(),
                  options.bench_query.c_str());
      session.SetRunning(true, LiveSession::SpeedChoices().back());
    }
  }

  ImGuiContextGuard context;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing worth saving
  UiState ui;
  ui.projector_mode = options.projector;
  ui.active_tab = options.tab - 1;
  ui.facilitator_mode = options.facilitator;
  ui.projector_mode = options.projector || options.facilitator;
  if (!options.query.empty()) ui.query_text = options.query;
  if (!options.bench_query.empty()) ui.query_text = options.bench_query;
  if (!options.select.empty()) {
    ui.selected_entity = options.select;
    session.Apply(SelectEntityCmd{options.select});
  }
  ShellState state;
  session.Fill(state, ui.selected_entity);
  const std::string assets_dir = FindAssetsDir(options.assets_dir, exe_path ? exe_path : "");
  bool font_warned = false;
  ApplyTypeScale(assets_dir, TypeScale(options, ui.projector_mode), &font_warned);

  platform::WindowConfig config;
  config.width = options.width;
  config.height = options.height;
  config.frame_limit = options.bench_frames > 0 ? 0 : 60;
  platform::PlatformWindow window;
  if (!window.Open(config, &reason)) {
    Error(reason);
    return reason.rfind("no display", 0) == 0 ? kExitNoDisplay : kExitFailure;
  }

  const bool screenshot = !options.screenshot_path.empty();
  const int bench_total = options.bench_frames > 0 ? options.bench_frames + kBenchWarmupFrames : 0;
  std::vector<double> frame_ms, ui_ms, sim_ms;  // whole frame; ImGui CPU work (NewFrame..Render); simulation
  const SimTimeMs bench_clock_start = state.clock;
  frame_ms.reserve(static_cast<size_t>(options.bench_frames));
  ui_ms.reserve(static_cast<size_t>(options.bench_frames));
  CommandSink sink;
  FramePacer pacer;
  const bool paced = bench_total == 0 && !screenshot;  // benchmarks and screenshots draw every frame
  sf::Clock frame_clock, since_frame;
  int frame = 0;
  while (window.IsOpen()) {
    frame_clock.restart();
    const bool had_input = window.PollEvents() > 0;
    if (window.CloseRequested()) break;
    if (paced && !pacer.ShouldDraw(had_input, since_frame.getElapsedTime().asSeconds())) {
      sf::sleep(sf::milliseconds(15));
      continue;
    }
    since_frame.restart();
    ++frame;
    const sf::Time ui_start = frame_clock.getElapsedTime();
    window.BeginFrame();
    DrawAppShell(state, ui, sink);
    ImGui::Render();
    const sf::Time ui_end = frame_clock.getElapsedTime();
    window.RenderFrame();
    if (screenshot && frame >= options.frames) {
      if (!window.SaveScreenshot(options.screenshot_path, &reason)) {
        Error(reason);
        return kExitFailure;
      }
      const sf::Vector2u size = window.Size();
      std::printf("tenantdrill: screenshot %ux%u written to %s\n", size.x, size.y, options.screenshot_path.c_str());
      return kExitOk;
    }
    window.Present();

    // Apply the frame's intents: world commands to the exercise (LiveSession), view commands here.
    const bool was_projector = ui.projector_mode;
    for (const UiCommand& cmd : sink.Take()) {
      if (options.log_commands) {
        std::printf("command: %s\n", Describe(cmd).c_str());
        std::fflush(stdout);
      }
      if (IsWorldCommand(cmd) || std::holds_alternative<RequestConfirmCmd>(cmd)) session.Apply(cmd);
      ApplyViewCommand(ui, cmd);
    }
    if (ui.projector_mode != was_projector) {
      ApplyTypeScale(assets_dir, TypeScale(options, ui.projector_mode), &font_warned);
      window.RebuildFontTexture();
    }
    const sf::Time sim_start = frame_clock.getElapsedTime();
    session.Tick(io.DeltaTime, kSimBudgetMs);
    session.Fill(state, ui.selected_entity);
    const sf::Time sim_end = frame_clock.getElapsedTime();
    const bool busy = !state.paused || state.mode == ShellMode::Loading;
    pacer.Drew(had_input, busy || io.WantTextInput || ImGui::IsAnyMouseDown(), io.DeltaTime);

    if (bench_total > 0) {
      if (frame > kBenchWarmupFrames) {
        frame_ms.push_back(frame_clock.getElapsedTime().asSeconds() * 1000.0);
        ui_ms.push_back((ui_end - ui_start).asSeconds() * 1000.0);
        sim_ms.push_back((sim_end - sim_start).asSeconds() * 1000.0);
      }
      if (frame >= bench_total) {
        const sf::Vector2u size = window.Size();
        std::printf("bench  %ux%u, %s\n", size.x, size.y, window.RendererName().c_str());
        std::printf("frame  %s\n", FormatFrameStats(ComputeFrameStats(frame_ms)).c_str());
        std::printf("imgui  %s\n", FormatFrameStats(ComputeFrameStats(ui_ms)).c_str());
        std::printf("sim    %s\n", FormatFrameStats(ComputeFrameStats(sim_ms)).c_str());
        double wall = 0;
        for (double ms : frame_ms) wall += ms;
        std::printf("clock  %s, %.0f simulated minutes in %.1f s of frames (asked: %gx)%s\n",
                    state.paused ? "paused" : "running",
                    static_cast<double>(state.clock - bench_clock_start) / 60000.0, wall / 1000.0, state.speed,
                    state.last_result ? (", result " + std::to_string(state.last_result->RowCount()) + " rows").c_str() : "");
        return kExitOk;
      }
    }
  }
  return kExitOk;
}

}  // namespace td::ui
