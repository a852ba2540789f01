#include "sim/scoring.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/posture.h"
#include "sim/response.h"
#include "sim/response_state.h"

namespace td::sim {

using engine::kMinute;
using engine::PointerJoin;
using nlohmann::json;

namespace {

const std::vector<std::string> kPredicateKeys = {"action", "target", "channels_closed", "before", "all", "any", "not",
                                                 "fraud_stopped", "notified", "finding", "args"};
const std::vector<std::string> kChannelWords = {"stolen_session", "attacker_mfa_method", "oauth_grant", "inbox_rule", "mailbox_forwarding", "all", "identity"};

void ValidatePredicate(const json& p, const std::string& ptr, engine::JsonChecker& check, int depth) {
  if (depth > 8) { check.Report(ptr, "predicates nest at most 8 levels."); return; }
  if (!check.IsObject(p, ptr)) return;
  check.NoUnknownKeys(p, ptr, kPredicateKeys);
  if (p.contains("action")) {
    const std::string a = p["action"].is_string() ? p["action"].get<std::string>() : "";
    if (!ParseAction(a)) check.Report(PointerJoin(ptr, "action"), "\"" + a + "\" is not a responder action (see docs/plan-format.md).");
  } else if (p.contains("channels_closed")) {
    const std::string c = p["channels_closed"].is_string() ? p["channels_closed"].get<std::string>() : "";
    if (std::find(kChannelWords.begin(), kChannelWords.end(), c) == kChannelWords.end())
      check.Report(PointerJoin(ptr, "channels_closed"), "use one of stolen_session, attacker_mfa_method, oauth_grant, inbox_rule, mailbox_forwarding, identity or all.");
  } else if (p.contains("before")) {
    if (!p["before"].is_array() || p["before"].size() != 2) check.Report(PointerJoin(ptr, "before"), "\"before\" takes two action predicates [first, second].");
    else for (size_t i = 0; i < 2; ++i) ValidatePredicate(p["before"][i], PointerJoin(PointerJoin(ptr, "before"), i), check, depth + 1);
  } else if (p.contains("all") || p.contains("any")) {
    const char* k = p.contains("all") ? "all" : "any";
    if (!p[k].is_array() || p[k].empty()) check.Report(PointerJoin(ptr, k), std::string("\"") + k + "\" takes a non-empty list of predicates.");
    else for (size_t i = 0; i < p[k].size(); ++i) ValidatePredicate(p[k][i], PointerJoin(PointerJoin(ptr, k), i), check, depth + 1);
  } else if (p.contains("not")) {
    ValidatePredicate(p["not"], PointerJoin(ptr, "not"), check, depth + 1);
  } else if (!p.contains("fraud_stopped") && !p.contains("notified") && !p.contains("finding")) {
    check.Report(ptr, "a predicate needs one of action, channels_closed, before, all, any, not, fraud_stopped, notified or finding.");
  }
}

struct Evaluator {
  const Exercise& ex;
  const Exercise::ResponseState& st;

  bool TargetMatches(const ActionRecord& r, const std::string& target) const {
    if (target.empty()) return true;
    if (r.request.target == target) return true;
    const uint32_t u = ex.RoleUser(target);
    if (u != kNone) {
      const std::string& upn = ex.GetWorld().GetTenant().users[u].upn;
      return r.resolved_target == upn || r.resolved_target.rfind(upn + "/", 0) == 0;
    }
    const uint32_t app = ex.RoleApp(target);
    if (app != kNone) return r.resolved_target.find(ex.GetWorld().GetTenant().apps[app].app_id) != std::string::npos;
    return r.resolved_target == target;
  }

  // When the predicate became true (nullopt: never). Also collects the evidence sentence.
  std::optional<SimTime> MetAt(const json& p, std::string& evidence) const {
    if (p.contains("action")) {
      const auto kind = ParseAction(p["action"].get<std::string>());
      const std::string target = p.value("target", "");
      for (const auto& r : st.log) {
        if (!r.ok || r.request.kind != *kind || !TargetMatches(r, target)) continue;
        if (p.contains("args")) {
          bool all = true;
          for (const auto& [k, v] : p["args"].items()) {
            auto it = r.request.args.find(k);
            all &= it != r.request.args.end() && it->second == (v.is_string() ? v.get<std::string>() : v.dump());
          }
          if (!all) continue;
        }
        evidence += std::string(evidence.empty() ? "" : "; ") + std::string(Describe(r.request.kind).label) + " on " + r.resolved_target +
                    " at " + engine::FormatIso(r.completed);
        return r.completed;
      }
      return std::nullopt;
    }
    if (p.contains("channels_closed")) {
      const std::string which = p["channels_closed"];
      SimTime latest = ex.Start();
      int n = 0;
      for (const auto& c : ex.Channels()) {
        const bool identity = c.kind == ChannelKind::StolenSession || c.kind == ChannelKind::AttackerMfaMethod || c.kind == ChannelKind::OAuthGrant;
        if (which != "all" && !(which == "identity" && identity) && which != ToString(c.kind)) continue;
        ++n;
        if (c.Open()) return std::nullopt;
        latest = std::max(latest, c.closed);
      }
      evidence += std::string(evidence.empty() ? "" : "; ") + std::to_string(n) + " " + which + " channel(s) closed";
      return latest;
    }
    if (p.contains("before")) {
      std::string e1, e2;
      auto a = MetAt(p["before"][0], e1), b = MetAt(p["before"][1], e2);
      if (!a || !b || *a > *b) return std::nullopt;
      evidence += std::string(evidence.empty() ? "" : "; ") + e1 + ", then " + e2;
      return b;
    }
    if (p.contains("all")) {
      SimTime latest = ex.Start();
      for (const auto& q : p["all"]) {
        auto t = MetAt(q, evidence);
        if (!t) return std::nullopt;
        latest = std::max(latest, *t);
      }
      return latest;
    }
    if (p.contains("any")) {
      std::optional<SimTime> best;
      for (const auto& q : p["any"]) {
        std::string e;
        auto t = MetAt(q, e);
        if (t && (!best || *t < *best)) { best = t; if (!e.empty()) evidence += std::string(evidence.empty() ? "" : "; ") + e; }
      }
      return best;
    }
    if (p.contains("not")) {
      std::string e;
      return MetAt(p["not"], e) ? std::nullopt : std::optional<SimTime>(ex.End());
    }
    if (p.contains("fraud_stopped")) {
      for (const auto& e : ex.Timeline())
        if (e.name == "fraud_stopped") { evidence += e.detail; return e.time; }
      bool sent = false;
      for (const auto& e : ex.Timeline()) sent |= e.name == "fraud_sent";
      if (!sent) { evidence += "no fraudulent payment request was sent"; return ex.Start(); }
      return std::nullopt;
    }
    if (p.contains("notified")) {
      for (const auto& [aud, when] : st.notified)
        if (aud == p["notified"].get<std::string>()) { evidence += "notified " + aud; return when; }
      return std::nullopt;
    }
    if (p.contains("finding")) {
      for (const auto& r : st.log)
        if (r.ok && r.request.kind == ActionKind::RecordFinding) {
          auto it = r.request.args.find("cites");
          if (p["finding"] == "cites" && (it == r.request.args.end() || it->second.empty())) continue;
          evidence += "finding recorded at " + engine::FormatIso(r.completed);
          return r.completed;
        }
      return std::nullopt;
    }
    return std::nullopt;
  }
};

std::optional<SimTime> FirstEvent(const Exercise& ex, const std::string& name) {
  for (const auto& e : ex.Timeline()) if (e.name == name) return e.time;
  for (const auto& i : ex.Injects()) if (i.id == name) return i.time;
  return std::nullopt;
}

std::optional<SimTime> FirstCompromise(const Exercise& ex) {
  std::optional<SimTime> t;
  for (const auto& e : ex.Timeline())
    if ((e.name == "session_stolen" || e.name == "consent_granted") && (!t || e.time < *t)) t = e.time;
  return t;
}

const char* Meaning(const std::string& r) {
  if (r == "P") return "Performed without challenges";
  if (r == "S") return "Performed with some challenges";
  if (r == "M") return "Performed with major challenges";
  return "Unable to be performed";
}

std::string Rating(double score) { return score >= 85 ? "P" : score >= 65 ? "S" : score >= 35 ? "M" : "U"; }

}  // namespace

void ValidateObjectives(const json& objs, engine::JsonChecker& check) {
  if (!objs.is_array()) { check.Report("/objectives", "expected a list of objectives."); return; }
  for (size_t i = 0; i < objs.size(); ++i) {
    const std::string p = PointerJoin("/objectives", i);
    const json& o = objs[i];
    if (!check.IsObject(o, p)) continue;
    check.NoUnknownKeys(o, p, {"id", "title", "phase", "csf", "weight", "pass", "within", "anchor", "feedback_met", "feedback_missed", "owner"});
    check.String(o, p, "id", true);
    check.String(o, p, "title", true);
    check.Enum(o, p, "phase", true, {"preparation", "detection_analysis", "containment_eradication_recovery", "post_incident"}, "detection_analysis");
    check.Enum(o, p, "csf", false, {"GV", "ID", "PR", "DE", "RS", "RC"}, "RS");
    check.Number(o, p, "weight", false, 1, 0, 100);
    if (o.contains("within") && (!o["within"].is_string() || !engine::ParseIsoDuration(o["within"].get<std::string>())))
      check.Report(PointerJoin(p, "within"), "\"within\" is an ISO-8601 duration such as \"PT4H\".");
    if (!o.contains("pass")) check.Report(PointerJoin(p, "pass"), "an objective needs a \"pass\" predicate.");
    else ValidatePredicate(o["pass"], PointerJoin(p, "pass"), check, 0);
  }
}

ScoreReport Score(const Exercise& ex, const std::string& plan_name) {
  const auto& st = ex.Response();
  ScoreReport r;
  r.scenario = ex.Spec().id;
  r.title = ex.Spec().title;
  r.plan = plan_name;
  r.seed = ex.Seed();
  Evaluator ev{ex, st};
  const json objs = ex.Spec().objectives_json.empty() ? json::array() : json::parse(ex.Spec().objectives_json);
  double phase_w[4] = {0, 0, 0, 0}, phase_s[4] = {0, 0, 0, 0};
  std::vector<std::pair<std::string, std::pair<double, double>>> csf;
  // With a posture applied, an attack the posture stopped outright leaves the response objectives
  // nothing to act on: those are not scored (the preparation objective below credits the stop).
  bool prevented = !ex.Spec().posture_name.empty();
  for (const auto& e : ex.Timeline()) prevented &= !IsAttackSuccess(e.name);
  for (const auto& o : objs) {
    ObjectiveResult res;
    res.id = o.value("id", "");
    res.title = o.value("title", res.id);
    res.phase = o.value("phase", "detection_analysis");
    res.csf = o.value("csf", "RS");
    res.weight = o.value("weight", 1.0);
    std::string evidence;
    auto met = ev.MetAt(o["pass"], evidence);
    res.met = met.has_value();
    res.met_at = met;
    res.evidence = evidence;
    double timeliness = 1;
    if (met && o.contains("within")) {
      const SimTime within = *engine::ParseIsoDuration(o["within"].get<std::string>());
      const SimTime anchor = FirstEvent(ex, o.value("anchor", "")).value_or(ex.Start());
      const double late = static_cast<double>(*met - anchor - within);
      if (late > 0) timeliness = std::max(0.3, 1.0 - 0.7 * late / (2.0 * static_cast<double>(within)));
    }
    res.score = res.met ? 100.0 * timeliness : 0;
    res.feedback = res.met ? o.value("feedback_met", "") : o.value("feedback_missed", "");
    if (res.met && timeliness < 1) res.feedback += " (late: partial credit for timeliness)";
    if (prevented && !res.met && res.phase != "preparation") {
      res.weight = 0;
      res.feedback = "Not needed: the tenant's posture stopped the attack before there was anything to act on.";
      r.objectives.push_back(res);
      continue;
    }
    size_t ph = 0;
    for (; ph < 4; ++ph) if (res.phase == kPhases[ph]) break;
    if (ph < 4) { phase_w[ph] += res.weight; phase_s[ph] += res.weight * res.score; }
    auto it = std::find_if(csf.begin(), csf.end(), [&](const auto& c) { return c.first == res.csf; });
    if (it == csf.end()) csf.push_back({res.csf, {res.weight, res.weight * res.score}});
    else { it->second.first += res.weight; it->second.second += res.weight * res.score; }
    if (res.met) r.strengths.push_back(res.title + ": " + res.feedback);
    else {
      r.improvements.push_back(res.title + ": " + res.feedback);
      r.plan_items.push_back({res.title, res.feedback, o.value("owner", "SOC lead"), res.phase == "post_incident" ? 30 : 14});
    }
    r.objectives.push_back(res);
  }
  // A posture applied to the tenant (sim/posture.h): its readiness against this attack chain is a
  // preparation objective, so the preparation phase reflects the decisions made before the attack.
  if (!ex.Spec().posture_name.empty()) {
    ObjectiveResult res;
    res.id = "PR.posture";
    res.title = "Tenant prepared against this attack (posture: " + ex.Spec().posture_name + ")";
    res.phase = "preparation";
    res.csf = "PR";
    res.weight = 2;
    std::vector<std::string> weakest;
    res.score = PostureReadiness(ex.Spec(), &weakest);
    res.met = res.score >= 60;
    if (res.met) res.met_at = ex.Start();
    res.evidence = "readiness " + std::to_string(static_cast<int>(res.score + 0.5)) + "/100 over the decisions this attack tests";
    std::string weak;
    for (size_t i = 0; i < weakest.size() && i < 3; ++i) weak += (weak.empty() ? "" : "; ") + weakest[i];
    if (weakest.size() > 3) weak += "; and " + std::to_string(weakest.size() - 3) + " more (tenantdrill-sim review lists them all)";
    res.feedback = weak.empty() ? "Every decision this attack tests was above its weakest option." : "Weakest decisions: " + weak;
    phase_w[0] += res.weight;
    phase_s[0] += res.weight * res.score;
    auto it = std::find_if(csf.begin(), csf.end(), [&](const auto& c) { return c.first == res.csf; });
    if (it == csf.end()) csf.push_back({res.csf, {res.weight, res.weight * res.score}});
    else { it->second.first += res.weight; it->second.second += res.weight * res.score; }
    if (res.met) r.strengths.push_back(res.title + ": " + res.evidence + ".");
    else {
      r.improvements.push_back(res.title + ": " + res.feedback);
      r.plan_items.push_back({res.title, res.feedback, "Identity and security architecture", 90});
    }
    r.objectives.push_back(res);
  }
  // Phase weights: detection and analysis 30, containment/eradication/recovery 50, post-incident 20,
  // preparation 10 when the scenario poses preparation objectives; normalised over scored phases.
  const double w[4] = {10, 30, 50, 20};
  double total_w = 0, total = 0;
  for (int i = 0; i < 4; ++i) {
    if (phase_w[i] <= 0) continue;
    r.phase[i] = phase_s[i] / phase_w[i];
    total += w[i] * r.phase[i];
    total_w += w[i];
  }
  double base = total_w > 0 ? total / total_w : 0;
  for (const auto& [name, ws] : csf) r.csf.push_back({name, ws.second / ws.first});

  // Penalties: only for harms the simulation cannot show inside the exercise window.
  for (const auto& rec : st.log) {
    if (!rec.ok) continue;
    for (const auto& s : rec.side_effects) {
      if (s.find("sent to the user's mailbox") != std::string::npos)
        r.penalties.push_back({"inband_password_reset", 5, "The new password for " + rec.resolved_target + " was mailed to a mailbox the attacker reads."});
      if (s.find("deleted before it was exported") != std::string::npos)
        r.penalties.push_back({"rule_deleted_before_export", 5, "An inbox rule of " + rec.resolved_target + " was deleted before it was exported as evidence."});
    }
  }
  if (st.contained_declared >= 0) {
    int open_then = 0;
    for (const auto& c : ex.Channels()) {
      const bool identity = c.kind == ChannelKind::StolenSession || c.kind == ChannelKind::AttackerMfaMethod || c.kind == ChannelKind::OAuthGrant ||
                            c.kind == ChannelKind::MailboxForwarding;
      if (identity && c.opened <= st.contained_declared && (c.Open() || c.closed > st.contained_declared)) ++open_then;
    }
    if (open_then > 0)
      r.penalties.push_back({"premature_containment", 10, "Containment was declared while " + std::to_string(open_then) + " attacker access channel(s) were still open."});
  }
  if (st.users_disrupted > 0)
    r.penalties.push_back({"collateral", std::min(20.0, 2.0 * st.users_disrupted), std::to_string(st.users_disrupted) + " innocent user(s) disrupted by the response."});
  if (st.hints_used > 0) r.penalties.push_back({"hints", kHintPenaltyPoints * st.hints_used, std::to_string(st.hints_used) + " hint(s) used."});
  double pen = 0;
  for (const auto& p : r.penalties) pen += p.points;
  r.total = std::max(0.0, base - std::min(40.0, pen));
  for (const auto& p : r.penalties) r.improvements.push_back(p.why);

  static const char* kCapability[] = {"Preparation", "Threat detection and analysis", "Containment, eradication and recovery", "Communication and lessons learned"};
  for (int i = 0; i < 4; ++i)
    if (r.phase[i] >= 0) r.hseep.push_back({kCapability[i], Rating(r.phase[i]), Meaning(Rating(r.phase[i]))});

  // Metrics.
  const auto compromise = FirstCompromise(ex);
  if (compromise) {
    std::optional<SimTime> detect;
    for (const auto& rec : st.log) {
      if (!rec.ok) continue;
      const auto k = rec.request.kind;
      if (k == ActionKind::DeclareIncident || k == ActionKind::ConfirmCompromised || k == ActionKind::RevokeSessions ||
          k == ActionKind::ResetPassword || k == ActionKind::BlockSignIn || k == ActionKind::RevokeAppGrants || k == ActionKind::DisableServicePrincipal)
        if (!detect || rec.requested < *detect) detect = rec.requested;
    }
    if (detect) r.time_to_detect_min = static_cast<double>(*detect - *compromise) / kMinute;
    SimTime last_close = *compromise;
    bool all_closed = true, identity_closed = true;
    SimTime identity_close = *compromise;
    for (const auto& c : ex.Channels()) {
      const bool identity = c.kind == ChannelKind::StolenSession || c.kind == ChannelKind::AttackerMfaMethod || c.kind == ChannelKind::OAuthGrant;
      if (c.Open()) { all_closed = false; identity_closed &= !identity; continue; }
      last_close = std::max(last_close, c.closed);
      if (identity) identity_close = std::max(identity_close, c.closed);
    }
    if (identity_closed && !ex.Channels().empty()) r.time_to_contain_min = static_cast<double>(identity_close - *compromise) / kMinute;
    r.attacker_dwell_min = static_cast<double>((all_closed ? last_close : ex.End()) - *compromise) / kMinute;
  }
  const auto& m = ex.Metrics();
  r.mail_items_exposed = m.mail_items_exposed;
  r.files_exfiltrated = m.files_exfiltrated;
  r.fraud_loss_usd = m.fraud_loss_usd;
  r.identities_compromised = m.identities_compromised;
  r.users_disrupted = st.users_disrupted;
  return r;
}

}  // namespace td::sim
