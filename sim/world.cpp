#include "sim/world.h"

#include "sim/tenant_gen.h"

namespace td::sim {

using engine::kDay;
using engine::kMinute;

World::World(const TemplateSpec& spec, uint64_t seed, SimTime start)
    : m_spec(spec), m_seed(seed), m_start(start), m_tenant(std::make_unique<Tenant>(BuildTenant(spec, seed))),
      m_scheduler(start), m_background(spec, seed) {
  m_logs = std::make_unique<TenantLogs>(*m_tenant, seed);
  m_planned_until = LocalDayStart(start);
}

SimTime World::LocalDayStart(SimTime t) const {
  const SimTime offset = m_tenant->settings.utc_offset_min * kMinute;
  SimTime local = t + offset;
  SimTime day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  return day * kDay - offset;
}

void World::PlanNextDay() {
  m_plan.clear();
  m_cursor = 0;
  const SimTime day_start = m_planned_until;
  m_background.PlanDay(*m_tenant, day_start, m_day_index++, m_plan);
  m_planned_until = day_start + kDay;
  // Intents before the exercise start (the start is mid-day) are history that did not happen.
  while (m_cursor < m_plan.size() && m_plan[m_cursor].time < m_start) ++m_cursor;
}

void World::AdvanceTo(SimTime until, const std::function<void(double)>& progress) {
  const SimTime from = Now();
  SimTime last_report = from;
  while (true) {
    if (m_cursor >= m_plan.size()) {
      if (m_planned_until > until) break;
      m_logs->Commit();  // commit per day: bounded staging memory
      if (m_day_index == 2 && until - m_planned_until > 2 * kDay) {
        // After a full day, reserve for the rest of the run: no regrowth copies on long runs.
        const double days_left = static_cast<double>(until - m_planned_until) / static_cast<double>(kDay);
        for (const auto& t : m_logs->Store().Tables())
          t->Reserve(t->RowCount() + static_cast<size_t>(static_cast<double>(t->RowCount()) / 1.5 * days_left * 1.05));
      }
      PlanNextDay();
      if (progress && until > from && m_planned_until - last_report >= kDay) {
        progress(static_cast<double>(std::min(m_planned_until, until) - from) / static_cast<double>(until - from));
        last_report = m_planned_until;
      }
      continue;
    }
    const SimTime intent_time = m_plan[m_cursor].time;
    const SimTime event_time = m_scheduler.NextEventTime();
    if (event_time >= 0 && event_time <= intent_time && event_time <= until) {
      m_scheduler.RunUntil(event_time);
      continue;
    }
    if (intent_time > until) break;
    if (intent_time > m_scheduler.Now()) m_scheduler.RunUntil(intent_time);
    m_background.Execute(*m_tenant, *m_logs, m_scheduler, m_plan[m_cursor]);
    ++m_cursor;
  }
  m_scheduler.RunUntil(until);
  m_logs->Commit();
  if (progress) progress(1.0);
}

}  // namespace td::sim
