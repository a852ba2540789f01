// The facilitator console's controls on a real exercise, headless: a hint goes through the
// use_hint responder action and costs points, discussion questions are rated P/S/M/U with a note
// into the simulation (and its reports), and "Reveal attacker time line" sets the view flag.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "live_shell_fixture.h"
#include "sim/discussion.h"
#include "sim/response.h"
#include "sim/scoring.h"

namespace td::ui::test {
namespace {

void OpenConsole(DebriefFixture& f) {
  f.harness.Frame();
  f.harness.PressKey(sf::Keyboard::F10);
  f.harness.Frame(2);
  REQUIRE(f.ui.facilitator_mode);
}

}  // namespace

TEST_CASE("Give hint sends use_hint through Respond; the console counts it and the score pays for it") {
  DebriefFixture f;
  REQUIRE(f.session.JumpToNextInjectNow());
  OpenConsole(f);
  CHECK(f.state.hint_cost == sim::kHintPenaltyPoints);
  CHECK(f.state.hints_used == 0);
  REQUIRE(f.harness.Click(kFacControls + "/###hint_note"));
  f.harness.Type("look for one session id from two countries");
  REQUIRE(f.harness.Click(kFacControls + "/###give_hint"));
  f.harness.Frame(2);
  CHECK(f.Logged("GiveHint \"look for one session id from two countries\""));
  CHECK(f.ui.hint_note.empty());  // ready for the next hint
  const auto& log = sim::ActionLog(f.Ex());
  REQUIRE(log.size() == 1);
  CHECK(log[0].request.kind == sim::ActionKind::UseHint);
  CHECK(log[0].request.args.at("note") == "look for one session id from two countries");
  CHECK(f.state.hints_used == 1);
  REQUIRE(f.harness.Click(kFacControls + "/###give_hint"));  // a second hint without a note
  f.harness.Frame(2);
  CHECK(f.state.hints_used == 2);
  // Like every action, a hint completes when the clock moves on.
  f.session.SetRunning(true, 600);
  f.harness.Frame(5);
  f.session.SetRunning(false, 600);
  REQUIRE(sim::ActionLog(f.Ex()).size() == 2);
  CHECK(sim::ActionLog(f.Ex())[0].ok);
  CHECK(sim::ActionLog(f.Ex())[1].ok);
  const sim::ScoreReport s = sim::Score(f.Ex(), "interactive");
  bool penalty = false;
  for (const auto& p : s.penalties) penalty |= p.rule == "hints" && p.points == 2 * sim::kHintPenaltyPoints;
  CHECK(penalty);
  // The team's action log shows the hints like any other action.
  bool shown = false;
  for (const ActionRow& a : f.state.actions) shown |= a.text.find("Take a hint") == 0;
  CHECK(shown);
}

TEST_CASE("rating a discussion question P/S/M/U with a note lands in the simulation and the reports") {
  DebriefFixture f;
  REQUIRE(f.session.JumpToNextInjectNow());
  OpenConsole(f);
  REQUIRE(f.state.discussion.size() == sim::DiscussionQuestions(f.Ex().Spec()).size());
  for (const DiscussionRow& q : f.state.discussion) CHECK(q.rating.empty());
  REQUIRE(f.harness.Click(kFacControls + "/Questions/" + f.state.discussion[2].id + "/###dq"));
  CHECK(f.ui.discussion_selected == 2);
  REQUIRE(f.harness.Click(kFacControls + "/###discussion_note"));
  f.harness.Type("found it from the helpdesk ticket, late");
  REQUIRE(f.harness.Click(kFacControls + "/###rate_M"));
  f.harness.Frame(2);
  const std::string id = f.state.discussion[2].id;
  CHECK(f.Logged("RateDiscussion " + id + " M \"found it from the helpdesk ticket, late\""));
  const auto& ratings = sim::DiscussionRatings(f.Ex());
  REQUIRE(ratings.size() == 1);
  CHECK(ratings[0].question == id);
  CHECK(ratings[0].rating == "M");
  CHECK(f.state.discussion[2].rating == "M");
  CHECK(f.state.discussion[2].note == "found it from the helpdesk ticket, late");
  // Re-rating replaces; the report has the section.
  REQUIRE(f.harness.Click(kFacControls + "/###rate_S"));
  f.harness.Frame(2);
  REQUIRE(sim::DiscussionRatings(f.Ex()).size() == 1);
  CHECK(sim::DiscussionRatings(f.Ex())[0].rating == "S");
  const auto score = sim::Score(f.Ex(), "interactive");
  const auto j = nlohmann::json::parse(sim::ReportJson(f.Ex(), score));
  REQUIRE(j.contains("discussion_ratings"));
  CHECK(j["discussion_ratings"][0]["rating"] == "S");
  CHECK(sim::ReportMarkdown(f.Ex(), score).find("## Discussion ratings") != std::string::npos);
}

TEST_CASE("Reveal attacker time line sets the view flag; the team's Time line then shows the attacker") {
  DebriefFixture f;
  REQUIRE(f.session.JumpToNextInjectNow());
  OpenConsole(f);
  CHECK_FALSE(f.ui.reveal_attack_timeline);
  REQUIRE(f.harness.Click(kFacControls + "/###reveal"));
  f.harness.Frame();
  CHECK(f.Logged("ToggleRevealTimeline"));
  CHECK(f.ui.reveal_attack_timeline);
  CHECK_FALSE(IsWorldCommand(ToggleRevealTimelineCmd{}));
  // Back to the team view: the Time line tab draws the attacker's events too.
  f.harness.PressKey(sf::Keyboard::F10);
  f.harness.Frame();
  REQUIRE(f.harness.Click(kTabs + "/Time line"));
  f.harness.Frame(2);
  CHECK(f.ui.active_tab == kTabTimeline);
  bool attacker = false;
  for (const TimelineRow& r : f.state.attack_timeline) attacker |= r.kind == EventKind::Attacker;
  CHECK(attacker);
  // Toggling again hides it.
  f.harness.PressKey(sf::Keyboard::F10);
  f.harness.Frame();
  REQUIRE(f.harness.Click(kFacControls + "/###reveal"));
  f.harness.Frame();
  CHECK_FALSE(f.ui.reveal_attack_timeline);
}

}  // namespace td::ui::test
