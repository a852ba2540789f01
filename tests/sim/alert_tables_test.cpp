// The alert and mail-flow tables: real schemas, the values detection content keys on, the joins
// (EmailEvents <-> UrlClickEvents, Graph <-> sign-ins) and licence gating.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/kql/kql_engine.h"
#include "sim/alert_tables.h"
#include "sim_test_util.h"

using namespace td;
using nlohmann::json;

// The fact structs leave string_view members without "= {}": designated initializers that skip
// them are fine (value-initialised) but GCC warns.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

constexpr const char* kAlertTables[] = {"AADUserRiskEvents", "AADRiskyUsers", "SecurityAlert", "EmailEvents", "UrlClickEvents",
                                        "MicrosoftGraphActivityLogs"};


std::vector<json> Rows(const sim::World& w, const std::string& table) {
  std::vector<json> rows;
  std::istringstream in(test::TableText(w, table));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(json::parse(line));
  return rows;
}

sim::TemplateSpec LicensedSpec(bool licensed) {
  auto spec = test::ShippedTemplate("small-business-50");
  spec.settings.entra = licensed ? sim::EntraTier::P2 : sim::EntraTier::P1;
  spec.settings.mdo_p2 = licensed;
  spec.settings.graph_activity_export = licensed;
  spec.settings.defender_alerts = true;
  return spec;
}

// A committed successful interactive sign-in row (user, session, time, source).
struct SignInRow { uint32_t user, session, source; engine::SimTime time; };
SignInRow FirstSignIn(const sim::World& w) {
  const engine::LogTable& t = *w.Logs().Store().Find("SigninLogs");
  const int user = t.FindField("user"), sess = t.FindField("session"), src = t.FindField("source"), res = t.FindField("result");
  for (size_t r = 0; r < t.RowCount(); ++r)
    if (t.Field(static_cast<size_t>(res), r) == 0)
      return {static_cast<uint32_t>(t.Field(static_cast<size_t>(user), r)), static_cast<uint32_t>(t.Field(static_cast<size_t>(sess), r)),
              static_cast<uint32_t>(t.Field(static_cast<size_t>(src), r)), t.Time(r)};
  FAIL("no successful sign-in in the world");
  return {};
}

bool IsGuid(const std::string& s) { return s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-'; }

}  // namespace

TEST_CASE("the alert tables follow the existing five and carry exactly the real columns and types") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  const auto& tables = w->Logs().Store().Tables();
  REQUIRE(tables.size() >= 11);
  CHECK(tables[0]->Name() == "SigninLogs");
  CHECK(tables[4]->Name() == "OfficeActivity");
  for (const char* table : kAlertTables) {
    CAPTURE(table);
    const engine::LogTable* t = w->Logs().Store().Find(table);
    REQUIRE(t != nullptr);
    auto ref = test::ReferenceSchema(table);
    REQUIRE(t->Columns().size() == ref.size());
    for (size_t i = 0; i < ref.size(); ++i) {
      CHECK(t->Columns()[i].name == ref[i].first);
      CHECK(engine::TypeName(t->Columns()[i].type) == ref[i].second);
    }
  }
}

TEST_CASE("every alert table row has the JSON types its columns imply") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const engine::SimTime at = si.time + 5 * engine::kMinute;
  sim::AppendRiskEvent(logs, {.time = at, .activity_time = si.time, .user = si.user, .type = sim::RiskEvent::UnfamiliarFeatures,
                              .source = si.source});
  sim::AppendRiskyUser(logs, {.time = at, .user = si.user});
  sim::AppendSecurityAlert(logs, {.time = at, .product = sim::AlertProduct::DefenderXdr, .name = "Suspicious inbox manipulation rule",
                                  .tactics = "DefenseEvasion", .techniques = "[\"T1564.008\"]", .user = si.user, .source = si.source});
  sim::AppendEmail(logs, {.time = at, .message_key = 7, .external_sender = "x@fabrikam-flour.example", .sender_source = si.source,
                          .recipient_user = si.user, .subject = "Invoice"});
  sim::AppendUrlClick(logs, {.time = at, .user = si.user, .message_key = 7, .url = "https://fabrikam-flour.example/i", .source = si.source});
  sim::AppendGraphRequest(logs, {.time = at, .user = si.user, .app = 0, .source = si.source, .session = si.session,
                                 .uri = "https://graph.microsoft.com/v1.0/me/messages"});
  logs.Commit();
  for (const char* table : kAlertTables) {
    CAPTURE(table);
    auto rows = Rows(*w, table);
    REQUIRE(rows.size() == 1);
    for (const auto& [name, type] : test::ReferenceSchema(table)) {
      CAPTURE(name);
      const json& v = rows[0].at(name);
      if (type == "string") CHECK(v.is_string());
      if (type == "datetime") CHECK((v.is_null() || engine::ParseIso(v.get<std::string>()).has_value()));
      if (type == "bool") CHECK((v.is_boolean() || v.is_null()));
      if (type == "int" || type == "long") CHECK((v.is_number_integer() || v.is_null()));
      if (type == "dynamic") CHECK((v.is_object() || v.is_array() || v.is_null()));
    }
    CHECK(rows[0]["Type"] == table);
  }
}

TEST_CASE("AADUserRiskEvents: the riskEventType strings Sigma identity_protection rules key on") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const sim::User& u = w->GetTenant().users[si.user];
  const sim::RiskEvent types[] = {sim::RiskEvent::AnomalousToken, sim::RiskEvent::UnfamiliarFeatures, sim::RiskEvent::AttackerInTheMiddle,
                                  sim::RiskEvent::AnonymizedIp, sim::RiskEvent::UnlikelyTravel, sim::RiskEvent::SuspiciousInboxForwarding};
  engine::SimTime at = si.time + engine::kMinute;
  for (auto type : types) {
    const bool inbox = type == sim::RiskEvent::SuspiciousInboxForwarding;
    sim::AppendRiskEvent(logs, {.time = at += engine::kMinute, .activity_time = si.time, .user = si.user, .type = type, .level = 3,
                                .offline = type != sim::RiskEvent::UnfamiliarFeatures, .source = si.source,
                                .correlation = inbox ? 0u : 42u, .request_id = inbox ? "" : "0c3b5a38-1e4f-4a51-9d2c-6c0f3e1d2a00"});
  }
  logs.Commit();
  auto rows = Rows(*w, "AADUserRiskEvents");
  REQUIRE(rows.size() == 6);
  const char* names[] = {"anomalousToken", "unfamiliarFeatures", "attackerinTheMiddle", "anonymizedIPAddress", "unlikelyTravel",
                         "suspiciousInboxForwarding"};
  for (size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    const json& r = rows[i];
    CHECK(r["RiskEventType"] == names[i]);
    CHECK(r["Activity"] == (i == 5 ? "user" : "signin"));
    CHECK(r["DetectionTimingType"] == (i == 1 ? "realtime" : "offline"));
    CHECK(r["Source"] == "IdentityProtection");
    CHECK(r["RiskState"] == "atRisk");
    CHECK(r["RiskLevel"] == "high");
    CHECK(r["TokenIssuerType"] == "AzureAD");
    CHECK(r["UserPrincipalName"] == u.upn);
    CHECK(r["UserId"] == u.object_id);
    CHECK(r["IpAddress"] == w->GetTenant().sources[si.source].ip);
    CHECK(r["Location"]["countryOrRegion"].is_string());
    CHECK(r["Id"].get<std::string>().size() == 64);
    CHECK(engine::ParseIso(r["ActivityDateTime"].get<std::string>()) == si.time);
    CHECK(r["AdditionalInfo"].is_array());
  }
  CHECK(rows[0]["CorrelationId"] == w->Logs().CorrelationIdOf(42));
  CHECK(rows[0]["RequestId"] == "0c3b5a38-1e4f-4a51-9d2c-6c0f3e1d2a00");
  CHECK(rows[5]["CorrelationId"] == "");
  CHECK(rows[5]["RequestId"] == "");

  sim::AppendRiskyUser(logs, {.time = at + engine::kMinute, .user = si.user, .level = 3, .state = "confirmedCompromised",
                              .detail = "adminConfirmedUserCompromised"});
  logs.Commit();
  auto risky = Rows(*w, "AADRiskyUsers");
  REQUIRE(risky.size() == 1);
  CHECK(risky[0]["Id"] == u.object_id);
  CHECK(risky[0]["RiskLevel"] == "high");
  CHECK(risky[0]["RiskState"] == "confirmedCompromised");
  CHECK(risky[0]["RiskDetail"] == "adminConfirmedUserCompromised");
  CHECK(risky[0]["UserPrincipalName"] == u.upn);
  CHECK(risky[0]["IsDeleted"] == false);
}

TEST_CASE("SecurityAlert: product and provider names content filters on, Sentinel entity shapes") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const sim::Tenant& t = w->GetTenant();
  const sim::User& u = t.users[si.user];
  const engine::SimTime at = si.time + 10 * engine::kMinute;
  struct Case { sim::AlertProduct p; const char* product; const char* provider; };
  const Case cases[] = {{sim::AlertProduct::IdentityProtection, "Azure Active Directory Identity Protection", "IPC"},
                        {sim::AlertProduct::DefenderForOffice, "Office 365 Advanced Threat Protection", "OATP"},
                        {sim::AlertProduct::DefenderXdr, "Microsoft 365 Defender", "MTP"},
                        {sim::AlertProduct::DefenderForCloudApps, "Microsoft Cloud App Security", "MCAS"}};
  engine::SimTime tt = at;
  for (const Case& c : cases)
    sim::AppendSecurityAlert(logs, {.time = tt += engine::kMinute, .start = si.time, .end = si.time + engine::kMinute, .product = c.p,
                                    .name = "Suspicious inbox forwarding", .severity = "High", .description = "A forwarding rule",
                                    .tactics = "Collection, Exfiltration", .techniques = "[\"T1114.003\",\"T1020\"]",
                                    .user = si.user, .source = si.source, .mailbox = u.mailbox,
                                    .extra_entities = "{\"$id\":\"5\",\"Url\":\"https://x.example\",\"Type\":\"url\"}"});
  logs.Commit();
  auto rows = Rows(*w, "SecurityAlert");
  REQUIRE(rows.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    const json& r = rows[i];
    CHECK(r["ProductName"] == cases[i].product);
    CHECK(r["ProviderName"] == cases[i].provider);
    CHECK(r["VendorName"] == "Microsoft");
    CHECK(r["AlertName"] == "Suspicious inbox forwarding");
    CHECK(r["DisplayName"] == "Suspicious inbox forwarding");
    CHECK(r["AlertSeverity"] == "High");
    CHECK(r["Status"] == "New");
    CHECK(r["IsIncident"] == false);
    CHECK(IsGuid(r["SystemAlertId"].get<std::string>()));
    CHECK(r["Tactics"] == "Collection, Exfiltration");
    CHECK(r["Techniques"] == "[\"T1114\",\"T1020\"]");
    CHECK(r["SubTechniques"] == "[\"T1114.003\"]");
    CHECK(engine::ParseIso(r["StartTime"].get<std::string>()) == si.time);
    // Entities and ExtendedProperties are JSON inside string columns.
    json ents = json::parse(r["Entities"].get<std::string>());
    REQUIRE(ents.size() == 4);
    CHECK(ents[0]["$id"] == "2");
    CHECK(ents[0]["Type"] == "account");
    CHECK(ents[0]["AadUserId"] == u.object_id);
    CHECK(ents[0]["Name"].get<std::string>() + "@" + ents[0]["UPNSuffix"].get<std::string>() == u.upn);
    CHECK(ents[1]["Type"] == "ip");
    CHECK(ents[1]["Address"] == t.sources[si.source].ip);
    CHECK(ents[2]["Type"] == "mailbox");
    CHECK(ents[2]["MailboxPrimaryAddress"] == u.upn);
    CHECK(ents[3]["Type"] == "url");
    CHECK(json::parse(r["ExtendedProperties"].get<std::string>()).is_object());
  }
  // Identity Protection alerts carry no CompromisedEntity since 2022; the others name the account.
  CHECK(rows[0]["CompromisedEntity"] == "");
  CHECK(rows[0]["AlertType"] == "SuspiciousInboxForwarding");
  CHECK(rows[2]["CompromisedEntity"] == u.upn);
  CHECK(rows[2]["AlertLink"].get<std::string>().rfind("https://security.microsoft.com/alerts/da", 0) == 0);
}

TEST_CASE("EmailEvents and UrlClickEvents: direction, ids, verdicts, and the NetworkMessageId join") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const sim::Tenant& t = w->GetTenant();
  const uint32_t a = si.user, b = (si.user + 1) % static_cast<uint32_t>(t.users.size());
  uint32_t v4 = sim::kNone;
  for (uint32_t s = 0; s < t.sources.size() && v4 == sim::kNone; ++s)
    if (t.sources[s].ip.find(':') == std::string::npos) v4 = s;
  REQUIRE(v4 != sim::kNone);
  const engine::SimTime at = si.time + engine::kMinute;
  sim::AppendEmail(logs, {.time = at, .message_key = 1001, .external_sender = "billing@fabrikam-flour.example", .sender_source = v4,
                          .recipient_user = a, .subject = "Overdue invoice", .threat_types = "Phish", .url_count = 1});
  sim::AppendEmail(logs, {.time = at + 1, .message_key = 1002, .sender_user = a, .recipient_user = b, .subject = "Re: Overdue invoice",
                          .url_count = 1});
  sim::AppendEmail(logs, {.time = at + 2, .message_key = 1003, .sender_user = a, .external_recipient = "ap@litware-logistics.example",
                          .subject = "Payment details", .attachment_count = 1});
  sim::AppendUrlClick(logs, {.time = at + engine::kMinute, .user = a, .message_key = 1001, .url = "https://fabrikam-flour.example.evil/login",
                             .source = si.source, .threat_types = "Phish"});
  logs.Commit();
  auto mail = Rows(*w, "EmailEvents");
  REQUIRE(mail.size() == 3);
  CHECK(mail[0]["EmailDirection"] == "Inbound");
  CHECK(mail[1]["EmailDirection"] == "Intra-org");
  CHECK(mail[2]["EmailDirection"] == "Outbound");
  CHECK(mail[0]["SenderFromAddress"] == "billing@fabrikam-flour.example");
  CHECK(mail[0]["SenderMailFromAddress"] == "billing@fabrikam-flour.example");
  CHECK(mail[0]["SenderFromDomain"] == "fabrikam-flour.example");
  CHECK(mail[0]["SenderIPv4"] == t.sources[v4].ip);
  CHECK(mail[0]["SenderIPv6"] == "");
  CHECK(mail[0]["RecipientEmailAddress"] == t.users[a].upn);
  CHECK(mail[0]["RecipientObjectId"] == t.users[a].object_id);
  CHECK(mail[0]["ThreatTypes"] == "Phish");
  CHECK(mail[0]["DetectionMethods"] == "{\"Phish\":[\"URL detonation reputation\"]}");
  CHECK(mail[0]["DeliveryAction"] == "Delivered");
  CHECK(mail[0]["DeliveryLocation"] == "Inbox/folder");
  CHECK(mail[0]["OrgLevelAction"] == "");
  CHECK(mail[0]["UserLevelAction"] == "");
  CHECK(mail[0]["EmailLanguage"] == "en");
  CHECK(mail[0]["UrlCount"] == 1);
  CHECK(mail[0]["Subject"] == "Overdue invoice");
  CHECK(mail[1]["SenderFromAddress"] == t.users[a].upn);
  CHECK(mail[1]["SenderObjectId"] == t.users[a].object_id);
  CHECK(mail[1]["DetectionMethods"] == "");
  CHECK(mail[2]["RecipientEmailAddress"] == "ap@litware-logistics.example");
  CHECK(mail[2]["AttachmentCount"] == 1);
  for (const auto& m : mail) {
    CHECK(IsGuid(m["NetworkMessageId"].get<std::string>()));
    const std::string imid = m["InternetMessageId"].get<std::string>();
    CHECK(imid.front() == '<');
    CHECK(imid.back() == '>');
    CHECK(imid.find('@') != std::string::npos);
  }
  CHECK(mail[0]["NetworkMessageId"] != mail[1]["NetworkMessageId"]);

  auto clicks = Rows(*w, "UrlClickEvents");
  REQUIRE(clicks.size() == 1);
  CHECK(clicks[0]["NetworkMessageId"] == mail[0]["NetworkMessageId"]);
  CHECK(clicks[0]["AccountUpn"] == t.users[a].upn);
  CHECK(clicks[0]["Url"] == "https://fabrikam-flour.example.evil/login");
  CHECK(json::parse(clicks[0]["UrlChain"].get<std::string>()) == json::array({"https://fabrikam-flour.example.evil/login"}));
  CHECK(clicks[0]["ActionType"] == "ClickAllowed");
  CHECK(clicks[0]["IsClickedThrough"] == true);
  CHECK(clicks[0]["IPAddress"] == t.sources[si.source].ip);
  CHECK(clicks[0]["Workload"] == "Email");
  CHECK(clicks[0]["ThreatTypes"] == "Phish");
}

TEST_CASE("MicrosoftGraphActivityLogs: SessionId and SignInActivityId join the sign-in that issued the token") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const sim::Tenant& t = w->GetTenant();
  const engine::SimTime at = si.time + 3 * engine::kMinute;
  sim::AppendGraphRequest(logs, {.time = at, .user = si.user, .app = t.sessions[si.session].app, .source = si.source, .session = si.session,
                                 .uri = "https://graph.microsoft.com/beta/me/mailFolders/inbox/messages?$top=50",
                                 .scopes = "Mail.Read User.Read offline_access", .user_agent = "python-requests/2.31.0"});
  uint32_t sp = 0;
  sim::AppendGraphRequest(logs, {.time = at + 1, .app = t.sps[sp].app, .sp = sp, .source = si.source, .method = "POST",
                                 .uri = "https://graph.microsoft.com/v1.0/users/x/sendMail", .status = 202, .scopes = "Mail.Send"});
  logs.Commit();
  auto rows = Rows(*w, "MicrosoftGraphActivityLogs");
  REQUIRE(rows.size() == 2);
  const json& r = rows[0];
  CHECK(r["SessionId"] == w->Logs().SessionIdOf(si.session));
  CHECK(r["UserId"] == t.users[si.user].object_id);
  CHECK(r["AppId"] == t.apps[t.sessions[si.session].app].app_id);
  CHECK(r["IPAddress"] == t.sources[si.source].ip);
  CHECK(r["RequestMethod"] == "GET");
  CHECK(r["ApiVersion"] == "beta");
  CHECK(r["ResponseStatusCode"] == 200);
  CHECK(r["Scopes"] == "Mail.Read User.Read offline_access");
  CHECK(r["Roles"] == "");
  CHECK(r["UserAgent"] == "python-requests/2.31.0");
  CHECK(r["ClientAuthMethod"] == 0);
  CHECK(IsGuid(r["RequestId"].get<std::string>()));
  CHECK(r["ClientRequestId"] == r["OperationId"]);
  CHECK(r["SignInActivityId"] == r["UniqueTokenId"]);

  // The token came from the session's latest successful sign-in at or before the request.
  std::string best_time, best_token;
  for (const char* table : {"SigninLogs", "AADNonInteractiveUserSignInLogs"})
    for (const json& s : Rows(*w, table)) {
      if (s["SessionId"] != r["SessionId"] || s["ResultType"] != "0") continue;
      const std::string tg = s["TimeGenerated"].get<std::string>();
      if (tg <= r["TimeGenerated"].get<std::string>() && tg >= best_time) { best_time = tg; best_token = s["UniqueTokenIdentifier"]; }
    }
  REQUIRE_FALSE(best_token.empty());
  CHECK(r["SignInActivityId"] == best_token);
  CHECK(r["TokenIssuedAt"] == best_time);

  const json& app = rows[1];
  CHECK(app["UserId"] == "");
  CHECK(app["SessionId"] == "");
  CHECK(app["ServicePrincipalId"] == t.sps[sp].object_id);
  CHECK(app["Roles"] == "Mail.Send");
  CHECK(app["Scopes"] == "");
  CHECK(app["ApiVersion"] == "v1.0");
  CHECK(app["ResponseStatusCode"] == 202);
  CHECK(app["SignInActivityId"].get<std::string>().size() == 22);
}

TEST_CASE("licence gates: no P2, no MDO P2, no Graph export hide their tables; SecurityAlert gates per product") {
  auto w = test::MakeWorld(LicensedSpec(false), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const engine::SimTime at = si.time + engine::kMinute;
  sim::AppendRiskEvent(logs, {.time = at, .user = si.user, .type = sim::RiskEvent::AnomalousToken, .source = si.source});
  sim::AppendRiskyUser(logs, {.time = at, .user = si.user});
  sim::AppendEmail(logs, {.time = at, .message_key = 5, .external_sender = "a@b.example", .recipient_user = si.user, .subject = "Hi"});
  sim::AppendUrlClick(logs, {.time = at, .user = si.user, .message_key = 5, .url = "https://b.example/"});
  sim::AppendGraphRequest(logs, {.time = at, .user = si.user, .source = si.source, .session = si.session, .uri = "https://graph.microsoft.com/v1.0/me"});
  sim::AppendSecurityAlert(logs, {.time = at, .product = sim::AlertProduct::DefenderXdr, .name = "Xdr", .user = si.user});
  sim::AppendSecurityAlert(logs, {.time = at + 1, .product = sim::AlertProduct::IdentityProtection, .name = "Anomalous Token", .user = si.user});
  sim::AppendSecurityAlert(logs, {.time = at + 2, .product = sim::AlertProduct::DefenderForOffice, .name = "Mdo", .user = si.user});
  sim::AppendSecurityAlert(logs, {.time = at + 3, .product = sim::AlertProduct::DefenderForCloudApps, .name = "Mcas", .user = si.user});
  logs.Commit();
  for (const char* table : {"AADUserRiskEvents", "AADRiskyUsers", "EmailEvents", "UrlClickEvents", "MicrosoftGraphActivityLogs"}) {
    CAPTURE(table);
    CHECK(w->Logs().Store().Find(table)->RowCount() == 1);  // stored: the licence is a view
    CHECK(test::TableText(*w, table).empty());
  }
  auto alerts = Rows(*w, "SecurityAlert");
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0]["AlertName"] == "Xdr");
  CHECK(alerts[1]["AlertName"] == "Mcas");

  // The same rows under the licences appear.
  auto lw = test::MakeWorld(LicensedSpec(true), 1, 1);
  sim::AppendSecurityAlert(lw->Logs(), {.time = at, .product = sim::AlertProduct::IdentityProtection, .name = "Anomalous Token", .user = si.user});
  sim::AppendEmail(lw->Logs(), {.time = at, .message_key = 5, .external_sender = "a@b.example", .recipient_user = si.user, .subject = "Hi"});
  lw->Logs().Commit();
  CHECK(Rows(*lw, "SecurityAlert").size() == 1);
  CHECK(Rows(*lw, "EmailEvents").size() == 1);
}

TEST_CASE("KQL: the joins hunting content runs over these tables find their rows") {
  auto w = test::MakeWorld(LicensedSpec(true), 1, 1);
  auto& logs = w->Logs();
  const SignInRow si = FirstSignIn(*w);
  const engine::SimTime at = si.time + engine::kMinute;
  for (uint64_t k = 0; k < 3; ++k)
    sim::AppendEmail(logs, {.time = at + static_cast<engine::SimTime>(k), .message_key = 70 + k, .external_sender = "a@fabrikam-flour.example",
                            .sender_source = si.source, .recipient_user = si.user, .subject = "Invoice", .threat_types = "Phish"});
  sim::AppendUrlClick(logs, {.time = at + 10, .user = si.user, .message_key = 71, .url = "https://fabrikam-flour.example.evil/"});
  sim::AppendGraphRequest(logs, {.time = at + 20, .user = si.user, .source = si.source, .session = si.session,
                                 .uri = "https://graph.microsoft.com/v1.0/me/messages"});
  sim::AppendSecurityAlert(logs, {.time = at + 30, .product = sim::AlertProduct::IdentityProtection, .name = "Anomalous Token", .user = si.user});
  logs.Commit();
  engine::kql::Engine e(logs.Store(), w->Now());
  e.SetViewProvider([&](const engine::LogTable& t) -> std::optional<engine::Visibility> { return logs.ViewFor(t, w->Now()); });
  auto run = [&](const char* q) {
    auto r = e.Run(q);
    REQUIRE_MESSAGE(r.Ok(), q << ": " << (r.error ? r.error->Format(q) : ""));
    return r.result;
  };
  // UrlClickEvents example query (advanced-hunting docs): join to the mail on NetworkMessageId.
  auto clicks = run("UrlClickEvents | where ActionType == 'ClickAllowed' or IsClickedThrough != '0'"
                    " | join kind=inner (EmailEvents) on NetworkMessageId | project Subject, Url");
  CHECK(clicks.RowCount() == 1);
  // Elastic Graph impersonation: the Graph request's session is a sign-in session.
  auto graph = run("MicrosoftGraphActivityLogs | join kind=inner (SigninLogs | distinct SessionId, UserId) on SessionId, UserId");
  CHECK(graph.RowCount() == 1);
  // SessionId columns share a key space, so the join compares raw keys: the same answer as joining
  // on the text.
  auto raw = run("SigninLogs | join kind=inner (AADNonInteractiveUserSignInLogs) on SessionId | count");
  auto text = run("SigninLogs | extend K = strcat(SessionId, '') | join kind=inner "
                  "(AADNonInteractiveUserSignInLogs | extend K = strcat(SessionId, '')) on K | count");
  CHECK(raw.Text(0, 0) == text.Text(0, 0));
  CHECK(raw.Text(0, 0) != "0");
  // Microsoft's documented join: SignInActivityId == UniqueTokenIdentifier.
  auto token = run("MicrosoftGraphActivityLogs | join kind=inner (union SigninLogs, AADNonInteractiveUserSignInLogs)"
                   " on $left.SignInActivityId == $right.UniqueTokenIdentifier");
  CHECK(token.RowCount() == 1);
  // Identity Protection alerts: the account entity's AadUserId.
  auto ipc = run("SecurityAlert | where ProductName == 'Azure Active Directory Identity Protection'"
                 " | mv-expand E = todynamic(Entities) | where E.Type == 'account' | project Id = tostring(E.AadUserId)");
  REQUIRE(ipc.RowCount() == 1);
  CHECK(ipc.Text(0, 0) == w->GetTenant().users[si.user].object_id);
}
