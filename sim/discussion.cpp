#include "sim/discussion.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/exercise.h"
#include "sim/response_state.h"
#include "sim/scoring.h"

namespace td::sim {

namespace {

constexpr size_t kMaxQuestions = 100;
constexpr size_t kMaxNoteBytes = 2000;

bool IsRating(const std::string& r) {
  return std::any_of(std::begin(kDiscussionRatings), std::end(kDiscussionRatings), [&](const char* k) { return r == k; });
}

std::vector<std::string> PhaseList() { return {std::begin(kPhases), std::end(kPhases)}; }

}  // namespace

const char* RatingMeaning(const std::string& rating) {
  if (rating == "P") return "Performed without challenges";
  if (rating == "S") return "Performed with some challenges";
  if (rating == "M") return "Performed with major challenges";
  if (rating == "U") return "Unable to be performed";
  return "";
}

void ValidateDiscussion(const nlohmann::json& discussion, engine::JsonChecker& check) {
  if (!discussion.is_array()) {
    check.Report("/discussion", "must be a list of questions: [{\"id\": …, \"phase\": …, \"question\": …}].");
    return;
  }
  if (discussion.size() > kMaxQuestions)
    check.Report("/discussion", "at most " + std::to_string(kMaxQuestions) + " questions; split the debrief.");
  std::vector<std::string> seen;
  for (size_t i = 0; i < discussion.size() && i < kMaxQuestions; ++i) {
    const std::string p = engine::PointerJoin("/discussion", i);
    const nlohmann::json& q = discussion[i];
    if (!check.IsObject(q, p)) continue;
    check.NoUnknownKeys(q, p, {"id", "phase", "question"});
    const std::string id = check.String(q, p, "id", true);
    check.Enum(q, p, "phase", true, PhaseList(), "");
    const std::string text = check.String(q, p, "question", true);
    if (q.contains("question") && q["question"].is_string() && text.empty())
      check.Report(p + "/question", "the question is empty; write what the facilitator asks the room.");
    if (id.empty()) continue;
    if (std::find(seen.begin(), seen.end(), id) != seen.end())
      check.Report(p + "/id", "\"" + id + "\" is used by an earlier question; give each question its own id.");
    seen.push_back(id);
  }
}

const std::vector<DiscussionQuestion>& DefaultDiscussion() {
  static const std::vector<DiscussionQuestion> kDefault = {
      {"dq-prep-evidence", "preparation",
       "Before the incident, which logs and licences did the tenant have, and which evidence did the team find missing?"},
      {"dq-prep-access", "preparation",
       "Did the team have the permissions, scripts and emergency-access accounts to act at once, or did it wait for approvals?"},
      {"dq-detect-first", "detection_analysis",
       "What was the first sign of the attack, who saw it, and how long until someone acted on it?"},
      {"dq-detect-scope", "detection_analysis",
       "How did the team establish the scope: which accounts, mailboxes and apps were affected, and how sure were they?"},
      {"dq-contain-order", "containment_eradication_recovery",
       "In which order were the containment actions taken, and did any leave the attacker a way back in?"},
      {"dq-contain-impact", "containment_eradication_recovery",
       "What did containment cost the business (users locked out, mail held), and was that weighed before acting?"},
      {"dq-post-lessons", "post_incident",
       "Which three changes would most reduce the damage of the same attack next time, and who owns each?"},
      {"dq-post-notify", "post_incident",
       "Who had to be told (management, legal, partners, regulators), when, and did it happen in time?"},
  };
  return kDefault;
}

std::vector<DiscussionQuestion> DiscussionQuestions(const ScenarioSpec& spec) {
  if (spec.discussion_json.empty()) return DefaultDiscussion();
  std::vector<DiscussionQuestion> out;
  const nlohmann::json arr = nlohmann::json::parse(spec.discussion_json);  // validated by the loader
  for (const auto& q : arr)
    out.push_back({q.value("id", ""), q.value("phase", ""), q.value("question", "")});
  return out.empty() ? DefaultDiscussion() : out;
}

engine::Status RateDiscussion(Exercise& ex, const std::string& question, const std::string& rating,
                              const std::string& note, engine::SimTime at) {
  const std::vector<DiscussionQuestion> questions = DiscussionQuestions(ex.Spec());
  if (std::none_of(questions.begin(), questions.end(), [&](const DiscussionQuestion& q) { return q.id == question; }))
    return engine::Status::Fail("no discussion question \"" + question + "\" in this scenario; pick one from the list.");
  if (!IsRating(rating))
    return engine::Status::Fail("rating \"" + rating + "\" is not one of P, S, M or U (HSEEP).");
  if (note.size() > kMaxNoteBytes)
    return engine::Status::Fail("the note is " + std::to_string(note.size()) + " bytes; keep it under " +
                                std::to_string(kMaxNoteBytes) + ".");
  if (at > ex.GetWorld().Now())
    return engine::Status::Fail("a rating cannot be dated after the exercise's clock (" + engine::FormatIso(ex.GetWorld().Now()) + ").");
  auto& ratings = ex.Response().discussion;
  DiscussionRating r{question, rating, note, at < 0 ? ex.GetWorld().Now() : at};
  auto it = std::find_if(ratings.begin(), ratings.end(), [&](const DiscussionRating& d) { return d.question == question; });
  if (it != ratings.end())
    *it = std::move(r);
  else
    ratings.push_back(std::move(r));
  return {};
}

const std::vector<DiscussionRating>& DiscussionRatings(const Exercise& ex) { return ex.Response().discussion; }

}  // namespace td::sim
