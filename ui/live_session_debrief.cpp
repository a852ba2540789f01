// [SECTION] Debrief: scoring and the after-action report
// [SECTION] Facilitator: discussion ratings
//
// LiveSession's members for the Debrief tab and the facilitator's discussion ratings (issue #6).
// Scoring is expensive: it runs on a command or when the exercise ends, never per frame.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "sim/discussion.h"
#include "sim/response.h"
#include "ui/app_shell.h"
#include "ui/live_session.h"

namespace td::ui {
namespace {

constexpr const char* kPlanName = "interactive";  // what the report names the team's own play
const char* const kPhaseTitles[] = {"Preparation", "Detection & analysis", "Containment, eradication & recovery",
                                    "Post-incident activity"};

std::string Minutes(double m) {
  if (m < 0) return "did not happen";
  char b[48];
  if (m >= 120) std::snprintf(b, sizeof b, "%.0f min (%.1f h)", m, m / 60.0);
  else std::snprintf(b, sizeof b, "%.0f min", m);
  return b;
}

std::string Points(double p) {
  char b[32];
  std::snprintf(b, sizeof b, "-%g", std::round(p * 10) / 10);
  return b;
}

ChannelRow ChannelOf(const sim::Channel& c) {
  return {sim::ToString(c.kind), c.description, sim::Survives(c.kind), sim::ClosedBy(c.kind), c.opened, c.closed, c.closed_reason};
}

// Writes every file to "<name>.tmp" first, then renames them all: a failure leaves the folder's
// earlier report untouched (no mix of old and new files).
std::string WriteAllAtomic(const std::filesystem::path& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::filesystem::path> tmps;
  std::error_code ec;
  auto cleanup = [&] {
    for (const auto& t : tmps) std::filesystem::remove(t, ec);
  };
  for (const auto& [name, text] : files) {
    const std::filesystem::path tmp = dir / (name + ".tmp");
    tmps.push_back(tmp);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      cleanup();
      return "cannot write " + tmp.string() + ": choose a folder you may write to.";
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    std::filesystem::rename(tmps[i], dir / files[i].first, ec);
    if (ec) {
      const std::string why = ec.message();
      cleanup();
      return "cannot rename " + tmps[i].string() + ": " + why + ".";
    }
  }
  return {};
}

}  // namespace

// [SECTION] Debrief: scoring and the after-action report

void LiveSession::ScoreNow(bool provisional) {
  if (!m_ex || m_mode != ShellMode::Play) return;
  m_score = std::make_unique<sim::ScoreReport>(sim::Score(*m_ex, kPlanName));
  m_score_provisional = provisional;
  ++m_score_gen;
}

void LiveSession::ExportReport(const std::string& folder) {
  if (folder.empty()) {
    m_debrief_notice = "Type the folder the report goes to.";
    return;
  }
  if (!m_score) ScoreNow(m_ex->GetWorld().Now() < m_ex->End());
  std::error_code ec;
  const std::filesystem::path dir(folder);
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec)) {
    m_debrief_notice = "cannot create the folder " + folder + (ec ? ": " + ec.message() : std::string()) +
                       "; choose a folder you may write to.";
    return;
  }
  const std::string error = WriteAllAtomic(dir, {{"report.md", sim::ReportMarkdown(*m_ex, *m_score)},
                                                 {"report.html", sim::ReportHtml(*m_ex, *m_score)},
                                                 {"report.json", sim::ReportJson(*m_ex, *m_score)}});
  if (!error.empty()) {
    m_debrief_notice = error;
    return;
  }
  m_debrief_notice = "After-action report written to " + folder + ": report.md, report.html, report.json" +
                     (m_score_provisional ? " (provisional score)." : ".");
}

void LiveSession::FillDebrief(ShellState& s) {
  s.debrief_notice = m_debrief_notice;
  s.discussion_notice = m_discussion_notice;
  s.hint_cost = sim::kHintPenaltyPoints;
  s.hints_used = 0;
  for (const sim::ActionRecord& r : sim::ActionLog(*m_ex))  // given (accepted); scored once the clock reaches it
    s.hints_used += r.request.kind == sim::ActionKind::UseHint;

  if (m_questions_for != m_ex.get()) {
    m_questions.clear();
    for (const sim::DiscussionQuestion& q : sim::DiscussionQuestions(m_ex->Spec()))
      m_questions.push_back({q.id, q.phase, q.text, "", ""});
    m_questions_for = m_ex.get();
  }
  s.discussion = m_questions;
  for (const sim::DiscussionRating& r : sim::DiscussionRatings(*m_ex))
    for (DiscussionRow& row : s.discussion)
      if (row.id == r.question) {
        row.rating = r.rating;
        row.note = r.note;
      }

  if (!m_score) {
    s.debrief.reset();
    s.score.reset();
    return;
  }
  s.score = static_cast<int>(std::lround(m_score->total));
  if (m_filled_score_gen == m_score_gen && s.debrief) return;
  m_filled_score_gen = m_score_gen;
  const sim::ScoreReport& r = *m_score;
  DebriefView d;
  d.provisional = m_score_provisional;
  d.scored_at = m_ex->GetWorld().Now();
  d.total = r.total;
  for (int i = 0; i < 4; ++i) d.phases.push_back({kPhaseTitles[i], r.phase[i]});
  for (const auto& [f, v] : r.csf) d.csf.push_back({f, v});
  for (const sim::HseepRating& h : r.hseep) d.hseep.push_back({h.capability, h.rating, h.meaning, ""});
  char fraud[48];
  std::snprintf(fraud, sizeof fraud, "$%.0f", r.fraud_loss_usd);
  d.metrics = {
      {"Time to detect", Minutes(r.time_to_detect_min), r.time_to_detect_min < 0},
      {"Time to contain", Minutes(r.time_to_contain_min), r.time_to_contain_min < 0},
      {"Attacker dwell", Minutes(r.attacker_dwell_min), r.attacker_dwell_min > 24 * 60},
      {"Mail items exposed", std::to_string(r.mail_items_exposed), r.mail_items_exposed > 0},
      {"Files exfiltrated", std::to_string(r.files_exfiltrated), r.files_exfiltrated > 0},
      {"Fraud loss", fraud, r.fraud_loss_usd > 0},
      {"Identities compromised", std::to_string(r.identities_compromised), r.identities_compromised > 0},
      {"Users disrupted by the response", std::to_string(r.users_disrupted), r.users_disrupted > 0},
  };
  for (const sim::ObjectiveResult& o : r.objectives) d.objectives.push_back({o.title, o.phase, o.feedback, o.met, o.score});
  for (const sim::Penalty& p : r.penalties) d.penalties.push_back({Points(p.points), p.why, true});
  d.strengths = r.strengths;
  d.improvements = r.improvements;
  // The merged time line (as report.html draws it): attacker, responders, injects.
  for (const sim::AttackEvent& e : m_ex->Timeline())
    d.timeline.push_back({e.time, EventKind::Attacker, e.attack_id + "  " + e.name + ": " + e.detail});
  for (const sim::ActionRecord& a : sim::ActionLog(*m_ex)) {
    if (a.completed > m_ex->GetWorld().Now()) continue;
    d.timeline.push_back({a.completed, EventKind::Responder, std::string(sim::Describe(a.request.kind).label) +
                                                                 (a.resolved_target.empty() ? "" : ": " + a.resolved_target) +
                                                                 " \u2014 " + a.message});
  }
  for (const sim::ReleasedInject& in : m_ex->Injects())
    d.timeline.push_back({in.time, EventKind::Inject, in.subject + " (" + in.from + ")"});
  std::stable_sort(d.timeline.begin(), d.timeline.end(), [](const TimelineRow& a, const TimelineRow& b) { return a.time < b.time; });
  d.start = m_ex->Start();
  d.end = m_ex->End();
  for (const sim::Channel& c : m_ex->Channels())
    if (c.Open()) d.open_channels.push_back(ChannelOf(c));
  s.debrief = std::move(d);
}

// [SECTION] Facilitator: discussion ratings

void LiveSession::Rate(const RateDiscussionCmd& cmd) {
  const engine::Status st = sim::RateDiscussion(*m_ex, cmd.question, cmd.rating, cmd.note);
  m_discussion_notice = st ? std::string() : "Rating refused: " + st.ErrorMessage();
}

}  // namespace td::ui
