#pragma once
// Tenant template files (scenarios/tenants/*.json, schema "tenantdrill/tenant@1"): the shape of an
// organisation from which a tenant is generated deterministically with a seed. Documented in
// docs/tenant-template.md.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/json_load.h"
#include "sim/tenant.h"

namespace td::sim {

inline constexpr int kMaxUsers = 20000;  // a template above this is refused (memory and time)

struct DepartmentSpec {
  std::string name;
  double share = 0;  // fraction of users
};

struct OfficeSpec {
  std::string name;
  Location location;
  double share = 0;  // fraction of users based there
};

struct ActivitySpec {
  double signin_failure_rate = 0.03;   // share of interactive sign-ins that fail first
  double weekend_factor = 0.12;        // weekend activity relative to a weekday
  double mail_sends_per_day = 8;
  double mail_reads_per_day = 10;
  double file_ops_per_day = 8;
  double token_refreshes_per_day = 14;
  double legit_rule_share = 0.06;      // users with a benign inbox rule
  int external_forwarders = 1;         // users who forward externally on purpose (decoys)
  int admin_changes_per_day = 6;
};

struct TemplateSpec {
  std::string file;
  std::string name;
  std::string description;
  std::string organization;
  std::string domain;
  int users = 50;
  int utc_offset_min = 0;
  std::vector<DepartmentSpec> departments;
  std::vector<OfficeSpec> offices;
  double remote_share = 0.2;
  double e5_share = 0;
  double mfa_registered_share = 0.95;
  int global_admins = 2, exchange_admins = 1, security_admins = 1, helpdesk_admins = 1, app_admins = 1;
  int third_party_apps = 3;
  TenantSettings settings;  // licences and policies (organization/domain/tenant_id filled on build)
  ActivitySpec activity;
  std::vector<std::string> partner_domains;
};

// Reads and validates a template; throws engine::LoadError listing every problem with its JSON
// pointer.
TemplateSpec LoadTemplate(const std::string& path);
// A template shipped in the binary by name ("company-2000"), or nullopt; throws like LoadTemplate.
std::optional<TemplateSpec> LoadShippedTemplate(const std::string& name);
std::vector<std::string> ShippedTemplateNames();
TemplateSpec ParseTemplate(const nlohmann::json& doc, const std::string& file);
// Applies "tenant settings" keys (licences, retention, policies) from a JSON object onto settings;
// shared by templates and scenario/posture overrides.
void ReadSettings(const nlohmann::json& obj, const std::string& ptr, TenantSettings& settings,
                  engine::JsonChecker& check);

}  // namespace td::sim
