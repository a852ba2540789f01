// Responding and scoring: plans against every shipped scenario, ordering and collateral rules,
// refused commands, deterministic reports, bad plans.
#include <doctest/doctest.h>

#include "engine/load_error.h"
#include "sim/plan.h"
#include "sim/response_state.h"
#include "sim/scoring.h"
#include "scenario_test_util.h"

using namespace td;
using nlohmann::json;

namespace {
const char* const kScenarios[] = {"aitm-session-theft", "oauth-consent-persistence", "bec-invoice-fraud", "finance-chain"};

sim::Plan ShippedPlan(const sim::ScenarioSpec& sc, const std::string& kind) {
  const std::string path = "scenarios/plans/" + sc.id + "/" + kind + ".json";
  auto text = sim::EmbeddedAsset(path);
  REQUIRE_MESSAGE(!text.empty(), "missing " << path);
  return sim::ParsePlan(engine::ParseJsonText(text, path), path, sc);
}

struct Outcome {
  std::unique_ptr<sim::Exercise> ex;
  sim::ScoreReport score;
  std::vector<std::string> refusals;
};

Outcome PlayWith(const std::string& scenario, const std::string& kind) {
  Outcome o;
  auto sc = test::ShippedScenario(scenario);
  o.ex = std::make_unique<sim::Exercise>(sc);
  sim::SchedulePlan(*o.ex, ShippedPlan(sc, kind), &o.refusals);
  o.ex->RunToEnd();
  o.score = sim::Score(*o.ex, kind);
  return o;
}

int OpenChannels(const sim::Exercise& ex) {
  int n = 0;
  for (const auto& c : ex.Channels()) n += c.Open();
  return n;
}

std::string PlanError(const json& doc, const sim::ScenarioSpec& sc) {
  try {
    sim::ParsePlan(doc, "p.json", sc);
  } catch (const engine::LoadError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("for every scenario: expert > partial > empty, and the expert plan closes every channel") {
  for (const char* name : kScenarios) {
    const std::string label = name;
    CAPTURE(label);
    auto expert = PlayWith(name, "expert");
    auto partial = PlayWith(name, "partial");
    auto empty = PlayWith(name, "empty");
    CHECK(expert.refusals.empty());
    CHECK(expert.score.total > partial.score.total);
    CHECK(partial.score.total > empty.score.total);
    CHECK(OpenChannels(*expert.ex) == 0);
    CHECK(expert.score.total >= 80);
    CHECK(OpenChannels(*empty.ex) >= 1);
  }
}

TEST_CASE("the partial plans leave the channel they should, and the logs show the attacker using it after 'containment'") {
  struct Expect { const char* scenario; sim::ChannelKind left_open; const char* table; };
  const Expect cases[] = {{"aitm-session-theft", sim::ChannelKind::AttackerMfaMethod, "SigninLogs"},
                          {"oauth-consent-persistence", sim::ChannelKind::OAuthGrant, "OfficeActivity"},
                          {"bec-invoice-fraud", sim::ChannelKind::StolenSession, "OfficeActivity"},
                          {"finance-chain", sim::ChannelKind::StolenSession, "AADNonInteractiveUserSignInLogs"}};
  for (const auto& c : cases) {
    const std::string label = c.scenario;
    CAPTURE(label);
    auto partial = PlayWith(c.scenario, "partial");
    bool open = false;
    for (const auto& ch : partial.ex->Channels()) open |= ch.kind == c.left_open && ch.Open();
    CHECK(open);
    const auto contained = partial.ex->Response().contained_declared;
    REQUIRE(contained > 0);
    // Attacker infrastructure: the role IPs of the scenario (sources named *attacker* or *cloud*).
    std::vector<std::string> attacker_ips;
    for (const auto& r : partial.ex->Spec().roles)
      if (r.kind == sim::RoleKind::Source && r.name != "aitm_proxy") attacker_ips.push_back(r.ip);
    int used_after = 0;
    const std::string cut = engine::FormatIso(contained);
    for (auto& row : test::RowsOf(partial.ex->GetWorld(), c.table)) {
      if (row["TimeGenerated"].get<std::string>() <= cut) continue;
      const std::string ip = row.contains("Client_IPAddress") ? row["Client_IPAddress"].get<std::string>() : row["IPAddress"].get<std::string>();
      for (const auto& a : attacker_ips) used_after += ip == a && (!row.contains("ResultType") || row["ResultType"] == "0");
    }
    CHECK_MESSAGE(used_after > 0, "no attacker activity after the declared containment in " << c.table);
    bool premature = false;
    for (const auto& p : partial.score.penalties) premature |= p.rule == "premature_containment";
    CHECK(premature);
  }
}

TEST_CASE("ordering rule: deleting an inbox rule before exporting it is penalised and said so") {
  auto partial = PlayWith("aitm-session-theft", "partial");
  bool penalised = false;
  for (const auto& p : partial.score.penalties) penalised |= p.rule == "rule_deleted_before_export";
  CHECK(penalised);
  auto expert = PlayWith("aitm-session-theft", "expert");
  for (const auto& p : expert.score.penalties) CHECK(p.rule != "rule_deleted_before_export");
}

TEST_CASE("an in-band password reset hands the password to the attacker, who signs straight back in") {
  auto partial = PlayWith("aitm-session-theft", "partial");
  bool penalised = false;
  for (const auto& p : partial.score.penalties) penalised |= p.rule == "inband_password_reset";
  CHECK(penalised);
  CHECK(test::HasEvent(*partial.ex, "signin_with_attacker_mfa"));
  CHECK_FALSE(test::HasEvent(*partial.ex, "sspr_takeover"));  // it already knows the new password
}

TEST_CASE("collateral: blocking an innocent user and a tenant-wide forwarding block disrupt people and cost points") {
  sim::Exercise ex(test::ShippedScenario("bec-invoice-fraud"));
  ex.AdvanceTo(test::At(ex, "PT12H"));
  const auto& t = ex.GetWorld().GetTenant();
  uint32_t innocent = sim::kNone;
  for (uint32_t i = 0; i < t.users.size() && innocent == sim::kNone; ++i)
    if (!ex.IsCompromised(i) && !t.users[i].emergency_access && t.users[i].roles == 0) innocent = i;
  REQUIRE(innocent != sim::kNone);
  REQUIRE(sim::Respond(ex, {sim::ActionKind::BlockSignIn, t.users[innocent].upn, {}, "test"}));
  REQUIRE(sim::Respond(ex, {sim::ActionKind::BlockExternalForwarding, "", {}, "test"}));
  ex.AdvanceTo(ex.GetWorld().Now() + engine::kHour);
  const auto& log = sim::ActionLog(ex);
  REQUIRE(log.size() == 2);
  CHECK(log[0].ok);
  CHECK(log[0].users_disrupted == 1);
  CHECK(log[1].users_disrupted == 1);  // the decoy who forwards to a personal address on purpose
  CHECK(ex.Response().users_disrupted == 2);
  auto score = sim::Score(ex, "adhoc");
  bool collateral = false;
  for (const auto& p : score.penalties) collateral |= p.rule == "collateral" && p.points == 4;
  CHECK(collateral);
  // The innocent user's own sign-ins now fail with 50057.
  ex.RunToEnd();
  int disabled = 0;
  for (auto& r : test::RowsOf(ex.GetWorld(), "SigninLogs")) disabled += r["UserPrincipalName"] == t.users[innocent].upn && r["ResultType"] == "50057";
  CHECK(disabled >= 1);
}

TEST_CASE("refused commands say why and change nothing; accepted ones show their Graph and PowerShell equivalents") {
  sim::Exercise ex(test::ShippedScenario("aitm-session-theft"));
  ex.AdvanceTo(test::At(ex, "PT12H"));
  auto bad = sim::Respond(ex, {sim::ActionKind::RevokeSessions, "nobody@nowhere.example", {}, "test"});
  REQUIRE_FALSE(bad);
  CHECK(bad.ErrorMessage().find("no user \"nobody@nowhere.example\"") != std::string::npos);
  auto no_app = sim::Respond(ex, {sim::ActionKind::RevokeAppGrants, "Nonexistent App", {}, "test"});
  CHECK_FALSE(no_app);
  CHECK(sim::ActionLog(ex).empty());
  auto ok = sim::Respond(ex, {sim::ActionKind::RevokeSessions, "patient_zero", {}, "test"});
  REQUIRE(ok);
  const std::string upn = ex.GetWorld().GetTenant().users[ex.RoleUser("patient_zero")].upn;
  CHECK(ok.Value().graph == "POST /users/" + upn + "/revokeSignInSessions");
  CHECK(ok.Value().powershell == "Revoke-MgUserSignInSession -UserId " + upn);
  CHECK(ok.Value().completed == ok.Value().requested + 2 * engine::kMinute);
  // Failing at completion for a stated reason: confirming compromise needs P2 (the scenario has it),
  // blocking twice does not work.
  REQUIRE(sim::Respond(ex, {sim::ActionKind::BlockSignIn, "patient_zero", {}, "test"}));
  REQUIRE(sim::Respond(ex, {sim::ActionKind::BlockSignIn, "patient_zero", {}, "test"}));
  ex.AdvanceTo(ex.GetWorld().Now() + engine::kHour);
  const auto& log = sim::ActionLog(ex);
  REQUIRE(log.size() == 3);
  CHECK(log[1].ok);
  CHECK_FALSE(log[2].ok);
  CHECK(log[2].message.find("already blocked") != std::string::npos);
  // Every action's revoke leaves an audit trail by the responder identity.
  bool audit = false;
  for (auto& r : test::RowsOf(ex.GetWorld(), "AuditLogs"))
    audit |= r["OperationName"] == "Update user" && r["TargetResources"][0]["modifiedProperties"].dump().find("StsRefreshTokensValidFrom") != std::string::npos;
  CHECK(audit);
}

TEST_CASE("the same scenario, seed and plan give a byte-identical report") {
  auto a = PlayWith("bec-invoice-fraud", "expert");
  auto b = PlayWith("bec-invoice-fraud", "expert");
  CHECK(sim::ReportJson(*a.ex, a.score) == sim::ReportJson(*b.ex, b.score));
  CHECK(sim::ReportMarkdown(*a.ex, a.score) == sim::ReportMarkdown(*b.ex, b.score));
  CHECK(sim::ReportHtml(*a.ex, a.score) == sim::ReportHtml(*b.ex, b.score));
  json r = json::parse(sim::ReportJson(*a.ex, a.score));
  for (const char* k : {"scenario", "seed", "score", "hseep", "metrics", "open_channels", "objectives", "timeline", "strengths",
                        "areas_for_improvement", "improvement_plan"})
    CHECK_MESSAGE(r.contains(k), k);
  for (const char* k : {"preparation", "detection_analysis", "containment_eradication_recovery", "post_incident"}) CHECK(r["score"]["phases"].contains(k));
  for (const char* k : {"time_to_detect_min", "time_to_contain_min", "attacker_dwell_min", "mail_items_exposed", "files_exfiltrated", "fraud_loss_usd",
                        "identities_compromised", "users_disrupted"})
    CHECK(r["metrics"].contains(k));
  CHECK(sim::ReportHtml(*a.ex, a.score).find("<svg") != std::string::npos);
}

TEST_CASE("bad plans are rejected with the place and what to do") {
  auto sc = test::ShippedScenario("aitm-session-theft");
  json base = json::parse(R"({"schema":"tenantdrill/plan@1","scenario":"aitm-session-theft","actions":[
      {"at":"PT12H","action":"revoke_sessions","target":"patient_zero"}]})");
  CHECK(PlanError(base, sc).empty());
  json d = base;
  d["actions"][0]["action"] = "revoke_session";
  CHECK(PlanError(d, sc).find("/actions/0/action: unknown action \"revoke_session\". Did you mean \"revoke_sessions\"?") != std::string::npos);
  d = base;
  d["actions"][0]["target"] = "patient_one";
  CHECK(PlanError(d, sc).find("/actions/0/target: no scenario role or entity named \"patient_one\"") != std::string::npos);
  d = base;
  d["actions"][0]["at"] = "-PT1H";
  CHECK(PlanError(d, sc).find("/actions/0/at: \"-PT1H\" is before the exercise starts") != std::string::npos);
  d = base;
  d["actions"][0].erase("at");
  d["actions"][0]["after"] = "user-reprot";
  CHECK(PlanError(d, sc).find("Did you mean \"user-report\"?") != std::string::npos);
  d = base;
  d["scenario"] = "bec-invoice-fraud";
  CHECK(PlanError(d, sc).find("/scenario: this plan is written for the scenario \"bec-invoice-fraud\"") != std::string::npos);
  d = base;
  d["actions"] = json::array();
  for (int i = 0; i < 2001; ++i) d["actions"].push_back(base["actions"][0]);
  CHECK(PlanError(d, sc).find("the limit is 2000") != std::string::npos);
  for (const char* name : kScenarios)
    for (const char* kind : {"expert", "partial", "empty"}) CHECK_NOTHROW(ShippedPlan(test::ShippedScenario(name), kind));
}

TEST_CASE("hints are recorded and cost points") {
  sim::Exercise a(test::ShippedScenario("aitm-session-theft")), b(test::ShippedScenario("aitm-session-theft"));
  for (sim::Exercise* ex : {&a, &b}) {
    ex->AdvanceTo(test::At(*ex, "PT12H"));
    REQUIRE(sim::Respond(*ex, {sim::ActionKind::DeclareIncident, "", {{"severity", "high"}}, "test"}));
  }
  REQUIRE(sim::Respond(b, {sim::ActionKind::UseHint, "", {{"note", "look at SessionId reuse"}}, "facilitator"}));
  REQUIRE(sim::Respond(b, {sim::ActionKind::UseHint, "", {}, "facilitator"}));
  a.RunToEnd();
  b.RunToEnd();
  CHECK(b.Response().hints_used == 2);
  auto sa = sim::Score(a, "x"), sb = sim::Score(b, "x");
  bool hint_penalty = false;
  for (const auto& p : sb.penalties) hint_penalty |= p.rule == "hints" && p.points == 6;
  CHECK(hint_penalty);
  CHECK(sb.total == doctest::Approx(std::max(0.0, sa.total - 6)));
}
