#include "ui/query_job.h"

#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "sim/log_tables.h"

namespace td::ui {

QueryJob::QueryJob(const sim::TenantLogs& logs, engine::SimTime now, std::string text)
    : m_text(std::move(text)), m_started(std::chrono::steady_clock::now()) {
  m_thread = std::thread([this, &logs, now] {
    engine::kql::Engine eng(logs.Store(), now);
    eng.SetViewProvider([&logs, now](const engine::LogTable& t) -> std::optional<engine::Visibility> {
      return logs.ViewFor(t, now);
    });
    engine::kql::Limits limits;
    limits.cancel = &m_cancel;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      m_outcome.run = eng.Run(m_text, limits);
    } catch (const std::exception& e) {  // e.g. out of memory: an error for the trainee, not std::terminate
      m_outcome.run.error = engine::kql::QueryError{0, 0, 1, std::string("query failed: ") + e.what(), {}};
    }
    m_outcome.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    m_outcome.text = m_text;
    m_outcome.cancelled = m_cancel.load(std::memory_order_relaxed);
    m_done.store(true, std::memory_order_release);
  });
}

QueryJob::~QueryJob() {
  Cancel();
  if (m_thread.joinable()) m_thread.join();
}

double QueryJob::ElapsedMs() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
}

QueryOutcome QueryJob::Take() {
  if (m_thread.joinable()) m_thread.join();
  return std::move(m_outcome);
}

}  // namespace td::ui
