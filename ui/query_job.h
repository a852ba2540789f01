#pragma once
// One KQL query on a worker thread, so the window keeps drawing while a big query runs.
//
// Consistency: the query reads the tenant's log store and tenant (column readers look entities
// up) with no lock. The owner (LiveSession) therefore holds the world still while a job is
// busy: the clock does not advance and commands that would change the world wait until the job
// has been taken (see docs/ui-architecture.md, "Queries off the UI thread"). Reading the world
// from the UI thread meanwhile (filling the shell) is safe: concurrent reads of unchanging data.
//
// Cancel() raises the engine's cancellation flag (engine::kql::Limits::cancel); the engine stops
// between operators and inside its long loops, and the outcome is the error "query cancelled".
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "engine/kql/kql_engine.h"

namespace td::sim {
class TenantLogs;
}

namespace td::ui {

struct QueryOutcome {
  std::string text;             // the query as run
  engine::kql::QueryRun run;    // rows, or the error ("query cancelled" after Cancel())
  double elapsed_ms = 0;        // wall time of the engine run
  bool cancelled = false;       // Cancel() was called before the run ended
};

class QueryJob {
 public:
  // Starts `text` over `logs` as the trainee sees them at `now` (each table through the tenant's
  // retention and licences). `logs` must not change until Finished().
  QueryJob(const sim::TenantLogs& logs, engine::SimTime now, std::string text);
  ~QueryJob();  // cancels the query and waits for the worker
  QueryJob(const QueryJob&) = delete;
  QueryJob& operator=(const QueryJob&) = delete;

  bool Finished() const { return m_done.load(std::memory_order_acquire); }
  void Cancel() { m_cancel.store(true, std::memory_order_relaxed); }
  bool CancelRequested() const { return m_cancel.load(std::memory_order_relaxed); }
  const std::string& Text() const { return m_text; }
  double ElapsedMs() const;  // since the start
  // Waits for the worker (at once after Finished()) and hands over the outcome; call once.
  QueryOutcome Take();

 private:
  std::string m_text;
  std::atomic<bool> m_cancel{false};
  std::atomic<bool> m_done{false};
  QueryOutcome m_outcome;  // written by the worker before m_done
  std::chrono::steady_clock::time_point m_started;
  std::thread m_thread;    // last: started once everything above exists
};

}  // namespace td::ui
