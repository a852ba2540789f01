// The executor's fast paths give the same rows as the general (per-row Value) paths: a join on
// keyed text columns of two tables that share no key space, summarize by a derived text column,
// and a licence-gated scan that hides nothing or some rows. The slow path is forced by wrapping
// the column in strcat(x, ""), which the planner cannot see through.
#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <string>

#include "engine/kql/kql_engine.h"
#include "kql_fixture.h"

using namespace td::engine;

namespace {

// Sign-ins keyed by a session number (text "sess-N"), Office rows keyed by a *different* number
// that maps to the same text (N + 1000), so the two columns share no key space; a derived text
// column (Client) read per row; a gate field on Office rows.
struct Store {
  LogStore store;
  Store() {
    auto s = std::make_unique<LogTable>("SigninLogs", std::vector<FieldSpec>{{"time", 8}, {"session", 4}, {"user", 2}});
    s->AddColumn(TimeColumn("TimeGenerated", 0));
    s->AddColumn(KeyedColumn("SessionId", ColumnType::String, 1, 0, [](uint64_t k, Cell& c) {
      if (k == 7) { c.SetNull(); return; }  // a session without an id: never joins
      c.BeginScratch() = "sess-" + std::to_string(k % 50);
      c.FinishString();
    }));
    s->AddColumn(KeyedColumn("User", ColumnType::String, 2, 0, [](uint64_t k, Cell& c) {
      c.BeginScratch() = "user" + std::to_string(k);
      c.FinishString();
    }));
    auto o = std::make_unique<LogTable>("OfficeActivity", std::vector<FieldSpec>{{"time", 8}, {"session", 4}, {"gate", 1}, {"n", 4}});
    o->AddColumn(TimeColumn("TimeGenerated", 0));
    o->AddColumn(KeyedColumn("SessionId", ColumnType::String, 1, 0, [](uint64_t k, Cell& c) {
      c.BeginScratch() = "sess-" + std::to_string((k - 1000) % 50);
      c.FinishString();
    }));
    o->AddColumn(RowColumn("Client", ColumnType::String, [](const LogTable& t, size_t row, Cell& c) {
      const uint64_t n = t.Field(3, row);
      if (n % 5 == 0) { c.SetString(""); return; }
      c.BeginScratch() = "client-" + std::to_string(n % 7);
      c.FinishString();
    }));
    o->SetGateField(2);
    const SimTime t0 = FromCivil(2026, 3, 2);
    for (uint64_t i = 0; i < 300; ++i) {
      std::array<uint64_t, 3> v{static_cast<uint64_t>(t0 + static_cast<SimTime>(i) * kMinute), (i * 7) % 60, i % 13};
      s->Stage(v);
    }
    for (uint64_t i = 0; i < 500; ++i) {
      std::array<uint64_t, 4> v{static_cast<uint64_t>(t0 + static_cast<SimTime>(i) * kMinute), 1000 + (i * 3) % 70, i % 4 == 0 ? 2u : 0u, i};
      o->Stage(v);
    }
    s->CommitStaged();
    o->CommitStaged();
    store.Add(std::move(s));
    store.Add(std::move(o));
  }
};

std::string Csv(const kql::Engine& e, const std::string& q) { return kqltest::CsvOf(e, q); }

}  // namespace

TEST_CASE("kql fast paths: a join on keyed text columns without a shared key space equals the per-row join") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 3));
  const std::string slow_l = "SigninLogs | extend K = strcat(SessionId, '')";
  const std::string slow_r = "(OfficeActivity | extend K = strcat(SessionId, ''))";
  for (const char* kind : {"inner", "innerunique", "leftouter", "leftanti", "leftsemi", "rightanti", "fullouter"}) {
    CAPTURE(kind);
    const std::string fast = "SigninLogs | join kind=" + std::string(kind) + " (OfficeActivity) on SessionId";
    const std::string slow = slow_l + " | join kind=" + std::string(kind) + " " + slow_r + " on K";
    std::string cols = " | project TimeGenerated, SessionId";
    if (std::string(kind).find("anti") == std::string::npos && std::string(kind).find("semi") == std::string::npos) cols += ", TimeGenerated1";
    CHECK(Csv(e, fast + cols) == Csv(e, slow + cols));
    CHECK(Csv(e, fast + " | count") == Csv(e, slow + " | count"));
  }
  // Hand count: sign-in sessions (i*7)%60 → text sess-(x%50); Office sessions (i*3)%70 → sess-(x%50).
  const std::string n = Csv(e, "SigninLogs | join kind=inner (OfficeActivity) on SessionId | count");
  int pairs = 0;
  for (int i = 0; i < 300; ++i) {
    const int a = (i * 7) % 60;
    if (a == 7) continue;
    for (int j = 0; j < 500; ++j)
      if (a % 50 == ((j * 3) % 70) % 50) ++pairs;
  }
  CHECK(n == "Count\n" + std::to_string(pairs) + "\n");
}

TEST_CASE("kql fast paths: summarize by a derived text column equals summarize by the same text per row") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 3));
  CHECK(Csv(e, "OfficeActivity | summarize count() by Client | order by Client asc") ==
        Csv(e, "OfficeActivity | summarize count() by Client = strcat(Client, '') | order by Client asc"));
  CHECK(Csv(e, "OfficeActivity | summarize n = count(), s = dcount(SessionId) by Client, bin(TimeGenerated, 1h) | order by Client asc, TimeGenerated asc") ==
        Csv(e, "OfficeActivity | summarize n = count(), s = dcount(SessionId) by Client = strcat(Client, ''), bin(TimeGenerated, 1h) | order by Client asc, TimeGenerated asc"));
  // Hand count: client-3 is n % 7 == 3 and n not a multiple of 5.
  int c3 = 0;
  for (int i = 0; i < 500; ++i) c3 += i % 5 != 0 && i % 7 == 3;
  CHECK(Csv(e, "OfficeActivity | summarize count() by Client | where Client == 'client-3' | project count_") == "count_\n" + std::to_string(c3) + "\n");
}

TEST_CASE("kql fast paths: a licence gate that hides nothing keeps every row; one that hides some drops them") {
  Store st;
  kql::Engine all(st.store, FromCivil(2026, 3, 3));
  CHECK(Csv(all, "OfficeActivity | count") == "Count\n500\n");
  kql::Engine some(st.store, FromCivil(2026, 3, 3));
  some.SetVisibility("OfficeActivity", Visibility{.features = ~2u});  // rows with gate bit 2 are hidden
  CHECK(Csv(some, "OfficeActivity | count") == "Count\n375\n");
  kql::Engine bit1(st.store, FromCivil(2026, 3, 3));
  bit1.SetVisibility("OfficeActivity", Visibility{.features = ~1u});  // no row carries bit 1
  CHECK(Csv(bit1, "OfficeActivity | count") == "Count\n500\n");
  CHECK(Csv(bit1, "OfficeActivity | where TimeGenerated >= datetime(2026-03-02T01:00:00Z) | count") == "Count\n440\n");
}
