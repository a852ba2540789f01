#include "sim/posture_review.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim/plan.h"
#include "sim/tenant_template.h"

namespace td::sim {

using nlohmann::json;

namespace {

// [SECTION] Measuring a posture against the shipped scenarios

ScenarioSpec ResolveScenarioSpec(const std::string& name_or_path) {
  auto text = EmbeddedAsset("scenarios/" + name_or_path + ".json");
  if (!text.empty()) return ParseScenario(engine::ParseJsonText(text, name_or_path + ".json"), name_or_path + ".json");
  std::ifstream probe(name_or_path);
  if (!probe) throw engine::LoadError(name_or_path, "", "no scenario file and no shipped scenario by that name.");
  return LoadScenario(name_or_path);
}

std::optional<Plan> ResolvePlanFor(const ScenarioSpec& spec, const std::string& plan) {
  if (plan.empty() || plan == "empty" || plan == "none") return std::nullopt;
  const std::string shipped = "scenarios/plans/" + spec.id + "/" + plan + ".json";
  auto text = EmbeddedAsset(shipped);
  std::ifstream probe(plan);
  if (!probe && !text.empty()) return ParsePlan(engine::ParseJsonText(text, shipped), shipped, spec);
  if (!probe) throw engine::LoadError(plan, "", "no plan file by that name and no shipped plan " + shipped + ".");
  return LoadPlan(plan, spec);
}

bool Blocked(const std::string& e) {
  static const char* kNo[] = {"aitm_failed", "replay_refused", "consent_blocked", "forwarding_blocked", "fraud_failed",
                              "click_prevented", "payment_held", "fraud_stopped"};
  return std::find(std::begin(kNo), std::end(kNo), e) != std::end(kNo);
}

// The evidence an attack event leaves, and whether this tenant can query it at the end of the exercise.
struct EvidenceNeed {
  const char* table;
  uint32_t feature;   // licence feature bits the row needs (0: none)
  const char* why;    // what is missing when the feature is absent
};
std::optional<EvidenceNeed> EvidenceOf(const std::string& e) {
  if (e == "phish_delivered") return EvidenceNeed{"EmailEvents", kFeatMdoP2, "needs Defender for Office 365 Plan 2"};
  if (e == "phish_clicked") return EvidenceNeed{"UrlClickEvents", kFeatMdoP2, "needs Defender for Office 365 Plan 2"};
  if (e == "session_stolen" || e == "session_replayed" || e == "signin_with_attacker_mfa" || e == "legacy_signin" ||
      e == "aitm_failed" || e == "replay_refused")
    return EvidenceNeed{"SigninLogs", kFeatSigninExport, "sign-in logs do not reach Log Analytics: needs Entra ID P1"};
  if (e == "risk_detected") return EvidenceNeed{"AADUserRiskEvents", kFeatRiskDetail, "needs Entra ID P2"};
  if (e == "mfa_registered" || e == "consent_granted" || e == "consent_blocked" || e == "sspr_takeover")
    return EvidenceNeed{"AuditLogs", 0, ""};
  if (e == "rule_created" || e == "forwarding_set" || e == "forwarding_blocked") return EvidenceNeed{"OfficeActivity", 0, ""};
  if (e == "mail_collected" || e == "fraud_sent" || e == "internal_phish_sent")
    return EvidenceNeed{"OfficeActivity (MailItemsAccessed, Send)", kFeatMailAuditStandard,
                        "mail reads and sends are audited only for E5 / Audit (Premium) mailboxes before 2024"};
  return std::nullopt;
}

double Round1(double v) { return std::round(v * 10.0) / 10.0; }

double RiskOf(const PostureOutcome& o) {
  double risk = 25.0 * o.identities_compromised + 0.2 * static_cast<double>(std::min<uint64_t>(o.mail_items_exposed, 500)) +
                0.5 * static_cast<double>(o.files_exfiltrated) + o.fraud_loss_usd / 1000.0 + 10.0 * o.channels_open_at_end +
                5.0 * o.steps_succeeded + 8.0 * (o.evidence_total - o.evidence_visible);
  // Detection: hours until an alert reached the responders (30 when none did), when there was
  // anything to detect.
  if (o.steps_succeeded > 0) risk += o.time_to_detect_min < 0 ? 30.0 : std::min(30.0, o.time_to_detect_min / 60.0);
  return Round1(risk);
}

}  // namespace

PlayedPosture PlayPosture(const std::string& scenario, const Posture& posture, const std::string& plan,
                          const std::string& template_override, SimTime baseline_override) {
  ScenarioSpec spec = ResolveScenarioSpec(scenario);
  if (!template_override.empty()) {
    auto t = LoadShippedTemplate(template_override);
    UseTemplate(spec, t ? *t : LoadTemplate(template_override));
  }
  if (!posture.choices.empty()) ApplyPosture(spec, posture);
  if (baseline_override >= 0) spec.baseline = baseline_override;
  PlayedPosture out;
  out.ex = std::make_unique<Exercise>(spec);
  Exercise& ex = *out.ex;
  auto p = ResolvePlanFor(spec, plan);
  const std::string plan_name = p ? p->name : "empty";
  if (p) SchedulePlan(ex, *p, nullptr);
  ex.RunToEnd();
  out.score = Score(ex, plan_name);

  PostureOutcome& o = out.outcome;
  o.scenario = spec.id;
  o.plan = plan_name;
  const Tenant& t = ex.GetWorld().GetTenant();
  const uint32_t features = t.Features();
  SimTime first_success = -1;
  for (const auto& e : ex.Timeline()) {
    if (IsAttackSuccess(e.name)) {
      ++o.steps_total;
      ++o.steps_succeeded;
      if (first_success < 0) first_success = e.time;
    } else if (Blocked(e.name)) {
      ++o.steps_total;
      o.steps_blocked.push_back(e.name + ": " + e.detail);
    }
    if (auto need = EvidenceOf(e.name); need && e.time <= ex.End()) {
      ++o.evidence_total;
      const bool licensed = (features & need->feature) == need->feature;
      const std::string table = need->table;
      const std::string base_table = table.substr(0, table.find(' '));
      const bool kept = ex.End() - e.time <= static_cast<SimTime>(t.RetentionDays(base_table)) * engine::kDay;
      if (licensed && kept) ++o.evidence_visible;
      else
        o.evidence_missing.push_back(e.name + ": " + table + " " + (licensed ? "aged out of retention" : need->why));
    }
  }
  const auto& m = ex.Metrics();
  o.identities_compromised = m.identities_compromised;
  o.mail_items_exposed = m.mail_items_exposed;
  o.files_exfiltrated = m.files_exfiltrated;
  o.fraud_loss_usd = m.fraud_loss_usd;
  for (const auto& c : ex.Channels()) {
    ++o.channels_opened;
    o.channels_open_at_end += c.Open();
  }
  for (const auto& in : ex.Injects())
    if (in.channel == "alert" && first_success >= 0) {
      o.time_to_detect_min = Round1(static_cast<double>(std::max<SimTime>(0, in.time - first_success)) / engine::kMinute);
      break;
    }
  o.time_to_contain_min = out.score.time_to_contain_min;
  if (p) {
    o.score = Round1(out.score.total);
    o.preparation_score = out.score.phase[0] >= 0 ? Round1(out.score.phase[0]) : -1;
  }
  o.risk = RiskOf(o);
  return out;
}

PostureOutcome MeasurePosture(const std::string& scenario, const Posture& posture, const std::string& plan,
                              const std::string& template_override) {
  return PlayPosture(scenario, posture, plan, template_override).outcome;
}

// [SECTION] Posture review

namespace {

std::vector<std::string> ShippedScenarioNames() { return EmbeddedJsonNames("scenarios"); }

// Whether the tenant's licences already include the stronger option (configuration, not purchase).
bool OwnedAlready(const Posture& p, const std::string& decision, const std::string& option) {
  const std::string entra = p.Value("entra"), m365 = p.Value("m365");
  const bool p1 = entra == "P1" || entra == "P2" || m365 == "E5";
  if (decision == "entra") return option == "P2" ? m365 == "E5" : p1;
  if (decision == "mdo_p2" || decision == "m365_audit") return m365 == "E5";
  if (decision == "device_compliance" || decision == "token_protection" || decision == "siem_export" ||
      decision == "graph_activity_export" || decision == "cae")
    return p1;
  if (decision == "alert_queue" || decision == "siem_retention_days" || decision == "m365") return false;
  return true;  // MFA methods, consent, forwarding, legacy auth, break-glass, IR preparation: configuration only
}

constexpr SimTime kReviewBaseline = engine::kDay;  // review runs: one day of history (speed)
constexpr const char* kReviewTemplate = "small-business-50";

}  // namespace

PostureReview ReviewPosture(const Posture& posture, const std::function<void(double)>& progress) {
  PostureReview r;
  r.posture = posture.name;
  r.title = posture.title;
  const auto scenarios = ShippedScenarioNames();
  const char* plans[] = {"empty", "expert"};
  // Which decisions each scenario tests, and the candidate improvements.
  std::map<std::string, std::vector<std::string>> relevant;
  for (const auto& s : scenarios) relevant[s] = RelevantDecisions(ResolveScenarioSpec(s));
  struct Candidate {
    const DecisionInfo* d;
    const PostureOption* from;
    const PostureOption* to;
  };
  std::vector<Candidate> candidates;
  for (const auto& d : Decisions()) {
    if (!d.preparable) continue;
    const std::string cur = posture.Value(d.id);
    const PostureOption* from = nullptr;
    for (const auto& o : d.options)
      if (o.value == cur) from = &o;
    if (!from) from = &d.options.front();
    if (from->strength >= d.options.back().strength) continue;
    candidates.push_back({&d, from, &d.options.back()});
  }
  size_t total_runs = scenarios.size() * 2, done = 0;
  for (const auto& c : candidates)
    for (const auto& s : scenarios)
      if (std::find(relevant[s].begin(), relevant[s].end(), c.d->id) != relevant[s].end()) total_runs += 2;
  auto tick = [&] { if (progress) progress(static_cast<double>(++done) / static_cast<double>(total_runs)); };

  std::map<std::string, double> base_risk;  // scenario -> risk (both plans)
  for (const auto& s : scenarios)
    for (const char* plan : plans) {
      PostureOutcome o = PlayPosture(s, posture, plan, kReviewTemplate, kReviewBaseline).outcome;
      base_risk[s] += o.risk;
      r.risk += o.risk;
      r.outcomes.push_back(std::move(o));
      tick();
    }
  r.risk = Round1(r.risk);

  for (const auto& c : candidates) {
    Recommendation rec;
    rec.decision = c.d->id;
    rec.area = c.d->area;
    rec.title = c.d->title;
    rec.current = c.from->value;
    rec.recommended = c.to->value;
    rec.current_label = c.from->label;
    rec.recommended_label = c.to->label;
    rec.why = c.d->explanation + " " + c.to->label + ": " + c.to->effect;
    rec.cost = std::max(0, c.to->cost - c.from->cost);
    rec.owned_not_used = OwnedAlready(posture, c.d->id, c.to->value);
    Posture better = posture;
    bool found = false;
    for (auto& ch : better.choices)
      if (ch.decision == c.d->id) { ch.value = c.to->value; found = true; }
    if (!found) better.choices.push_back({c.d->id, c.to->value, ""});
    for (const auto& s : scenarios) {
      if (std::find(relevant[s].begin(), relevant[s].end(), c.d->id) == relevant[s].end()) continue;
      double risk = 0;
      for (const char* plan : plans) {
        risk += PlayPosture(s, better, plan, kReviewTemplate, kReviewBaseline).outcome.risk;
        tick();
      }
      const double closed = Round1(base_risk[s] - risk);
      if (closed != 0) rec.per_scenario.push_back({s, closed});
      rec.risk_closed = Round1(rec.risk_closed + closed);
    }
    r.plan.push_back(std::move(rec));
  }
  // Rank by risk closed per budget point (free changes first among equals), then by name.
  auto value = [](const Recommendation& x) { return x.risk_closed / (1.0 + x.cost); };
  std::stable_sort(r.plan.begin(), r.plan.end(), [&](const Recommendation& a, const Recommendation& b) {
    if (value(a) != value(b)) return value(a) > value(b);
    return a.decision < b.decision;
  });
  // 30 days: changes that close risk and cost nothing new (configuration, owned licences);
  // 60 days: the rest that close measured risk; 90 days: hygiene with no measured effect here.
  for (auto& rec : r.plan) {
    if (rec.risk_closed > 0 && (rec.cost == 0 || rec.owned_not_used)) rec.horizon_days = 30;
    else if (rec.risk_closed > 0) rec.horizon_days = 60;
    else rec.horizon_days = 90;
    if (rec.owned_not_used) r.owned_not_used.push_back(rec);
  }
  std::stable_sort(r.plan.begin(), r.plan.end(), [](const Recommendation& a, const Recommendation& b) { return a.horizon_days < b.horizon_days; });

  // Areas: the share of the measured closable risk that sits in each area.
  double closable = 0;
  for (const auto& rec : r.plan) closable += std::max(0.0, rec.risk_closed);
  for (const char* area : kPostureAreas) {
    AreaAssessment a;
    a.area = area;
    a.title = AreaTitle(area);
    double open = 0;
    for (const auto& rec : r.plan) {
      if (rec.area != area) continue;
      open += std::max(0.0, rec.risk_closed);
      a.findings.push_back(rec.title + ": " + rec.current_label + " (risk closed by " + rec.recommended_label + ": " +
                           std::to_string(static_cast<int>(std::lround(rec.risk_closed))) + ")");
    }
    a.exposure = closable > 0 ? static_cast<int>(std::lround(100.0 * open / closable)) : 0;
    r.areas.push_back(std::move(a));
  }
  std::vector<const AreaAssessment*> ranked;
  for (const auto& a : r.areas) ranked.push_back(&a);
  std::stable_sort(ranked.begin(), ranked.end(), [](auto* x, auto* y) { return x->exposure > y->exposure; });
  for (const auto* a : ranked) {
    if (a->exposure <= 0) continue;
    std::string worst;
    for (const auto& rec : r.plan)
      if (rec.area == a->area && rec.risk_closed > 0) { worst = rec.title + " (" + rec.current_label + ")"; break; }
    r.most_exposed.push_back(a->title + ": " + std::to_string(a->exposure) + "% of the measured risk" +
                             (worst.empty() ? "" : "; first fix " + worst));
  }
  return r;
}

std::string ReviewMarkdown(const PostureReview& r) {
  std::string md = "# Posture review: " + r.title + "\n\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "Measured over the %zu shipped scenarios (no response, and the expert response), on the "
                "small-business-50 tenant: total risk **%.1f** points (lower is better).\n\n", r.outcomes.size() / 2, r.risk);
  md += buf;
  md += "## Where are we most exposed today\n\n";
  if (r.most_exposed.empty()) md += "No measured risk left that a decision in the catalogue closes.\n";
  for (const auto& s : r.most_exposed) md += "- " + s + "\n";
  md += "\n| area | exposure |\n|---|---|\n";
  for (const auto& a : r.areas) md += "| " + a.title + " | " + std::to_string(a.exposure) + "% |\n";
  md += "\n## Protections we already own but do not use\n\n";
  if (r.owned_not_used.empty()) md += "None: every stronger option would need a purchase or staff.\n";
  for (const auto& rec : r.owned_not_used) {
    std::snprintf(buf, sizeof buf, " (closes %.1f risk points)", rec.risk_closed);
    md += "- **" + rec.title + "**: " + rec.current_label + " -> " + rec.recommended_label + buf + "\n";
  }
  for (int horizon : {30, 60, 90}) {
    md += "\n## Next " + std::to_string(horizon) + " days\n\n";
    bool any = false;
    for (const auto& rec : r.plan) {
      if (rec.horizon_days != horizon) continue;
      any = true;
      std::snprintf(buf, sizeof buf, "closes %.1f risk points, costs %d budget point(s)", rec.risk_closed, rec.cost);
      md += "1. **" + rec.title + "**: " + rec.current_label + " -> " + rec.recommended_label + " (" + buf +
            (rec.owned_not_used ? "; already licensed" : "") + ").";
      if (!rec.per_scenario.empty()) {
        md += " Measured:";
        for (const auto& [s, v] : rec.per_scenario) {
          std::snprintf(buf, sizeof buf, " %s %.1f;", s.c_str(), v);
          md += buf;
        }
        md.pop_back();
        md += ".";
      }
      md += " " + rec.why + "\n";
    }
    if (!any) md += "Nothing.\n";
  }
  md += "\n## The runs\n\n| scenario | plan | risk | steps got through | evidence visible | time to alert (min) | score |\n|---|---|---|---|---|---|---|\n";
  for (const auto& o : r.outcomes) {
    std::snprintf(buf, sizeof buf, "| %s | %s | %.1f | %u of %u | %u of %u | %s | %s |\n", o.scenario.c_str(), o.plan.c_str(), o.risk,
                  o.steps_succeeded, o.steps_total, o.evidence_visible, o.evidence_total,
                  o.time_to_detect_min < 0 ? "none" : std::to_string(static_cast<long>(o.time_to_detect_min)).c_str(),
                  o.score < 0 ? "-" : std::to_string(static_cast<int>(std::lround(o.score))).c_str());
    md += buf;
  }
  md += "\nRisk points: 25 per compromised identity, 0.2 per exposed mail item (up to 500), 0.5 per file, 1 per $1,000 "
        "lost, 10 per attacker channel still open at the end, 5 per attack step that got through, 8 per attack step "
        "without queryable evidence, and up to 30 for the hours until an alert reached the responders (30 when none did, 0 when no step got through).\n";
  return md;
}

namespace {
json OutcomeJson(const PostureOutcome& o) {
  return {{"scenario", o.scenario}, {"plan", o.plan}, {"risk", o.risk}, {"steps_total", o.steps_total},
          {"steps_succeeded", o.steps_succeeded}, {"steps_blocked", o.steps_blocked},
          {"identities_compromised", o.identities_compromised}, {"mail_items_exposed", o.mail_items_exposed},
          {"files_exfiltrated", o.files_exfiltrated}, {"fraud_loss_usd", o.fraud_loss_usd},
          {"time_to_detect_min", o.time_to_detect_min}, {"time_to_contain_min", o.time_to_contain_min},
          {"channels_opened", o.channels_opened}, {"channels_open_at_end", o.channels_open_at_end},
          {"evidence_total", o.evidence_total}, {"evidence_visible", o.evidence_visible},
          {"evidence_missing", o.evidence_missing}, {"score", o.score}, {"preparation_score", o.preparation_score}};
}
json RecJson(const Recommendation& r) {
  json per = json::object();
  for (const auto& [s, v] : r.per_scenario) per[s] = v;
  return {{"decision", r.decision}, {"area", r.area}, {"title", r.title}, {"current", r.current},
          {"recommended", r.recommended}, {"why", r.why}, {"risk_closed", r.risk_closed}, {"per_scenario", per},
          {"cost", r.cost}, {"horizon_days", r.horizon_days}, {"owned_not_used", r.owned_not_used}};
}
}  // namespace

std::string ReviewJson(const PostureReview& r) {
  json doc = {{"format", "tenantdrill/review@1"}, {"posture", r.posture}, {"title", r.title}, {"risk", r.risk}};
  doc["most_exposed"] = r.most_exposed;
  json areas = json::array();
  for (const auto& a : r.areas) areas.push_back({{"area", a.area}, {"title", a.title}, {"exposure", a.exposure}, {"findings", a.findings}});
  doc["areas"] = areas;
  json owned = json::array(), plan = json::array(), outcomes = json::array();
  for (const auto& x : r.owned_not_used) owned.push_back(RecJson(x));
  for (const auto& x : r.plan) plan.push_back(RecJson(x));
  for (const auto& o : r.outcomes) outcomes.push_back(OutcomeJson(o));
  doc["owned_not_used"] = owned;
  doc["plan"] = plan;
  doc["outcomes"] = outcomes;
  return doc.dump(2) + "\n";
}

// [SECTION] What-if comparison

PostureComparison ComparePostures(const std::string& scenario, const Posture& a, const Posture& b, const std::string& plan,
                                  const std::string& template_override) {
  PostureComparison c;
  c.scenario = scenario;
  c.a = a;
  c.b = b;
  PlayedPosture pa = PlayPosture(scenario, a, plan, template_override);
  PlayedPosture pb = PlayPosture(scenario, b, plan, template_override);
  c.plan = pa.outcome.plan;
  c.outcome_a = pa.outcome;
  c.outcome_b = pb.outcome;
  c.score_a = pa.score;
  c.score_b = pb.score;
  FillDifferences(c, *pa.ex, *pb.ex);
  return c;
}

void FillDifferences(PostureComparison& c, const Exercise& ea, const Exercise& eb) {
  auto names = [](const Exercise& ex) {
    std::vector<std::string> v;
    for (const auto& e : ex.Timeline()) v.push_back(e.name);
    return v;
  };
  const auto na = names(ea), nb = names(eb);
  auto count = [](const std::vector<std::string>& v, const std::string& n) { return std::count(v.begin(), v.end(), n); };
  std::vector<std::string> seen;
  for (const auto* list : {&na, &nb})
    for (const auto& n : *list) {
      if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
      seen.push_back(n);
      const auto ca = count(na, n), cb = count(nb, n);
      if (ca == cb) continue;
      c.differences.push_back(n + ": " + std::to_string(ca) + " time(s) under A, " + std::to_string(cb) + " under B.");
    }
  char buf[200];
  const auto& oa = c.outcome_a;
  const auto& ob = c.outcome_b;
  if (oa.identities_compromised != ob.identities_compromised)
    c.differences.push_back("Identities compromised: " + std::to_string(oa.identities_compromised) + " vs " + std::to_string(ob.identities_compromised) + ".");
  if (oa.mail_items_exposed != ob.mail_items_exposed)
    c.differences.push_back("Mail items exposed: " + std::to_string(oa.mail_items_exposed) + " vs " + std::to_string(ob.mail_items_exposed) + ".");
  if (oa.fraud_loss_usd != ob.fraud_loss_usd) {
    std::snprintf(buf, sizeof buf, "Fraud loss: $%.0f vs $%.0f.", oa.fraud_loss_usd, ob.fraud_loss_usd);
    c.differences.push_back(buf);
  }
  if (oa.evidence_visible != ob.evidence_visible || oa.evidence_total != ob.evidence_total)
    c.differences.push_back("Attack steps with queryable evidence: " + std::to_string(oa.evidence_visible) + " of " + std::to_string(oa.evidence_total) +
                            " vs " + std::to_string(ob.evidence_visible) + " of " + std::to_string(ob.evidence_total) + ".");
  if (oa.time_to_detect_min != ob.time_to_detect_min) {
    auto t = [](double m) { return m < 0 ? std::string("no alert") : std::to_string(static_cast<long>(m)) + " min"; };
    c.differences.push_back("First alert seen: " + t(oa.time_to_detect_min) + " vs " + t(ob.time_to_detect_min) + " after the first attack step.");
  }
  if (oa.time_to_contain_min != ob.time_to_contain_min) {
    auto t = [](const PostureOutcome& o) {
      if (o.time_to_contain_min >= 0) return std::to_string(static_cast<long>(o.time_to_contain_min)) + " min";
      return std::string(o.channels_opened == 0 && o.identities_compromised == 0 ? "nothing to contain" : "not contained");
    };
    c.differences.push_back("Time to contain: " + t(oa) + " vs " + t(ob) + ".");
  }
  if (oa.channels_open_at_end != ob.channels_open_at_end)
    c.differences.push_back("Attacker channels open at the end: " + std::to_string(oa.channels_open_at_end) + " vs " + std::to_string(ob.channels_open_at_end) + ".");
  if (std::lround(c.score_a.total) != std::lround(c.score_b.total)) {
    std::snprintf(buf, sizeof buf, "Score: %.0f vs %.0f.", c.score_a.total, c.score_b.total);
    c.differences.push_back(buf);
  }
  for (const auto& d : Decisions()) {
    const std::string va = c.a.Value(d.id), vb = c.b.Value(d.id);
    if (va == vb || va.empty() || vb.empty()) continue;
    auto label = [&](const std::string& v) {
      for (const auto& o : d.options)
        if (o.value == v) return o.label;
      return v;
    };
    c.decision_changes.push_back(d.title + ": " + label(va) + " -> " + label(vb));
  }
}

namespace {
std::string Num(double v, const char* none = "-") {
  if (v < 0) return none;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}
std::vector<std::pair<std::string, std::pair<std::string, std::string>>> Rows(const PostureComparison& c) {
  const auto& a = c.outcome_a;
  const auto& b = c.outcome_b;
  auto frac = [](uint32_t x, uint32_t n) { return std::to_string(x) + " of " + std::to_string(n); };
  return {
      {"Score (0-100)", {Num(c.score_a.total), Num(c.score_b.total)}},
      {"Preparation phase", {Num(c.score_a.phase[0]), Num(c.score_b.phase[0])}},
      {"Risk points (lower is better)", {Num(a.risk), Num(b.risk)}},
      {"Attack steps that got through", {frac(a.steps_succeeded, a.steps_total), frac(b.steps_succeeded, b.steps_total)}},
      {"Attack steps with queryable evidence", {frac(a.evidence_visible, a.evidence_total), frac(b.evidence_visible, b.evidence_total)}},
      {"First alert seen (min after first step)", {Num(a.time_to_detect_min, "none"), Num(b.time_to_detect_min, "none")}},
      {"Time to detect (min, declared)", {Num(c.score_a.time_to_detect_min, "none"), Num(c.score_b.time_to_detect_min, "none")}},
      {"Time to contain (min)", {Num(a.time_to_contain_min, "none"), Num(b.time_to_contain_min, "none")}},
      {"Identities compromised", {std::to_string(a.identities_compromised), std::to_string(b.identities_compromised)}},
      {"Mail items exposed", {std::to_string(a.mail_items_exposed), std::to_string(b.mail_items_exposed)}},
      {"Fraud loss (USD)", {Num(a.fraud_loss_usd), Num(b.fraud_loss_usd)}},
      {"Attacker channels opened / open at end", {std::to_string(a.channels_opened) + " / " + std::to_string(a.channels_open_at_end),
                                                  std::to_string(b.channels_opened) + " / " + std::to_string(b.channels_open_at_end)}},
  };
}
std::string Esc(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '<') o += "&lt;";
    else if (ch == '>') o += "&gt;";
    else if (ch == '&') o += "&amp;";
    else if (ch == '"') o += "&quot;";
    else o += ch;
  }
  return o;
}
}  // namespace

std::string ComparisonMarkdown(const PostureComparison& c) {
  std::string md = "# What if: " + c.scenario + " under two postures\n\n";
  md += "Same attack, seed and response (plan: " + c.plan + ").\n\n";
  md += "- **A**: " + c.a.title + " (`" + c.a.name + "`)\n- **B**: " + c.b.title + " (`" + c.b.name + "`)\n\n";
  md += "| | A | B |\n|---|---|---|\n";
  for (const auto& [label, v] : Rows(c)) md += "| " + label + " | " + v.first + " | " + v.second + " |\n";
  md += "\n## What changed\n\n";
  if (c.differences.empty()) md += "Nothing measurable: these decisions do not matter against this attack.\n";
  for (const auto& d : c.differences) md += "- " + d + "\n";
  md += "\n## Decisions that differ\n\n";
  for (const auto& d : c.decision_changes) md += "- " + d + "\n";
  for (int side = 0; side < 2; ++side) {
    const PostureOutcome& o = side == 0 ? c.outcome_a : c.outcome_b;
    md += std::string("\n## ") + (side == 0 ? "A" : "B") + ": blocked steps and missing evidence\n\n";
    for (const auto& s : o.steps_blocked) md += "- blocked: " + s + "\n";
    for (const auto& s : o.evidence_missing) md += "- no evidence: " + s + "\n";
    if (o.steps_blocked.empty() && o.evidence_missing.empty()) md += "Nothing blocked, nothing missing.\n";
  }
  return md;
}

std::string ComparisonJson(const PostureComparison& c) {
  json doc = {{"format", "tenantdrill/compare@1"}, {"scenario", c.scenario}, {"plan", c.plan}};
  doc["a"] = {{"posture", json::parse(PostureJson(c.a))}, {"outcome", OutcomeJson(c.outcome_a)}, {"score", c.score_a.total}};
  doc["b"] = {{"posture", json::parse(PostureJson(c.b))}, {"outcome", OutcomeJson(c.outcome_b)}, {"score", c.score_b.total}};
  doc["differences"] = c.differences;
  doc["decision_changes"] = c.decision_changes;
  return doc.dump(2) + "\n";
}

std::string ComparisonHtml(const PostureComparison& c) {
  std::string h = "<!doctype html><html><head><meta charset=\"utf-8\"><title>What if: " + Esc(c.scenario) +
                  "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
                  "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}"
                  ".better{background:#e3f4e1}.worse{background:#fbe3e1}</style></head><body>";
  h += "<h1>What if: " + Esc(c.scenario) + "</h1><p>Same attack, seed and response (plan: " + Esc(c.plan) + ").</p>";
  h += "<p><b>A</b>: " + Esc(c.a.title) + "<br><b>B</b>: " + Esc(c.b.title) + "</p><table><tr><th></th><th>A</th><th>B</th></tr>";
  for (const auto& [label, v] : Rows(c))
    h += "<tr><td>" + Esc(label) + "</td><td>" + Esc(v.first) + "</td><td>" + Esc(v.second) + "</td></tr>";
  h += "</table><h2>What changed</h2><ul>";
  for (const auto& d : c.differences) h += "<li>" + Esc(d) + "</li>";
  h += "</ul><h2>Decisions that differ</h2><ul>";
  for (const auto& d : c.decision_changes) h += "<li>" + Esc(d) + "</li>";
  h += "</ul>";
  for (int side = 0; side < 2; ++side) {
    const PostureOutcome& o = side == 0 ? c.outcome_a : c.outcome_b;
    h += std::string("<h2>") + (side == 0 ? "A" : "B") + ": blocked steps and missing evidence</h2><ul>";
    for (const auto& s : o.steps_blocked) h += "<li>blocked: " + Esc(s) + "</li>";
    for (const auto& s : o.evidence_missing) h += "<li>no evidence: " + Esc(s) + "</li>";
    if (o.steps_blocked.empty() && o.evidence_missing.empty()) h += "<li>Nothing blocked, nothing missing.</li>";
    h += "</ul>";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace td::sim
