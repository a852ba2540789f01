#pragma once
// A deterministic discrete-event scheduler. Events at the same time run in the order they were
// scheduled (a stable sequence number), never in pointer or hash order.
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "engine/sim_clock.h"

namespace td::engine {

class Scheduler {
 public:
  using Action = std::function<void(SimTime now)>;

  explicit Scheduler(SimTime start = 0) : m_clock(start) {}
  SimTime Now() const { return m_clock.Now(); }
  // Schedules an action at time t (>= Now()); returns its sequence number.
  uint64_t At(SimTime t, Action action);
  // Runs every event with time <= until, in (time, sequence) order, then sets the clock to until.
  // Events may schedule further events; those due before `until` run in the same call.
  void RunUntil(SimTime until);
  // Time of the next pending event, or -1 when none.
  SimTime NextEventTime() const { return m_queue.empty() ? -1 : m_queue.top().time; }
  size_t Pending() const { return m_queue.size(); }

 private:
  struct Event {
    SimTime time;
    uint64_t seq;
    Action action;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };
  SimClock m_clock;
  uint64_t m_next_seq = 0;
  std::priority_queue<Event, std::vector<Event>, Later> m_queue;
};

}  // namespace td::engine
