// Discussion questions (the scenario's "discussion" array or the defaults per NIST phase) and the
// facilitator's P/S/M/U ratings, which the after-action reports include only when there are any.
#include <doctest/doctest.h>

#include <algorithm>

#include "engine/load_error.h"
#include "sim/discussion.h"
#include "sim/response_state.h"
#include "sim/scoring.h"
#include "scenario_test_util.h"

using namespace td;
using nlohmann::json;

namespace {

json ShippedDoc(const std::string& name) {
  return engine::ParseJsonText(sim::EmbeddedAsset("scenarios/" + name + ".json"), name + ".json");
}

std::string LoadError(const json& doc) {
  try {
    sim::ParseScenario(doc, "s.json");
  } catch (const engine::LoadError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("without a discussion array every NIST phase gets default questions") {
  const auto sc = test::ShippedScenario("aitm-session-theft");
  CHECK(sc.discussion_json.empty());
  const auto qs = sim::DiscussionQuestions(sc);
  REQUIRE(qs.size() == sim::DefaultDiscussion().size());
  for (const char* phase : sim::kPhases)
    CHECK(std::count_if(qs.begin(), qs.end(), [&](const sim::DiscussionQuestion& q) { return q.phase == phase; }) >= 1);
  std::vector<std::string> ids;
  for (const auto& q : qs) {
    CHECK_FALSE(q.text.empty());
    ids.push_back(q.id);
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("a scenario's discussion array replaces the defaults") {
  json doc = ShippedDoc("aitm-session-theft");
  doc["discussion"] = json::array({{{"id", "q1"}, {"phase", "detection_analysis"}, {"question", "Who saw the first alert?"}},
                                   {{"id", "q2"}, {"phase", "post_incident"}, {"question", "What changes now?"}}});
  const auto sc = sim::ParseScenario(doc, "s.json");
  const auto qs = sim::DiscussionQuestions(sc);
  REQUIRE(qs.size() == 2);
  CHECK(qs[0].id == "q1");
  CHECK(qs[0].phase == "detection_analysis");
  CHECK(qs[1].text == "What changes now?");
}

TEST_CASE("a bad discussion array is reported with its JSON pointer and what to do") {
  json doc = ShippedDoc("aitm-session-theft");
  doc["discussion"] = "not a list";
  CHECK(LoadError(doc).find("/discussion: must be a list") != std::string::npos);

  doc["discussion"] = json::array({{{"id", "q1"}, {"phase", "detection"}, {"question", "x"}},
                                   {{"id", "q1"}, {"phase", "post_incident"}, {"question", "y"}},
                                   {{"id", "q3"}, {"phase", "preparation"}, {"questoin", "z"}},
                                   {{"id", "q4"}, {"phase", "preparation"}, {"question", ""}}});
  const std::string err = LoadError(doc);
  CHECK(err.find("/discussion/0/phase") != std::string::npos);
  CHECK(err.find("detection_analysis") != std::string::npos);  // the allowed phases are listed
  CHECK(err.find("/discussion/1/id") != std::string::npos);    // duplicate id
  CHECK(err.find("/discussion/2") != std::string::npos);       // unknown key and missing question
  CHECK(err.find("questoin") != std::string::npos);
  CHECK(err.find("/discussion/3/question") != std::string::npos);  // empty question
}

TEST_CASE("ratings: P/S/M/U only, known questions only, a second rating replaces the first") {
  sim::Exercise ex(test::ShippedScenario("aitm-session-theft"));
  ex.AdvanceTo(test::At(ex, "PT10H"));
  const std::string q = sim::DefaultDiscussion()[2].id;
  CHECK_FALSE(sim::RateDiscussion(ex, q, "X", ""));
  CHECK_FALSE(sim::RateDiscussion(ex, "no-such-question", "P", ""));
  CHECK_FALSE(sim::RateDiscussion(ex, q, "P", std::string(3000, 'n')));
  CHECK(sim::DiscussionRatings(ex).empty());
  REQUIRE(sim::RateDiscussion(ex, q, "M", "slow to look at sign-ins"));
  REQUIRE(sim::RateDiscussion(ex, sim::DefaultDiscussion()[0].id, "P", ""));
  REQUIRE(sim::RateDiscussion(ex, q, "S", "better after the hint"));
  const auto& r = sim::DiscussionRatings(ex);
  REQUIRE(r.size() == 2);
  CHECK(r[0].question == q);
  CHECK(r[0].rating == "S");
  CHECK(r[0].note == "better after the hint");
  CHECK(r[0].at == ex.GetWorld().Now());
  CHECK(std::string(sim::RatingMeaning("U")) == "Unable to be performed");
  // A loaded save rates again with the saved time; a time after the clock is refused.
  const engine::SimTime earlier = ex.GetWorld().Now() - engine::kHour;
  REQUIRE(sim::RateDiscussion(ex, q, "P", "restored", earlier));
  CHECK(sim::DiscussionRatings(ex)[0].at == earlier);
  CHECK_FALSE(sim::RateDiscussion(ex, q, "U", "", ex.GetWorld().Now() + 1));
  CHECK(sim::DiscussionRatings(ex)[0].rating == "P");
}

TEST_CASE("reports carry a Discussion ratings section only when something was rated") {
  sim::Exercise ex(test::ShippedScenario("aitm-session-theft"));
  ex.AdvanceTo(test::At(ex, "PT10H"));
  auto score = sim::Score(ex, "x");
  CHECK(sim::ReportMarkdown(ex, score).find("Discussion ratings") == std::string::npos);
  CHECK(sim::ReportHtml(ex, score).find("Discussion ratings") == std::string::npos);
  CHECK(sim::ReportJson(ex, score).find("discussion_ratings") == std::string::npos);

  const auto& q = sim::DefaultDiscussion()[4];
  REQUIRE(sim::RateDiscussion(ex, q.id, "U", "reset | then revoke"));
  score = sim::Score(ex, "x");
  const std::string md = sim::ReportMarkdown(ex, score);
  CHECK(md.find("## Discussion ratings") != std::string::npos);
  CHECK(md.find(q.text) != std::string::npos);
  CHECK(md.find("reset \\| then revoke") != std::string::npos);  // the table stays a table
  CHECK(sim::ReportHtml(ex, score).find("<h2>Discussion ratings</h2>") != std::string::npos);
  const json j = json::parse(sim::ReportJson(ex, score));
  REQUIRE(j.contains("discussion_ratings"));
  CHECK(j["discussion_ratings"][0]["id"] == q.id);
  CHECK(j["discussion_ratings"][0]["rating"] == "U");
  CHECK(j["discussion_ratings"][0]["phase"] == q.phase);
}
