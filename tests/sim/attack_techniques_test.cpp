// Each technique leaves the rows, names, layouts and correlations the public detection content
// keys on. The rule each expectation comes from is named next to it.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "scenario_test_util.h"

using namespace td;
using nlohmann::json;

namespace {
struct Played {
  std::unique_ptr<sim::Exercise> ex;
  std::string victim;
};
Played Play(const std::string& name, const std::string& until = "") {
  Played p;
  p.ex = std::make_unique<sim::Exercise>(test::ShippedScenario(name));
  if (until.empty()) p.ex->RunToEnd(); else p.ex->AdvanceTo(test::At(*p.ex, until.c_str()));
  p.victim = p.ex->GetWorld().GetTenant().users[p.ex->RoleUser("patient_zero")].upn;
  return p;
}
}  // namespace

TEST_CASE("AiTM: proxy sign-in, then the same SessionId replayed from another IP and ASN with MFA satisfied by claim") {
  auto p = Play("aitm-session-theft", "PT20H");  // the offline AiTM detection lands 3-7 h after the sign-in
  const auto& w = p.ex->GetWorld();
  std::vector<json> mine;
  for (auto& r : test::RowsOf(w, "SigninLogs"))
    if (r["UserPrincipalName"] == p.victim && r["TimeGenerated"].get<std::string>() >= "2026-03-03T09") mine.push_back(r);
  REQUIRE(mine.size() >= 2);
  const json& proxy = mine[0];
  // PossibleAiTMPhishingAttemptAgainstAAD / Tycoon2FA: OfficeHome, success, MFA, proxy IP (VPS ASN).
  CHECK(proxy["IPAddress"] == "192.0.2.44");
  CHECK(proxy["AppId"] == "4765445b-32c6-49b0-83e6-1d93765276ca");
  CHECK(proxy["ResultType"] == "0");
  CHECK(proxy["AuthenticationRequirement"] == "multiFactorAuthentication");
  CHECK(proxy["DeviceDetail"]["deviceId"] == "");
  const json* replay = nullptr;
  for (const auto& r : mine) if (r["IPAddress"] == "198.51.100.200") { replay = &r; break; }
  REQUIRE(replay != nullptr);
  // Elastic initial_access_entra_id_graph_single_session_from_multiple_addresses: same SessionId.
  CHECK((*replay)["SessionId"] == proxy["SessionId"]);
  // AnomalousTokenIssuanceAfterAiTM: different IPAddress and AutonomousSystemNumber.
  CHECK((*replay)["AutonomousSystemNumber"] != proxy["AutonomousSystemNumber"]);
  // Sign-ins From VPS Providers: Status.additionalDetails.
  CHECK((*replay)["Status"]["additionalDetails"] == "MFA requirement satisfied by claim in the token");
  auto steps = json::parse((*replay)["AuthenticationDetails"].get<std::string>());
  CHECK(steps[0]["authenticationMethod"] == "Previously satisfied");
  // P2 tenant: risk on the sign-ins and the offline attacker-in-the-middle detection.
  CHECK(proxy["RiskLevelDuringSignIn"] != "hidden");
  CHECK((*replay)["RiskEventTypes_V2"].get<std::string>().find("anomalousToken") != std::string::npos);
  // Non-interactive refreshes from the attacker's IP on the stolen session.
  int ni = 0;
  for (auto& r : test::RowsOf(w, "AADNonInteractiveUserSignInLogs"))
    if (r["UserPrincipalName"] == p.victim && r["IPAddress"] == "198.51.100.200" && r["SessionId"] == proxy["SessionId"]) ++ni;
  CHECK(ni >= 1);
  bool aitm = false;
  for (auto& r : test::RowsOf(w, "AADUserRiskEvents")) aitm |= r["RiskEventType"] == "attackerinTheMiddle" && r["UserPrincipalName"] == p.victim;
  CHECK(aitm);
}

TEST_CASE("MFA persistence: security-info registration and the Update user StrongAuthentication change from the attacker's IP") {
  auto p = Play("aitm-session-theft", "PT12H");
  bool registered = false, updated = false;
  for (auto& r : test::RowsOf(p.ex->GetWorld(), "AuditLogs")) {
    if (r["TargetResources"][0]["userPrincipalName"] != p.victim) continue;
    // riskSignInWithNewMFAMethod / SuspiciousSignInFollowedByMFAModification.
    if (r["OperationName"] == "User registered security info") {
      registered = true;
      CHECK(r["LoggedByService"] == "Authentication Methods");
      CHECK(r["Category"] == "UserManagement");
      CHECK(r["InitiatedBy"]["user"]["ipAddress"] == "198.51.100.200");
    }
    if (r["OperationName"] == "Update user" && r["TargetResources"][0]["modifiedProperties"].dump().find("StrongAuthenticationPhoneAppDetail") != std::string::npos)
      updated = true;
  }
  CHECK(registered);
  CHECK(updated);
}

TEST_CASE("Hiding inbox rule: New-InboxRule with the OWA parameter order and ResultStatus True") {
  auto p = Play("aitm-session-theft", "PT12H");
  const json* rule = nullptr;
  auto rows = test::RowsOf(p.ex->GetWorld(), "OfficeActivity");
  for (auto& r : rows) if (r["Operation"] == "New-InboxRule" && r["UserId"] == p.victim) rule = &r;
  REQUIRE(rule != nullptr);
  auto params = json::parse((*rule)["Parameters"].get<std::string>());
  // Malicious_Inbox_Rule / BEC_MailboxRule read the keyword list; OWA order puts Name at [4].
  CHECK(params[0]["Name"] == "AlwaysDeleteOutlookRulesBlob");
  CHECK(params[2]["Name"] == "SubjectOrBodyContainsWords");
  CHECK(params[2]["Value"].get<std::string>().find("phishing") != std::string::npos);
  CHECK(params[3]["Name"] == "MoveToFolder");
  CHECK(params[3]["Value"] == "RSS Feeds");
  CHECK(params[4]["Name"] == "Name");
  CHECK((*rule)["ResultStatus"] == "True");
  CHECK((*rule)["ClientIP"].get<std::string>().rfind("198.51.100.200:", 0) == 0);
  CHECK((*rule)["OfficeWorkload"] == "Exchange");
  // MailItemsAccessed from the attacker (MailItemsAccessedTimeSeries) after the rule.
  int reads = 0;
  for (auto& r : rows)
    if (r["Operation"] == "MailItemsAccessed" && r["MailboxOwnerUPN"] == p.victim && r["Client_IPAddress"] == "198.51.100.200") ++reads;
  CHECK(reads >= 3);
}

TEST_CASE("OAuth consent: four events share one CorrelationId; ConsentAction.Permissions in the real layout; mail read via Graph") {
  auto p = Play("oauth-consent-persistence", "P1D");
  std::map<std::string, std::vector<json>> by_corr;
  for (auto& r : test::RowsOf(p.ex->GetWorld(), "AuditLogs")) {
    const std::string op = r["OperationName"];
    if (op == "Consent to application" || op == "Add delegated permission grant" || op == "Add service principal" ||
        op == "Add app role assignment grant to user")
      by_corr[r["CorrelationId"].get<std::string>()].push_back(r);
  }
  const std::vector<json>* chain = nullptr;
  for (auto& [corr, rows] : by_corr) if (rows.size() == 4) chain = &rows;
  REQUIRE(chain != nullptr);  // Sentinel consent rules inner-join on CorrelationId
  const json* consent = nullptr;
  for (const auto& r : *chain) if (r["OperationName"] == "Consent to application") consent = &r;
  REQUIRE(consent != nullptr);
  CHECK((*consent)["LoggedByService"] == "Core Directory");
  CHECK((*consent)["Category"] == "ApplicationManagement");
  CHECK((*consent)["Result"] == "success");
  CHECK((*consent)["TargetResources"][0]["type"] == "ServicePrincipal");
  // EndUserConsentMailboxOfflineAccess / MaliciousOAuthApp_PwnAuth parse this text.
  const auto& mods = (*consent)["TargetResources"][0]["modifiedProperties"];
  CHECK(mods[0]["displayName"] == "ConsentContext.IsAdminConsent");
  CHECK(mods[0]["newValue"] == "\"False\"");
  CHECK(mods[4]["displayName"] == "ConsentAction.Permissions");
  const std::string perms = mods[4]["newValue"];
  CHECK(perms.find("ConsentType: Principal, Scope:  offline_access Mail.Read") != std::string::npos);
  CHECK(perms.find(", CreatedDateTime: , LastModifiedDateTime ]]; ") != std::string::npos);
  // AdditionalDetails: [0] User-Agent, [1] AppId = the consented app.
  CHECK((*consent)["AdditionalDetails"][0]["key"] == "User-Agent");
  const std::string app_id = p.ex->GetWorld().GetTenant().apps[p.ex->RoleApp("attacker_app")].app_id;
  CHECK((*consent)["AdditionalDetails"][1]["value"] == app_id);
  // The app reads the mailbox: MailItemsAccessed with AppId Graph and the app as ClientAppId.
  int via_app = 0;
  for (auto& r : test::RowsOf(p.ex->GetWorld(), "OfficeActivity"))
    if (r["Operation"] == "MailItemsAccessed" && r["ClientAppId"] == app_id) {
      ++via_app;
      CHECK(r["AppId"] == "00000003-0000-0000-c000-000000000000");
      CHECK(r["Client_IPAddress"] == "192.0.2.77");
    }
  CHECK(via_app >= 2);
}

TEST_CASE("BEC: forwarding with the smtp: prefix, a delete rule for the vendor's replies, and the fraudulent Send") {
  auto p = Play("bec-invoice-fraud");
  auto rows = test::RowsOf(p.ex->GetWorld(), "OfficeActivity");
  bool fwd = false, hide = false, send = false;
  for (auto& r : rows) {
    if (r["UserId"] != p.victim) continue;
    if (r["Operation"] == "Set-Mailbox" && r["ClientIP"].get<std::string>().rfind("192.0.2.150", 0) == 0) {
      auto ps = json::parse(r["Parameters"].get<std::string>());
      CHECK(ps[1]["Name"] == "ForwardingSmtpAddress");  // Office_MailForwarding reads [1]
      CHECK(ps[1]["Value"] == "smtp:ap.archive.northwind@freemail-box.example");
      fwd = true;
    }
    if (r["Operation"] == "New-InboxRule" && r["Parameters"].get<std::string>().find("DeleteMessage") != std::string::npos) hide = true;
    if (r["Operation"] == "Send" && r["Item"].get<std::string>().find("Updated bank details") != std::string::npos) send = true;
  }
  CHECK(fwd);
  CHECK(hide);
  CHECK(send);
  CHECK(test::HasEvent(*p.ex, "payment_lost"));
  CHECK(p.ex->Metrics().fraud_loss_usd == doctest::Approx(48500));
  bool vendor_call = false;
  for (const auto& i : p.ex->Injects()) vendor_call |= i.id == "vendor-call";
  CHECK(vendor_call);
}

TEST_CASE("Internal phishing spread: one Send, 200 intra-org EmailEvents, three clicks that become new AiTM victims") {
  auto p = Play("finance-chain");
  int intra = 0;
  std::string subject = "New payment approval workflow - action required today";
  for (auto& r : test::RowsOf(p.ex->GetWorld(), "EmailEvents"))
    if (r["Subject"] == subject) {
      ++intra;
      CHECK(r["EmailDirection"] == "Intra-org");
      CHECK(r["SenderFromAddress"] == p.victim);
    }
  CHECK(intra == 200);
  std::set<std::string> clickers;
  for (auto& r : test::RowsOf(p.ex->GetWorld(), "UrlClickEvents")) clickers.insert(r["AccountUpn"].get<std::string>());
  CHECK(clickers.size() == 4);  // patient zero and three colleagues
  CHECK(p.ex->Metrics().identities_compromised == 4);
  std::set<std::string> proxied;
  for (auto& r : test::RowsOf(p.ex->GetWorld(), "SigninLogs"))
    if (r["IPAddress"] == "192.0.2.44" && r["ResultType"] == "0") proxied.insert(r["UserPrincipalName"].get<std::string>());
  CHECK(proxied.size() == 4);
}
