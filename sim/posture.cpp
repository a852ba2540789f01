#include "sim/posture.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim/tenant_template.h"

namespace td::sim {

using nlohmann::json;

// [SECTION] Decisions (the catalogue)

const char* AreaTitle(const std::string& area) {
  if (area == "identity_access") return "Identity and access";
  if (area == "data_protection") return "Data protection and audit";
  if (area == "collaboration_sharing") return "Collaboration and sharing";
  if (area == "device_posture") return "Device posture";
  return "Monitoring and response ownership";
}

const std::vector<DecisionInfo>& Decisions() {
  static const std::vector<DecisionInfo> kDecisions = {
      {"entra", "identity_access", "Entra ID licence tier", "customer",
       "Microsoft writes the sign-in and risk logs; the tier the tenant buys decides whether they reach a workspace and "
       "whether risk detections exist at all.",
       {{"Free", "Entra ID Free", "Sign-in logs stay in the portal for 7 days and never reach Log Analytics: SigninLogs "
                                  "cannot be queried. No risk detections.", 0, 0},
        {"P1", "Entra ID P1", "Sign-in and audit logs reach Log Analytics (30 days unless exported to a SIEM); Conditional "
                              "Access; Graph activity logs can be exported.", 2, 1},
        {"P2", "Entra ID P2", "Adds Identity Protection: risk detections (attacker in the middle, anomalous token) and "
                              "risky users, kept 90 days, and the alerts they raise.", 4, 2}}},
      {"mfa_strength", "identity_access", "MFA strength", "customer",
       "Microsoft offers every method; which ones the tenant requires decides whether a phishing proxy can relay the "
       "sign-in.",
       {{"none", "No MFA", "A password alone signs in.", 0, 0},
        {"sms_or_push", "SMS or app push", "MFA is asked, but an attacker-in-the-middle proxy relays it: the session "
                                           "cookie is stolen with MFA satisfied.", 1, 1},
        {"number_matching", "Number matching", "Stops MFA fatigue; a real-time phishing proxy still relays it.", 2, 2},
        {"phishing_resistant", "Phishing-resistant (FIDO2, Windows Hello)",
         "The key is bound to the real sign-in origin: the AiTM proxy's sign-in fails and no session is stolen.", 4, 3}}},
      {"token_protection", "identity_access", "Token protection (Conditional Access)", "customer",
       "Binds tokens to the registered device they were issued to, so a token copied to another machine is refused.",
       {{"false", "Off", "A stolen session works from the attacker's machine.", 0, 0},
        {"true", "On", "Exchange Online refuses the stolen session replayed from the attacker's machine (53003); the "
                       "consent-phishing app is not affected.", 2, 1}}},
      {"cae", "identity_access", "Continuous Access Evaluation", "shared",
       "Microsoft built CAE into Exchange, SharePoint and Teams; the tenant decides whether revocation takes effect at "
       "once (strict enforcement) or when the access token expires.",
       {{"false", "Off", "After a revocation or password reset, issued access tokens keep working for up to about an hour.", 0, 0},
        {"true", "On", "Revocation and disabling take effect within minutes: the attacker's access tokens stop working.", 1, 1}}},
      {"legacy_auth_blocked", "identity_access", "Legacy authentication", "customer",
       "IMAP, POP and SMTP AUTH with a password cannot do MFA; Microsoft retired most of it, tenants can still allow "
       "what is left.",
       {{"false", "Allowed", "With a captured password the attacker signs in over IMAP (user agent BAV2ROPC) with no MFA, "
                             "even after every session is revoked.", 0, 0},
        {"true", "Blocked by Conditional Access", "Only modern authentication: a password alone is never enough.", 1, 1}}},
      {"emergency_access", "identity_access", "Emergency-access accounts", "customer",
       "Two cloud-only break-glass accounts excluded from Conditional Access make tenant-wide policy changes safe to make "
       "in a hurry.",
       {{"false", "None", "Conditional Access changes during an incident wait 45 minutes for a lockout review.", 0, 0},
        {"true", "Two break-glass accounts", "Conditional Access blocks can be made at once.", 1, 1}}},
      {"m365", "data_protection", "Microsoft 365 licence", "customer",
       "E5 carries Audit (Premium): MailItemsAccessed and Send for every mailbox before 2024, and a year of audit data.",
       {{"E3", "Microsoft 365 E3", "Audit (Standard): 180 days; before 2024 no MailItemsAccessed for E3 mailboxes.", 0, 0},
        {"E5", "Microsoft 365 E5", "Audit (Premium) for every user: MailItemsAccessed and Send, 365 days.", 4, 1}}},
      {"m365_audit", "data_protection", "Audit tier", "customer",
       "Audit (Premium) can be bought without E5; it decides which mailbox events are recorded and for how long.",
       {{"standard", "Audit (Standard)", "180 days of OfficeActivity; mail reads only from the 2024 era on.", 0, 0},
        {"premium", "Audit (Premium)", "365 days, and mail reads (MailItemsAccessed) in every era.", 3, 1}}},
      {"audit_era", "data_protection", "Audit era (Microsoft's defaults)", "microsoft",
       "Microsoft extended MailItemsAccessed and Send to Audit (Standard) in 2023-2024. The era is not the tenant's "
       "choice: it shows a class why that change mattered.",
       {{"2023", "2023 and earlier", "MailItemsAccessed only for E5 / Audit (Premium) mailboxes: what the attacker read "
                                     "leaves no trace for E3 users.", 0, 0},
        {"2024", "2024 and later", "MailItemsAccessed and Send for every licensed mailbox.", 0, 1}},
       false},
      {"user_consent", "collaboration_sharing", "User consent to applications", "customer",
       "Microsoft runs the consent framework and publisher verification; the tenant decides what users may grant.",
       {{"allowed", "Users may consent to any app", "A consent phish gets a mail-reading refresh token from one click.", 0, 0},
        {"verified_low_risk", "Verified publishers, low-risk scopes", "An unverified app asking for mail becomes an admin "
                                                                      "consent request instead of a grant.", 1, 1},
        {"admin_only", "Admin consent workflow only", "Every new app needs an administrator's approval: the consent phish "
                                                      "only files a request.", 1, 2}}},
      {"external_forwarding", "collaboration_sharing", "External auto-forwarding", "customer",
       "Exchange Online's outbound spam policy decides whether a rule may forward mail outside the organisation.",
       {{"on", "Allowed", "An attacker's forwarding rule delivers mail outside.", 0, 0},
        {"automatic", "Microsoft default (off)", "The rule is created but delivery outside fails (the default can change).", 0, 1},
        {"off", "Blocked explicitly", "The rule is created but delivery outside fails, whatever the default becomes.", 0, 2}}},
      {"mdo_p2", "collaboration_sharing", "Defender for Office 365 Plan 2", "customer",
       "Adds mail-flow evidence and response: EmailEvents and UrlClickEvents, and the purge of delivered phish.",
       {{"false", "Not licensed", "No EmailEvents or UrlClickEvents: who received and clicked the lure must be found in "
                                  "other logs.", 0, 0},
        {"true", "Licensed", "EmailEvents and UrlClickEvents show the lure, its recipients and every click.", 3, 1}}},
      {"device_compliance", "device_posture", "Compliant device required (Conditional Access)", "customer",
       "Intune compliance plus a Conditional Access policy: only managed, healthy devices get tokens.",
       {{"false", "Any device", "The phishing proxy signs in from its own browser.", 0, 0},
        {"true", "Compliant device required", "The AiTM proxy's sign-in fails (53000): no session is issued.", 3, 1}}},
      {"siem_export", "monitoring_response", "Sign-in logs exported to a SIEM", "customer",
       "Diagnostic settings send sign-in and audit logs to Log Analytics / Sentinel, where retention is the tenant's choice.",
       {{"false", "Not exported", "Sign-in and audit logs are kept 30 days (P1/P2) or 7 days (Free).", 0, 0},
        {"true", "Exported", "Sign-in and audit logs are kept as long as siem_retention_days (needs P1 or P2).", 2, 1}}},
      {"siem_retention_days", "monitoring_response", "SIEM retention (days)", "customer",
       "How far back an investigation can look once logs are exported.",
       {{"30", "30 days", "A slow detection loses the first sign-ins.", 0, 0},
        {"90", "90 days", "The Sentinel default.", 0, 1},
        {"180", "180 days", "Covers most dwell times.", 1, 2},
        {"365", "365 days", "A year of sign-ins.", 2, 3}}},
      {"graph_activity_export", "monitoring_response", "Microsoft Graph activity logs", "customer",
       "Exporting MicrosoftGraphActivityLogs shows what an app did with its token (needs P1 or P2).",
       {{"false", "Not exported", "What a malicious app read through Graph is invisible.", 0, 0},
        {"true", "Exported", "Every Graph request of the malicious app is logged.", 1, 1}}},
      {"defender_alerts", "monitoring_response", "Defender XDR alerts in the SIEM", "shared",
       "Microsoft raises the alerts; the tenant connects them to its queue.",
       {{"false", "Not connected", "No SecurityAlert rows.", 0, 0},
        {"true", "Connected", "Alerts arrive in SecurityAlert.", 1, 1}}},
      {"alert_queue", "monitoring_response", "Who watches the alert queue", "customer",
       "Microsoft raises an alert; only the tenant can decide that someone reads it.",
       {{"unmonitored", "Nobody", "An alert is seen at the next weekly review, three days later.", 0, 0},
        {"business_hours", "Business hours", "Alerts are seen Monday to Friday, 08:00-18:00 tenant time.", 2, 1},
        {"24x7", "24x7 (SOC or MDR)", "Alerts are seen within minutes.", 4, 2}}},
      {"ir_prepared", "monitoring_response", "Incident-response access prepared", "customer",
       "Graph permissions, an IR app registration and tested scripts, approved before the incident.",
       {{"false", "Not prepared", "The first containment waits two hours for a role approval; every containment action "
                                  "takes three times as long.", 0, 0},
        {"true", "Prepared", "Containment actions run at once, scripted.", 1, 1}}},
  };
  return kDecisions;
}

const DecisionInfo* FindDecision(const std::string& id) {
  for (const auto& d : Decisions())
    if (d.id == id) return &d;
  return nullptr;
}

namespace {

const PostureOption* FindOption(const DecisionInfo& d, const std::string& value) {
  for (const auto& o : d.options)
    if (o.value == value) return &o;
  return nullptr;
}

std::vector<std::string> DecisionIds() {
  std::vector<std::string> ids;
  for (const auto& d : Decisions()) ids.push_back(d.id);
  return ids;
}

// A JSON value as posture text: true/false, integers, strings.
std::optional<std::string> ValueText(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer() || v.is_number_unsigned()) return std::to_string(v.get<int64_t>());
  if (v.is_string()) return v.get<std::string>();
  return std::nullopt;
}

std::string OptionList(const DecisionInfo& d) {
  std::string s;
  for (const auto& o : d.options) s += (s.empty() ? "" : ", ") + o.value;
  return s;
}

}  // namespace

// [SECTION] Posture files

const PostureChoice* Posture::Find(const std::string& decision) const {
  for (const auto& c : choices)
    if (c.decision == decision) return &c;
  return nullptr;
}

std::string Posture::Value(const std::string& decision) const {
  const PostureChoice* c = Find(decision);
  return c ? c->value : std::string();
}

Posture ParsePosture(const json& doc, const std::string& file) {
  engine::JsonChecker check(file);
  Posture p;
  p.file = file;
  if (!check.IsObject(doc, "")) check.ThrowIfProblems();
  check.NoUnknownKeys(doc, "", {"schema", "name", "title", "description", "decisions"});
  const std::string schema = check.String(doc, "", "schema", true);
  if (!schema.empty() && schema != "tenantdrill/posture@1")
    check.Report("/schema", "this program reads \"tenantdrill/posture@1\" postures, not \"" + schema + "\".");
  p.name = check.String(doc, "", "name", true);
  p.title = check.String(doc, "", "title", false, p.name);
  p.description = check.String(doc, "", "description", false);
  auto it = doc.find("decisions");
  if (it == doc.end() || !it->is_object()) {
    check.Report("/decisions", "needs an object of decisions, e.g. {\"mfa_strength\": \"phishing_resistant\"}; the "
                               "decisions are documented in docs/posture.md.");
    check.ThrowIfProblems();
  }
  const auto ids = DecisionIds();
  for (auto d = it->begin(); d != it->end(); ++d) {
    const std::string ptr = engine::PointerJoin("/decisions", d.key());
    const DecisionInfo* info = FindDecision(d.key());
    if (!info) {
      const std::string near = engine::ClosestMatch(d.key(), ids);
      check.Report(ptr, "unknown decision \"" + d.key() + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                            "; see docs/posture.md for the list.");
      continue;
    }
    PostureChoice c;
    c.decision = info->id;
    const json* value = &d.value();
    if (d.value().is_object()) {
      check.NoUnknownKeys(d.value(), ptr, {"choice", "note"});
      c.note = check.String(d.value(), ptr, "note", false);
      auto ch = d.value().find("choice");
      if (ch == d.value().end()) {
        check.Report(engine::PointerJoin(ptr, "choice"), "missing: one of " + OptionList(*info) + ".");
        continue;
      }
      value = &*ch;
    }
    auto text = ValueText(*value);
    if (!text || !FindOption(*info, *text)) {
      std::vector<std::string> values;
      for (const auto& o : info->options) values.push_back(o.value);
      const std::string near = text ? engine::ClosestMatch(*text, values) : std::string();
      check.Report(d.value().is_object() ? engine::PointerJoin(ptr, "choice") : ptr,
                   "\"" + (text ? *text : value->dump()) + "\" is not an option of " + info->id + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                       "; choose one of " + OptionList(*info) + ".");
      continue;
    }
    c.value = *text;
    p.choices.push_back(std::move(c));
  }
  check.ThrowIfProblems();
  // Catalogue order.
  std::vector<PostureChoice> ordered;
  for (const auto& d : Decisions())
    if (const PostureChoice* c = p.Find(d.id)) ordered.push_back(*c);
  p.choices = std::move(ordered);
  return p;
}

Posture LoadPosture(const std::string& path) { return ParsePosture(engine::LoadJsonFile(path), path); }

std::optional<Posture> LoadShippedPosture(const std::string& name) {
  auto text = EmbeddedAsset("scenarios/postures/" + name + ".json");
  if (text.empty()) return std::nullopt;
  const std::string label = name + " (shipped posture)";
  return ParsePosture(engine::ParseJsonText(text, label), label);
}

std::vector<std::string> ShippedPostureNames() { return EmbeddedJsonNames("scenarios/postures"); }

Posture ResolvePosture(const std::string& name_or_path) {
  if (auto p = LoadShippedPosture(name_or_path)) return *p;
  if (name_or_path.find('/') != std::string::npos || name_or_path.find(".json") != std::string::npos)
    return LoadPosture(name_or_path);
  std::string all;
  for (const auto& n : ShippedPostureNames()) all += (all.empty() ? "" : ", ") + n;
  const std::string near = engine::ClosestMatch(name_or_path, ShippedPostureNames());
  throw engine::LoadError(name_or_path, "", "no shipped posture by that name" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                                                "; the shipped postures are " + all + ", or give a file path.");
}

Posture PostureOf(const TemplateSpec& tmpl) {
  const TenantSettings& s = tmpl.settings;
  Posture p;
  p.name = tmpl.name;
  p.title = "The posture of " + (tmpl.organization.empty() ? tmpl.name : tmpl.organization);
  auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  auto add = [&](const char* id, std::string v) { p.choices.push_back({id, std::move(v), ""}); };
  add("entra", ToString(s.entra));
  add("mfa_strength", ToString(s.mfa));
  add("token_protection", b(s.token_protection));
  add("cae", b(s.cae));
  add("legacy_auth_blocked", b(s.legacy_auth_blocked));
  add("emergency_access", b(s.emergency_access));
  add("m365", tmpl.e5_share >= 0.5 ? "E5" : "E3");
  add("m365_audit", s.audit == AuditTier::Premium ? "premium" : "standard");
  add("audit_era", s.audit_era >= 2024 ? "2024" : "2023");
  add("user_consent", ToString(s.consent));
  add("external_forwarding", ToString(s.forwarding));
  add("mdo_p2", b(s.mdo_p2));
  add("device_compliance", b(s.device_compliance));
  add("siem_export", b(s.siem_export));
  // The nearest catalogue option at or below the setting.
  const int keep = s.siem_retention_days;
  add("siem_retention_days", keep >= 365 ? "365" : keep >= 180 ? "180" : keep >= 90 ? "90" : "30");
  add("graph_activity_export", b(s.graph_activity_export));
  add("defender_alerts", b(s.defender_alerts));
  add("alert_queue", ToString(s.alert_queue));
  add("ir_prepared", b(s.ir_prepared));
  return p;
}

void ApplyPosture(ScenarioSpec& spec, const Posture& posture) {
  json settings = json::object();
  for (const auto& c : posture.choices) {
    if (c.decision == "m365") {
      spec.tenant.e5_share = c.value == "E5" ? 1.0 : 0.0;
      if (c.value == "E5") spec.tenant.settings.audit = AuditTier::Premium;
      continue;
    }
    if (c.value == "true" || c.value == "false") settings[c.decision] = c.value == "true";
    else if (c.decision == "audit_era" || c.decision == "siem_retention_days") settings[c.decision] = std::stoi(c.value);
    else settings[c.decision] = c.value;
  }
  engine::JsonChecker check(posture.file.empty() ? posture.name : posture.file);
  ReadSettings(settings, "/decisions", spec.tenant.settings, check);
  check.ThrowIfProblems();
  spec.posture_name = posture.name;
  spec.posture_json = PostureJson(posture);
}

std::string PostureJson(const Posture& p) {
  json doc = {{"schema", "tenantdrill/posture@1"}, {"name", p.name}, {"title", p.title}};
  if (!p.description.empty()) doc["description"] = p.description;
  json decisions = json::object();
  for (const auto& c : p.choices) {
    json v = c.value == "true" ? json(true) : c.value == "false" ? json(false) : json(c.value);
    if (c.decision == "audit_era" || c.decision == "siem_retention_days") v = std::stoi(c.value);
    if (!c.note.empty()) decisions[c.decision] = {{"choice", v}, {"note", c.note}};
    else decisions[c.decision] = v;
  }
  doc["decisions"] = decisions;
  return doc.dump(2);
}

int PostureCost(const Posture& p) {
  int cost = 0;
  for (const auto& c : p.choices)
    if (const DecisionInfo* d = FindDecision(c.decision))
      if (const PostureOption* o = FindOption(*d, c.value)) cost += o->cost;
  return cost;
}

int UpgradeCost(const Posture& base, const Posture& chosen) {
  int cost = 0;
  for (const auto& c : chosen.choices) {
    const DecisionInfo* d = FindDecision(c.decision);
    if (!d) continue;
    const PostureOption* now = FindOption(*d, c.value);
    const PostureOption* before = FindOption(*d, base.Value(c.decision));
    if (now) cost += std::max(0, now->cost - (before ? before->cost : 0));
  }
  return cost;
}

engine::Result<Posture> PreparePosture(const Posture& base, const std::vector<PostureChoice>& changes, int budget) {
  Posture out = base;
  for (const auto& ch : changes) {
    const DecisionInfo* d = FindDecision(ch.decision);
    if (!d) {
      const std::string near = engine::ClosestMatch(ch.decision, DecisionIds());
      return engine::Error{"unknown decision \"" + ch.decision + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") + "."};
    }
    if (!d->preparable) return engine::Error{d->title + " is not the tenant's decision and cannot be prepared."};
    if (!FindOption(*d, ch.value)) return engine::Error{"\"" + ch.value + "\" is not an option of " + d->id + "; choose one of " + OptionList(*d) + "."};
    bool found = false;
    for (auto& c : out.choices)
      if (c.decision == ch.decision) {
        c.value = ch.value;
        if (!ch.note.empty()) c.note = ch.note;
        found = true;
      }
    if (!found) out.choices.push_back(ch);
  }
  const int cost = UpgradeCost(base, out);
  if (cost > budget)
    return engine::Error{"these changes cost " + std::to_string(cost) + " points and the budget is " + std::to_string(budget) +
                         ": drop or downgrade a change."};
  std::vector<PostureChoice> ordered;
  for (const auto& d : Decisions())
    if (const PostureChoice* c = out.Find(d.id)) ordered.push_back(*c);
  out.choices = std::move(ordered);
  out.name = base.name + " (prepared)";
  out.title = base.title + " (prepared)";
  return out;
}

std::vector<std::string> RelevantDecisions(const ScenarioSpec& spec) {
  std::vector<std::string> out;
  auto add = [&](std::initializer_list<const char*> ids) {
    for (const char* id : ids)
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const auto& step : spec.chain) {
    const std::string& t = step.technique;
    if (t == "aitm_phish" || t == "internal_phish")
      add({"mfa_strength", "device_compliance", "token_protection", "cae", "legacy_auth_blocked", "entra", "mdo_p2"});
    if (t == "session_replay" || t == "register_mfa") add({"token_protection", "cae", "entra"});
    if (t == "inbox_rule" || t == "mail_collection" || t == "bec_fraud") add({"m365_audit", "m365"});
    if (t == "mailbox_forwarding") add({"external_forwarding"});
    if (t == "consent_phish") add({"user_consent", "graph_activity_export"});
  }
  add({"siem_export", "defender_alerts", "alert_queue", "ir_prepared", "emergency_access"});
  std::vector<std::string> ordered;  // catalogue order
  for (const auto& d : Decisions())
    if (std::find(out.begin(), out.end(), d.id) != out.end()) ordered.push_back(d.id);
  return ordered;
}

bool IsAttackSuccess(const std::string& e) {
  static const char* kOk[] = {"session_stolen", "session_replayed", "mfa_registered", "rule_created", "forwarding_set",
                              "mail_collected", "consent_granted", "fraud_sent", "payment_lost", "internal_phish_sent",
                              "signin_with_attacker_mfa", "sspr_takeover", "legacy_signin"};
  return std::find(std::begin(kOk), std::end(kOk), e) != std::end(kOk);
}

double PostureReadiness(const ScenarioSpec& spec, std::vector<std::string>* weakest) {
  const Posture p = PostureOf(spec.tenant);
  double sum = 0;
  int n = 0;
  for (const auto& id : RelevantDecisions(spec)) {
    const DecisionInfo* d = FindDecision(id);
    if (!d || !d->preparable) continue;
    const PostureOption* o = FindOption(*d, p.Value(id));
    const int max_strength = d->options.back().strength;
    if (!o || max_strength <= 0) continue;
    sum += static_cast<double>(o->strength) / max_strength;
    ++n;
    if (weakest && o->strength == 0) weakest->push_back(d->title + ": " + o->label + " - " + o->effect);
  }
  return n == 0 ? 100.0 : 100.0 * sum / n;
}

// [SECTION] Shared responsibility

std::vector<ResponsibilityRow> SharedResponsibility(const TenantSettings& s, double e5_share) {
  std::vector<ResponsibilityRow> rows;
  const bool p1 = s.entra != EntraTier::Free, p2 = s.entra == EntraTier::P2;
  auto days = [](int d) { return "kept " + std::to_string(d) + " days"; };
  const int signin_days = p1 && s.siem_export ? s.siem_retention_days : p1 ? 30 : 7;
  rows.push_back({"Sign-in logs (SigninLogs, AADNonInteractiveUserSignInLogs)", "evidence",
                  "Records every sign-in and token refresh", "Licence (P1/P2 to reach a workspace), export and retention",
                  "shared", p1, p1 ? days(signin_days) + (s.siem_export ? " in the SIEM" : " (not exported)") : "not in Log Analytics: needs Entra ID P1"});
  rows.push_back({"Service principal sign-ins (AADServicePrincipalSignInLogs)", "evidence", "Records app-only sign-ins",
                  "Licence and export", "shared", p1, p1 ? days(signin_days) : "needs Entra ID P1"});
  rows.push_back({"Directory audit (AuditLogs)", "evidence", "Records consents, role, method and policy changes",
                  "Export and retention", "shared", true, days(p1 && s.siem_export ? s.siem_retention_days : p1 ? 30 : 7)});
  const bool mail_reads = s.audit_era >= 2024 || s.audit == AuditTier::Premium || e5_share >= 0.999;
  rows.push_back({"Mailbox audit: mail reads (MailItemsAccessed)", "evidence", "Audits mailbox access",
                  "Audit tier / E5 licences", "shared", mail_reads,
                  mail_reads ? "recorded for every mailbox" : e5_share > 0 ? "only for E5 mailboxes (2023 era, Audit Standard)" : "not recorded: needs Audit (Premium) before 2024"});
  rows.push_back({"Office activity (OfficeActivity): rules, forwarding, files", "evidence", "Unified audit log",
                  "Audit tier decides retention", "shared", true, days(s.audit == AuditTier::Premium ? 365 : 180)});
  rows.push_back({"Risk detections (AADUserRiskEvents, AADRiskyUsers)", "evidence", "Identity Protection detects",
                  "Entra ID P2 licence", "shared", p2, p2 ? "kept 90 days" : "hidden: needs Entra ID P2"});
  rows.push_back({"Graph activity (MicrosoftGraphActivityLogs)", "evidence", "Logs every Graph request",
                  "Export it (P1/P2)", "customer", p1 && s.graph_activity_export, p1 && s.graph_activity_export ? "exported" : "not exported"});
  rows.push_back({"Mail flow and clicks (EmailEvents, UrlClickEvents)", "evidence", "Defender for Office 365 records",
                  "Plan 2 licence", "shared", s.mdo_p2, s.mdo_p2 ? "available" : "not licensed"});
  rows.push_back({"Alerts (SecurityAlert)", "evidence", "Defender XDR raises alerts", "Connect them; watch the queue",
                  "shared", s.defender_alerts, s.defender_alerts ? std::string("connected; queue: ") + ToString(s.alert_queue) : "not connected"});
  rows.push_back({"Multi-factor authentication", "control", "Provides every method, FIDO2 included", "Requires a strength",
                  "customer", s.mfa != MfaStrength::None, ToString(s.mfa)});
  rows.push_back({"Compliant-device Conditional Access", "control", "Intune and Conditional Access", "Writes the policy",
                  "customer", s.device_compliance, s.device_compliance ? "required" : "not required"});
  rows.push_back({"Token protection", "control", "Binds tokens to devices", "Turns the policy on", "customer",
                  s.token_protection, s.token_protection ? "on" : "off"});
  rows.push_back({"Continuous Access Evaluation", "control", "Built into Exchange, SharePoint, Teams",
                  "Chooses strict enforcement", "shared", s.cae, s.cae ? "on" : "off"});
  rows.push_back({"Legacy authentication", "control", "Retired most basic authentication", "Blocks the rest",
                  "customer", s.legacy_auth_blocked, s.legacy_auth_blocked ? "blocked" : "allowed"});
  rows.push_back({"User consent to apps", "control", "Consent framework, publisher verification", "Sets the consent policy",
                  "customer", s.consent != ConsentPolicy::Allowed, ToString(s.consent)});
  rows.push_back({"External auto-forwarding", "control", "Outbound spam policy", "Keeps it off", "customer",
                  s.forwarding != ForwardingPolicy::On, ToString(s.forwarding)});
  rows.push_back({"Session revocation and password reset", "control", "Provides the APIs",
                  "Prepares permissions and scripts; uses them", "shared", s.ir_prepared,
                  s.ir_prepared ? "prepared" : "not prepared: approvals needed first"});
  rows.push_back({"Emergency-access accounts", "control", "Allows CA exclusions", "Creates and guards them", "customer",
                  s.emergency_access, s.emergency_access ? "in place" : "none"});
  rows.push_back({"Alert triage", "control", "Raises alerts", "Someone reads them", "customer",
                  s.alert_queue != AlertQueue::Unmonitored, ToString(s.alert_queue)});
  return rows;
}

}  // namespace td::sim
