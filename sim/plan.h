#pragma once
// Response plans ("schema": "tenantdrill/plan@1", docs/plan-format.md): responder actions with a
// time (ISO-8601 duration from the exercise start, or a delay after an attacker event or inject)
// and a target given by entity id or scenario role.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "sim/exercise.h"
#include "sim/response.h"

namespace td::sim {

inline constexpr size_t kMaxPlanActions = 2000;  // a larger plan is refused

struct PlanStep {
  engine::SimTime at = -1;    // offset from the start, or -1 when after an event
  std::string after;          // attacker event name or inject id
  engine::SimTime delay = 0;
  ActionRequest request;
  std::string pointer;
};

struct Plan {
  std::string file;
  std::string name;
  std::string description;
  std::vector<PlanStep> steps;
};

// Reads and validates a plan against the scenario (roles, events, inject ids, time window);
// throws engine::LoadError listing every problem with its JSON pointer.
Plan LoadPlan(const std::string& path, const ScenarioSpec& scenario);
Plan ParsePlan(const nlohmann::json& doc, const std::string& file, const ScenarioSpec& scenario);

// Schedules the plan's actions on the exercise (before it runs). Actions that the exercise refuses
// at their time are recorded as refused in `refusals` (owned by the caller, filled while running).
void SchedulePlan(Exercise& ex, const Plan& plan, std::vector<std::string>* refusals);

}  // namespace td::sim
