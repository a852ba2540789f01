// Queries see only what the viewer may see: the time range (retention) and the licence gate of
// each row and table (TableView), per table or through a view provider.
#include <doctest/doctest.h>

#include <array>
#include <memory>

#include "engine/kql/kql_engine.h"
#include "kql_fixture.h"

using namespace td::engine;

namespace {

// 10 rows at t = 0..9 h; odd rows need licence feature 0x4.
void BuildGated(LogStore& store) {
  auto t = std::make_unique<LogTable>("GatedLogs", std::vector<FieldSpec>{{"time", 8}, {"n", 4}, {"gate", 1}});
  t->AddColumn(TimeColumn("TimeGenerated", 0));
  t->AddColumn(LongColumn("N", 1));
  t->SetGateField(2);
  for (uint64_t i = 0; i < 10; ++i) {
    std::array<uint64_t, 3> v{static_cast<uint64_t>(i * kHour), i, i % 2 ? 0x4u : 0u};
    t->Stage(v);
  }
  t->CommitStaged();
  store.Add(std::move(t));
}

}  // namespace

TEST_CASE("kql visibility: licence gate per row, time range per table, hidden tables") {
  LogStore store;
  BuildGated(store);
  kqltest::BuildStore(store);
  kql::Engine all(store, 10 * kHour);
  CHECK(all.Run("GatedLogs | count").result.Text(0, 0) == "10");

  Visibility basic;
  basic.features = 0x3;  // no feature 0x4: odd rows are hidden
  kql::Engine e3(store, 10 * kHour, basic);
  CHECK(e3.Run("GatedLogs | count").result.Text(0, 0) == "5");
  CHECK(e3.Run("GatedLogs | summarize sum(N)").result.Text(0, 0) == "20");  // 0+2+4+6+8
  CHECK(e3.Run("GatedLogs | where N > 2 | count").result.Text(0, 0) == "3");

  kql::Engine retained(store, 10 * kHour);
  Visibility last4h;
  last4h.from = 6 * kHour;
  retained.SetVisibility("GatedLogs", last4h);
  CHECK(retained.Run("GatedLogs | count").result.Text(0, 0) == "4");
  CHECK(retained.Run("GatedLogs | where TimeGenerated > datetime(1970-01-01T07:00:00Z) | count").result.Text(0, 0) == "2");
  CHECK(retained.Run("SigninLogs | count").result.Text(0, 0) == "6");  // other tables: the engine-wide view

  kql::Engine provider(store, 10 * kHour);
  provider.SetViewProvider([](const LogTable& t) -> std::optional<Visibility> {
    if (t.Name() == "OfficeActivity") return std::nullopt;  // the licence hides the whole table
    return Visibility{};
  });
  auto hidden = provider.Run("OfficeActivity | count");
  REQUIRE(hidden.Ok());
  CHECK(hidden.result.Text(0, 0) == "0");
  CHECK(provider.Run("SigninLogs | join kind=leftanti OfficeActivity on SessionId | count").result.Text(0, 0) == "6");

  LogTable* gated = store.Find("GatedLogs");
  gated->SetTableGate(0x8);  // the table needs feature 0x8
  CHECK(e3.Run("GatedLogs | count").result.Text(0, 0) == "0");
  CHECK(all.Run("GatedLogs | count").result.Text(0, 0) == "10");
}
