#pragma once
// [SECTION] Measuring a posture against the shipped scenarios
// [SECTION] Posture review
// [SECTION] What-if comparison
//
// The posture review and the what-if comparison measure, by simulation, what a tenant's
// decisions do: each shipped scenario is played with the same seed under the posture (with no
// response, and with the expert response plan), and the damage, the evidence and the times to
// detect and contain are read off the played exercises. A recommendation's rank is the risk its
// change closes in those runs, not an opinion. Deterministic: the same posture gives the same
// review, byte for byte. docs/posture.md.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/posture.h"
#include "sim/scoring.h"

namespace td::sim {

// [SECTION] Measuring a posture against the shipped scenarios

// What one played exercise shows of a posture.
struct PostureOutcome {
  std::string scenario, plan;
  double risk = 0;                     // the damage and exposure points below, summed (lower is better)
  uint32_t steps_total = 0, steps_succeeded = 0;   // attack time line events, and those that got through
  std::vector<std::string> steps_blocked;          // "session_stolen blocked: phishing-resistant MFA" …
  uint32_t identities_compromised = 0;
  uint64_t mail_items_exposed = 0, files_exfiltrated = 0;
  double fraud_loss_usd = 0;
  double time_to_detect_min = -1, time_to_contain_min = -1;  // -1: did not happen
  uint32_t channels_opened = 0, channels_open_at_end = 0;
  uint32_t evidence_total = 0, evidence_visible = 0;  // attack events and those a query can see
  std::vector<std::string> evidence_missing;          // "mail_read: OfficeActivity MailItemsAccessed needs …"
  double score = -1;                    // the exercise score (0-100) for a played plan; -1 for "empty"
  double preparation_score = -1;        // the preparation phase of that score
};

// A played exercise with what it shows (the exercise stays alive for exports and reports).
struct PlayedPosture {
  std::unique_ptr<Exercise> ex;
  PostureOutcome outcome;
  ScoreReport score;
};
// Plays `scenario` (a shipped name or file) under the posture (no choices: the scenario's own
// tenant) with a response plan ("empty", "expert", "partial" or a plan file) and measures it.
// baseline_override >= 0 shortens the background history (the review uses one day, for speed).
// Throws engine::LoadError on bad input.
PlayedPosture PlayPosture(const std::string& scenario, const Posture& posture, const std::string& plan,
                          const std::string& template_override = "", SimTime baseline_override = -1);
PostureOutcome MeasurePosture(const std::string& scenario, const Posture& posture, const std::string& plan,
                              const std::string& template_override = "");

// [SECTION] Posture review

struct Recommendation {
  std::string decision, area, title;  // DecisionInfo
  std::string current, recommended;   // option values
  std::string current_label, recommended_label;
  std::string why;                    // the explanation and the effect of the recommended option
  double risk_closed = 0;             // risk points the change removes over the shipped scenarios
  std::vector<std::pair<std::string, double>> per_scenario;  // scenario -> risk closed
  int cost = 0;                       // budget points
  int horizon_days = 30;              // 30, 60 or 90
  bool owned_not_used = false;        // the tenant's licences already include it
};

struct AreaAssessment {
  std::string area, title;
  int exposure = 0;                   // 0 (nothing open) .. 100 (every measured risk in this area open)
  std::vector<std::string> findings;  // one line each
};

struct PostureReview {
  std::string posture, title;
  double risk = 0;                      // total risk over the shipped scenarios (both plans)
  std::vector<PostureOutcome> outcomes; // one per scenario and plan
  std::vector<AreaAssessment> areas;    // kPostureAreas order
  std::vector<std::string> most_exposed;      // where are we most exposed today (ranked lines)
  std::vector<Recommendation> owned_not_used; // protections already licensed but not switched on
  std::vector<Recommendation> plan;           // every improvement, ranked by risk closed per cost
};

// Reviews a posture over the shipped scenarios (on the small-business-50 template, for speed).
// progress(0..1) is called between runs.
PostureReview ReviewPosture(const Posture& posture, const std::function<void(double)>& progress = {});
std::string ReviewMarkdown(const PostureReview& r);
std::string ReviewJson(const PostureReview& r);

// [SECTION] What-if comparison

struct PostureComparison {
  std::string scenario, plan;
  Posture a, b;
  PostureOutcome outcome_a, outcome_b;
  ScoreReport score_a, score_b;
  std::vector<std::string> differences;  // one sentence each: what changed between A and B
  std::vector<std::string> decision_changes;  // "MFA strength: sms_or_push -> phishing_resistant"
};
// Fills differences and decision_changes from the two played exercises and outcomes.
void FillDifferences(PostureComparison& c, const Exercise& a, const Exercise& b);

PostureComparison ComparePostures(const std::string& scenario, const Posture& a, const Posture& b,
                                  const std::string& plan, const std::string& template_override = "");
std::string ComparisonMarkdown(const PostureComparison& c);
std::string ComparisonJson(const PostureComparison& c);
std::string ComparisonHtml(const PostureComparison& c);

}  // namespace td::sim
