#include "ui/app_options.h"

#include "ui/shortcuts.h"

#include <charconv>
#include <cstdlib>

namespace td::ui {
namespace {

bool ParseInt(const std::string& s, int lo, int hi, int* out) {
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool ParseSize(const std::string& s, unsigned* w, unsigned* h) {
  const auto x = s.find_first_of("xX");
  int iw = 0, ih = 0;
  if (x == std::string::npos || !ParseInt(s.substr(0, x), 320, 16384, &iw) ||
      !ParseInt(s.substr(x + 1), 240, 16384, &ih))
    return false;
  *w = static_cast<unsigned>(iw);
  *h = static_cast<unsigned>(ih);
  return true;
}

bool ParseScale(const std::string& s, float* out) {
  char* end = nullptr;
  const float v = std::strtof(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v >= 0.5f && v <= 4.0f)) return false;
  *out = v;
  return true;
}

}  // namespace

std::string HelpText() {
  return "Usage: tenantdrill [options]\n"
         "TenantDrill desktop program: investigate and respond to a simulated Microsoft 365 incident.\n"
         "\n"
         "Options:\n"
         "  --save-dir DIR       folder for autosaves and new saves (default $XDG_STATE_HOME/tenantdrill,\n"
         "                       else ~/.local/state/tenantdrill); the start screen's Resume lists it\n"
         "  --load FILE          load a saved exercise (.tdsave) and resume it, paused\n"
         "  --autosave-minutes N autosave every N simulated minutes (default 30; 0: only on exit)\n"
         "  --scenario FILE|NAME scenario to open: a JSON file or a shipped name (default aitm-session-theft);\n"
         "                       a scenario that does not load is reported on the start screen\n"
         "  --start              skip the start screen: start the exercise at once\n"
         "  --at WHERE           with --start: leave the clock at start, first-inject (default), inject:N or end\n"
         "  --query KQL          run this query once the exercise has started\n"
         "  --select ID          select an entity, e.g. user:amy.lee@contoso.example or mbx:… app:… ca:…\n"
         "  --facilitator        open the facilitator console (attack time line, channels; F10)\n"
         "  --start-screen       with --screenshot: photograph the start screen instead of the exercise\n"
         "  --prepare            open \"Prepare the tenant\" on the start screen (with --start-screen for a screenshot)\n"
         "  --review             with --start: run the posture review (Shared responsibility tab) before the first frame\n"
         "  --size WxH           window size in pixels (default 1600x900)\n"
         "  --font-scale F       scale all type by F, 0.5 to 4 (default 1)\n"
         "  --projector          start in projector mode (larger type in this window; Shift+F11)\n"
         "  --projector-window   open the projector window at start (F11); with --screenshot OUT.png it is saved\n"
         "                       as OUT-projector.png\n"
         "  --assets DIR         directory holding fonts/ (default: found next to the program or in the source tree)\n"
         "  --tab N              open on centre tab N: 1 Log explorer, 2 Time line, 3 Case notes, 4 Debrief,\n"
         "                       5 Shared responsibility (default 1)\n"
         "  --screenshot OUT.png render a few frames, save the window as PNG, exit\n"
         "  --frames N           frames to render before --screenshot (default 5)\n"
         "  --bench-frames N     render N frames without a frame limit, print frame-time percentiles, exit\n"
         "  --bench-query KQL    with --bench-frames: show this query's result and run the clock at top speed\n"
         "  --bench-paused       with --bench-frames: leave the clock paused (default: top speed)\n"
         "  --bench-fps N        with --bench-frames: one frame per 1/N s, as in real use (the wait is not measured)\n"
         "  --full-redraw        draw every frame whole instead of only what changed (slower; for comparison)\n"
         "  --log-commands       print every command the UI emits to stdout (for tests and facilitators)\n"
         "  -h, --help           show this help\n"
         "\n"
         "Keyboard shortcuts (F1 shows them in the program):\n" +
         ShortcutHelpText() +
         "Exit codes: 0 ok, 1 failure, 2 bad usage, 3 no display (use tenantdrill-sim).\n";
}

ParsedArgs ParseArgs(const std::vector<std::string>& args) {
  ParsedArgs r;
  AppOptions& o = r.options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        r.error = "option " + a + " needs a value";
        return false;
      }
      *out = args[++i];
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      o.show_help = true;
    } else if (a == "--projector") {
      o.projector = true;
    } else if (a == "--log-commands") {
      o.log_commands = true;
    } else if (a == "--full-redraw") {
      o.full_redraw = true;
    } else if (a == "--bench-paused") {
      o.bench_paused = true;
    } else if (a == "--bench-fps") {
      if (!value(&v)) return r;
      if (!ParseInt(v, 1, 1000, &o.bench_fps)) {
        r.error = "--bench-fps expects frames per second from 1 to 1000; got \"" + v + "\"";
        return r;
      }
    } else if (a == "--projector-window") {
      o.projector_window = true;
    } else if (a == "--start") {
      o.start = true;
    } else if (a == "--start-screen") {
      o.start_screen = true;
    } else if (a == "--prepare") {
      o.prepare = true;
    } else if (a == "--review") {
      o.review = true;
    } else if (a == "--facilitator") {
      o.facilitator = true;
    } else if (a == "--query") {
      if (!value(&o.query)) return r;
    } else if (a == "--bench-query") {
      if (!value(&o.bench_query)) return r;
    } else if (a == "--select") {
      if (!value(&o.select)) return r;
    } else if (a == "--at") {
      if (!value(&o.at)) return r;
      int n = 0;
      const bool inject_n = o.at.rfind("inject:", 0) == 0 && ParseInt(o.at.substr(7), 1, 500, &n);
      if (o.at != "start" && o.at != "first-inject" && o.at != "end" && !inject_n) {
        r.error = "--at expects start, first-inject, inject:N or end; got \"" + o.at + "\"";
        return r;
      }
    } else if (a == "--screenshot") {
      if (!value(&o.screenshot_path)) return r;
    } else if (a == "--scenario") {
      if (!value(&o.scenario_path)) return r;
    } else if (a == "--save-dir") {
      if (!value(&o.save_dir)) return r;
    } else if (a == "--load") {
      if (!value(&o.load_path)) return r;
    } else if (a == "--autosave-minutes") {
      if (!value(&v)) return r;
      if (!ParseInt(v, 0, 10080, &o.autosave_minutes)) {
        r.error = "--autosave-minutes expects simulated minutes from 0 (off) to 10080; got \"" + v + "\"";
        return r;
      }
    } else if (a == "--assets") {
      if (!value(&o.assets_dir)) return r;
    } else if (a == "--size") {
      if (!value(&v)) return r;
      if (!ParseSize(v, &o.width, &o.height)) {
        r.error = "--size expects WIDTHxHEIGHT in pixels, at least 320x240, e.g. 1600x900; got \"" + v + "\"";
        return r;
      }
    } else if (a == "--frames") {
      if (!value(&v)) return r;
      if (!ParseInt(v, 1, 100000, &o.frames)) {
        r.error = "--frames expects a whole number from 1 to 100000; got \"" + v + "\"";
        return r;
      }
    } else if (a == "--bench-frames") {
      if (!value(&v)) return r;
      if (!ParseInt(v, 1, 1000000, &o.bench_frames)) {
        r.error = "--bench-frames expects a whole number from 1 to 1000000; got \"" + v + "\"";
        return r;
      }
    } else if (a == "--tab") {
      if (!value(&v)) return r;
      if (!ParseInt(v, 1, 5, &o.tab)) {
        r.error = "--tab expects a tab number from 1 to 5; got \"" + v + "\"";
        return r;
      }
    } else if (a == "--font-scale") {
      if (!value(&v)) return r;
      if (!ParseScale(v, &o.font_scale)) {
        r.error = "--font-scale expects a number from 0.5 to 4; got \"" + v + "\"";
        return r;
      }
    } else {
      r.error = "unknown option \"" + a + "\" (see tenantdrill --help)";
      return r;
    }
  }
  if (!o.screenshot_path.empty() && o.bench_frames > 0) r.error = "--screenshot and --bench-frames cannot be combined";
  if (!o.bench_query.empty() && o.bench_frames == 0) r.error = "--bench-query needs --bench-frames N";
  if (o.bench_paused && o.bench_frames == 0) r.error = "--bench-paused needs --bench-frames N";
  if (o.bench_fps > 0 && o.bench_frames == 0) r.error = "--bench-fps needs --bench-frames N";
  if ((!o.screenshot_path.empty() && !o.start_screen) || o.bench_frames > 0) o.start = true;
  return r;
}

}  // namespace td::ui
