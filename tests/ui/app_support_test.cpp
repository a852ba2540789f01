// Options, frame statistics, fonts and the demo stand-in: the non-drawing parts.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ui/app_options.h"
#include "demo_state.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/frame_stats.h"

namespace td::ui {

TEST_CASE("ParseArgs: the live-exercise options (--start, --at, --query, --bench-query, --select, --facilitator)") {
  ParsedArgs p = ParseArgs({"--start", "--at", "inject:2", "--query", "SigninLogs | take 5", "--select", "user:a@b",
                            "--facilitator"});
  REQUIRE(p.error.empty());
  CHECK(p.options.start);
  CHECK(p.options.at == "inject:2");
  CHECK(p.options.query == "SigninLogs | take 5");
  CHECK(p.options.select == "user:a@b");
  CHECK(p.options.facilitator);
  CHECK(ParseArgs({"--at", "lunch"}).error.find("--at expects") == 0);
  CHECK(ParseArgs({"--bench-query", "x"}).error == "--bench-query needs --bench-frames N");
  p = ParseArgs({"--bench-frames", "10", "--bench-query", "OfficeActivity | take 1000000"});
  REQUIRE(p.error.empty());
  CHECK(p.options.start);  // a benchmark runs the exercise, not the start screen
  CHECK(ParseArgs({"--screenshot", "a.png"}).options.start);
  CHECK_FALSE(ParseArgs({"--screenshot", "a.png", "--start-screen"}).options.start);
  CHECK_FALSE(ParseArgs({}).options.start);
}

TEST_CASE("ParseArgs reads every option") {
  const ParsedArgs p = ParseArgs({"--screenshot", "/tmp/a.png", "--scenario", "s.json", "--size", "1280x720",
                                  "--frames", "8", "--font-scale", "1.25", "--projector", "--assets", "/x"});
  REQUIRE(p.error.empty());
  CHECK(p.options.screenshot_path == "/tmp/a.png");
  CHECK(p.options.scenario_path == "s.json");
  CHECK(p.options.width == 1280);
  CHECK(p.options.height == 720);
  CHECK(p.options.frames == 8);
  CHECK(p.options.font_scale == doctest::Approx(1.25f));
  CHECK(p.options.projector);
  CHECK(p.options.assets_dir == "/x");
  CHECK(ParseArgs({"--bench-frames", "300"}).options.bench_frames == 300);
  CHECK(ParseArgs({"--help"}).options.show_help);
  CHECK(ParseArgs({"--log-commands"}).options.log_commands);
  CHECK(ParseArgs({"--tab", "2"}).options.tab == 2);
  CHECK(ParseArgs({"--tab", "6"}).error.find("--tab") != std::string::npos);
}

TEST_CASE("ParseArgs rejects bad input with a sentence naming the option") {
  CHECK(ParseArgs({"--size", "big"}).error.find("--size") != std::string::npos);
  CHECK(ParseArgs({"--size", "100x100"}).error.find("at least") != std::string::npos);
  CHECK(ParseArgs({"--frames", "0"}).error.find("--frames") != std::string::npos);
  CHECK(ParseArgs({"--font-scale", "9"}).error.find("0.5 to 4") != std::string::npos);
  CHECK(ParseArgs({"--screenshot"}).error == "option --screenshot needs a value");
  CHECK(ParseArgs({"--wat"}).error.find("unknown option") != std::string::npos);
  CHECK_FALSE(ParseArgs({"--screenshot", "a.png", "--bench-frames", "3"}).error.empty());
  CHECK(HelpText().find("--bench-frames") != std::string::npos);
}

TEST_CASE("frame statistics use nearest-rank percentiles") {
  std::vector<double> ms;
  for (int i = 100; i >= 1; --i) ms.push_back(i);
  const FrameStats s = ComputeFrameStats(ms);
  CHECK(s.count == 100);
  CHECK(s.p50 == 50);
  CHECK(s.p90 == 90);
  CHECK(s.p99 == 99);
  CHECK(s.max == 100);
  CHECK(s.mean == doctest::Approx(50.5));
  CHECK(FormatFrameStats(s).find("p99=99.00 ms") != std::string::npos);
  CHECK(ComputeFrameStats({}).count == 0);
  CHECK(ComputeFrameStats({7.0}).p99 == 7.0);
}

TEST_CASE("the bundled fonts load at the requested scale") {
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const std::string assets = FindAssetsDir(TD_SOURCE_DIR "/assets", "");
  std::string warning;
  const FontSet fonts = LoadFonts(*io.Fonts, assets, kProjectorFontFactor, &warning);
  CHECK(warning.empty());
  CHECK(fonts.bundled);
  CHECK(fonts.pixel_size == doctest::Approx(kBaseFontPx * kProjectorFontFactor));
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  CHECK(io.Fonts->IsBuilt());
  REQUIRE(fonts.mono != nullptr);
  CHECK(fonts.mono->FindGlyphNoFallback(0x2713) != nullptr);  // check mark used by the action log
  CHECK(fonts.ui->FindGlyphNoFallback(0x25B6) != nullptr);    // play triangle
  ImGui::DestroyContext(ctx);
}

TEST_CASE("missing or invalid fonts fall back to ImGui's font with a warning, never an abort") {
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const auto dir = std::filesystem::temp_directory_path() / "td_ui_badfonts";
  std::filesystem::create_directories(dir / "fonts");
  std::ofstream(dir / "fonts" / "DejaVuSans.ttf") << "not a font";
  std::ofstream(dir / "fonts" / "DejaVuSansMono.ttf") << "not a font";
  std::string warning;
  FontSet fonts = LoadFonts(*io.Fonts, dir.string(), 1.0f, &warning);
  CHECK_FALSE(fonts.bundled);
  CHECK(warning.find("DejaVuSans.ttf") != std::string::npos);
  warning.clear();
  fonts = LoadFonts(*io.Fonts, "", 1.0f, &warning);
  CHECK(warning.find("not found") != std::string::npos);
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  CHECK(io.Fonts->IsBuilt());
  ImGui::DestroyContext(ctx);
}

TEST_CASE("the demo stand-in applies clock commands and refuses to fake query results") {
  ShellState s = MakeDemoState();
  CHECK_FALSE(s.data_source_note.empty());  // always labelled as demo data
  ApplyDemoCommand(s, ResumeCmd{});
  CHECK_FALSE(s.paused);
  ApplyDemoCommand(s, SetSpeedCmd{600});
  const SimTimeMs before = s.clock;
  AdvanceDemoClock(s, 0.5);
  CHECK(s.clock == before + 300'000);
  const size_t injects = s.injects.size();
  ApplyDemoCommand(s, JumpToNextInjectCmd{});
  CHECK(s.injects.size() == injects + 1);
  CHECK(s.clock == s.injects.back().time);
  ApplyDemoCommand(s, RunQueryCmd{"SigninLogs"});
  REQUIRE(s.last_result);
  CHECK(s.last_result->error.find("not connected") != std::string::npos);
}

}  // namespace td::ui

namespace td::ui {

TEST_CASE("the frame pacer stops drawing after a quiet second and draws at once on input") {
  FramePacer pacer;
  CHECK(pacer.ShouldDraw(false, 0.0));
  pacer.Drew(false, false, 0.6);
  CHECK(pacer.ShouldDraw(false, 0.0));  // not idle yet
  pacer.Drew(false, false, 0.6);
  CHECK(pacer.Idle());
  CHECK_FALSE(pacer.ShouldDraw(false, 0.1));
  CHECK(pacer.ShouldDraw(false, FramePacer::kIdleFrameInterval));  // the slow idle frame
  CHECK(pacer.ShouldDraw(true, 0.0));                              // a key or mouse event
  pacer.Drew(true, false, 0.016);
  CHECK_FALSE(pacer.Idle());
  pacer.Drew(false, true, 5.0);  // the clock runs: never idle
  CHECK_FALSE(pacer.Idle());
}

}  // namespace td::ui
