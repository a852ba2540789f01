// Limits::cancel: a query whose cancellation flag is raised stops with "query cancelled"
// (a UI's Cancel sets it from another thread; ui/query_job.h), and one whose flag stays down
// runs as before.
#include "kql_fixture.h"

#include <atomic>

using kqltest::Fixture;
namespace kql = td::engine::kql;

TEST_CASE("a raised cancellation flag stops a query with a clear error; a lowered one does not") {
  Fixture f;
  std::atomic<bool> cancel{false};
  kql::Limits limits;
  limits.cancel = &cancel;
  const char* query = "SigninLogs | where ResultType == \"0\" | summarize n = count() by UserPrincipalName";
  const kql::QueryRun ok = f.engine->Run(query, limits);
  REQUIRE(ok.Ok());
  CHECK(ok.result.RowCount() > 0);
  cancel = true;
  const kql::QueryRun stopped = f.engine->Run(query, limits);
  REQUIRE_FALSE(stopped.Ok());
  CHECK(stopped.error->message == "query cancelled");
  CHECK(stopped.result.RowCount() == 0);
  // Without a flag the limits are the defaults: nothing to cancel.
  CHECK(f.engine->Run(query).Ok());
}
