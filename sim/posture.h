#pragma once
// [SECTION] Decisions (the catalogue)
// [SECTION] Posture files
// [SECTION] Shared responsibility
//
// Tenant posture (docs/posture.md): the customer-side decisions, made months before an incident,
// that decide what evidence exists and whether containment works. A posture file
// (scenarios/postures/*.json, schema "tenantdrill/posture@1") picks an option for each decision;
// applying it changes the tenant settings the simulation reads (sim/tenant.h TenantSettings), so
// every decision changes the simulation for real. The catalogue below explains each decision,
// what each option unlocks, who owns it, and what it costs in a preparation exercise.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/json_load.h"
#include "engine/result.h"
#include "sim/scenario.h"
#include "sim/tenant.h"

namespace td::sim {

// [SECTION] Decisions (the catalogue)

// The areas a posture review reports on.
inline constexpr const char* kPostureAreas[] = {"identity_access", "data_protection", "collaboration_sharing",
                                                "device_posture", "monitoring_response"};
const char* AreaTitle(const std::string& area);

struct PostureOption {
  std::string value;    // as written in posture files: "P2", "phishing_resistant", "true" …
  std::string label;    // "Entra ID P2"
  std::string effect;   // what choosing it does in the simulation, one or two sentences
  int cost = 0;         // budget points in a preparation exercise (relative to the cheapest option)
  int strength = 0;     // 0 = weakest; higher protects more (for the review's ranking)
};

struct DecisionInfo {
  std::string id;           // the key in a posture file and in tenant "settings": "mfa_strength"
  std::string area;         // one of kPostureAreas
  std::string title;        // "MFA strength"
  std::string owner;        // "customer", "microsoft" or "shared"
  std::string explanation;  // plain words: why this decision matters
  std::vector<PostureOption> options;  // weakest first
  bool preparable = true;   // can a trainee change it in a preparation exercise (the era cannot)
};

const std::vector<DecisionInfo>& Decisions();
const DecisionInfo* FindDecision(const std::string& id);

// [SECTION] Posture files

struct PostureChoice {
  std::string decision;     // DecisionInfo::id
  std::string value;        // PostureOption::value
  std::string note;         // the tenant's own reason (optional)
};

struct Posture {
  std::string file;         // where it came from ("" for a posture read off a tenant)
  std::string name, title, description;
  std::vector<PostureChoice> choices;  // in catalogue order, one per decision
  const PostureChoice* Find(const std::string& decision) const;
  std::string Value(const std::string& decision) const;  // "" when absent
};

// Reads and validates a posture; throws engine::LoadError listing every problem with its JSON
// pointer ("did you mean" for unknown decisions and options).
Posture ParsePosture(const nlohmann::json& doc, const std::string& file);
Posture LoadPosture(const std::string& path);
// A posture shipped in the binary by name ("neglected-small-business"), or nullopt.
std::optional<Posture> LoadShippedPosture(const std::string& name);
std::vector<std::string> ShippedPostureNames();
// A file path or a shipped name; throws engine::LoadError naming the shipped postures otherwise.
Posture ResolvePosture(const std::string& name_or_path);

// The posture a set of tenant settings (and a template's E5 share) amounts to, one choice per decision.
Posture PostureOf(const TemplateSpec& tmpl);
// Applies the posture on top of the scenario's tenant (after its template and overrides): every
// decision the posture names replaces the scenario's setting. Records the posture on the spec.
void ApplyPosture(ScenarioSpec& spec, const Posture& posture);
// The posture as a JSON document (for reports, saves and `review --json`).
std::string PostureJson(const Posture& p);

// Budget points a posture costs (sum of the chosen options' costs).
int PostureCost(const Posture& p);

// Preparation exercise: starting from `base`, a trainee changes decisions before the attack
// starts. The upgrade cost is the sum over changed decisions of max(0, new cost - old cost);
// an error (over budget, unknown decision or option, a decision that cannot be prepared) changes
// nothing. The result is `base` with the changes, named "<base name> (prepared)".
inline constexpr int kDefaultPrepBudget = 10;
int UpgradeCost(const Posture& base, const Posture& chosen);
engine::Result<Posture> PreparePosture(const Posture& base, const std::vector<PostureChoice>& changes,
                                       int budget = kDefaultPrepBudget);

// The preparable decisions that matter against this scenario's attack chain (by technique), and
// the tenant's readiness against it: 0-100, the mean strength of those decisions as the tenant has
// them (the preparation phase of the score when a posture was applied). `weakest` gets one line
// per decision at its weakest option.
std::vector<std::string> RelevantDecisions(const ScenarioSpec& spec);
// True for attack time line events that mean a step got through ("session_stolen", "rule_created" …).
bool IsAttackSuccess(const std::string& event);
double PostureReadiness(const ScenarioSpec& spec, std::vector<std::string>* weakest = nullptr);

// [SECTION] Shared responsibility

// One evidence source or control: who owns which part, and what this tenant has of it.
struct ResponsibilityRow {
  std::string item;         // "Sign-in logs (SigninLogs)", "Session revocation" …
  std::string kind;         // "evidence" or "control"
  std::string microsoft;    // what the platform provides
  std::string customer;     // what the tenant must decide or do
  std::string owner;        // "microsoft", "customer" or "shared"
  bool available = false;   // this tenant has it (licence, setting, retention)
  std::string status;       // "kept 30 days", "not collected: needs Entra ID P1" …
};
std::vector<ResponsibilityRow> SharedResponsibility(const TenantSettings& settings, double e5_share);

}  // namespace td::sim
