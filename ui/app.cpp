// [SECTION] Fonts and contexts
// [SECTION] The projector window
// [SECTION] The frame loop
#include "ui/app.h"

#include <imgui.h>

#include <SFML/System/Clock.hpp>
#include <SFML/System/Sleep.hpp>
#include <SFML/Window/Keyboard.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ui/app_shell.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/frame_profile.h"
#include "ui/live_session.h"
#include "ui/platform/sfml_window.h"
#include "ui/projector_panel.h"
#include "ui/theme.h"

namespace td::ui {
namespace {

constexpr int kBenchWarmupFrames = 3;  // first frames upload textures and lay out: not measured
// Wall time per frame the simulation may take: what is left of a 60 Hz frame after drawing,
// between these bounds. When the budget runs out the clock runs slower, never the frame.
constexpr double kFrameTargetMs = 1000.0 / 60.0;
constexpr double kSimBudgetMinMs = 1.0;
constexpr double kSimBudgetMaxMs = 5.0;
constexpr float kProjectorTypeFactor = 2.0f;  // the projector window's type, over the desk size

void Error(const std::string& message) { std::fprintf(stderr, "tenantdrill: %s\n", message.c_str()); }

// [SECTION] Fonts and contexts

// Owns the main ImGui context for the lifetime of the app.
struct ImGuiContextGuard {
  ImGuiContextGuard() { ImGui::CreateContext(); }
  ~ImGuiContextGuard() { ImGui::DestroyContext(); }
  ImGuiContextGuard(const ImGuiContextGuard&) = delete;
  ImGuiContextGuard& operator=(const ImGuiContextGuard&) = delete;
};

float TypeScale(const AppOptions& o, bool projector) { return o.font_scale * (projector ? kProjectorFontFactor : 1.0f); }

// Loads fonts and theme for the given scale into the current context; warnings go to stderr
// once. Returns the fonts (also made current).
FontSet ApplyTypeScale(const std::string& assets_dir, float scale, bool* warned) {
  std::string warning;
  const FontSet fonts = LoadFonts(*ImGui::GetIO().Fonts, assets_dir, scale, &warning);
  SetCurrentFonts(fonts);
  if (!warning.empty() && !*warned) {
    Error("warning: " + warning);
    *warned = true;
  }
  ApplyTheme(ImGui::GetStyle(), scale);
  return fonts;
}

// [SECTION] The projector window

// A second SFML window with its own ImGui context (its own, larger font atlas). Closing it
// closes only it. Destroyed in order: the window (which uses the context), then the context.
struct ProjectorWindow {
  ImGuiContext* context = nullptr;
  FontSet fonts;
  std::unique_ptr<platform::PlatformWindow> window;

  ProjectorWindow() = default;
  ProjectorWindow(const ProjectorWindow&) = delete;
  ProjectorWindow& operator=(const ProjectorWindow&) = delete;
  ~ProjectorWindow() {
    window.reset();
    if (context) ImGui::DestroyContext(context);
  }
};

// Opens the projector window; the main context is current again on return. Null with *error.
std::unique_ptr<ProjectorWindow> OpenProjector(const std::string& assets_dir, float scale, bool partial_redraw,
                                               bool* warned, std::string* error) {
  ImGuiContext* main = ImGui::GetCurrentContext();
  const FontSet main_fonts = CurrentFonts();
  auto p = std::make_unique<ProjectorWindow>();
  p->context = ImGui::CreateContext();
  ImGui::SetCurrentContext(p->context);
  ImGui::GetIO().IniFilename = nullptr;
  p->fonts = ApplyTypeScale(assets_dir, scale, warned);
  platform::WindowConfig config;
  config.width = 1280;
  config.height = 720;
  config.title = "TenantDrill \u2014 projector";
  config.frame_limit = 0;  // the main window paces the loop
  config.partial_redraw = partial_redraw;
  p->window = std::make_unique<platform::PlatformWindow>();
  const bool ok = p->window->Open(config, error);
  SetCurrentFonts(main_fonts);
  if (!ok) {
    p.reset();  // closes what was opened, then frees the context
    ImGui::SetCurrentContext(main);
    return nullptr;
  }
  ImGui::SetCurrentContext(main);
  return p;
}

// One frame of the projector view; false when its window was closed (the caller drops it).
bool DrawProjectorFrame(ProjectorWindow& p, const ShellState& state, const UiState& ui) {
  const FontSet main_fonts = CurrentFonts();
  p.window->PollEvents();
  if (p.window->CloseRequested()) return false;
  SetCurrentFonts(p.fonts);
  p.window->BeginFrame();
  // F11 in the projector window (it has the keyboard after opening) closes it, as in the main one.
  if (ImGui::IsKeyPressed(static_cast<int>(sf::Keyboard::F11), false)) {
    ImGui::EndFrame();
    SetCurrentFonts(main_fonts);
    return false;
  }
  DrawProjectorView(state, ui);
  ImGui::Render();
  p.window->RenderFrame();
  p.window->Present();
  SetCurrentFonts(main_fonts);
  return true;
}

std::string ProjectorScreenshotPath(const std::string& path) {
  const auto dot = path.rfind('.');
  return (dot == std::string::npos ? path : path.substr(0, dot)) + "-projector.png";
}

}  // namespace

// [SECTION] The frame loop

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
  // Autosave and Resume (ui/live_session_save.cpp); screenshots and benchmarks leave the user's saves alone.
  if (!options.save_dir.empty() || (options.screenshot_path.empty() && options.bench_frames == 0)) session.SetSaveFolder(options.save_dir);
  session.SetAutosaveMinutes(options.autosave_minutes);
  if (!options.load_path.empty()) session.LoadNow(options.load_path);  // a refused file shows its banner
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
    }
    if (options.bench_frames > 0 && !options.bench_paused) session.SetRunning(true, LiveSession::SpeedChoices().back());
  }

  ImGuiContextGuard context;
  ImGuiIO& io = ImGui::GetIO();  // the main window's context (the projector has its own)
  io.IniFilename = nullptr;      // the layout is fixed; nothing worth saving
  UiState ui;
  ui.active_tab = options.tab - 1;
  ui.facilitator_mode = options.facilitator;
  ui.projector_mode = options.projector || options.facilitator;
  ui.prepare_open = options.prepare;
  if (options.review && session.Mode() == ShellMode::Play) {
    session.Apply(StartPostureReviewCmd{});
    session.WaitForReview();
  }
  ui.projector_window = options.projector_window;
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
  config.partial_redraw = !options.full_redraw;
  platform::PlatformWindow window;
  if (!window.Open(config, &reason)) {
    Error(reason);
    return reason.rfind("no display", 0) == 0 ? kExitNoDisplay : kExitFailure;
  }
  std::unique_ptr<ProjectorWindow> projector;

  const bool screenshot = !options.screenshot_path.empty();
  const int bench_total = options.bench_frames > 0 ? options.bench_frames + kBenchWarmupFrames : 0;
  const bool bench = bench_total > 0;
  // Stages of a frame (--bench-frames prints each). In a benchmark "gl raster" waits for the
  // GL to finish drawing (glFinish), so rasterising is told apart from handing the frame to X.
  enum Stage : size_t { kPoll, kImGui, kGlDraw, kGlRaster, kPresent, kCommands, kTick, kFill, kProjector };
  FrameProfile profile({"poll", "imgui", "gl draw", "gl raster", "present", "commands", "sim tick", "fill", "projector"});
  const SimTimeMs bench_clock_start = state.clock;
  CommandSink sink;
  FramePacer pacer;
  const bool paced = !bench && !screenshot;  // benchmarks and screenshots draw every frame
  sf::Clock since_frame;
  int frame = 0;
  double damaged_share = 0;   // sum over measured frames of the share of the window redrawn
  double last_draw_ms = 0;    // the last frame's time outside the simulation (for its budget)
  const float display_area = static_cast<float>(options.width) * static_cast<float>(options.height);
  while (window.IsOpen()) {
    profile.Begin();
    const auto frame_start = std::chrono::steady_clock::now();
    const bool had_input = window.PollEvents() > 0;
    profile.Mark(kPoll);
    if (window.CloseRequested()) break;
    if (paced && !projector && !pacer.ShouldDraw(had_input, since_frame.getElapsedTime().asSeconds())) {
      sf::sleep(sf::milliseconds(15));
      continue;
    }
    since_frame.restart();
    ++frame;
    window.BeginFrame();
    DrawAppShell(state, ui, sink);
    ImGui::Render();
    profile.Mark(kImGui);
    window.RenderFrame();
    profile.Mark(kGlDraw);
    if (bench && frame > kBenchWarmupFrames) damaged_share += window.LastDamage().Area() / display_area;
    if (bench) window.FinishGl();
    profile.Mark(kGlRaster);
    if (screenshot && frame >= options.frames) {
      if (!window.SaveScreenshot(options.screenshot_path, &reason)) {
        Error(reason);
        return kExitFailure;
      }
      const sf::Vector2u size = window.Size();
      std::printf("tenantdrill: screenshot %ux%u written to %s\n", size.x, size.y, options.screenshot_path.c_str());
      if (projector) {
        const std::string path = ProjectorScreenshotPath(options.screenshot_path);
        if (!projector->window->SaveScreenshot(path, &reason)) {
          Error(reason);
          return kExitFailure;
        }
        const sf::Vector2u psize = projector->window->Size();
        std::printf("tenantdrill: projector screenshot %ux%u written to %s\n", psize.x, psize.y, path.c_str());
      }
      return kExitOk;
    }
    window.Present();
    profile.Mark(kPresent);

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
    if (ui.projector_window && !projector) {
      projector = OpenProjector(assets_dir, options.font_scale * kProjectorTypeFactor, !options.full_redraw,
                                &font_warned, &reason);
      if (!projector) {
        Error("cannot open the projector window: " + reason);
        ui.projector_window = false;
      }
      window.MakeCurrent();
    } else if (!ui.projector_window && projector) {
      projector.reset();
      window.MakeCurrent();
      window.ShowWhole();  // what the projector window covered
    }
    profile.Mark(kCommands);
    const double budget = std::clamp(kFrameTargetMs - last_draw_ms, kSimBudgetMinMs, kSimBudgetMaxMs);
    session.Tick(io.DeltaTime, budget);
    profile.Mark(kTick);
    session.Fill(state, ui.selected_entity);
    profile.Mark(kFill);
    const bool busy = !state.paused || state.mode == ShellMode::Loading || state.query_running.has_value();
    pacer.Drew(had_input, busy || io.WantTextInput || ImGui::IsAnyMouseDown(), io.DeltaTime);

    if (projector) {
      if (!DrawProjectorFrame(*projector, state, ui)) {
        projector.reset();  // closing the projector window closes only it
        ui.projector_window = false;
        window.MakeCurrent();
        window.ShowWhole();
      }
      window.MakeCurrent();
    }
    profile.Mark(kProjector);
    const double frame_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start).count();
    last_draw_ms = frame_ms - profile.Last(kTick);
    profile.End(bench && frame > kBenchWarmupFrames);
    if (bench && options.bench_fps > 0) {
      // A paced benchmark: each frame gets 1/fps of wall time (the rest is slept, unmeasured), so
      // the clock advances per frame as much as in real use (4 simulated minutes at 14400x, 60 fps).
      const double period_ms = 1000.0 / options.bench_fps;
      if (frame_ms < period_ms) sf::sleep(sf::microseconds(static_cast<sf::Int64>((period_ms - frame_ms) * 1000.0)));
    }

    if (bench && frame >= bench_total) {
      const sf::Vector2u size = window.Size();
      std::printf("bench  %ux%u, %s, %s\n", size.x, size.y, window.RendererName().c_str(),
                  window.RedrawMethod());
      std::fputs(profile.Report().c_str(), stdout);
      std::printf("clock  %s, %.0f simulated minutes in %.1f s of frames (asked: %gx)%s\n",
                  state.paused ? "paused" : "running",
                  static_cast<double>(state.clock - bench_clock_start) / 60000.0, profile.TotalMs() / 1000.0, state.speed,
                  state.last_result ? (", result " + std::to_string(state.last_result->RowCount()) + " rows").c_str() : "");
      std::printf("redraw %.2f %% of the window per frame on average\n",
                  100.0 * damaged_share / static_cast<double>(std::max<size_t>(1, profile.Frames())));
      return kExitOk;
    }
  }
  return kExitOk;
}

}  // namespace td::ui
