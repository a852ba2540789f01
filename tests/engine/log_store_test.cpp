#include <doctest/doctest.h>

#include <array>

#include "engine/log_store.h"

using namespace td::engine;

namespace {
LogTable MakeTable() {
  LogTable t("T", {{"time", 8}, {"user", 4}, {"gate", 1}});
  return t;
}
void Add(LogTable& t, int64_t time, uint64_t user, uint64_t gate = 0) {
  std::array<uint64_t, 3> v{static_cast<uint64_t>(time), user, gate};
  t.Stage(v);
}
}  // namespace

TEST_CASE("staged rows are committed in time order, ties in staging order") {
  LogTable t = MakeTable();
  Add(t, 30, 1);
  Add(t, 10, 2);
  Add(t, 30, 3);
  Add(t, 20, 4);
  t.CommitStaged();
  REQUIRE(t.RowCount() == 4);
  CHECK(t.Time(0) == 10);
  CHECK(t.Time(1) == 20);
  CHECK(t.Field(1, 2) == 1);  // first staged of the two rows at t=30
  CHECK(t.Field(1, 3) == 3);
}

TEST_CASE("an older staged batch merges into the stored tail") {
  LogTable t = MakeTable();
  Add(t, 10, 1);
  Add(t, 40, 2);
  t.CommitStaged();
  Add(t, 20, 3);
  Add(t, 50, 4);
  t.CommitStaged();
  REQUIRE(t.RowCount() == 4);
  CHECK(t.Field(1, 0) == 1);
  CHECK(t.Field(1, 1) == 3);
  CHECK(t.Field(1, 2) == 2);
  CHECK(t.Field(1, 3) == 4);
}

TEST_CASE("views apply the time range by binary search and the licence gate per row") {
  LogTable t = MakeTable();
  t.SetGateField(2);
  for (int i = 0; i < 10; ++i) Add(t, i * 100, static_cast<uint64_t>(i), i % 2 ? 0x4 : 0);
  t.CommitStaged();
  CHECK(t.LowerBound(250) == 3);
  CHECK(t.UpperBound(300) == 4);
  Visibility all;
  CHECK(TableView(t, all).CountVisible() == 10);
  Visibility no_premium;
  no_premium.features = 0x3;
  CHECK(TableView(t, no_premium).CountVisible() == 5);
  Visibility window;
  window.from = 200;
  window.to = 500;
  TableView v(t, window);
  CHECK(v.Begin() == 2);
  CHECK(v.End() == 6);
  t.SetTableGate(0x8);
  CHECK(TableView(t, no_premium).CountVisible() == 0);
}

TEST_CASE("keyed columns read through the stored field; pools intern deterministically") {
  LogTable t = MakeTable();
  StringPool pool;
  CHECK(pool.Intern("alice@contoso.example") == 0);
  CHECK(pool.Intern("bob@contoso.example") == 1);
  CHECK(pool.Intern("alice@contoso.example") == 0);
  CHECK(pool.Find("carol@contoso.example") == std::nullopt);
  t.AddColumn(TimeColumn("TimeGenerated", 0));
  t.AddColumn(PoolColumn("UserPrincipalName", 1, &pool));
  Add(t, 1000, 1);
  t.CommitStaged();
  Cell c;
  t.ReadCell(static_cast<size_t>(t.FindColumn("UserPrincipalName")), 0, c);
  CHECK(c.kind == Cell::Kind::String);
  CHECK(c.s == "bob@contoso.example");
  std::string json;
  t.ReadCell(0, 0, c);
  AppendCellJson(json, c, ColumnType::DateTime);
  CHECK(json == "\"1970-01-01T00:00:01.0000000Z\"");
}

TEST_CASE("JSON escaping covers quotes, backslashes and control characters") {
  std::string out;
  AppendJsonString(out, "a\"b\\c\nd\x01");
  CHECK(out == "\"a\\\"b\\\\c\\nd\\u0001\"");
}
