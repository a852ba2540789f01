// The attacker reacts: after each single containment action it falls back to a channel still open.
#include <doctest/doctest.h>

#include "scenario_test_util.h"

using namespace td;
using nlohmann::json;

namespace {
int AttackerRowsAfter(const sim::Exercise& ex, const std::string& table, const std::string& ip, engine::SimTime after,
                      const std::string& result = "", engine::SimTime before = INT64_MAX) {
  int n = 0;
  const std::string cut = engine::FormatIso(after), end = before == INT64_MAX ? "9999" : engine::FormatIso(before);
  for (auto& r : test::RowsOf(ex.GetWorld(), table)) {
    if (r["TimeGenerated"].get<std::string>() < cut || r["TimeGenerated"].get<std::string>() >= end) continue;
    const bool ip_match = table == "OfficeActivity" ? r["Client_IPAddress"] == ip : r["IPAddress"] == ip;
    if (ip_match && (result.empty() || r["ResultType"] == result)) ++n;
  }
  return n;
}
}  // namespace

TEST_CASE("revoking sessions alone: the replay is refused (50173) and the attacker signs in with its own authenticator") {
  sim::Exercise ex(test::ShippedScenario("aitm-session-theft"));
  ex.AdvanceTo(test::At(ex, "PT12H"));
  const uint32_t victim = ex.RoleUser("patient_zero");
  const auto t = ex.GetWorld().Now();
  test::RevokeSessions(ex, victim);
  ex.RunToEnd();
  CHECK(AttackerRowsAfter(ex, "AADNonInteractiveUserSignInLogs", "198.51.100.200", t, "50173") >= 1);
  CHECK(test::HasEvent(ex, "replay_refused", t));
  CHECK(test::HasEvent(ex, "signin_with_attacker_mfa", t));
  CHECK(AttackerRowsAfter(ex, "OfficeActivity", "198.51.100.200", t + 2 * engine::kHour) > 0);  // still reading mail
}

TEST_CASE("resetting the password alone: access tokens last until expiry, then a self-service reset with the attacker's method") {
  sim::Exercise ex(test::ShippedScenario("aitm-session-theft"));
  ex.AdvanceTo(test::At(ex, "PT12H"));
  const uint32_t victim = ex.RoleUser("patient_zero");
  const auto t = ex.GetWorld().Now();
  test::ResetPassword(ex, victim);
  ex.RunToEnd();
  CHECK(test::HasEvent(ex, "sspr_takeover", t));
  bool sspr_row = false;
  for (auto& r : test::RowsOf(ex.GetWorld(), "AuditLogs")) sspr_row |= r["OperationName"] == "Reset password (self-service)";
  CHECK(sspr_row);
}

TEST_CASE("revoking sessions and removing the attacker's method: access lost, the attacker phishes again") {
  sim::Exercise ex(test::ShippedScenario("aitm-session-theft"));
  ex.AdvanceTo(test::At(ex, "PT12H"));
  const uint32_t victim = ex.RoleUser("patient_zero");
  const auto t = ex.GetWorld().Now();
  test::RemoveAttackerMethods(ex, victim);
  test::RevokeSessions(ex, victim);
  ex.AdvanceTo(t + 3 * engine::kHour);
  const auto quiet = ex.GetWorld().Now();
  ex.RunToEnd();
  CHECK(test::HasEvent(ex, "access_lost", t));
  CHECK_FALSE(test::HasEvent(ex, "signin_with_attacker_mfa", t));
  // Quiet until the new phish a day later, which succeeds: the user was never trained.
  CHECK(AttackerRowsAfter(ex, "OfficeActivity", "198.51.100.200", quiet, "", t + engine::kDay) == 0);
  CHECK(test::HasEvent(ex, "session_stolen", t + engine::kDay));
  // The rule channel is still open: it survives identity remediation.
  bool rule_open = false;
  for (const auto& c : ex.Channels()) rule_open |= c.kind == sim::ChannelKind::InboxRule && c.Open();
  CHECK(rule_open);
}

TEST_CASE("OAuth: a password reset and session revocation do not stop the app; revoking the grant does") {
  sim::Exercise ex(test::ShippedScenario("oauth-consent-persistence"));
  ex.AdvanceTo(test::At(ex, "P1DT10H"));
  const uint32_t victim = ex.RoleUser("patient_zero");
  const std::string app_id = ex.GetWorld().GetTenant().apps[ex.RoleApp("attacker_app")].app_id;
  const auto t = ex.GetWorld().Now();
  test::ResetPassword(ex, victim);
  test::RevokeSessions(ex, victim);
  ex.AdvanceTo(t + 12 * engine::kHour);
  auto reads_after = [&](engine::SimTime from) {
    int n = 0;
    const std::string cut = engine::FormatIso(from);
    for (auto& r : test::RowsOf(ex.GetWorld(), "OfficeActivity"))
      if (r["Operation"] == "MailItemsAccessed" && r["ClientAppId"] == app_id && r["TimeGenerated"].get<std::string>() >= cut) ++n;
    return n;
  };
  CHECK(reads_after(t) > 0);
  const auto t2 = ex.GetWorld().Now();
  test::RevokeGrants(ex, victim);
  ex.RunToEnd();
  CHECK(reads_after(t2 + engine::kMinute) == 0);
  bool closed = false;
  for (const auto& c : ex.Channels()) closed |= c.kind == sim::ChannelKind::OAuthGrant && !c.Open() && c.closed_reason == "delegated grant revoked";
  CHECK(closed);
}

TEST_CASE("BEC: stopping the fraud before the deadline holds the payment; clearing forwarding ends the leak") {
  sim::Exercise ex(test::ShippedScenario("bec-invoice-fraud"));
  ex.AdvanceTo(test::At(ex, "P1DT12H"));
  const uint32_t victim = ex.RoleUser("patient_zero");
  REQUIRE(test::HasEvent(ex, "fraud_sent"));
  ex.StopFraud(ex.GetWorld().Now(), "The customer was called and told not to pay.");
  test::ClearForwarding(ex, victim);
  const auto exposed = ex.Metrics().mail_items_exposed;
  ex.RunToEnd();
  CHECK(test::HasEvent(ex, "payment_held"));
  CHECK_FALSE(test::HasEvent(ex, "payment_lost"));
  CHECK(ex.Metrics().fraud_loss_usd == 0);
  bool fwd_open = false;
  for (const auto& c : ex.Channels()) fwd_open |= c.kind == sim::ChannelKind::MailboxForwarding && c.Open();
  CHECK_FALSE(fwd_open);
  CHECK(ex.Metrics().mail_items_exposed >= exposed);  // session reads may go on: only forwarding closed
}

TEST_CASE("the tenant's outbound policy: with automatic forwarding blocked the rule fires but delivery fails") {
  auto spec = test::ShippedScenario("bec-invoice-fraud");
  spec.tenant.settings.forwarding = sim::ForwardingPolicy::Automatic;
  sim::Exercise ex(spec);
  ex.AdvanceTo(test::At(ex, "P1D"));
  CHECK(test::HasEvent(ex, "forwarding_blocked"));
}
