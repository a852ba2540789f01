#pragma once
// Discussion questions and the facilitator's ratings of them (HSEEP P/S/M/U with a note).
//
// A scenario may carry a "discussion" array of questions, each tagged with its NIST SP 800-61 r2
// phase (docs/scenario-format.md); without one, every exercise gets a default question per phase.
// The facilitator rates the team's answer to a question during or after play; the ratings live in
// the exercise (its response state) so the after-action reports include them, in a "Discussion
// ratings" section that appears only when something was rated.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "engine/json_load.h"
#include "engine/result.h"
#include "engine/sim_clock.h"

namespace td::sim {

class Exercise;
struct ScenarioSpec;

struct DiscussionQuestion {
  std::string id;     // stable id, unique in the scenario: "dq-scope"
  std::string phase;  // one of kPhases (sim/scoring.h)
  std::string text;   // the question as read to the room
};

struct DiscussionRating {
  std::string question;     // DiscussionQuestion::id
  std::string rating;       // "P", "S", "M" or "U"
  std::string note;         // the facilitator's note (may be empty)
  engine::SimTime at = 0;   // simulated time of the (latest) rating
};

// The HSEEP performance ratings, in order, and their meaning.
inline constexpr const char* kDiscussionRatings[] = {"P", "S", "M", "U"};
const char* RatingMeaning(const std::string& rating);  // "Performed without challenges" …; "" if unknown

// Checks a scenario's "discussion" array at /discussion (called by the scenario loader): an array
// of at most 100 objects {"id", "phase", "question"} with unique ids.
void ValidateDiscussion(const nlohmann::json& discussion, engine::JsonChecker& check);

// The default questions: two per NIST phase.
const std::vector<DiscussionQuestion>& DefaultDiscussion();
// The scenario's questions, or DefaultDiscussion() when the scenario has none.
std::vector<DiscussionQuestion> DiscussionQuestions(const ScenarioSpec& spec);

// Rates a question of the exercise's scenario at simulated time `at` (< 0: now; a loaded save
// passes the saved time so its reports stay identical); rating it again replaces the earlier
// rating. Refused (nothing changes): unknown question, rating not P/S/M/U, a note over 2,000
// bytes, a time after now.
engine::Status RateDiscussion(Exercise& ex, const std::string& question, const std::string& rating,
                              const std::string& note, engine::SimTime at = -1);
// Every rating, in the order the questions were first rated.
const std::vector<DiscussionRating>& DiscussionRatings(const Exercise& ex);

}  // namespace td::sim
