#pragma once
// Scoring (docs/scoring.md): objectives are data in the scenario, each a predicate over the world
// state, the action log and the time line, tagged with its NIST SP 800-61 Rev. 2 phase and CSF 2.0
// function. Consequences happen in the simulation first; penalties (ordering, collateral, in-band
// resets, premature declarations, hints) come second and are capped.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/json_load.h"
#include "sim/exercise.h"

namespace td::sim {

// Points a facilitator hint (the use_hint action) costs; penalty rule "hints" (docs/scoring.md).
inline constexpr double kHintPenaltyPoints = 3.0;

inline constexpr const char* kPhases[] = {"preparation", "detection_analysis", "containment_eradication_recovery", "post_incident"};

// Checks the scenario's "objectives" array (called by the scenario loader).
void ValidateObjectives(const nlohmann::json& objectives, engine::JsonChecker& check);

struct ObjectiveResult {
  std::string id, title, phase, csf;
  double weight = 1;
  bool met = false;
  double score = 0;            // 0-100: met × timeliness
  std::optional<SimTime> met_at;
  std::string evidence;        // what satisfied it (actions, channels)
  std::string feedback;
};

struct Penalty {
  std::string rule;            // "collateral", "rule_deleted_before_export" …
  double points = 0;
  std::string why;
};

struct HseepRating {
  std::string capability;
  std::string rating;          // P, S, M or U
  std::string meaning;
};

struct ScoreReport {
  std::string scenario, title, plan;
  uint64_t seed = 0;
  double total = 0;
  double phase[4] = {-1, -1, -1, -1};   // -1 when the phase has no objective
  std::vector<std::pair<std::string, double>> csf;
  std::vector<HseepRating> hseep;
  std::vector<ObjectiveResult> objectives;
  std::vector<Penalty> penalties;
  // metrics (minutes; -1 = did not happen)
  double time_to_detect_min = -1, time_to_contain_min = -1, attacker_dwell_min = -1;
  uint64_t mail_items_exposed = 0, files_exfiltrated = 0;
  double fraud_loss_usd = 0;
  uint32_t identities_compromised = 0, users_disrupted = 0;
  std::vector<std::string> strengths, improvements;
  struct Improvement { std::string issue, action, owner; int due_days; };
  std::vector<Improvement> plan_items;
};

ScoreReport Score(const Exercise& ex, const std::string& plan_name);

// Report writers: report.json (machine-readable), report.md and report.html (for people).
std::string ReportJson(const Exercise& ex, const ScoreReport& r);
std::string ReportMarkdown(const Exercise& ex, const ScoreReport& r);
std::string ReportHtml(const Exercise& ex, const ScoreReport& r);

}  // namespace td::sim
