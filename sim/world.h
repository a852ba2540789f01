#pragma once
// The simulated world: a tenant, its log tables, the scheduler and the background activity,
// advanced together in simulated time. Same template + seed + commands = byte-identical logs.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "engine/scheduler.h"
#include "sim/background.h"
#include "sim/log_tables.h"
#include "sim/tenant.h"
#include "sim/tenant_template.h"

namespace td::sim {

class World {
 public:
  // Builds the tenant from the template and seed; the exercise starts at `start` (UTC).
  World(const TemplateSpec& spec, uint64_t seed, SimTime start);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  SimTime Now() const { return m_scheduler.Now(); }
  SimTime Start() const { return m_start; }
  uint64_t Seed() const { return m_seed; }
  // Runs background activity and scheduled events up to `until`. progress(fraction) is called
  // now and then on long runs (may be empty).
  void AdvanceTo(SimTime until, const std::function<void(double)>& progress = {});

  Tenant& GetTenant() { return *m_tenant; }
  const Tenant& GetTenant() const { return *m_tenant; }
  TenantLogs& Logs() { return *m_logs; }
  const TenantLogs& Logs() const { return *m_logs; }
  engine::Scheduler& Scheduler() { return m_scheduler; }
  const TemplateSpec& Template() const { return m_spec; }
  // Midnight (UTC) that starts the tenant's local day containing t.
  SimTime LocalDayStart(SimTime t) const;

 private:
  void PlanNextDay();

  TemplateSpec m_spec;
  uint64_t m_seed;
  SimTime m_start;
  std::unique_ptr<Tenant> m_tenant;      // stable address: log columns read it by pointer
  std::unique_ptr<TenantLogs> m_logs;
  engine::Scheduler m_scheduler;
  Background m_background;
  std::vector<Intent> m_plan;            // the current day's intents, in time order
  size_t m_cursor = 0;
  SimTime m_planned_until;               // end of the planned day
  int64_t m_day_index = 0;
};

}  // namespace td::sim
