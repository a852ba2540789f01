// Shared responsibility, preparation and the posture review on a real LiveSession: the tab shows
// sim::SharedResponsibility and sim::PostureOf for the running tenant, "Prepare the tenant"
// changes decisions within the budget (refusing what does not fit) and the exercise starts under
// the prepared posture, and the review runs on a worker thread while frames keep drawing.
#include <doctest/doctest.h>

#include <chrono>

#include "live_shell_fixture.h"
#include "sim/posture.h"
#include "sim/posture_review.h"

namespace td::ui::test {
namespace {

const std::string kCard = std::string(kShellWindowName) + "/Start/ScenarioCard";
const std::string kShared = kTabs + "/Shared responsibility/SharedBody";

// The shell over a LiveSession that stays on the start screen.
struct StartFixture : LiveShellFixture {
  StartFixture() : LiveShellFixture("aitm-session-theft", /*start=*/false) { budget_ms = 1e9; }
};

}  // namespace

TEST_CASE("the Shared-responsibility tab shows sim::SharedResponsibility and the posture of the running tenant") {
  DebriefFixture f;
  f.harness.Frame(2);
  const sim::Tenant& t = f.Ex().GetWorld().GetTenant();
  size_t e5 = 0;
  for (const auto& u : t.users) e5 += u.plan == sim::M365Plan::E5;
  const auto rows = sim::SharedResponsibility(t.settings, static_cast<double>(e5) / static_cast<double>(t.users.size()));
  REQUIRE(f.state.responsibility.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    CHECK(f.state.responsibility[i].item == rows[i].item);
    CHECK(f.state.responsibility[i].owner == rows[i].owner);
    CHECK(f.state.responsibility[i].available == rows[i].available);
  }
  const sim::Posture p = sim::PostureOf(f.Ex().Spec().tenant);
  REQUIRE(f.state.posture.size() == p.choices.size());
  for (const PostureDecisionView& d : f.state.posture) {
    CHECK(d.value == p.Value(d.id));
    CHECK_FALSE(d.explanation.empty());
    CHECK_FALSE(d.value_label.empty());
  }
  f.ui.active_tab = kTabSharedResponsibility;
  f.ui.tab_change_requested = true;
  f.harness.Frame(3);
  ImRect r;
  CHECK(f.harness.ItemRect(kShared + "/###review", &r));
}

TEST_CASE("Prepare the tenant: changes within the budget are kept, over-budget ones refused, Start applies them") {
  StartFixture f;
  f.harness.Frame(2);
  REQUIRE(f.state.mode == ShellMode::Start);
  REQUIRE(f.harness.Click(kCard + "/###prepare"));
  f.harness.Frame(2);
  REQUIRE(f.ui.prepare_open);
  REQUIRE(f.state.prep.available);
  CHECK(f.state.prep.budget == sim::kDefaultPrepBudget);
  CHECK(f.state.prep.used == 0);
  // Phishing-resistant MFA: the strongest option of a preparable decision.
  const PrepDecisionView* mfa = nullptr;
  for (const PrepDecisionView& d : f.state.prep.decisions)
    if (d.id == "mfa_strength") mfa = &d;
  REQUIRE(mfa != nullptr);
  REQUIRE(mfa->base_value != "phishing_resistant");
  REQUIRE(f.harness.Click(kCard + "/Prepare/PrepDecisions/mfa_strength/###phishing_resistant"));
  f.harness.Frame();
  CHECK(f.log.back() == "SetPrepChoice mfa_strength phishing_resistant");
  const int used_mfa = f.state.prep.used;
  CHECK(used_mfa > 0);
  CHECK(used_mfa <= f.state.prep.budget);
  // Upgrade every other preparable decision to its strongest option until the world refuses one.
  bool refused = false;
  for (size_t i = 0; i < f.state.prep.decisions.size() && !refused; ++i) {
    const PrepDecisionView d = f.state.prep.decisions[i];
    if (!d.preparable || d.id == "mfa_strength" || d.options.empty() || d.chosen_value == d.options.back().value) continue;
    const int before = f.state.prep.used;
    f.session.Apply(SetPrepChoiceCmd{d.id, d.options.back().value});
    f.harness.Frame();
    if (f.state.prep.message.rfind("Refused", 0) == 0) {
      refused = true;
      CHECK(f.state.prep.used == before);  // nothing changed
      CHECK(f.state.prep.message.find("budget") != std::string::npos);
    }
    CHECK(f.state.prep.used <= f.state.prep.budget);
  }
  CHECK(refused);
  // Start: the exercise is built under the prepared posture.
  REQUIRE(f.harness.Click(kCard + "/###start"));
  for (int i = 0; i < 50 && f.state.mode != ShellMode::Play; ++i) f.harness.Frame();
  REQUIRE(f.state.mode == ShellMode::Play);
  CHECK(sim::PostureOf(f.session.GetExercise()->Spec().tenant).Value("mfa_strength") == "phishing_resistant");
  CHECK(f.state.posture_title.find("(prepared)") != std::string::npos);
}

TEST_CASE("the posture review runs on a worker thread with progress, then shows the ranked plan") {
  DebriefFixture f;
  f.ui.active_tab = kTabSharedResponsibility;
  f.ui.tab_change_requested = true;
  f.harness.Frame(3);
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(f.harness.Click(kShared + "/###review"));
  const double click_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  CHECK(f.Logged("StartPostureReview"));
  CHECK(click_ms < 2000);  // the frames around the click did not wait for the review
  f.session.WaitForReview();
  f.harness.Frame(2);
  CHECK_FALSE(f.state.review.running);
  REQUIRE(f.state.review.error.empty());
  REQUIRE(f.state.review.done);
  CHECK(f.state.review.progress == doctest::Approx(1.0));
  CHECK(f.state.review.areas.size() == std::size(sim::kPostureAreas));
  // The same posture reviewed directly gives the same plan, in the same order (deterministic).
  const sim::PostureReview direct = sim::ReviewPosture(sim::PostureOf(f.Ex().Spec().tenant));
  REQUIRE(f.state.review.plan.size() == direct.plan.size());
  for (size_t i = 0; i < direct.plan.size(); ++i) {
    CHECK(f.state.review.plan[i].title == direct.plan[i].title);
    CHECK(f.state.review.plan[i].risk_closed == doctest::Approx(direct.plan[i].risk_closed));
  }
  CHECK(f.state.review.owned_not_used.size() == direct.owned_not_used.size());
}

}  // namespace td::ui::test
