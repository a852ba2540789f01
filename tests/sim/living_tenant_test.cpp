// The living tenant: generation, background activity and its log rows (issue 2).
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sim/catalog.h"
#include "sim/export.h"
#include "sim/tenant_gen.h"
#include "sim_test_util.h"

using namespace td;
using nlohmann::json;

namespace {
std::vector<json> Rows(const sim::World& w, const std::string& table) {
  std::vector<json> out;
  std::istringstream in(test::TableText(w, table));
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}
int LocalHour(const std::string& iso, int offset_min) {
  auto t = engine::ParseIso(iso);
  REQUIRE(t.has_value());
  return engine::ToCivil(*t + offset_min * engine::kMinute).hour;
}
}  // namespace

TEST_CASE("the tenant is generated deterministically from the template and seed") {
  auto spec = test::ShippedTemplate("small-business-50");
  sim::Tenant a = sim::BuildTenant(spec, 7), b = sim::BuildTenant(spec, 7), c = sim::BuildTenant(spec, 8);
  REQUIRE(a.users.size() == 51);  // 50 staff + the emergency-access account
  for (size_t i = 0; i < a.users.size(); ++i) {
    CHECK(a.users[i].upn == b.users[i].upn);
    CHECK(a.users[i].object_id == b.users[i].object_id);
  }
  bool differs = false;
  for (size_t i = 0; i < a.users.size(); ++i) differs |= a.users[i].upn != c.users[i].upn;
  CHECK(differs);
  std::set<std::string> upns;
  for (const auto& u : a.users) {
    upns.insert(u.upn);
    CHECK(u.upn.find(".example") != std::string::npos);
  }
  CHECK(upns.size() == a.users.size());
}

TEST_CASE("the organisation has what the template asks for, on documentation addresses") {
  auto spec = test::ShippedTemplate("company-2000");
  sim::Tenant t = sim::BuildTenant(spec, 1);
  CHECK(t.users.size() == 2001);
  std::map<std::string, int> per_dept;
  int globals = 0, e5 = 0, with_mfa = 0, managed = 0;
  for (const auto& u : t.users) {
    per_dept[u.department]++;
    globals += (u.roles & sim::kRoleGlobalAdmin) ? 1 : 0;
    e5 += u.plan == sim::M365Plan::E5;
    with_mfa += u.methods.size() > 1;
    managed += u.manager != sim::kNone;
  }
  CHECK(per_dept["Engineering"] == 700);  // 35 % of 2,000
  CHECK(globals == 4);                    // 3 from the template + break-glass
  CHECK(e5 > 400);
  CHECK(e5 < 600);                        // 25 % mixed licences
  CHECK(with_mfa > 1800);
  CHECK(managed > 1900);
  for (const auto& s : t.sources) {
    const bool doc_range = s.ip.rfind("192.0.2.", 0) == 0 || s.ip.rfind("198.51.100.", 0) == 0 ||
                           s.ip.rfind("203.0.113.", 0) == 0 || s.ip.rfind("2001:db8:", 0) == 0;
    CHECK_MESSAGE(doc_range, s.ip);
  }
  CHECK(t.mailboxes.size() == t.users.size());
  CHECK(t.sites.size() > 2000);  // 9 team sites + OneDrives
  CHECK(t.ca_policies.size() >= 3);
  const sim::App& exo = t.apps[t.FindApp("00000002-0000-0ff1-ce00-000000000000")];
  CHECK(exo.display_name == "Office 365 Exchange Online");
}

TEST_CASE("non-interactive sign-ins carry the SessionId of an earlier interactive sign-in by the same user") {
  auto w = test::MakeWorld(test::ShippedTemplate("small-business-50"), 3, 5);
  std::map<std::string, std::pair<std::string, std::string>> opened;  // SessionId -> (user, time)
  for (const auto& r : Rows(*w, "SigninLogs"))
    if (r["ResultType"] == "0") opened.emplace(r["SessionId"].get<std::string>(), std::make_pair(r["UserId"].get<std::string>(), r["TimeGenerated"].get<std::string>()));
  auto ni = Rows(*w, "AADNonInteractiveUserSignInLogs");
  REQUIRE(ni.size() > 500);
  size_t checked = 0;
  for (const auto& r : ni) {
    auto it = opened.find(r["SessionId"].get<std::string>());
    REQUIRE_MESSAGE(it != opened.end(), r["SessionId"]);
    CHECK(it->second.first == r["UserId"]);
    CHECK(it->second.second <= r["TimeGenerated"].get<std::string>());
    CHECK(r["IsInteractive"] == false);
    ++checked;
  }
  CHECK(checked == ni.size());
}

TEST_CASE("activity follows working hours in the tenant's time zone, lighter at weekends") {
  auto spec = test::ShippedTemplate("company-2000");
  spec.users = 300;
  auto w = test::MakeWorld(spec, 5, 7);  // Monday to Sunday
  int work = 0, night = 0, weekday = 0, weekend = 0;
  for (const auto& r : Rows(*w, "OfficeActivity")) {
    int h = LocalHour(r["TimeGenerated"], spec.utc_offset_min);
    (h >= 8 && h < 18 ? work : night) += (h >= 8 && h < 18) || h < 6 || h >= 22 ? 1 : 0;
    auto t = *engine::ParseIso(r["TimeGenerated"].get<std::string>());
    int wd = engine::ToCivil(t + spec.utc_offset_min * engine::kMinute).weekday;
    (wd == 0 || wd == 6 ? weekend : weekday)++;
  }
  INFO("work-hours rows " << work << ", night rows " << night << ", weekday " << weekday << ", weekend " << weekend);
  CHECK(work > 20 * night);
  CHECK(weekday / 5 > 5 * (weekend / 2));
}

TEST_CASE("sign-ins fail sometimes with the real result codes, and the rows say why") {
  auto w = test::MakeWorld(test::ShippedTemplate("company-2000"), 2, 2);
  std::map<std::string, int> codes;
  for (const auto& r : Rows(*w, "SigninLogs")) {
    codes[r["ResultType"].get<std::string>()]++;
    if (r["ResultType"] == "500121") {
      CHECK(r["Status"]["additionalDetails"] == "MFA denied; user declined the authentication");
      CHECK(r["ResultDescription"] == "Authentication failed during strong authentication request.");
    }
    if (r["ResultType"] == "50126") CHECK(r["Status"]["errorCode"] == 50126);
    if (r["ResultType"] == "0" && r["AuthenticationRequirement"] == "multiFactorAuthentication")
      CHECK(json::parse(r["AuthenticationDetails"].get<std::string>()).size() == 2);
  }
  CHECK(codes["0"] > 1000);
  CHECK(codes["50126"] > 0);
  CHECK(codes["500121"] > 0);
  for (const auto& r : Rows(*w, "AADNonInteractiveUserSignInLogs")) {
    if (r["ResultType"] != "0" || r["AuthenticationRequirement"] != "multiFactorAuthentication") continue;
    // AADNonInteractiveUserSignInLogs types Status as a string holding JSON (unlike SigninLogs).
    REQUIRE(r["Status"].is_string());
    CHECK(json::parse(r["Status"].get<std::string>())["additionalDetails"] == "MFA requirement satisfied by claim in the token");
    break;
  }
}

TEST_CASE("decoys: a few benign inbox rules and a deliberate external forwarder, in the real layout") {
  auto w = test::MakeWorld(test::ShippedTemplate("small-business-50"), 1, 2);
  int rules = 0, forwards = 0;
  for (const auto& r : Rows(*w, "OfficeActivity")) {
    if (r["Operation"] == "New-InboxRule") {
      ++rules;
      auto p = json::parse(r["Parameters"].get<std::string>());
      // OWA order, as in the real records: AlwaysDeleteOutlookRulesBlob, Force, …, Name, …
      CHECK(p[0]["Name"] == "AlwaysDeleteOutlookRulesBlob");
      CHECK(p[1]["Name"] == "Force");
      CHECK(r["ResultStatus"] == "True");
      CHECK(r["RecordType"] == "ExchangeAdmin");
      CHECK(r["OfficeObjectId"].get<std::string>().find("Microsoft Exchange Hosted Organizations") != std::string::npos);
      CHECK(r["ClientIP"].get<std::string>().find(':') != std::string::npos);  // ip:port
    }
    if (r["Operation"] == "Set-Mailbox") {
      ++forwards;
      auto p = json::parse(r["Parameters"].get<std::string>());
      CHECK(p[1]["Name"] == "ForwardingSmtpAddress");
      CHECK(p[1]["Value"].get<std::string>().rfind("smtp:", 0) == 0);
    }
  }
  CHECK(rules >= 3);
  CHECK(forwards == 1);
  int forwarding_now = 0;
  for (const auto& mb : w->GetTenant().mailboxes) forwarding_now += !mb.forwarding_smtp.empty();
  CHECK(forwarding_now == 1);
}

TEST_CASE("retention: a Free tenant keeps 7 days of sign-ins, P1 keeps 30") {
  auto spec = test::ShippedTemplate("small-business-50");
  spec.settings.entra = sim::EntraTier::Free;
  auto free_w = test::MakeWorld(spec, 1, 14);
  spec.settings.entra = sim::EntraTier::P1;
  auto p1_w = test::MakeWorld(spec, 1, 14);
  auto oldest = [](const std::vector<json>& rows) {
    std::string m = "9999";
    for (const auto& r : rows) m = std::min(m, r["TimeGenerated"].get<std::string>());
    return m;
  };
  const std::string cutoff = engine::FormatIso(test::kStart + 7 * engine::kDay);
  CHECK(oldest(Rows(*free_w, "SigninLogs")) >= cutoff);
  CHECK(oldest(Rows(*p1_w, "SigninLogs")) < cutoff);
  // The rows are in the store either way: retention is a view, not a deletion.
  CHECK(free_w->Logs().Store().Find("SigninLogs")->RowCount() == p1_w->Logs().Store().Find("SigninLogs")->RowCount());
}

TEST_CASE("licence: before the 2024 audit expansion, E3 mailboxes leave no MailItemsAccessed or Send") {
  auto spec = test::ShippedTemplate("company-2000");
  spec.users = 200;
  spec.e5_share = 0.5;
  spec.settings.audit_era = 2023;
  spec.settings.audit = sim::AuditTier::Standard;
  auto old_era = test::MakeWorld(spec, 4, 1);
  std::set<std::string> e5;
  for (const auto& u : old_era->GetTenant().users) if (u.plan == sim::M365Plan::E5) e5.insert(u.upn);
  int e3_rows = 0, e5_rows = 0;
  for (const auto& r : Rows(*old_era, "OfficeActivity")) {
    if (r["Operation"] != "MailItemsAccessed" && r["Operation"] != "Send") continue;
    (e5.count(r["UserId"].get<std::string>()) ? e5_rows : e3_rows)++;
  }
  CHECK(e3_rows == 0);
  CHECK(e5_rows > 100);
  spec.settings.audit_era = 2024;
  auto new_era = test::MakeWorld(spec, 4, 1);
  int all = 0;
  for (const auto& r : Rows(*new_era, "OfficeActivity")) all += r["Operation"] == "MailItemsAccessed";
  CHECK(all > 2 * e5_rows / 2);
}

TEST_CASE("risk detail is hidden unless the tenant has Entra ID P2") {
  auto spec = test::ShippedTemplate("small-business-50");
  auto p1 = test::MakeWorld(spec, 1, 1);
  for (const auto& r : Rows(*p1, "SigninLogs")) CHECK(r["RiskLevelDuringSignIn"] == "hidden");
  spec.settings.entra = sim::EntraTier::P2;
  auto p2 = test::MakeWorld(spec, 1, 1);
  for (const auto& r : Rows(*p2, "SigninLogs")) CHECK(r["RiskLevelDuringSignIn"] == "none");
}

TEST_CASE("a blocked user's background sign-ins fail with 50057 and their work stops") {
  auto spec = test::ShippedTemplate("small-business-50");
  sim::World w(spec, 1, test::kStart);
  w.AdvanceTo(test::kStart + engine::kDay);
  const uint32_t victim = 5;
  w.GetTenant().users[victim].enabled = false;
  w.AdvanceTo(test::kStart + 3 * engine::kDay);
  const std::string upn = w.GetTenant().users[victim].upn;
  const std::string cut = engine::FormatIso(test::kStart + engine::kDay);
  int disabled = 0, later_success = 0, later_office = 0;
  for (const auto& r : Rows(w, "SigninLogs")) {
    if (r["UserPrincipalName"] != upn || r["TimeGenerated"].get<std::string>() < cut) continue;
    disabled += r["ResultType"] == "50057";
    later_success += r["ResultType"] == "0";
  }
  for (const auto& r : Rows(w, "OfficeActivity"))
    if (r["UserId"] == upn && r["TimeGenerated"].get<std::string>() > cut) ++later_office;
  CHECK(disabled >= 1);
  CHECK(later_success == 0);
  CHECK(later_office == 0);
}
