#include "sim/tenant_template.h"

#include <nlohmann/json.hpp>

#include "engine/json_load.h"
#include "engine/load_error.h"
#include "sim/assets.h"

namespace td::sim {

using engine::JsonChecker;
using engine::PointerJoin;
using nlohmann::json;

namespace {
const std::vector<std::string> kTopKeys = {"schema", "name", "description", "organization", "domain", "users",
                                           "utc_offset", "departments", "offices", "remote_share", "licences",
                                           "mfa_registered_share", "admins", "third_party_apps", "settings",
                                           "activity", "partner_domains"};

int ParseOffset(const std::string& s, bool& ok) {
  ok = false;
  if (s == "Z" || s == "+00:00" || s == "UTC") { ok = true; return 0; }
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return 0;
  for (int i : {1, 2, 4, 5}) if (s[static_cast<size_t>(i)] < '0' || s[static_cast<size_t>(i)] > '9') return 0;
  int h = (s[1] - '0') * 10 + (s[2] - '0'), m = (s[4] - '0') * 10 + (s[5] - '0');
  if (h > 14 || m > 59) return 0;
  ok = true;
  return (s[0] == '-' ? -1 : 1) * (h * 60 + m);
}

bool SafeDomain(const std::string& d) {
  const std::string suffix = ".example";
  if (d.size() <= suffix.size() || d.compare(d.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  for (char c : d)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  return true;
}
}  // namespace

void ReadSettings(const json& obj, const std::string& ptr, TenantSettings& s, JsonChecker& check) {
  if (!check.IsObject(obj, ptr)) return;
  check.NoUnknownKeys(obj, ptr, {"entra", "m365_audit", "audit_era", "user_consent", "external_forwarding",
                                 "mfa_strength", "mdo_p2", "graph_activity_export", "defender_alerts", "cae",
                                 "legacy_auth_blocked", "retention_days", "token_protection", "device_compliance",
                                 "emergency_access", "ir_prepared", "alert_queue", "siem_export",
                                 "siem_retention_days"});
  auto entra = check.Enum(obj, ptr, "entra", false, {"Free", "P1", "P2"}, ToString(s.entra));
  s.entra = entra == "Free" ? EntraTier::Free : entra == "P1" ? EntraTier::P1 : EntraTier::P2;
  auto audit = check.Enum(obj, ptr, "m365_audit", false, {"standard", "premium"},
                          s.audit == AuditTier::Premium ? "premium" : "standard");
  s.audit = audit == "premium" ? AuditTier::Premium : AuditTier::Standard;
  s.audit_era = static_cast<int>(check.Int(obj, ptr, "audit_era", false, s.audit_era, 2019, 2030));
  auto consent = check.Enum(obj, ptr, "user_consent", false, {"allowed", "verified_low_risk", "admin_only"}, ToString(s.consent));
  s.consent = consent == "allowed" ? ConsentPolicy::Allowed
              : consent == "verified_low_risk" ? ConsentPolicy::VerifiedLowRisk : ConsentPolicy::AdminOnly;
  auto fwd = check.Enum(obj, ptr, "external_forwarding", false, {"automatic", "on", "off"}, ToString(s.forwarding));
  s.forwarding = fwd == "automatic" ? ForwardingPolicy::Automatic : fwd == "on" ? ForwardingPolicy::On : ForwardingPolicy::Off;
  auto mfa = check.Enum(obj, ptr, "mfa_strength", false, {"none", "sms_or_push", "number_matching", "phishing_resistant"},
                        ToString(s.mfa));
  s.mfa = mfa == "none" ? MfaStrength::None : mfa == "sms_or_push" ? MfaStrength::SmsOrPush
          : mfa == "number_matching" ? MfaStrength::NumberMatching : MfaStrength::PhishingResistant;
  s.mdo_p2 = check.Bool(obj, ptr, "mdo_p2", false, s.mdo_p2);
  s.graph_activity_export = check.Bool(obj, ptr, "graph_activity_export", false, s.graph_activity_export);
  s.defender_alerts = check.Bool(obj, ptr, "defender_alerts", false, s.defender_alerts);
  s.cae = check.Bool(obj, ptr, "cae", false, s.cae);
  s.legacy_auth_blocked = check.Bool(obj, ptr, "legacy_auth_blocked", false, s.legacy_auth_blocked);
  s.token_protection = check.Bool(obj, ptr, "token_protection", false, s.token_protection);
  s.device_compliance = check.Bool(obj, ptr, "device_compliance", false, s.device_compliance);
  s.emergency_access = check.Bool(obj, ptr, "emergency_access", false, s.emergency_access);
  s.ir_prepared = check.Bool(obj, ptr, "ir_prepared", false, s.ir_prepared);
  auto queue = check.Enum(obj, ptr, "alert_queue", false, {"unmonitored", "business_hours", "24x7"}, ToString(s.alert_queue));
  s.alert_queue = queue == "unmonitored" ? AlertQueue::Unmonitored : queue == "business_hours" ? AlertQueue::BusinessHours : AlertQueue::Always;
  s.siem_export = check.Bool(obj, ptr, "siem_export", false, s.siem_export);
  s.siem_retention_days = static_cast<int>(check.Int(obj, ptr, "siem_retention_days", false, s.siem_retention_days, 30, 730));
  if (auto it = obj.find("retention_days"); it != obj.end()) {
    std::string rp = PointerJoin(ptr, "retention_days");
    if (check.IsObject(*it, rp)) {
      for (const auto& [table, v] : it->items()) {
        if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 3650) {
          check.Report(PointerJoin(rp, table), "retention must be a whole number of days from 1 to 3650.");
          continue;
        }
        bool replaced = false;
        for (auto& r : s.retention)
          if (r.table == table) { r.days = v.get<int>(); replaced = true; }
        if (!replaced) s.retention.push_back({table, v.get<int>()});
      }
    }
  }
}

TemplateSpec ParseTemplate(const json& doc, const std::string& file) {
  JsonChecker check(file);
  TemplateSpec t;
  t.file = file;
  if (!check.IsObject(doc, "")) check.ThrowIfProblems();
  check.NoUnknownKeys(doc, "", kTopKeys);
  std::string schema = check.String(doc, "", "schema", true);
  if (!schema.empty() && schema != "tenantdrill/tenant@1")
    check.Report("/schema", "this program reads \"tenantdrill/tenant@1\" templates, not \"" + schema +
                                "\". Use a template made for this version.");
  t.name = check.String(doc, "", "name", true);
  t.description = check.String(doc, "", "description", false);
  t.organization = check.String(doc, "", "organization", true);
  t.domain = check.String(doc, "", "domain", true);
  if (!t.domain.empty() && !SafeDomain(t.domain))
    check.Report("/domain", "\"" + t.domain + "\" must be a name under the reserved .example domain (for instance "
                            "\"northwind.example\") so no real organisation is named.");
  if (auto it = doc.find("users"); it != doc.end() && it->is_number() && it->get<double>() > kMaxUsers) {
    check.Report("/users", "a tenant of " + it->dump() + " users is refused: the limit is " + std::to_string(kMaxUsers) +
                               " users (the 10,000-user enterprise template is the largest shipped). Lower \"users\".");
  } else {
    t.users = static_cast<int>(check.Int(doc, "", "users", true, 50, 1, kMaxUsers));
  }
  std::string off = check.String(doc, "", "utc_offset", false, "+00:00");
  bool ok;
  t.utc_offset_min = ParseOffset(off, ok);
  if (!ok) check.Report("/utc_offset", "\"" + off + "\" is not a UTC offset; write it as \"+01:00\" or \"-05:00\".");
  t.settings.utc_offset_min = t.utc_offset_min;

  if (auto it = doc.find("departments"); it == doc.end() || !it->is_array() || it->empty()) {
    check.Report("/departments", "give a non-empty list of departments, e.g. [{\"name\": \"Finance\", \"share\": 0.1}].");
  } else {
    double total = 0;
    for (size_t i = 0; i < it->size(); ++i) {
      std::string p = PointerJoin("/departments", i);
      const json& d = (*it)[i];
      if (!check.IsObject(d, p)) continue;
      check.NoUnknownKeys(d, p, {"name", "share"});
      DepartmentSpec ds{check.String(d, p, "name", true), check.Number(d, p, "share", true, 0.1, 0.0, 1.0)};
      total += ds.share;
      t.departments.push_back(ds);
    }
    if (total <= 0) check.Report("/departments", "the department shares add up to 0; give each a share above 0.");
  }
  if (auto it = doc.find("offices"); it == doc.end() || !it->is_array() || it->empty()) {
    check.Report("/offices", "give at least one office with name, city, country, lat and lon.");
  } else {
    for (size_t i = 0; i < it->size(); ++i) {
      std::string p = PointerJoin("/offices", i);
      const json& o = (*it)[i];
      if (!check.IsObject(o, p)) continue;
      check.NoUnknownKeys(o, p, {"name", "city", "state", "country", "lat", "lon", "share"});
      OfficeSpec os;
      os.name = check.String(o, p, "name", true);
      os.location.city = check.String(o, p, "city", true);
      os.location.state = check.String(o, p, "state", false);
      os.location.country = check.String(o, p, "country", true);
      if (os.location.country.size() != 2)
        check.Report(PointerJoin(p, "country"), "use the two-letter ISO country code, e.g. \"GB\".");
      os.location.lat = check.Number(o, p, "lat", true, 0, -90, 90);
      os.location.lon = check.Number(o, p, "lon", true, 0, -180, 180);
      os.share = check.Number(o, p, "share", false, 1.0, 0.0, 1.0);
      t.offices.push_back(os);
    }
  }
  t.remote_share = check.Number(doc, "", "remote_share", false, t.remote_share, 0, 1);
  t.mfa_registered_share = check.Number(doc, "", "mfa_registered_share", false, t.mfa_registered_share, 0, 1);
  if (auto it = doc.find("licences"); it != doc.end()) {
    if (check.IsObject(*it, "/licences")) {
      check.NoUnknownKeys(*it, "/licences", {"m365", "e5_share", "entra"});
      auto plan = check.Enum(*it, "/licences", "m365", false, {"E3", "E5", "mixed"}, "E3");
      t.e5_share = plan == "E5" ? 1.0 : plan == "E3" ? 0.0 : check.Number(*it, "/licences", "e5_share", true, 0.2, 0, 1);
      auto entra = check.Enum(*it, "/licences", "entra", false, {"Free", "P1", "P2"}, "P1");
      t.settings.entra = entra == "Free" ? EntraTier::Free : entra == "P1" ? EntraTier::P1 : EntraTier::P2;
      if (plan == "E5") t.settings.audit = AuditTier::Premium;
    }
  }
  if (auto it = doc.find("admins"); it != doc.end() && check.IsObject(*it, "/admins")) {
    check.NoUnknownKeys(*it, "/admins", {"global", "exchange", "security", "helpdesk", "application"});
    t.global_admins = static_cast<int>(check.Int(*it, "/admins", "global", false, 2, 1, 50));
    t.exchange_admins = static_cast<int>(check.Int(*it, "/admins", "exchange", false, 1, 0, 50));
    t.security_admins = static_cast<int>(check.Int(*it, "/admins", "security", false, 1, 0, 50));
    t.helpdesk_admins = static_cast<int>(check.Int(*it, "/admins", "helpdesk", false, 1, 0, 200));
    t.app_admins = static_cast<int>(check.Int(*it, "/admins", "application", false, 1, 0, 50));
  }
  t.third_party_apps = static_cast<int>(check.Int(doc, "", "third_party_apps", false, 3, 0, 6));
  if (auto it = doc.find("settings"); it != doc.end()) ReadSettings(*it, "/settings", t.settings, check);
  if (auto it = doc.find("activity"); it != doc.end() && check.IsObject(*it, "/activity")) {
    check.NoUnknownKeys(*it, "/activity", {"signin_failure_rate", "weekend_factor", "mail_sends_per_day",
                                           "mail_reads_per_day", "file_ops_per_day", "token_refreshes_per_day",
                                           "legit_rule_share", "external_forwarders", "admin_changes_per_day"});
    auto& a = t.activity;
    a.signin_failure_rate = check.Number(*it, "/activity", "signin_failure_rate", false, a.signin_failure_rate, 0, 0.5);
    a.weekend_factor = check.Number(*it, "/activity", "weekend_factor", false, a.weekend_factor, 0, 1);
    a.mail_sends_per_day = check.Number(*it, "/activity", "mail_sends_per_day", false, a.mail_sends_per_day, 0, 200);
    a.mail_reads_per_day = check.Number(*it, "/activity", "mail_reads_per_day", false, a.mail_reads_per_day, 0, 200);
    a.file_ops_per_day = check.Number(*it, "/activity", "file_ops_per_day", false, a.file_ops_per_day, 0, 200);
    a.token_refreshes_per_day = check.Number(*it, "/activity", "token_refreshes_per_day", false, a.token_refreshes_per_day, 0, 200);
    a.legit_rule_share = check.Number(*it, "/activity", "legit_rule_share", false, a.legit_rule_share, 0, 1);
    a.external_forwarders = static_cast<int>(check.Int(*it, "/activity", "external_forwarders", false, a.external_forwarders, 0, 20));
    a.admin_changes_per_day = static_cast<int>(check.Int(*it, "/activity", "admin_changes_per_day", false, a.admin_changes_per_day, 0, 1000));
  }
  if (auto it = doc.find("partner_domains"); it != doc.end()) {
    if (!it->is_array()) check.Report("/partner_domains", "expected a list of domain names.");
    else
      for (size_t i = 0; i < it->size(); ++i) {
        const json& d = (*it)[i];
        if (!d.is_string() || !SafeDomain(d.get<std::string>()))
          check.Report(PointerJoin("/partner_domains", i), "each partner domain must be a name under .example.");
        else t.partner_domains.push_back(d.get<std::string>());
      }
  }
  if (t.partner_domains.empty()) t.partner_domains = {"fabrikam-supplies.example", "litware-logistics.example", "adatum-partners.example"};
  int admins = t.global_admins + t.exchange_admins + t.security_admins + t.helpdesk_admins + t.app_admins;
  if (check.Ok() && admins > t.users)
    check.Report("/admins", "the template asks for " + std::to_string(admins) + " admins but has only " +
                                std::to_string(t.users) + " users; lower the admin counts or raise \"users\".");
  check.ThrowIfProblems();
  return t;
}

std::optional<TemplateSpec> LoadShippedTemplate(const std::string& name) {
  auto text = EmbeddedAsset("scenarios/tenants/" + name + ".json");
  if (text.empty()) return std::nullopt;
  const std::string label = name + " (shipped template)";
  return ParseTemplate(engine::ParseJsonText(text, label), label);
}

std::vector<std::string> ShippedTemplateNames() {
  return EmbeddedJsonNames("scenarios/tenants");
}

TemplateSpec LoadTemplate(const std::string& path) {
  json doc = engine::LoadJsonFile(path);
  return ParseTemplate(doc, path);
}

}  // namespace td::sim
