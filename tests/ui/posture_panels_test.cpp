// The Shared-responsibility tab, the posture review section and "Prepare the tenant" on the
// start screen, drawn from a hand-filled ShellState: clicks must emit the right commands, and a
// running review must not be started twice.
#include <doctest/doctest.h>

#include "shell_fixture.h"
#include "ui/panels.h"

namespace td::ui::test {
namespace {

using Log = std::vector<std::string>;

const std::string kShared = kTabs + "/Shared responsibility/SharedBody";
const std::string kCard = std::string(kShellWindowName) + "/Start/ScenarioCard";

ShellState SharedState() {
  ShellState s;
  s.scenario_title = "Test scenario";
  s.posture_title = "neglected small business";
  s.responsibility = {
      {"Sign-in logs (SigninLogs)", "evidence", "records every interactive sign-in", "licence tier and retention", "shared", "kept 7 days", true},
      {"Risk detections", "evidence", "computes user and sign-in risk", "buy Entra ID P2", "customer", "not collected: needs Entra ID P2", false},
      {"Session revocation", "control", "revokes refresh tokens", "act; CAE makes it immediate", "shared", "available", true},
  };
  s.posture = {{"mfa_strength", "Identity and access", "MFA strength", "customer", "Phishing-resistant MFA defeats the AiTM proxy.",
                "push", "SMS or app push", "the proxy relays the push"}};
  return s;
}

ShellState StartState() {
  ShellState s;
  s.mode = ShellMode::Start;
  ScenarioCard c;
  c.name = "aitm-session-theft";
  c.title = "AiTM session theft";
  c.summary = "summary";
  c.briefing = "briefing";
  s.scenarios = {c};
  s.chosen_scenario = 0;
  s.prep.available = true;
  s.prep.budget = 10;
  s.prep.used = 4;
  s.prep.decisions = {
      {"mfa_strength", "Identity and access", "MFA strength", "customer", "why", "push", "push",
       {{"none", "None", "", 0}, {"push", "SMS or app push", "", 1}, {"phishing_resistant", "FIDO2 / Windows Hello", "", 6}}, true},
      {"audit_era", "Monitoring and response", "Audit era", "microsoft", "why", "2024", "2024", {{"2022", "Before 2023", "", 0}, {"2024", "2024 on", "", 0}}, false},
  };
  return s;
}

}  // namespace

TEST_CASE("the Shared-responsibility tab draws evidence and controls with owners, and starts a review") {
  ShellFixture f;
  f.state = SharedState();
  f.ui.active_tab = kTabSharedResponsibility;
  f.ui.tab_change_requested = true;
  f.harness.Frame(3);
  CHECK(f.TakeLog().empty());  // drawing alone emits nothing
  REQUIRE(f.harness.Click(kShared + "/###review"));
  CHECK(f.TakeLog() == Log{"StartPostureReview"});
  CHECK(IsWorldCommand(StartPostureReviewCmd{}));

  // While the review runs the button is disabled: a click emits nothing.
  f.state.review.running = true;
  f.state.review.progress = 0.4;
  f.harness.Frame(2);
  ImRect r;
  if (f.harness.ItemRect(kShared + "/###review", &r)) {
    f.harness.MoveMouse(r.GetCenter());
    f.harness.Frame();
    ImGui::GetIO().MouseDown[0] = true;
    f.harness.Frame();
    ImGui::GetIO().MouseDown[0] = false;
    f.harness.Frame();
  }
  CHECK(f.TakeLog().empty());

  // A finished review draws its sections (exposure bars, owned-not-used, the ranked plan).
  f.state.review = {};
  f.state.review.done = true;
  f.state.review.posture_title = "neglected small business";
  f.state.review.areas = {{"Identity and access", 80}, {"Monitoring and response", 20}};
  f.state.review.most_exposed = {"Identity and access: the AiTM proxy steals sessions in 2 of 4 scenarios"};
  f.state.review.owned_not_used = {{"Continuous Access Evaluation", "Identity and access", "off", "on", "licensed already", 12, 0, 30}};
  f.state.review.plan = {{"MFA strength", "Identity and access", "push", "phishing-resistant", "defeats the proxy", 40, 6, 30}};
  f.harness.Frame(3);
  CHECK(f.harness.ItemRect(kShared + "/###review", &r));  // "Review again"
  CHECK(f.TakeLog().empty());
}

TEST_CASE("Prepare the tenant: the start screen toggles the panel, options emit SetPrepChoice, Reset emits ResetPrep") {
  ShellFixture f;
  f.state = StartState();
  f.harness.Frame(2);
  REQUIRE(f.harness.Click(kCard + "/###prepare"));
  f.harness.Frame();
  CHECK(f.TakeLog() == Log{"TogglePrepare"});
  CHECK(f.ui.prepare_open);
  CHECK_FALSE(IsWorldCommand(TogglePrepareCmd{}));
  f.harness.Frame(2);
  REQUIRE(f.harness.Click(kCard + "/Prepare/PrepDecisions/mfa_strength/###phishing_resistant"));
  CHECK(f.TakeLog() == Log{"SetPrepChoice mfa_strength phishing_resistant"});
  // The option already chosen emits nothing; a decision that cannot be prepared is disabled.
  REQUIRE(f.harness.Click(kCard + "/Prepare/PrepDecisions/mfa_strength/###push"));
  REQUIRE(f.harness.Click(kCard + "/Prepare/PrepDecisions/audit_era/###2022"));
  CHECK(f.TakeLog().empty());
  REQUIRE(f.harness.Click(kCard + "/Prepare/###prep_reset"));
  CHECK(f.TakeLog() == Log{"ResetPrep"});
  // Start still works with the panel open; closing it shows the tenant facts again.
  REQUIRE(f.harness.Click(kCard + "/###start"));
  CHECK(f.TakeLog() == Log{"StartExercise"});
  REQUIRE(f.harness.Click(kCard + "/###prepare"));
  CHECK_FALSE(f.ui.prepare_open);
}

}  // namespace td::ui::test
