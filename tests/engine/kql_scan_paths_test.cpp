// The executor's raw-key paths give the rows the per-row paths give:
// - a where on a one-byte keyed column decided per key up front, then a vector byte scan (up to
//   four passing keys) or a table loop (more);
// - a where and a summarize on a derived column that declares the fields it reads
//   (ColumnDef::row_fields), grouped and filtered by the packed fields;
// - a join whose rows are only counted (`| count`), for every join kind, on keys that are dense
//   numbers, a "none" sentinel and numbers too large to index directly;
// - an inner join followed by `summarize count() by` columns of one side, answered with that
//   side's rows weighted by their matches.
// The per-row path is forced by wrapping a column in strcat(x, '') (join keys, group keys) or by
// or-ing the predicate with a never-true test on the time (a where: the predicate then reads a
// column without a raw key). Each case also checks the plan names the fast path, so a test
// cannot pass by falling back to the slow one.
#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <string>

#include "engine/kql/kql_engine.h"
#include "kql_fixture.h"

using namespace td::engine;

namespace {

constexpr uint64_t kNoSession = UINT64_MAX;
constexpr uint64_t kHuge = uint64_t{5} << 32;  // keys far beyond the directly indexed range

// A: time, code (1 byte), session (8 bytes), user (4 bytes), app (2 bytes).
// B: time, session (8 bytes), code (1 byte).
struct Store {
  LogStore store;
  Store() {
    auto session_col = [](int field) {
      ColumnDef d = KeyedColumn("SessionId", ColumnType::String, field, 0, [](uint64_t k, Cell& c) {
        if (k == kNoSession) { c.SetString(""); return; }
        c.BeginScratch() = "s-" + std::to_string(k);
        c.FinishString();
      });
      d.key_space = 77;
      return d;
    };
    auto code_col = [](int field) {
      return KeyedColumn("Code", ColumnType::String, field, 40, [](uint64_t k, Cell& c) {
        c.BeginScratch() = "op-" + std::to_string(k);
        c.FinishString();
      });
    };
    auto a = std::make_unique<LogTable>("A", std::vector<FieldSpec>{{"time", 8}, {"code", 1}, {"session", 8}, {"user", 4}, {"app", 2}});
    a->AddColumn(TimeColumn("TimeGenerated", 0));
    a->AddColumn(code_col(1));
    a->AddColumn(session_col(2));
    // The actor: the user when there is one, else the app (so (user, app) pairs that differ
    // only in the app give the same text).
    a->AddColumn(RowColumnOf("Actor", ColumnType::String, {3, 4}, [](const LogTable& t, size_t row, Cell& c) {
      const uint64_t u = t.Field(3, row);
      c.BeginScratch() = u < 30 ? "user-" + std::to_string(u) : "app-" + std::to_string(t.Field(4, row));
      c.FinishString();
    }));
    auto b = std::make_unique<LogTable>("B", std::vector<FieldSpec>{{"time", 8}, {"session", 8}, {"code", 1}});
    b->AddColumn(TimeColumn("TimeGenerated", 0));
    b->AddColumn(session_col(1));
    b->AddColumn(code_col(2));
    b->AddColumn(KeyedColumn("Tag", ColumnType::String, 2, 40, [](uint64_t k, Cell& c) {  // only B has it
      c.BeginScratch() = "tag-" + std::to_string(k % 7);
      c.FinishString();
    }));
    const SimTime t0 = FromCivil(2026, 3, 2);
    auto session_of = [](uint64_t i, uint64_t mod) -> uint64_t {
      if (i % 11 == 0) return kNoSession;
      if (i % 13 == 0) return kHuge + i % 5;
      return (i * 7) % mod;
    };
    for (uint64_t i = 0; i < 900; ++i) {
      std::array<uint64_t, 5> v{static_cast<uint64_t>(t0 + static_cast<SimTime>(i) * kMinute), (i * 17) % 40, session_of(i, 90), (i * 3) % 45, i % 4};
      a->Stage(v);
    }
    for (uint64_t i = 0; i < 700; ++i) {
      std::array<uint64_t, 3> v{static_cast<uint64_t>(t0 + static_cast<SimTime>(i) * kMinute), session_of(i * 3 + 1, 120), (i * 5) % 40};
      b->Stage(v);
    }
    a->CommitStaged();
    b->CommitStaged();
    store.Add(std::move(a));
    store.Add(std::move(b));
  }
};

std::string Csv(const kql::Engine& e, const std::string& q) { return kqltest::CsvOf(e, q); }

std::string Plan(const kql::Engine& e, const std::string& q) {
  auto run = e.Explain(q);
  REQUIRE(run.Ok());
  return kql::Engine::FormatPlan(run.plan);
}

}  // namespace

TEST_CASE("kql scan paths: a where on a one-byte keyed column equals the per-row where") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 4));
  struct Case { const char* pred; const char* path; };
  const Case cases[] = {
      {"Code == 'op-3'", "vector scan"},                                  // one passing key
      {"Code in ('op-1', 'op-2', 'op-7', 'op-39')", "vector scan"},       // four
      {"Code startswith 'op-1'", "predicate cached per key"},             // eleven: the table loop
      {"Code != 'op-3'", "predicate cached per key"},                     // all but one
      {"Code == 'op-99'", "vector scan"},                                 // none: no key passes
  };
  for (const auto& c : cases) {
    CAPTURE(c.pred);
    const std::string fast = std::string("A | where ") + c.pred;
    const std::string slow = std::string("A | where (") + c.pred + ") or TimeGenerated < datetime(2000-01-01)";
    CHECK(Plan(e, slow).find("evaluated per row") != std::string::npos);
    CHECK(Csv(e, fast + " | project TimeGenerated, Code") == Csv(e, slow + " | project TimeGenerated, Code"));
    CHECK(Plan(e, fast).find(c.path) != std::string::npos);
    // After a time range (the rows are a narrowed list, not the whole table) and as a second filter.
    const std::string after = "A | where TimeGenerated > datetime(2026-03-02T03:00:00Z) | where " + std::string(c.pred);
    const std::string after_slow = "A | where TimeGenerated > datetime(2026-03-02T03:00:00Z) | where (" + std::string(c.pred) +
                                   ") or TimeGenerated < datetime(2000-01-01)";
    CHECK(Csv(e, after + " | project TimeGenerated, Code") == Csv(e, after_slow + " | project TimeGenerated, Code"));
  }
  // Hand count: code (i*17)%40 == 3 for i in [0, 900).
  int n = 0;
  for (int i = 0; i < 900; ++i) n += (i * 17) % 40 == 3;
  CHECK(Csv(e, "A | where Code == 'op-3' | count") == "Count\n" + std::to_string(n) + "\n");
}

TEST_CASE("kql scan paths: a derived column with declared fields filters and groups like its text") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 4));
  CHECK(Csv(e, "A | where Actor == 'app-2' | project TimeGenerated, Actor") ==
        Csv(e, "A | where Actor == 'app-2' or TimeGenerated < datetime(2000-01-01) | project TimeGenerated, Actor"));
  CHECK(Plan(e, "A | where Actor == 'app-2'").find("fields 'user', 'app'") != std::string::npos);
  const std::string grouped = "A | summarize count() by Actor | order by Actor asc";
  CHECK(Csv(e, grouped) == Csv(e, "A | summarize count() by Actor = strcat(Actor, '') | order by Actor asc"));
  CHECK(Plan(e, grouped).find("grouped by its packed store fields") != std::string::npos);
  // After a filter (scattered rows) and with other aggregates.
  CHECK(Csv(e, "A | where Code startswith 'op-2' | summarize n = count(), c = dcount(Code) by Actor | order by Actor asc") ==
        Csv(e, "A | where Code startswith 'op-2' | summarize n = count(), c = dcount(Code) by Actor = strcat(Actor, '') | order by Actor asc"));
  // A keyed column with a known bound (one flat table, one pass), whole and after a filter.
  CHECK(Csv(e, "A | summarize count() by Code | order by Code asc") ==
        Csv(e, "A | summarize count() by Code = strcat(Code, '') | order by Code asc"));
  CHECK(Csv(e, "A | where Actor startswith 'user-1' | summarize count() by Code | order by Code asc") ==
        Csv(e, "A | where Actor startswith 'user-1' | summarize count() by Code = strcat(Code, '') | order by Code asc"));
  CHECK(Plan(e, "A | summarize count() by Code").find("'Code' grouped by store key") != std::string::npos);
  // Hand count: user (i*3)%45 >= 30 with app i%4 == 1 → "app-1".
  int apps1 = 0;
  for (int i = 0; i < 900; ++i) apps1 += (i * 3) % 45 >= 30 && i % 4 == 1;
  CHECK(Csv(e, "A | summarize count() by Actor | where Actor == 'app-1' | project count_") == "count_\n" + std::to_string(apps1) + "\n");
}

TEST_CASE("kql scan paths: a counted join equals the count of the joined rows, for every kind") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 4));
  for (const char* kind : {"inner", "innerunique", "leftouter", "leftanti", "leftsemi", "rightouter", "rightanti", "rightsemi", "fullouter"}) {
    CAPTURE(kind);
    const std::string join = "A | join kind=" + std::string(kind) + " (B) on SessionId";
    const std::string counted = Csv(e, join + " | count");
    // An operator between the join and the count makes the join build its rows; the strcat join
    // takes the per-row path.
    CHECK(counted == Csv(e, join + " | extend unused_ = 0 | summarize Count = count()"));
    CHECK(counted == Csv(e, join + " | summarize Count = count()"));
    CHECK(counted == Csv(e, "A | extend K = strcat(SessionId, '') | join kind=" + std::string(kind) +
                                " (B | extend K = strcat(SessionId, '')) on K | count"));
    CHECK(Plan(e, join + " | count").find("no pairs built") != std::string::npos);
    CHECK(Plan(e, join + " | extend unused_ = 0 | count").find("no pairs built") == std::string::npos);
  }
  // Hand count for inner: pairs of equal session values (the sentinel's "" matches "").
  auto session_of = [](uint64_t i, uint64_t mod) -> uint64_t {
    if (i % 11 == 0) return kNoSession;
    if (i % 13 == 0) return kHuge + i % 5;
    return (i * 7) % mod;
  };
  long long pairs = 0;
  for (uint64_t i = 0; i < 900; ++i)
    for (uint64_t j = 0; j < 700; ++j) pairs += session_of(i, 90) == session_of(j * 3 + 1, 120);
  CHECK(Csv(e, "A | join kind=inner (B) on SessionId | count") == "Count\n" + std::to_string(pairs) + "\n");
}

TEST_CASE("kql scan paths: a histogram over a whole time range equals the per-row binning") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 4));
  for (const char* step : {"1h", "7m", "1d", "1ms", "90s"}) {
    CAPTURE(step);
    const std::string fast = "A | summarize count() by bin(TimeGenerated, " + std::string(step) + ")";
    const std::string slow = "A | summarize count() by TimeGenerated = bin(TimeGenerated + 0s, " + std::string(step) + ")";
    CHECK(Csv(e, fast) == Csv(e, slow));
    CHECK(Plan(e, fast).find("binary search over the time-ordered rows") != std::string::npos);
    CHECK(Plan(e, slow).find("binary search over the time-ordered rows") == std::string::npos);
  }
  // Hand count: 900 rows a minute apart from midnight → 15 full hours of 60.
  const std::string csv = Csv(e, "A | summarize n = count() by bin(TimeGenerated, 1h) | summarize bins = count(), smallest = min(n), largest = max(n)");
  CHECK(csv == "bins,smallest,largest\n15,60,60\n");
  // After a filter the rows are a list, not a range: the per-row loop, same answer.
  CHECK(Csv(e, "A | where Code == 'op-3' | summarize count() by bin(TimeGenerated, 1h)") ==
        Csv(e, "A | where Code == 'op-3' | summarize count() by TimeGenerated = bin(TimeGenerated + 0s, 1h)"));
}

TEST_CASE("kql scan paths: summarize count() by one side's columns after an inner join equals counting the joined rows") {
  Store st;
  kql::Engine e(st.store, FromCivil(2026, 3, 4));
  // The weights are used when the counted side is at most half the size of the other (its rows
  // fan out); the larger side builds its pairs.
  const std::string join = "A | join kind=inner (B) on SessionId";                 // 900 and 700 rows
  const std::string small_left = "A | take 300 | join kind=inner (B) on SessionId";
  const std::string small_right = "A | join kind=inner (B | take 400) on SessionId";
  struct Case { std::string join, tail, order; const char* path; };
  const Case cases[] = {
      {small_left, "summarize count() by Actor", "Actor asc", "left rows weighted"},                    // a column only A has
      {small_right, "summarize n = count(), m = count() by Tag", "Tag asc", "right rows weighted"},     // only B has Tag
      {join, "summarize count() by Actor", "Actor asc", nullptr},                                        // A is not the smaller side
      {small_left, "summarize count() by Actor, TimeGenerated", "Actor asc, TimeGenerated asc", nullptr},  // TimeGenerated is on both sides
      {small_left, "summarize count() by Code", "Code asc", nullptr},                                   // both sides have Code
      {small_left, "summarize count() by Actor, Tag", "Actor asc, Tag asc", nullptr},                   // one from each side
      {small_left, "summarize count() by bin(TimeGenerated, 1h)", "TimeGenerated asc", nullptr},        // not a plain column
      {join, "summarize count()", "", "no pairs built"},                                                // no key: the count
  };
  for (const auto& c : cases) {
    CAPTURE(c.join);
    CAPTURE(c.tail);
    const std::string fused = c.join + " | " + c.tail;
    const std::string plain = c.join + " | extend unused_ = 0 | " + c.tail;  // not adjacent: pairs are built
    const std::string order = c.order.empty() ? "" : " | order by " + c.order;
    CHECK(Csv(e, fused + order) == Csv(e, plain + order));
    const std::string plan = Plan(e, fused);
    if (c.path) CHECK(plan.find(c.path) != std::string::npos);
    else CHECK(plan.find("weighted") == std::string::npos);
    CHECK(Plan(e, plain).find("weighted") == std::string::npos);
  }
  // Other join kinds are not weighted (their unmatched rows count too).
  CHECK(Plan(e, "A | take 300 | join kind=leftouter (B) on SessionId | summarize count() by Actor").find("weighted") == std::string::npos);
}
