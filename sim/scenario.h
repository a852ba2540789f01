#pragma once
// Scenario files (scenarios/*.json, "schema": "tenantdrill/scenario@1", docs/scenario-format.md):
// the tenant template and its overrides, the seed, the exercise window, named roles bound to
// entities, the attack chain, the injects and the objectives.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/sim_clock.h"
#include "sim/tenant_template.h"

namespace td::sim {

inline constexpr int kMaxScenarioDays = 30;   // a longer exercise is refused
inline constexpr int kMaxAttackSteps = 200;
inline constexpr int kMaxInjects = 500;

enum class RoleKind : uint8_t { User, Source, External, App };

struct RoleSpec {
  std::string name;                      // "patient_zero", "attacker_ip" …
  RoleKind kind = RoleKind::User;
  std::string pointer;                   // JSON pointer of its definition
  // user: chosen among users of `department` (any when empty), the `pick`-th by a seeded shuffle
  std::string department;
  int pick = 0;
  // source
  std::string ip, asn_name, country, city, state;
  uint32_t asn = 0;
  double lat = 0, lon = 0;
  std::string kind_word = "vps";         // vps, cloud, tor, residential
  // external
  std::string address;                   // e-mail address, .example
  std::string display_name;              // external party or app name
  // app
  std::string publisher;
  std::string reply_url;
};

// Parameters of one step, validated against the technique's declared parameters at load.
struct StepParams {
  std::map<std::string, std::string> text;
  std::map<std::string, double> number;
  std::string Text(const std::string& k, const std::string& def = {}) const {
    auto it = text.find(k);
    return it == text.end() ? def : it->second;
  }
  double Number(const std::string& k, double def = 0) const {
    auto it = number.find(k);
    return it == number.end() ? def : it->second;
  }
};

struct StepSpec {
  std::string technique;
  engine::SimTime at = 0;                // offset from the exercise start
  std::string target;                    // a role name
  StepParams params;
  std::string pointer;
};

struct InjectSpec {
  std::string id;
  engine::SimTime at = -1;               // offset from the start, or -1 when released on a condition
  std::string on;                        // condition: an attacker event name ("fraud_sent", "risk_detected" …)
  engine::SimTime delay = 0;             // after the condition
  std::string from, channel, subject, message;
  std::string pointer;
};

struct ScenarioSpec {
  std::string file;
  std::string id;                        // the file name without .json
  std::string title, summary, briefing;
  uint64_t seed = 1;
  TemplateSpec tenant;
  engine::SimTime start = 0;             // exercise start (UTC)
  engine::SimTime duration = engine::kDay;
  engine::SimTime baseline = 0;          // background history before the start
  std::vector<RoleSpec> roles;
  std::vector<StepSpec> chain;
  std::vector<InjectSpec> injects;
  std::string objectives_json;           // the "objectives" array, kept as JSON text (scored by sim/scoring)
  std::string discussion_json;           // the "discussion" array (sim/discussion.h); empty: default questions
  std::string attacker_goals = "read_mail keep_access";
  std::string tenant_settings_json;      // the scenario's "tenant.settings" overrides (JSON text)
  int tenant_users = 0;                  // the scenario's "tenant.users" override (0 = the template's)
  std::string posture_name;              // the posture applied (sim/posture.h); empty: the template's own settings
  std::string posture_json;              // that posture as a tenantdrill/posture@1 document
  bool prepared = false;                 // the posture came out of a preparation exercise
  const RoleSpec* FindRole(const std::string& name) const;
};

// Plays the scenario on another tenant template: the scenario's own overrides (settings, users)
// are applied on top of it. Throws engine::LoadError when an override does not fit.
void UseTemplate(ScenarioSpec& spec, const TemplateSpec& tmpl);

// Reads and validates a scenario; throws engine::LoadError listing every problem with its JSON
// pointer and what to do. Tenant templates are found by file path or shipped name.
ScenarioSpec LoadScenario(const std::string& path);
ScenarioSpec ParseScenario(const nlohmann::json& doc, const std::string& file);

// A technique's declared parameter (for validation and docs).
struct TechniqueParam {
  std::string name;
  bool number;        // else text
  bool required;
  std::string help;
};
struct TechniqueInfo {
  std::string name;           // as written in scenario files
  std::string attack_id;      // MITRE ATT&CK technique id
  std::string summary;
  std::string target_kind;    // role kind the step's "target" must name ("user", "app" …)
  std::vector<TechniqueParam> params;
};
const std::vector<TechniqueInfo>& Techniques();
const TechniqueInfo* FindTechnique(const std::string& name);

}  // namespace td::sim
