#include "engine/scheduler.h"

#include <cassert>

namespace td::engine {

uint64_t Scheduler::At(SimTime t, Action action) {
  assert(t >= m_clock.Now() && "cannot schedule an event in the past");
  uint64_t seq = m_next_seq++;
  m_queue.push(Event{t, seq, std::move(action)});
  return seq;
}

void Scheduler::RunUntil(SimTime until) {
  while (!m_queue.empty() && m_queue.top().time <= until) {
    Event ev = m_queue.top();
    m_queue.pop();
    m_clock.AdvanceTo(ev.time);
    ev.action(ev.time);
  }
  if (until > m_clock.Now()) m_clock.AdvanceTo(until);
}

}  // namespace td::engine
