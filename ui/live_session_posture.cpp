// [SECTION] Shared responsibility and the posture review
// [SECTION] Preparation (start screen)
//
// LiveSession's members for the Shared-responsibility tab, the posture review and "Prepare the
// tenant" (issue #7), over sim/posture.h and sim/posture_review.h. The review plays the shipped
// scenarios and takes seconds: it runs on a worker thread that shares nothing with the running
// exercise (it builds its own), reporting progress through an atomic and its result under a mutex.
#include <algorithm>
#include <exception>

#include "sim/posture_review.h"
#include "ui/live_session.h"

namespace td::ui {
namespace {

// The live tenant's settings on its template: the posture as it stands now (responder actions
// such as restrict_user_consent change settings during play).
sim::TemplateSpec LiveTemplate(const sim::Exercise& ex) {
  sim::TemplateSpec t = ex.Spec().tenant;
  t.settings = ex.GetWorld().GetTenant().settings;
  return t;
}

double E5Share(const sim::Tenant& t) {
  if (t.users.empty()) return 0;
  size_t e5 = 0;
  for (const auto& u : t.users) e5 += u.plan == sim::M365Plan::E5;
  return static_cast<double>(e5) / static_cast<double>(t.users.size());
}

RecommendationView ViewOf(const sim::Recommendation& r) {
  return {r.title, sim::AreaTitle(r.area), r.current_label, r.recommended_label, r.why, r.risk_closed, r.cost, r.horizon_days};
}

}  // namespace

// [SECTION] Shared responsibility and the posture review

void LiveSession::FillPosture(ShellState& s) {
  if (m_posture_dirty) {
    m_posture_dirty = false;
    s.responsibility.clear();
    s.posture.clear();
    const sim::Tenant& t = m_ex->GetWorld().GetTenant();
    for (const sim::ResponsibilityRow& r : sim::SharedResponsibility(t.settings, E5Share(t)))
      s.responsibility.push_back({r.item, r.kind, r.microsoft, r.customer, r.owner, r.status, r.available});
    const sim::Posture p = sim::PostureOf(LiveTemplate(*m_ex));
    s.posture_title = m_posture_title.empty() ? "As the scenario set it up (" + m_ex->Spec().tenant.name + ")" : m_posture_title;
    for (const sim::PostureChoice& c : p.choices) {
      const sim::DecisionInfo* info = sim::FindDecision(c.decision);
      if (!info) continue;
      PostureDecisionView v{info->id, sim::AreaTitle(info->area), info->title, info->owner, info->explanation, c.value, c.value, ""};
      for (const sim::PostureOption& o : info->options)
        if (o.value == c.value) {
          v.value_label = o.label;
          v.effect = o.effect;
        }
      s.posture.push_back(std::move(v));
    }
  }
  s.review.running = m_review_running.load();
  s.review.progress = m_review_progress.load();
  if (!s.review.running) {
    std::lock_guard<std::mutex> lock(m_review_mutex);
    if (m_review.done || !m_review.error.empty()) {
      const double progress = s.review.progress;
      s.review = m_review;
      s.review.progress = progress;
    }
  }
}

void LiveSession::StartReview() {
  if (m_review_running.load()) return;
  if (m_review_thread.joinable()) m_review_thread.join();  // the previous review has finished
  sim::Posture posture = sim::PostureOf(LiveTemplate(*m_ex));
  posture.title = m_posture_title.empty() ? "This exercise's tenant" : m_posture_title;
  m_review_progress = 0;
  m_review_running = true;
  m_review_thread = std::thread([this, posture = std::move(posture)] {
    PostureReviewView v;
    try {
      const sim::PostureReview r = sim::ReviewPosture(posture, [this](double p) { m_review_progress = p; });
      v.done = true;
      v.posture_title = posture.title;
      v.risk = r.risk;
      for (const sim::AreaAssessment& a : r.areas) v.areas.emplace_back(a.title, a.exposure);
      v.most_exposed = r.most_exposed;
      for (const sim::Recommendation& x : r.owned_not_used) v.owned_not_used.push_back(ViewOf(x));
      for (const sim::Recommendation& x : r.plan) v.plan.push_back(ViewOf(x));
    } catch (const std::exception& e) {
      v.error = std::string("The review failed: ") + e.what();
    }
    {
      std::lock_guard<std::mutex> lock(m_review_mutex);
      m_review = std::move(v);
    }
    m_review_progress = 1;
    m_review_running = false;
  });
}

void LiveSession::WaitForReview() {
  if (m_review_thread.joinable()) m_review_thread.join();
}

// [SECTION] Preparation (start screen)

const sim::Posture* LiveSession::PrepBase() {
  if (!m_prep_base && m_ex && m_prep_error.empty()) {
    try {
      m_prep_base = sim::PostureOf(m_ex->Spec().tenant);
    } catch (const std::exception& e) {
      m_prep_error = e.what();
    }
  }
  return m_prep_base ? &*m_prep_base : nullptr;
}

void LiveSession::ResetPrep() {
  m_prep_base.reset();
  m_prep_changes.clear();
  m_prep_message.clear();
  m_prep_error.clear();
  m_posture_title.clear();
}

void LiveSession::SetPrepChoice(const SetPrepChoiceCmd& cmd) {
  const sim::Posture* base = PrepBase();
  if (!base) {
    m_prep_message = "This scenario's posture cannot be prepared: " + m_prep_error;
    return;
  }
  std::vector<sim::PostureChoice> changes = m_prep_changes;
  changes.erase(std::remove_if(changes.begin(), changes.end(), [&](const sim::PostureChoice& c) { return c.decision == cmd.decision; }),
                changes.end());
  if (base->Value(cmd.decision) != cmd.value) changes.push_back({cmd.decision, cmd.value, "prepared before the exercise"});
  const auto prepared = sim::PreparePosture(*base, changes, sim::kDefaultPrepBudget);
  if (!prepared) {
    m_prep_message = "Refused: " + prepared.ErrorMessage();
    return;
  }
  m_prep_changes = std::move(changes);
  const sim::DecisionInfo* info = sim::FindDecision(cmd.decision);
  m_prep_message = (info ? info->title : cmd.decision) + ": " + cmd.value + " (" +
                   std::to_string(sim::UpgradeCost(*base, prepared.Value())) + " of " +
                   std::to_string(sim::kDefaultPrepBudget) + " points used).";
}

bool LiveSession::ApplyPrepared() {
  if (m_prep_changes.empty() || !m_ex) return m_ex != nullptr;
  const sim::Posture* base = PrepBase();
  if (!base) return false;
  const auto prepared = sim::PreparePosture(*base, m_prep_changes, sim::kDefaultPrepBudget);
  if (!prepared) {
    m_prep_message = "Cannot start with this preparation: " + prepared.ErrorMessage();
    return false;
  }
  sim::ScenarioSpec spec = m_ex->Spec();
  try {
    sim::ApplyPosture(spec, prepared.Value());
    m_ex = std::make_unique<sim::Exercise>(spec);
  } catch (const std::exception& e) {
    m_prep_message = std::string("Cannot start with this preparation: ") + e.what();
    return false;
  }
  m_posture_title = prepared.Value().name;
  m_posture_dirty = true;
  return true;
}

void LiveSession::FillPrep(ShellState& s) {
  PrepView& v = s.prep;
  v = PrepView{};
  v.budget = sim::kDefaultPrepBudget;
  v.message = m_prep_message;
  const sim::Posture* base = PrepBase();
  if (!base) {
    if (!m_prep_error.empty()) v.message = "This scenario's posture cannot be prepared: " + m_prep_error;
    return;
  }
  v.available = true;
  if (!m_prep_changes.empty()) {
    const auto prepared = sim::PreparePosture(*base, m_prep_changes, std::max(v.budget, 1 << 20));
    if (prepared) v.used = sim::UpgradeCost(*base, prepared.Value());
  }
  for (const sim::DecisionInfo& d : sim::Decisions()) {
    PrepDecisionView dv{d.id, sim::AreaTitle(d.area), d.title, d.owner, d.explanation, base->Value(d.id), base->Value(d.id), {}, d.preparable};
    for (const sim::PostureChoice& c : m_prep_changes)
      if (c.decision == d.id) dv.chosen_value = c.value;
    for (const sim::PostureOption& o : d.options) dv.options.push_back({o.value, o.label, o.effect, o.cost});
    v.decisions.push_back(std::move(dv));
  }
}

}  // namespace td::ui
