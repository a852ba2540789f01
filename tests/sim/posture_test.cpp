// Posture (sim/posture.h, sim/posture_review.h): posture files, each decision's effect on the
// simulation, preparation within a budget, the preparation score, the review and the golden
// comparison of the shipped postures on every shipped scenario.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>

#include "engine/load_error.h"
#include "sim/posture_review.h"
#include "sim/response.h"
#include "sim/tenant_template.h"

using namespace td;
using namespace td::sim;

namespace {

constexpr const char* kSmall = "small-business-50";
constexpr SimTime kOneDay = engine::kDay;

// The scenario's own tenant with one decision changed (on the small template, one day of history).
PlayedPosture PlayWith(const std::string& scenario, std::vector<PostureChoice> changes, const std::string& plan = "empty",
                       const Posture* base = nullptr) {
  Posture p = base ? *base : Posture{};
  p.name = "test";
  for (auto& c : changes) {
    bool found = false;
    for (auto& have : p.choices)
      if (have.decision == c.decision) { have.value = c.value; found = true; }
    if (!found) p.choices.push_back(c);
  }
  return PlayPosture(scenario, p, plan, kSmall, kOneDay);
}

size_t CountEvents(const Exercise& ex, const std::string& name) {
  return static_cast<size_t>(std::count_if(ex.Timeline().begin(), ex.Timeline().end(), [&](const AttackEvent& e) { return e.name == name; }));
}

bool AnyDetail(const Exercise& ex, const std::string& name, const std::string& needle) {
  for (const auto& e : ex.Timeline())
    if (e.name == name && e.detail.find(needle) != std::string::npos) return true;
  return false;
}

Posture Shipped(const std::string& name) {
  auto p = LoadShippedPosture(name);
  REQUIRE_MESSAGE(p.has_value(), "shipped posture " << name << " missing");
  return *p;
}

}  // namespace

TEST_CASE("posture files: every shipped posture names every decision and parses") {
  const auto names = ShippedPostureNames();
  REQUIRE(names.size() >= 4);
  for (const auto& n : names) {
    const Posture p = Shipped(n);
    CHECK(p.name == n);
    CHECK(p.choices.size() == Decisions().size());
  }
  // A posture read off a tenant names every decision too, and applying it changes nothing.
  const TemplateSpec t = *LoadShippedTemplate("company-2000");
  const Posture own = PostureOf(t);
  CHECK(own.choices.size() == Decisions().size());
  ScenarioSpec spec;
  spec.tenant = t;
  ApplyPosture(spec, own);
  CHECK(PostureJson(PostureOf(spec.tenant)) == PostureJson(own));
}

TEST_CASE("posture files: mistakes are reported with pointers, options and did-you-mean") {
  const auto doc = nlohmann::json::parse(R"({"schema": "tenantdrill/posture@1", "name": "x",
    "decisions": {"mfa_strenght": "none", "entra": "P3", "cae": {"note": "no choice"}, "alert_queue": 7}})");
  try {
    ParsePosture(doc, "bad.json");
    FAIL("a bad posture was accepted");
  } catch (const engine::LoadError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("bad.json") != std::string::npos);
    CHECK(msg.find("/decisions/mfa_strenght") != std::string::npos);
    CHECK(msg.find("did you mean \"mfa_strength\"") != std::string::npos);
    CHECK(msg.find("/decisions/entra") != std::string::npos);
    CHECK(msg.find("Free, P1, P2") != std::string::npos);
    CHECK(msg.find("/decisions/cae/choice") != std::string::npos);
    CHECK(msg.find("/decisions/alert_queue") != std::string::npos);
  }
  CHECK_THROWS_AS(ParsePosture(nlohmann::json::parse(R"({"schema": "tenantdrill/posture@2", "name": "x", "decisions": {}})"), "v2.json"),
                  engine::LoadError);
  CHECK_THROWS_AS(ResolvePosture("well-prepared"), engine::LoadError);  // not a shipped name, not a file
}

TEST_CASE("decision mfa_strength: phishing-resistant MFA defeats the AiTM proxy, and the log shows it") {
  auto weak = PlayWith("aitm-session-theft", {{"mfa_strength", "sms_or_push", ""}});
  auto strong = PlayWith("aitm-session-theft", {{"mfa_strength", "phishing_resistant", ""}});
  CHECK(CountEvents(*weak.ex, "session_stolen") == 1);
  CHECK(CountEvents(*strong.ex, "session_stolen") == 0);
  CHECK(AnyDetail(*strong.ex, "aitm_failed", "phishing-resistant"));
  CHECK(strong.outcome.identities_compromised == 0);
  CHECK(strong.outcome.risk < weak.outcome.risk);
}

TEST_CASE("decision device_compliance: the proxy's sign-in fails with 53000") {
  auto any = PlayWith("aitm-session-theft", {{"device_compliance", "false", ""}});
  auto compliant = PlayWith("aitm-session-theft", {{"device_compliance", "true", ""}});
  CHECK(CountEvents(*any.ex, "session_stolen") == 1);
  CHECK(CountEvents(*compliant.ex, "session_stolen") == 0);
  CHECK(AnyDetail(*compliant.ex, "aitm_failed", "53000"));
  CHECK(compliant.outcome.channels_opened == 0);
}

TEST_CASE("decision token_protection: the session is stolen but its replay is refused") {
  auto off = PlayWith("aitm-session-theft", {{"token_protection", "false", ""}});
  auto on = PlayWith("aitm-session-theft", {{"token_protection", "true", ""}});
  CHECK(CountEvents(*on.ex, "session_stolen") == 1);
  CHECK(CountEvents(*off.ex, "session_replayed") == 1);
  CHECK(CountEvents(*on.ex, "session_replayed") == 0);
  CHECK(AnyDetail(*on.ex, "replay_refused", "token protection"));
  CHECK(on.outcome.mail_items_exposed < off.outcome.mail_items_exposed);
}

// A response that evicts sessions and the attacker's authenticator but leaves the password.
std::string RevokeOnlyPlan() {
  // One file per process: ctest runs these test cases in parallel processes.
  const auto path = std::filesystem::temp_directory_path() / ("td-posture-revoke-only-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"schema": "tenantdrill/plan@1", "name": "revoke only", "scenario": "aitm-session-theft",
    "actions": [{"after": "user-report", "delay": "PT20M", "action": "remove_auth_method", "target": "patient_zero", "args": {"method": "recent"}},
                {"after": "user-report", "delay": "PT20M", "action": "revoke_sessions", "target": "patient_zero"}]})";
  return path.string();
}

TEST_CASE("decision legacy_auth_blocked: with legacy authentication allowed the captured password opens an IMAP channel") {
  // Sessions revoked, password left: with legacy authentication allowed the attacker comes back
  // over IMAP with the captured password.
  auto allowed = PlayWith("aitm-session-theft", {{"legacy_auth_blocked", "false", ""}}, RevokeOnlyPlan());
  auto blocked = PlayWith("aitm-session-theft", {{"legacy_auth_blocked", "true", ""}}, RevokeOnlyPlan());
  CHECK(CountEvents(*allowed.ex, "legacy_signin") >= 1);
  CHECK(CountEvents(*blocked.ex, "legacy_signin") == 0);
  bool legacy_channel = false;
  for (const auto& c : allowed.ex->Channels()) legacy_channel |= c.kind == ChannelKind::LegacyProtocol;
  CHECK(legacy_channel);
}

TEST_CASE("decision cae: revocation takes effect at once, so less mail is exposed after containment") {
  auto off = PlayWith("aitm-session-theft", {{"cae", "false", ""}}, RevokeOnlyPlan());
  auto on = PlayWith("aitm-session-theft", {{"cae", "true", ""}}, RevokeOnlyPlan());
  CHECK(on.outcome.mail_items_exposed <= off.outcome.mail_items_exposed);
  auto revoked_at = [](const Exercise& ex) {
    for (const auto& r : ActionLog(ex))
      if (r.request.kind == ActionKind::RevokeSessions) return r.completed;
    return SimTime{-1};
  };
  const SimTime t_on = revoked_at(*on.ex), t_off = revoked_at(*off.ex);
  REQUIRE(t_on > 0);
  REQUIRE(t_off > 0);
  // CAE on: the first thing the attacker meets after the revocation is a refusal, never more mail.
  for (const auto& e : on.ex->Timeline()) {
    if (e.time < t_on) continue;
    if (e.name == "replay_refused") break;
    CHECK_MESSAGE(e.name != "mail_collected", "mail read after a revocation with CAE on at " << engine::FormatIso(e.time));
  }
  // CAE off: the responder is told that issued access tokens stay valid.
  auto warned = [](const Exercise& ex) {
    for (const auto& r : ActionLog(ex))
      for (const auto& s : r.side_effects)
        if (s.find("Continuous Access Evaluation is off") != std::string::npos) return true;
    return false;
  };
  CHECK(warned(*off.ex));
  CHECK_FALSE(warned(*on.ex));
}

TEST_CASE("decision user_consent: blocked user consent turns the consent phish into a request") {
  auto allowed = PlayWith("oauth-consent-persistence", {{"user_consent", "allowed", ""}});
  auto admin = PlayWith("oauth-consent-persistence", {{"user_consent", "admin_only", ""}});
  CHECK(CountEvents(*allowed.ex, "consent_granted") == 1);
  CHECK(CountEvents(*admin.ex, "consent_granted") == 0);
  CHECK(CountEvents(*admin.ex, "consent_blocked") == 1);
}

TEST_CASE("decision external_forwarding: blocked forwarding lets the rule fire but the delivery fail") {
  // The scenario itself allows forwarding; the posture goes on top of it.
  auto on = PlayWith("bec-invoice-fraud", {{"external_forwarding", "on", ""}});
  auto off = PlayWith("bec-invoice-fraud", {{"external_forwarding", "off", ""}});
  CHECK(CountEvents(*on.ex, "forwarding_set") == 1);
  CHECK(CountEvents(*off.ex, "forwarding_set") == 1);
  CHECK(CountEvents(*on.ex, "forwarding_blocked") == 0);
  CHECK(CountEvents(*off.ex, "forwarding_blocked") >= 1);
}

TEST_CASE("decision entra: Free hides the sign-ins, P2 adds risk detections") {
  auto free = PlayWith("aitm-session-theft", {{"entra", "Free", ""}});
  auto p1 = PlayWith("aitm-session-theft", {{"entra", "P1", ""}});
  auto p2 = PlayWith("aitm-session-theft", {{"entra", "P2", ""}});
  CHECK(free.ex->GetWorld().GetTenant().RetentionDays("SigninLogs") == 7);
  CHECK((free.ex->GetWorld().GetTenant().Features() & kFeatSigninExport) == 0);
  bool signin_missing = false;
  for (const auto& m : free.outcome.evidence_missing) signin_missing |= m.find("SigninLogs") != std::string::npos;
  CHECK(signin_missing);
  CHECK(p1.outcome.evidence_visible > free.outcome.evidence_visible);
  CHECK(CountEvents(*p1.ex, "risk_detected") == 0);
  CHECK(CountEvents(*p2.ex, "risk_detected") == 1);
}

TEST_CASE("decisions m365, m365_audit and audit_era: MailItemsAccessed before and after 2024") {
  auto e3_2023 = PlayWith("aitm-session-theft", {{"m365", "E3", ""}, {"m365_audit", "standard", ""}, {"audit_era", "2023", ""}});
  auto e3_2024 = PlayWith("aitm-session-theft", {{"m365", "E3", ""}, {"m365_audit", "standard", ""}, {"audit_era", "2024", ""}});
  auto e5_2023 = PlayWith("aitm-session-theft", {{"m365", "E5", ""}, {"audit_era", "2023", ""}});
  auto missing_mail = [](const PostureOutcome& o) {
    for (const auto& m : o.evidence_missing) if (m.rfind("mail_collected", 0) == 0) return true;
    return false;
  };
  CHECK(missing_mail(e3_2023.outcome));
  CHECK_FALSE(missing_mail(e3_2024.outcome));
  CHECK_FALSE(missing_mail(e5_2023.outcome));
  CHECK(e5_2023.ex->GetWorld().GetTenant().RetentionDays("OfficeActivity") == 365);
}

TEST_CASE("decisions mdo_p2, graph_activity_export, defender_alerts, siem_export: evidence gates and retention") {
  auto base = PlayWith("oauth-consent-persistence", {{"entra", "P1", ""}, {"mdo_p2", "false", ""}, {"graph_activity_export", "false", ""},
                                                     {"defender_alerts", "false", ""}, {"siem_export", "false", ""}});
  auto rich = PlayWith("oauth-consent-persistence", {{"entra", "P1", ""}, {"mdo_p2", "true", ""}, {"graph_activity_export", "true", ""},
                                                     {"defender_alerts", "true", ""}, {"siem_export", "true", ""},
                                                     {"siem_retention_days", "365", ""}});
  const Tenant& tb = base.ex->GetWorld().GetTenant();
  const Tenant& tr = rich.ex->GetWorld().GetTenant();
  CHECK((tb.Features() & (kFeatMdoP2 | kFeatGraphActivity | kFeatDefenderAlerts)) == 0);
  CHECK((tr.Features() & (kFeatMdoP2 | kFeatGraphActivity | kFeatDefenderAlerts)) == (kFeatMdoP2 | kFeatGraphActivity | kFeatDefenderAlerts));
  CHECK(tb.RetentionDays("SigninLogs") == 30);
  CHECK(tr.RetentionDays("SigninLogs") == 365);
  CHECK(tr.RetentionDays("AuditLogs") == 365);
  CHECK(rich.outcome.evidence_visible > base.outcome.evidence_visible);
}

TEST_CASE("decision alert_queue: an unmonitored queue delays the first alert, business hours wait for the office") {
  // P2 raises the attacker-in-the-middle alert; who reads it decides when responders see it.
  auto always = PlayWith("aitm-session-theft", {{"entra", "P2", ""}, {"alert_queue", "24x7", ""}});
  auto office = PlayWith("aitm-session-theft", {{"entra", "P2", ""}, {"alert_queue", "business_hours", ""}});
  auto nobody = PlayWith("aitm-session-theft", {{"entra", "P2", ""}, {"alert_queue", "unmonitored", ""}});
  REQUIRE(always.outcome.time_to_detect_min >= 0);
  CHECK(office.outcome.time_to_detect_min >= always.outcome.time_to_detect_min);
  // Unmonitored: seen three days later, after this two-day exercise ended.
  CHECK(nobody.outcome.time_to_detect_min < 0);
  // Business hours: the alert inject arrives Monday-Friday 08:00-18:00 tenant time.
  for (const auto& in : office.ex->Injects()) {
    if (in.channel != "alert") continue;
    const int offset = office.ex->GetWorld().GetTenant().settings.utc_offset_min;
    const SimTime local = in.time + offset * engine::kMinute;
    const SimTime tod = ((local % engine::kDay) + engine::kDay) % engine::kDay;
    CHECK(tod >= 8 * engine::kHour);
    CHECK(tod < 18 * engine::kHour);
  }
}

TEST_CASE("decisions ir_prepared and emergency_access: unprepared containment waits and takes longer") {
  auto prepared = PlayWith("aitm-session-theft", {{"ir_prepared", "true", ""}, {"emergency_access", "true", ""}}, "expert");
  auto unprepared = PlayWith("aitm-session-theft", {{"ir_prepared", "false", ""}, {"emergency_access", "false", ""}}, "expert");
  auto first_containment = [](const Exercise& ex) -> const ActionRecord* {
    for (const auto& r : ActionLog(ex))
      if (Describe(r.request.kind).phase == "containment_eradication_recovery") return &r;
    return nullptr;
  };
  const ActionRecord* a = first_containment(*prepared.ex);
  const ActionRecord* b = first_containment(*unprepared.ex);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->completed - a->requested == Describe(a->request.kind).duration);
  CHECK(b->completed - b->requested >= 2 * engine::kHour);
  bool said = false;
  for (const auto& s : b->side_effects) said |= s.find("Privileged Role Administrator") != std::string::npos;
  CHECK(said);
  CHECK(unprepared.outcome.risk > prepared.outcome.risk);
  // No break-glass account: Conditional Access changes wait for a lockout review.
  for (const auto& r : ActionLog(*unprepared.ex))
    if (r.request.kind == ActionKind::BlockIpWithCa) {
      bool review = false;
      for (const auto& s : r.side_effects) review |= s.find("lockout review") != std::string::npos;
      CHECK(review);
    }
}

TEST_CASE("preparation: changes within the budget, refused over it, and the preparation score reflects them") {
  const Posture base = Shipped("business-premium-defaults");
  auto ok = PreparePosture(base, {{"mfa_strength", "phishing_resistant", ""}, {"ir_prepared", "true", ""}}, 10);
  REQUIRE(ok);
  CHECK(ok.Value().Value("mfa_strength") == "phishing_resistant");
  CHECK(UpgradeCost(base, ok.Value()) == 3 + 1);
  auto over = PreparePosture(base, {{"entra", "P2", ""}, {"m365", "E5", ""}, {"alert_queue", "24x7", ""}, {"device_compliance", "true", ""}}, 10);
  CHECK_FALSE(over);
  CHECK(over.ErrorMessage().find("budget is 10") != std::string::npos);
  CHECK_FALSE(PreparePosture(base, {{"audit_era", "2024", ""}}, 10));
  CHECK_FALSE(PreparePosture(base, {{"mfa", "none", ""}}, 10));
  // The preparation phase of the score reflects the prepared decisions.
  auto before = PlayPosture("aitm-session-theft", base, "expert", kSmall, kOneDay);
  auto after = PlayPosture("aitm-session-theft", ok.Value(), "expert", kSmall, kOneDay);
  REQUIRE(before.score.phase[0] >= 0);
  CHECK(after.score.phase[0] > before.score.phase[0]);
  // Without a posture the scenario's own scoring is untouched (no preparation objective).
  auto plain = PlayPosture("aitm-session-theft", Posture{}, "expert", kSmall, kOneDay);
  for (const auto& o : plain.score.objectives) CHECK(o.id != "PR.posture");
}

TEST_CASE("review: deterministic, explained, ranked by the risk each change closes") {
  const Posture p = Shipped("business-premium-defaults");
  const PostureReview r1 = ReviewPosture(p);
  const PostureReview r2 = ReviewPosture(p);
  CHECK(ReviewJson(r1) == ReviewJson(r2));
  CHECK(ReviewMarkdown(r1) == ReviewMarkdown(r2));
  REQUIRE_FALSE(r1.plan.empty());
  REQUIRE(r1.areas.size() == std::size(kPostureAreas));
  int last_horizon = 0;
  for (const auto& rec : r1.plan) {
    CHECK_FALSE(rec.why.empty());
    CHECK(rec.horizon_days >= last_horizon);
    last_horizon = rec.horizon_days;
    if (rec.horizon_days < 90) CHECK(rec.risk_closed > 0);
  }
  // The strongest measured fix for this tenant is an identity control against the AiTM chain.
  CHECK((r1.plan.front().decision == "mfa_strength" || r1.plan.front().decision == "device_compliance"));
  // A well-prepared tenant has less risk and nothing left that closes measured risk.
  const PostureReview best = ReviewPosture(Shipped("well-prepared-e5-enterprise"));
  CHECK(best.risk < r1.risk);
  for (const auto& rec : best.plan) CHECK(rec.risk_closed <= 0);
  // Owned-but-unused: the E5 tenant owns P2 and Defender for Office 365 P2 without using them.
  const PostureReview e5 = ReviewPosture(Shipped("e5-licensed-not-configured"));
  std::vector<std::string> owned;
  for (const auto& rec : e5.owned_not_used) owned.push_back(rec.decision);
  CHECK(std::find(owned.begin(), owned.end(), "entra") != owned.end());
  CHECK(std::find(owned.begin(), owned.end(), "mdo_p2") != owned.end());
}

TEST_CASE("golden: the shipped postures on every shipped scenario (expert response)") {
  std::ostringstream out;
  const char* scenarios[] = {"aitm-session-theft", "bec-invoice-fraud", "finance-chain", "oauth-consent-persistence"};
  for (const char* s : scenarios)
    for (const auto& name : ShippedPostureNames()) {
      auto played = PlayPosture(s, Shipped(name), "expert", kSmall, kOneDay);
      const auto& o = played.outcome;
      out << s << " " << name << ": risk " << o.risk << ", steps " << o.steps_succeeded << "/" << o.steps_total << ", evidence "
          << o.evidence_visible << "/" << o.evidence_total << ", alert " << o.time_to_detect_min << " min, contain "
          << o.time_to_contain_min << " min, mail " << o.mail_items_exposed << ", fraud " << o.fraud_loss_usd << ", score "
          << o.score << ", preparation " << o.preparation_score << "\n";
    }
  // And one full comparison, as `compare` writes it.
  const PostureComparison c = ComparePostures("bec-invoice-fraud", Shipped("neglected-small-business"),
                                              Shipped("well-prepared-e5-enterprise"), "expert", kSmall);
  out << "\n" << ComparisonMarkdown(c);
  const std::string path = std::string(TD_SOURCE_DIR) + "/tests/golden/postures.txt";
  if (std::getenv("TD_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << out.str();
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file " << path << " (run the tests with TD_UPDATE_GOLDEN=1 to create it)");
  std::stringstream golden;
  golden << in.rdbuf();
  CHECK_MESSAGE(out.str() == golden.str(), "the posture comparison changed; if intended, regenerate with TD_UPDATE_GOLDEN=1 and review the diff");
}
