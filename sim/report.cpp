// The after-action report: report.json for tools, report.md and a self-contained report.html
// (charts as inline SVG) for people.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "sim/discussion.h"
#include "sim/response.h"
#include "sim/response_state.h"
#include "sim/scoring.h"

namespace td::sim {

using nlohmann::ordered_json;

namespace {

struct TimelineItem {
  SimTime time;
  std::string lane;  // attacker, responder, inject
  std::string text;
};

std::vector<TimelineItem> MergedTimeline(const Exercise& ex) {
  std::vector<TimelineItem> out;
  for (const auto& e : ex.Timeline()) out.push_back({e.time, "attacker", e.detail});
  for (const auto& r : ActionLog(ex))
    out.push_back({r.completed, "responder", std::string(Describe(r.request.kind).label) + (r.resolved_target.empty() || r.resolved_target == "tenant" ? "" : " (" + r.resolved_target + ")") +
                                                 ": " + r.message});
  for (const auto& i : ex.Injects()) out.push_back({i.time, "inject", i.from + ": " + i.subject});
  std::stable_sort(out.begin(), out.end(), [](const TimelineItem& a, const TimelineItem& b) { return a.time < b.time; });
  return out;
}

std::string Num(double v, int decimals = 0) {
  if (v < 0) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

std::string Esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o.push_back(c);
  }
  return o;
}

// A Markdown table cell: a facilitator's note may hold '|' or line breaks.
std::string MdCell(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '|') o += "\\|";
    else if (c == '\n' || c == '\r') o += ' ';
    else o.push_back(c);
  }
  return o;
}

// The rated discussion questions, in rating order (phase label, question text, rating, note).
struct RatedQuestion {
  std::string phase, question;
  const DiscussionRating* rating;
};

std::vector<RatedQuestion> RatedQuestions(const Exercise& ex) {
  std::vector<RatedQuestion> out;
  const auto questions = DiscussionQuestions(ex.Spec());
  for (const auto& r : DiscussionRatings(ex)) {
    RatedQuestion q{"", r.question, &r};
    for (const auto& dq : questions)
      if (dq.id == r.question) {
        q.phase = dq.phase;
        q.question = dq.text;
      }
    out.push_back(std::move(q));
  }
  return out;
}

const char* kPhaseLabels[] = {"Preparation", "Detection & analysis", "Containment, eradication & recovery", "Post-incident activity"};

}  // namespace

std::string ReportJson(const Exercise& ex, const ScoreReport& r) {
  ordered_json j;
  j["scenario"] = r.scenario;
  j["title"] = r.title;
  j["seed"] = r.seed;
  j["plan"] = r.plan;
  ordered_json score;
  score["total"] = std::round(r.total * 10) / 10;
  ordered_json phases;
  for (int i = 0; i < 4; ++i) phases[kPhases[i]] = r.phase[i] < 0 ? ordered_json(nullptr) : ordered_json(std::round(r.phase[i] * 10) / 10);
  score["phases"] = phases;
  ordered_json csf = ordered_json::object();
  for (const auto& [f, v] : r.csf) csf[f] = std::round(v * 10) / 10;
  score["csf"] = csf;
  ordered_json pens = ordered_json::array();
  for (const auto& p : r.penalties) pens.push_back({{"rule", p.rule}, {"points", p.points}, {"why", p.why}});
  score["penalties"] = pens;
  j["score"] = score;
  ordered_json hs = ordered_json::array();
  for (const auto& h : r.hseep) hs.push_back({{"capability", h.capability}, {"rating", h.rating}, {"meaning", h.meaning}});
  j["hseep"] = hs;
  auto metric = [](double v) { return v < 0 ? ordered_json(nullptr) : ordered_json(std::round(v * 10) / 10); };
  j["metrics"] = {{"time_to_detect_min", metric(r.time_to_detect_min)}, {"time_to_contain_min", metric(r.time_to_contain_min)},
                  {"attacker_dwell_min", metric(r.attacker_dwell_min)}, {"mail_items_exposed", r.mail_items_exposed},
                  {"files_exfiltrated", r.files_exfiltrated}, {"fraud_loss_usd", r.fraud_loss_usd},
                  {"identities_compromised", r.identities_compromised}, {"users_disrupted", r.users_disrupted}};
  ordered_json open = ordered_json::array();
  const Tenant& t = ex.GetWorld().GetTenant();
  for (const auto& c : ex.Channels()) {
    if (!c.Open()) continue;
    open.push_back({{"kind", ToString(c.kind)}, {"user", c.user < t.users.size() ? t.users[c.user].upn : ""}, {"description", c.description},
                    {"why_still_open", std::string("It survives ") + Survives(c.kind) + ". Closed by: " + ClosedBy(c.kind) + "."}});
  }
  j["open_channels"] = open;
  ordered_json objs = ordered_json::array();
  for (const auto& o : r.objectives)
    objs.push_back({{"id", o.id}, {"title", o.title}, {"phase", o.phase}, {"csf", o.csf}, {"met", o.met}, {"score", std::round(o.score * 10) / 10},
                    {"met_at", o.met_at ? ordered_json(engine::FormatIso(*o.met_at)) : ordered_json(nullptr)}, {"evidence", o.evidence}, {"feedback", o.feedback}});
  j["objectives"] = objs;
  ordered_json tl = ordered_json::array();
  for (const auto& i : MergedTimeline(ex)) tl.push_back({{"time", engine::FormatIso(i.time)}, {"actor", i.lane}, {"event", i.text}});
  j["timeline"] = tl;
  ordered_json actions = ordered_json::array();
  for (const auto& a : ActionLog(ex))
    actions.push_back({{"requested", engine::FormatIso(a.requested)}, {"completed", engine::FormatIso(a.completed)}, {"action", Describe(a.request.kind).id},
                       {"target", a.resolved_target}, {"ok", a.ok}, {"message", a.message}, {"graph", a.graph}, {"powershell", a.powershell},
                       {"side_effects", a.side_effects}});
  j["actions"] = actions;
  j["strengths"] = r.strengths;
  j["areas_for_improvement"] = r.improvements;
  ordered_json ip = ordered_json::array();
  for (const auto& i : r.plan_items) ip.push_back({{"issue", i.issue}, {"corrective_action", i.action}, {"owner", i.owner}, {"due_days", i.due_days}});
  j["improvement_plan"] = ip;
  if (const auto rated = RatedQuestions(ex); !rated.empty()) {  // only when rated: unrated reports stay as they were
    ordered_json d = ordered_json::array();
    for (const auto& q : rated)
      d.push_back({{"id", q.rating->question}, {"phase", q.phase}, {"question", q.question}, {"rating", q.rating->rating},
                   {"meaning", RatingMeaning(q.rating->rating)}, {"note", q.rating->note}, {"rated_at", engine::FormatIso(q.rating->at)}});
    j["discussion_ratings"] = d;
  }
  return j.dump(2) + "\n";
}

std::string ReportMarkdown(const Exercise& ex, const ScoreReport& r) {
  std::string o;
  o += "# After-action report: " + r.title + "\n\n";
  o += "Scenario `" + r.scenario + "`, seed " + std::to_string(r.seed) + ", plan " + (r.plan.empty() ? "(none)" : "`" + r.plan + "`") + ". Exercise " +
       engine::FormatIso(ex.Start()) + " to " + engine::FormatIso(ex.End()) + ".\n\n";
  o += "## Score: " + Num(r.total) + " / 100\n\n| Phase (NIST SP 800-61 r2) | Score |\n|---|---|\n";
  for (int i = 0; i < 4; ++i) o += std::string("| ") + kPhaseLabels[i] + " | " + (r.phase[i] < 0 ? "not assessed" : Num(r.phase[i])) + " |\n";
  o += "\n| CSF 2.0 function | Score |\n|---|---|\n";
  for (const auto& [f, v] : r.csf) o += "| " + f + " | " + Num(v) + " |\n";
  o += "\n### HSEEP capability ratings\n\n| Capability | Rating |\n|---|---|\n";
  for (const auto& h : r.hseep) o += "| " + h.capability + " | **" + h.rating + "** (" + h.meaning + ") |\n";
  if (!r.penalties.empty()) {
    o += "\n### Penalties\n\n";
    for (const auto& p : r.penalties) o += "- **−" + Num(p.points) + "** " + p.why + "\n";
  }
  o += "\n## Metrics\n\n| Metric | Value |\n|---|---|\n";
  o += "| Time to detect | " + Num(r.time_to_detect_min) + " min |\n| Time to contain | " + Num(r.time_to_contain_min) + " min |\n";
  o += "| Attacker dwell | " + Num(r.attacker_dwell_min) + " min |\n| Mail items exposed | " + std::to_string(r.mail_items_exposed) + " |\n";
  o += "| Identities compromised | " + std::to_string(r.identities_compromised) + " |\n| Fraud loss | $" + Num(r.fraud_loss_usd) + " |\n";
  o += "| Users disrupted by the response | " + std::to_string(r.users_disrupted) + " |\n";
  o += "\n## Attacker access still open at the end\n\n";
  bool any = false;
  for (const auto& c : ex.Channels())
    if (c.Open()) {
      any = true;
      o += "- **" + std::string(ToString(c.kind)) + "**: " + c.description + ". It survives " + Survives(c.kind) + ". Close it: " + ClosedBy(c.kind) + ".\n";
    }
  if (!any) o += "None: every access channel the attacker had was closed.\n";
  o += "\n## Objectives\n\n| Objective | Phase | Met | Score | Evidence / feedback |\n|---|---|---|---|---|\n";
  for (const auto& ob : r.objectives)
    o += "| " + ob.title + " | " + ob.phase + " | " + (ob.met ? "yes" : "no") + " | " + Num(ob.score) + " | " + (ob.evidence.empty() ? "" : ob.evidence + ". ") + ob.feedback + " |\n";
  o += "\n## Strengths\n\n";
  for (const auto& s : r.strengths) o += "- " + s + "\n";
  if (r.strengths.empty()) o += "- (none recorded)\n";
  o += "\n## Areas for improvement\n\n";
  for (const auto& s : r.improvements) o += "- " + s + "\n";
  if (r.improvements.empty()) o += "- (none)\n";
  o += "\n## Improvement plan\n\n| Issue | Corrective action | Owner | Due |\n|---|---|---|---|\n";
  for (const auto& i : r.plan_items) o += "| " + i.issue + " | " + i.action + " | " + i.owner + " | " + std::to_string(i.due_days) + " days |\n";
  if (const auto rated = RatedQuestions(ex); !rated.empty()) {
    o += "\n## Discussion ratings\n\n| Question | Phase | Rating | Note |\n|---|---|---|---|\n";
    for (const auto& q : rated)
      o += "| " + MdCell(q.question) + " | " + q.phase + " | **" + q.rating->rating + "** (" + RatingMeaning(q.rating->rating) + ") | " + MdCell(q.rating->note) + " |\n";
  }
  o += "\n## Time line (attacker, responders, injects)\n\n";
  for (const auto& i : MergedTimeline(ex)) o += "- `" + engine::FormatIso(i.time) + "` **" + i.lane + "**: " + i.text + "\n";
  return o;
}

std::string ReportHtml(const Exercise& ex, const ScoreReport& r) {
  std::string h;
  h += "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>After-action report: " + Esc(r.title) + "</title><style>"
       "body{font-family:DejaVu Sans,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;color:#1d2430;line-height:1.45}"
       "h1{font-size:1.6em}h2{border-bottom:1px solid #d5dbe3;padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse;width:100%;margin:.6em 0}"
       "td,th{border:1px solid #d5dbe3;padding:.35em .5em;text-align:left;vertical-align:top}th{background:#f1f4f8}.big{font-size:2.6em;font-weight:bold}"
       ".P{color:#1b7f3b}.S{color:#5f7f1b}.M{color:#b26b00}.U{color:#b3261e}.attacker{color:#b3261e}.responder{color:#1f5fbf}.inject{color:#7a4fb3}"
       "</style></head><body>";
  h += "<h1>After-action report: " + Esc(r.title) + "</h1><p>Scenario <code>" + Esc(r.scenario) + "</code>, seed " + std::to_string(r.seed) + ", plan <code>" +
       Esc(r.plan.empty() ? "(none)" : r.plan) + "</code>. Exercise " + engine::FormatIso(ex.Start()) + " to " + engine::FormatIso(ex.End()) + ".</p>";
  h += "<p class=\"big\">" + Num(r.total) + " / 100</p>";
  // Phase bars.
  h += "<h2>Score by phase</h2><svg width=\"760\" height=\"150\" role=\"img\" aria-label=\"score by phase\">";
  for (int i = 0; i < 4; ++i) {
    const double v = std::max(0.0, r.phase[i]);
    const int y = 10 + i * 34;
    h += "<text x=\"0\" y=\"" + std::to_string(y + 17) + "\" font-size=\"13\">" + Esc(kPhaseLabels[i]) + "</text>";
    h += "<rect x=\"260\" y=\"" + std::to_string(y) + "\" width=\"400\" height=\"24\" fill=\"#eef1f5\"/>";
    h += "<rect x=\"260\" y=\"" + std::to_string(y) + "\" width=\"" + Num(4 * v) + "\" height=\"24\" fill=\"" + (v >= 65 ? "#2e8b57" : v >= 35 ? "#d08a1a" : "#c0392b") + "\"/>";
    h += "<text x=\"670\" y=\"" + std::to_string(y + 17) + "\" font-size=\"13\">" + (r.phase[i] < 0 ? std::string("not assessed") : Num(r.phase[i])) + "</text>";
  }
  h += "</svg>";
  h += "<h2>HSEEP ratings</h2><table><tr><th>Capability</th><th>Rating</th></tr>";
  for (const auto& x : r.hseep) h += "<tr><td>" + Esc(x.capability) + "</td><td class=\"" + x.rating + "\"><b>" + x.rating + "</b> " + Esc(x.meaning) + "</td></tr>";
  h += "</table>";
  h += "<h2>Metrics</h2><table><tr><th>Time to detect</th><th>Time to contain</th><th>Dwell</th><th>Mail exposed</th><th>Identities</th><th>Fraud loss</th><th>Users disrupted</th></tr><tr><td>" +
       Num(r.time_to_detect_min) + " min</td><td>" + Num(r.time_to_contain_min) + " min</td><td>" + Num(r.attacker_dwell_min) + " min</td><td>" +
       std::to_string(r.mail_items_exposed) + "</td><td>" + std::to_string(r.identities_compromised) + "</td><td>$" + Num(r.fraud_loss_usd) + "</td><td>" +
       std::to_string(r.users_disrupted) + "</td></tr></table>";
  // Time line chart: three lanes over the exercise window.
  const auto items = MergedTimeline(ex);
  const double span = static_cast<double>(ex.End() - ex.Start());
  h += "<h2>Time line</h2><svg width=\"1060\" height=\"140\" role=\"img\" aria-label=\"time line\"><rect x=\"100\" y=\"10\" width=\"880\" height=\"110\" fill=\"#f7f9fb\"/>";
  const char* lanes[] = {"attacker", "responder", "inject"};
  const char* colours[] = {"#b3261e", "#1f5fbf", "#7a4fb3"};
  for (int l = 0; l < 3; ++l) h += "<text x=\"0\" y=\"" + std::to_string(32 + l * 36) + "\" font-size=\"13\">" + lanes[l] + "</text>";
  for (const auto& i : items) {
    const int l = i.lane == "attacker" ? 0 : i.lane == "responder" ? 1 : 2;
    const double x = 100 + 880 * std::clamp(static_cast<double>(i.time - ex.Start()) / span, 0.0, 1.0);
    h += "<circle cx=\"" + Num(x, 1) + "\" cy=\"" + std::to_string(28 + l * 36) + "\" r=\"5\" fill=\"" + colours[l] + "\"><title>" +
         Esc(engine::FormatIso(i.time) + " " + i.text) + "</title></circle>";
  }
  for (int d = 0; d <= 4; ++d) {
    const double x = 100 + 880.0 * d / 4;
    h += "<text x=\"" + Num(x - 30) + "\" y=\"136\" font-size=\"10\">" + engine::FormatIso(ex.Start() + static_cast<SimTime>(span * d / 4)).substr(5, 11) + "</text>";
  }
  h += "</svg>";
  h += "<h2>Attacker access still open</h2><ul>";
  bool any = false;
  for (const auto& c : ex.Channels())
    if (c.Open()) {
      any = true;
      h += "<li><b>" + std::string(ToString(c.kind)) + "</b>: " + Esc(c.description) + ". It survives " + Esc(Survives(c.kind)) + ". Close it: " + Esc(ClosedBy(c.kind)) + ".</li>";
    }
  if (!any) h += "<li>None: every access channel was closed.</li>";
  h += "</ul><h2>Objectives</h2><table><tr><th>Objective</th><th>Phase</th><th>Met</th><th>Score</th><th>Evidence and feedback</th></tr>";
  for (const auto& o : r.objectives)
    h += "<tr><td>" + Esc(o.title) + "</td><td>" + Esc(o.phase) + "</td><td>" + (o.met ? "yes" : "no") + "</td><td>" + Num(o.score) + "</td><td>" +
         Esc((o.evidence.empty() ? "" : o.evidence + ". ") + o.feedback) + "</td></tr>";
  h += "</table>";
  if (!r.penalties.empty()) {
    h += "<h2>Penalties</h2><ul>";
    for (const auto& p : r.penalties) h += "<li><b>−" + Num(p.points) + "</b> " + Esc(p.why) + "</li>";
    h += "</ul>";
  }
  h += "<h2>Strengths</h2><ul>";
  for (const auto& s : r.strengths) h += "<li>" + Esc(s) + "</li>";
  h += "</ul><h2>Areas for improvement</h2><ul>";
  for (const auto& s : r.improvements) h += "<li>" + Esc(s) + "</li>";
  h += "</ul><h2>Improvement plan</h2><table><tr><th>Issue</th><th>Corrective action</th><th>Owner</th><th>Due</th></tr>";
  for (const auto& i : r.plan_items) h += "<tr><td>" + Esc(i.issue) + "</td><td>" + Esc(i.action) + "</td><td>" + Esc(i.owner) + "</td><td>" + std::to_string(i.due_days) + " days</td></tr>";
  h += "</table>";
  if (const auto rated = RatedQuestions(ex); !rated.empty()) {
    h += "<h2>Discussion ratings</h2><table><tr><th>Question</th><th>Phase</th><th>Rating</th><th>Note</th></tr>";
    for (const auto& q : rated)
      h += "<tr><td>" + Esc(q.question) + "</td><td>" + Esc(q.phase) + "</td><td class=\"" + q.rating->rating + "\"><b>" + q.rating->rating + "</b> " +
           Esc(RatingMeaning(q.rating->rating)) + "</td><td>" + Esc(q.rating->note) + "</td></tr>";
    h += "</table>";
  }
  h += "<h2>Full time line</h2><table><tr><th>Time (UTC)</th><th>Who</th><th>What</th></tr>";
  for (const auto& i : items)
    h += "<tr><td>" + engine::FormatIso(i.time) + "</td><td class=\"" + i.lane + "\">" + i.lane + "</td><td>" + Esc(i.text) + "</td></tr>";
  h += "</table></body></html>\n";
  return h;
}

}  // namespace td::sim
