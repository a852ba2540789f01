// The Debrief tab on a real exercise, headless: scoring on "Score now" and at the end (never per
// frame), the after-action report export, and the time line chart's hover.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "live_shell_fixture.h"
#include "sim/response.h"
#include "sim/scoring.h"

namespace td::ui::test {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void OpenDebrief(DebriefFixture& f) {
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTabs + "/Debrief"));
  f.harness.Frame(2);
  REQUIRE(f.ui.active_tab == kTabDebrief);
}

// Sweeps the mouse along one lane of the chart; returns the hovered row indices seen.
std::vector<int> SweepLane(DebriefFixture& f, int lane) {
  ImRect chart;
  REQUIRE(f.harness.ItemRect(kDebrief + "/DebriefBody/###timeline_chart", &chart));
  const float em = ImGui::GetFontSize();
  const float y = chart.Min.y + em * 1.8f * (static_cast<float>(lane) + 0.5f);
  std::vector<int> seen;
  for (float x = chart.Min.x + em * 7.0f; x <= chart.Max.x; x += em * 0.4f) {
    f.harness.MoveMouse(ImVec2(x, y));
    f.harness.Frame();
    if (f.ui.chart_hover >= 0) seen.push_back(f.ui.chart_hover);
  }
  return seen;
}

}  // namespace

TEST_CASE("Score now gives a provisional debrief equal to sim::Score, without running the clock") {
  DebriefFixture f;
  REQUIRE(f.session.JumpToNextInjectNow());
  OpenDebrief(f);
  CHECK_FALSE(f.state.debrief);
  CHECK_FALSE(f.state.score);
  const auto before = f.Ex().GetWorld().Now();
  REQUIRE(f.harness.Click(kDebrief + "/###score_now"));
  f.harness.Frame(2);
  CHECK(f.Logged("ScoreNow"));
  REQUIRE(f.state.debrief);
  CHECK(f.Ex().GetWorld().Now() == before);
  const DebriefView& d = *f.state.debrief;
  CHECK(d.provisional);
  const sim::ScoreReport expect = sim::Score(f.Ex(), "interactive");
  CHECK(d.total == doctest::Approx(expect.total));
  REQUIRE(d.phases.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(d.phases[static_cast<size_t>(i)].value == doctest::Approx(expect.phase[i]));
  CHECK(d.csf.size() == expect.csf.size());
  CHECK(d.hseep.size() == expect.hseep.size());
  CHECK(d.objectives.size() == expect.objectives.size());
  REQUIRE(f.state.score);
  CHECK(*f.state.score == static_cast<int>(std::lround(expect.total)));
  // The merged time line holds the attacker's events and the inject, but a provisional debrief
  // does not show the attacker lane to the team.
  bool attacker = false, inject = false;
  for (const TimelineRow& r : d.timeline) {
    attacker |= r.kind == EventKind::Attacker;
    inject |= r.kind == EventKind::Inject;
  }
  CHECK(attacker);
  CHECK(inject);
  CHECK(SweepLane(f, 0).empty());
  // Frames do not score again: the report object stays the same.
  const sim::ScoreReport* scored = f.session.Score();
  f.harness.Frame(5);
  CHECK(f.session.Score() == scored);
}

TEST_CASE("the exercise is scored once when it ends; the final debrief shows the attacker lane and open channels") {
  DebriefFixture f("bec-invoice-fraud");
  REQUIRE(f.session.JumpToNextInjectNow());
  REQUIRE(sim::Respond(f.Ex(), {sim::ActionKind::DeclareIncident, "", {{"severity", "high"}}, "test"}));
  f.RunToEnd();
  REQUIRE(f.session.Score() != nullptr);
  CHECK_FALSE(f.session.ScoreProvisional());
  OpenDebrief(f);
  REQUIRE(f.state.debrief);
  CHECK_FALSE(f.state.debrief->provisional);
  CHECK(f.state.debrief->total == doctest::Approx(sim::Score(f.Ex(), "interactive").total));
  size_t open = 0;
  for (const auto& c : f.Ex().Channels()) open += c.Open();
  CHECK(f.state.debrief->open_channels.size() == open);
  ImRect r;
  CHECK_FALSE(f.harness.ItemRect(kDebrief + "/###score_now", &r));  // nothing provisional after the end
  // Hover: the attacker lane now shows markers, and the responder lane the declared incident.
  const std::vector<int> attacker = SweepLane(f, 0);
  REQUIRE_FALSE(attacker.empty());
  for (int i : attacker) CHECK(f.state.debrief->timeline[static_cast<size_t>(i)].kind == EventKind::Attacker);
  const std::vector<int> responder = SweepLane(f, 1);
  REQUIRE_FALSE(responder.empty());
  CHECK(f.state.debrief->timeline[static_cast<size_t>(responder[0])].text.find("Declare incident") == 0);
}

TEST_CASE("Export after-action report writes report.md, report.html and report.json to the typed folder") {
  DebriefFixture f;
  REQUIRE(f.session.JumpToNextInjectNow());
  OpenDebrief(f);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "td_debrief_export_test" / "aar";
  std::filesystem::remove_all(dir.parent_path());
  f.ui.report_folder.clear();
  REQUIRE(f.harness.Click(kDebrief + "/###report_folder"));
  f.harness.Type(dir.string().c_str());
  f.harness.PressKey(sf::Keyboard::Enter);
  CHECK(f.ui.report_folder == dir.string());
  REQUIRE(f.harness.Click(kDebrief + "/###export_report"));
  f.harness.Frame(2);
  CHECK(f.Logged("ExportReport " + dir.string()));
  // The export scored the exercise first (provisional), and wrote exactly the report writers' text.
  REQUIRE(f.session.Score() != nullptr);
  CHECK(f.session.ScoreProvisional());
  CHECK(Slurp(dir / "report.md") == sim::ReportMarkdown(f.Ex(), *f.session.Score()));
  CHECK(Slurp(dir / "report.html") == sim::ReportHtml(f.Ex(), *f.session.Score()));
  CHECK(Slurp(dir / "report.json") == sim::ReportJson(f.Ex(), *f.session.Score()));
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.path().extension() != ".tmp";
  CHECK(files == 3);
  for (const auto& e : std::filesystem::directory_iterator(dir)) CHECK(e.path().extension() != ".tmp");
  CHECK(f.state.debrief_notice.find("After-action report written to " + dir.string()) == 0);

  // A folder that cannot be created (a file is in the way) is a message, not a crash.
  const std::filesystem::path blocker = dir.parent_path() / "a-file";
  std::ofstream(blocker) << "x";
  f.session.Apply(ExportReportCmd{(blocker / "aar").string()});
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK(f.state.debrief_notice.find("cannot create the folder") == 0);
  std::filesystem::remove_all(dir.parent_path());
}

}  // namespace td::ui::test
