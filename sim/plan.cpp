#include "sim/plan.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "engine/json_load.h"
#include "engine/load_error.h"

namespace td::sim {

using engine::JsonChecker;
using engine::PointerJoin;
using nlohmann::json;

namespace {
std::vector<std::string> KnownEvents(const ScenarioSpec& sc) {
  std::vector<std::string> ev = {"phish_delivered", "phish_clicked", "session_stolen", "session_replayed", "mfa_registered",
                                 "rule_created", "forwarding_set", "mail_collected", "consent_granted", "consent_blocked",
                                 "fraud_sent", "internal_phish_sent", "risk_detected", "replay_refused", "access_lost",
                                 "signin_with_attacker_mfa", "sspr_takeover", "payment_lost", "payment_held", "aitm_failed",
                                 "forwarding_blocked"};
  for (const auto& i : sc.injects) ev.push_back(i.id);
  return ev;
}
}  // namespace

Plan ParsePlan(const json& doc, const std::string& file, const ScenarioSpec& sc) {
  JsonChecker check(file);
  Plan plan;
  plan.file = file;
  if (!check.IsObject(doc, "")) check.ThrowIfProblems();
  check.NoUnknownKeys(doc, "", {"schema", "name", "description", "scenario", "actions"});
  std::string schema = check.String(doc, "", "schema", true);
  if (!schema.empty() && schema != "tenantdrill/plan@1")
    check.Report("/schema", "this program reads \"tenantdrill/plan@1\" plans, not \"" + schema + "\".");
  plan.name = check.String(doc, "", "name", false, file);
  plan.description = check.String(doc, "", "description", false);
  std::string for_scenario = check.String(doc, "", "scenario", false);
  if (!for_scenario.empty() && for_scenario != sc.id)
    check.Report("/scenario", "this plan is written for the scenario \"" + for_scenario + "\", not \"" + sc.id + "\"; pick the matching plan.");
  auto it = doc.find("actions");
  if (it == doc.end() || !it->is_array()) {
    check.Report("/actions", "give the plan's actions as a list (an empty list is a valid plan).");
    check.ThrowIfProblems();
  }
  if (it->size() > kMaxPlanActions) {
    check.Report("/actions", "a plan of " + std::to_string(it->size()) + " actions is refused: the limit is " + std::to_string(kMaxPlanActions) + ".");
    check.ThrowIfProblems();
  }
  std::vector<std::string> action_ids;
  for (size_t k = 0; k < static_cast<size_t>(ActionKind::Count); ++k) action_ids.emplace_back(Describe(static_cast<ActionKind>(k)).id);
  const auto events = KnownEvents(sc);
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string p = PointerJoin("/actions", i);
    const json& a = (*it)[i];
    if (!check.IsObject(a, p)) continue;
    check.NoUnknownKeys(a, p, {"at", "after", "delay", "action", "target", "args", "note"});
    PlanStep step;
    step.pointer = p;
    const std::string action = check.String(a, p, "action", true);
    if (auto k = ParseAction(action)) step.request.kind = *k;
    else if (!action.empty()) {
      std::string near = engine::ClosestMatch(action, action_ids);
      check.Report(PointerJoin(p, "action"), "unknown action \"" + action + "\"." + (near.empty() ? " See docs/plan-format.md for the list." : " Did you mean \"" + near + "\"?"));
      continue;
    }
    step.request.target = check.String(a, p, "target", false);
    step.request.actor = "plan";
    const ActionInfo& info = Describe(step.request.kind);
    if (info.target != TargetKind::None && step.request.target.empty())
      check.Report(PointerJoin(p, "target"), "the action \"" + action + "\" needs a target (an entity id or a scenario role).");
    if (info.target == TargetKind::User || info.target == TargetKind::InboxRule || info.target == TargetKind::App || info.target == TargetKind::Ip) {
      // A role name must be a role of the scenario; other targets are checked when the action runs.
      std::string who = step.request.target.substr(0, step.request.target.find('/'));
      const std::string kSel = "signins_from:";
      if (who.rfind(kSel, 0) == 0) {
        const std::string src = who.substr(kSel.size());
        const RoleSpec* r = sc.FindRole(src);
        if (src.find('.') == std::string::npos && src.find(':') == std::string::npos && (!r || r->kind != RoleKind::Source))
          check.Report(PointerJoin(p, "target"), "\"" + src + "\" after signins_from: must be an IP address or a source role of the scenario.");
        who.clear();
      }
      const bool looks_like_role = !who.empty() && who.find('@') == std::string::npos && who.find('.') == std::string::npos &&
                                   who.find('-') == std::string::npos && who != "*" && info.target != TargetKind::Ip;
      if (looks_like_role && !sc.FindRole(who))
        check.Report(PointerJoin(p, "target"), "no scenario role or entity named \"" + who + "\"; use a role of the scenario or an entity id such as a UPN.");
    }
    if (auto ar = a.find("args"); ar != a.end()) {
      if (!check.IsObject(*ar, PointerJoin(p, "args"))) continue;
      for (const auto& [k, v] : ar->items()) {
        if (v.is_string()) step.request.args[k] = v.get<std::string>();
        else if (v.is_boolean()) step.request.args[k] = v.get<bool>() ? "true" : "false";
        else if (v.is_number()) step.request.args[k] = v.dump();
        else check.Report(PointerJoin(PointerJoin(p, "args"), k), "argument values are strings, numbers or booleans.");
      }
    }
    const bool has_at = a.contains("at"), has_after = a.contains("after");
    if (has_at == has_after) {
      check.Report(p, "give either \"at\" (an ISO-8601 duration from the exercise start) or \"after\" (an event or inject id), not both or neither.");
      continue;
    }
    if (has_at) {
      std::string s = check.String(a, p, "at", true);
      if (!s.empty() && s[0] == '-') {
        check.Report(PointerJoin(p, "at"), "\"" + s + "\" is before the exercise starts; responders can act from \"PT0S\" on.");
        continue;
      }
      auto d = engine::ParseIsoDuration(s);
      if (!d) check.Report(PointerJoin(p, "at"), "\"" + s + "\" is not an ISO-8601 duration such as \"PT10H30M\".");
      else if (*d > sc.duration) check.Report(PointerJoin(p, "at"), "\"" + s + "\" is after the end of the exercise (" + engine::FormatIsoDuration(sc.duration) + ").");
      else step.at = *d;
    } else {
      step.after = check.String(a, p, "after", true);
      if (std::find(events.begin(), events.end(), step.after) == events.end()) {
        std::string near = engine::ClosestMatch(step.after, events);
        check.Report(PointerJoin(p, "after"), "\"" + step.after + "\" is neither an attacker event nor an inject of this scenario." +
                                                  (near.empty() ? "" : " Did you mean \"" + near + "\"?"));
      }
      std::string delay = check.String(a, p, "delay", false, "PT0S");
      auto d = engine::ParseIsoDuration(delay);
      if (!d || *d < 0) check.Report(PointerJoin(p, "delay"), "\"" + delay + "\" is not a positive ISO-8601 duration such as \"PT15M\".");
      else step.delay = *d;
    }
    plan.steps.push_back(step);
  }
  check.ThrowIfProblems();
  return plan;
}

Plan LoadPlan(const std::string& path, const ScenarioSpec& sc) { return ParsePlan(engine::LoadJsonFile(path), path, sc); }

void SchedulePlan(Exercise& ex, const Plan& plan, std::vector<std::string>* refusals) {
  auto run = [&ex, refusals](const PlanStep& step, SimTime) {
    auto r = Respond(ex, step.request);
    if (!r && refusals) refusals->push_back(step.pointer + ": " + r.ErrorMessage());
  };
  auto fired = std::make_shared<std::vector<bool>>(plan.steps.size(), false);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep step = plan.steps[i];
    if (step.at >= 0) ex.GetWorld().Scheduler().At(ex.Start() + step.at, [run, step](SimTime now) { run(step, now); });
  }
  ex.Listen([&ex, steps = plan.steps, fired, run](const std::string& name, SimTime when) {
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].after != name || (*fired)[i]) continue;
      (*fired)[i] = true;
      const PlanStep step = steps[i];
      const SimTime at = std::max(when + step.delay, ex.GetWorld().Now());
      if (at < ex.End()) ex.GetWorld().Scheduler().At(at, [run, step](SimTime now) { run(step, now); });
    }
  });
}

}  // namespace td::sim
