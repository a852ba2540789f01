// Queries off the UI thread (ui/query_job.h, LiveSession): RunQueryCmd starts a worker, the
// shell shows "Running…" with Cancel, the world holds still while the query reads it, world
// commands given meanwhile wait and then run in order, and Cancel stops the engine.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "live_shell_fixture.h"
#include "sim/response.h"
#include "ui/live_session.h"

namespace td::ui::test {
namespace {

// Hundreds of thousands of rows from a cross join: long enough (a fraction of a second or
// more) to be in flight for the few ticks a test looks at it.
constexpr const char* kBigQuery =
    "OfficeActivity | take 1000 | project TimeGenerated, UserId, Operation, k = 1 "
    "| join kind=inner (SigninLogs | take 1000 | project k = 1, IPAddress, ResultType) on k";

struct QueryFixture : LiveShellFixture {
  QueryFixture() : LiveShellFixture("bec-invoice-fraud") {}
};

}  // namespace

TEST_CASE("RunQueryCmd runs on a worker: running state in the shell, then the result") {
  QueryFixture f;
  f.session.Apply(RunQueryCmd{"SigninLogs | project UserPrincipalName | take 5"});
  CHECK(f.session.QueryRunning());
  f.session.Fill(f.state, f.ui.selected_entity);
  REQUIRE(f.state.query_running);
  CHECK(f.state.query_running->text == "SigninLogs | project UserPrincipalName | take 5");
  CHECK_FALSE(f.state.query_running->cancelling);
  f.session.WaitForQuery();
  CHECK_FALSE(f.session.QueryRunning());
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK_FALSE(f.state.query_running);
  REQUIRE(f.state.last_result);
  CHECK(f.state.last_result->error.empty());
  CHECK(f.state.last_result->RowCount() == 5);
  CHECK(f.state.query_history.back() == "SigninLogs | project UserPrincipalName | take 5");
}

TEST_CASE("the world holds still while a query reads it; actions given meanwhile run after it, in order") {
  QueryFixture f;
  f.session.SetRunning(true, 3600);
  const std::int64_t before = f.session.GetExercise()->GetWorld().Now();
  f.session.Apply(RunQueryCmd{kBigQuery});
  REQUIRE(f.session.QueryRunning());
  // A responder action while the query runs waits for it.
  f.session.Apply(RunResponderActionCmd{"revoke_sessions", "user:nobody@nowhere.example"});
  f.session.Apply(RunResponderActionCmd{"declare_incident", "tenant:"});
  int held_ticks = 0;
  for (int i = 0; i < 5 && f.session.QueryRunning(); ++i) {
    f.session.Tick(1.0, 50);  // an hour of simulated time per tick, were it not held
    if (!f.session.QueryRunning()) break;
    ++held_ticks;
    CHECK(f.session.GetExercise()->GetWorld().Now() == before);
    CHECK(sim::ActionLog(*f.session.GetExercise()).empty());
    f.session.Fill(f.state, f.ui.selected_entity);
    REQUIRE(f.state.query_running);
    CHECK(f.state.query_running->waiting_commands == 2);
  }
  CHECK(held_ticks > 0);
  f.session.WaitForQuery();
  // Both waited and then ran: the unknown user refused (kept by the adapter), the other logged.
  f.session.Fill(f.state, f.ui.selected_entity);
  CHECK(f.state.actions.size() == 2);
  REQUIRE(f.state.last_result);
  CHECK(f.state.last_result->RowCount() > 100'000);  // the cross join ran to its end
  // The clock runs again.
  f.session.Tick(1.0, 50);
  CHECK(f.session.GetExercise()->GetWorld().Now() > before);
}

TEST_CASE("Cancel in the log explorer stops the query; the previous result stays") {
  QueryFixture f;
  f.session.RunQueryNow("SigninLogs | take 3");
  f.session.Apply(RunQueryCmd{kBigQuery});
  f.harness.Frame(2);
  REQUIRE(f.state.query_running);
  REQUIRE(f.harness.Click(kTabs + "/Log explorer/###cancel_query"));
  CHECK(std::find(f.log.begin(), f.log.end(), "CancelQuery") != f.log.end());
  f.session.WaitForQuery();
  f.harness.Frame();
  CHECK_FALSE(f.state.query_running);
  CHECK(f.state.notice.rfind("Query cancelled", 0) == 0);
  REQUIRE(f.state.last_result);
  CHECK(f.state.last_result->RowCount() == 3);
}

TEST_CASE("a second query while one runs replaces it") {
  QueryFixture f;
  f.session.Apply(RunQueryCmd{kBigQuery});
  f.session.Apply(RunQueryCmd{"AuditLogs | take 2"});
  f.session.WaitForQuery();
  f.session.Fill(f.state, f.ui.selected_entity);
  REQUIRE(f.state.last_result);
  CHECK(f.state.last_result->RowCount() == 2);
  CHECK(f.state.query_history.back() == "AuditLogs | take 2");
}

}  // namespace td::ui::test
