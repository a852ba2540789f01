#pragma once
// Command-line options of `tenantdrill`.
#include <string>
#include <vector>

namespace td::ui {

struct AppOptions {
  std::string screenshot_path;  // --screenshot OUT.png: render `frames` frames, save, exit
  std::string scenario_path;    // --scenario FILE|NAME: a scenario file or a shipped scenario's name
  std::string save_dir;         // --save-dir DIR: autosaves and new saves ("" = the per-user state folder)
  std::string load_path;        // --load FILE: a saved exercise to resume at start
  int autosave_minutes = 30;    // --autosave-minutes N: simulated minutes between autosaves (0 = on exit only)
  bool start = false;           // --start: skip the start screen (implied by --screenshot, --bench-frames)
  bool start_screen = false;    // --start-screen: with --screenshot, photograph the start screen
  bool prepare = false;         // --prepare: the start screen opens "Prepare the tenant"
  bool review = false;          // --review: with --start, run the posture review before the first frame
  std::string at = "first-inject";  // --at start|first-inject|inject:N|end: where --start leaves the clock
  std::string query;            // --query KQL: run this query once the exercise has started
  std::string bench_query;      // --bench-query KQL: with --bench-frames, show this result, clock at top speed
  std::string select;           // --select ENTITY_ID: select an entity (detail pane), e.g. user:amy@…
  bool facilitator = false;     // --facilitator: open the facilitator console
  std::string assets_dir;       // --assets DIR (default: found by FindAssetsDir)
  unsigned width = 1600;        // --size WxH, pixels
  unsigned height = 900;
  int frames = 5;               // --frames N: frames rendered before the screenshot
  int bench_frames = 0;         // --bench-frames N: render N frames, print frame-time percentiles
  float font_scale = 1.0f;      // --font-scale F (0.5 .. 4)
  bool projector = false;       // --projector: start in projector mode
  int tab = 1;                  // --tab N: centre tab shown first, 1..5 (Log explorer .. Shared responsibility)
  bool log_commands = false;    // --log-commands: print each UI command to stdout as it is applied
  int bench_fps = 0;            // --bench-fps N: with --bench-frames, pace frames at N per second (0: as fast as possible)
  bool bench_paused = false;    // --bench-paused: with --bench-frames, leave the clock paused
  bool projector_window = false;  // --projector-window: open the projector window (F11) at start
  bool full_redraw = false;     // --full-redraw: draw every frame whole (no damage tracking; for comparison)
  bool show_help = false;       // --help / -h
};

struct ParsedArgs {
  AppOptions options;
  std::string error;  // non-empty: a sentence naming the bad option; exit code 2
};

// Parses argv[1..] (the program name excluded).
ParsedArgs ParseArgs(const std::vector<std::string>& args);
std::string HelpText();

// Exit codes of the program.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // runtime failure (screenshot not written, ...)
inline constexpr int kExitUsage = 2;     // bad command line or unreadable scenario
inline constexpr int kExitNoDisplay = 3; // no X display: use the headless CLI

}  // namespace td::ui
