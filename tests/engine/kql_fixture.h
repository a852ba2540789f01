#pragma once
// A small hand-built log store for the KQL tests: 6 sign-ins and 5 Office events on 2026-03-02,
// with keyed (pool-coded) string and dynamic columns like the generator's tables.
#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <string>

#include "engine/kql/kql_engine.h"
#include "engine/log_store.h"

namespace kqltest {

using namespace td::engine;

inline SimTime T0() { return FromCivil(2026, 3, 2); }
inline SimTime Now() { return T0() + kDay; }  // 2026-03-03T00:00:00Z

inline void BuildStore(LogStore& store) {
  StringPool& pool = store.Strings();
  {
    auto t = std::make_unique<LogTable>("SigninLogs", std::vector<FieldSpec>{
        {"time", 8}, {"user", 4}, {"app", 4}, {"ip", 4}, {"result", 4}, {"loc", 4}, {"session", 4}});
    t->AddColumn(TimeColumn("TimeGenerated", 0));
    t->AddColumn(PoolColumn("UserPrincipalName", 1, &pool));
    t->AddColumn(PoolColumn("AppDisplayName", 2, &pool));
    t->AddColumn(PoolColumn("IPAddress", 3, &pool));
    t->AddColumn(PoolColumn("ResultType", 4, &pool));
    t->AddColumn(PoolColumn("LocationDetails", 5, &pool, ColumnType::Dynamic));
    t->AddColumn(PoolColumn("SessionId", 6, &pool));
    t->AddColumn(RowColumn("DurationMs", ColumnType::Long, [](const LogTable& tb, size_t row, Cell& c) {
      c.SetLong(static_cast<int64_t>(tb.Field(1, row) * 10 + row));
    }));
    const std::string us_sea = R"({"countryOrRegion":"US","city":"Seattle"})";
    const std::string us_red = R"({"countryOrRegion":"US","city":"Redmond"})";
    const std::string ng = R"({"countryOrRegion":"NG","city":"Lagos"})";
    struct R { SimTime t; const char* user; const char* app; const char* ip; const char* res; std::string loc; const char* s; };
    const R rows[] = {
        {T0() + 1 * kHour, "alice@contoso.com", "Office 365 Exchange Online", "10.0.0.1", "0", us_sea, "s1"},
        {T0() + 2 * kHour, "bob@contoso.com", "OfficeHome", "10.0.0.2", "50126", us_red, "s2"},
        {T0() + 3 * kHour, "alice@contoso.com", "OfficeHome", "203.0.113.5", "0", ng, "s3"},
        {T0() + 4 * kHour, "carol@contoso.com", "Azure Portal", "10.0.0.3", "0", us_sea, "s4"},
        {T0() + 5 * kHour, "bob@contoso.com", "OfficeHome", "10.0.0.2", "0", us_red, "s5"},
        {T0() + 20 * kHour, "alice@contoso.com", "Office 365 Exchange Online", "203.0.113.5", "0", ng, "s6"},
    };
    for (const auto& r : rows) {
      std::array<uint64_t, 7> v{static_cast<uint64_t>(r.t), pool.Intern(r.user), pool.Intern(r.app), pool.Intern(r.ip),
                                pool.Intern(r.res), pool.Intern(r.loc), pool.Intern(r.s)};
      t->Stage(v);
    }
    t->CommitStaged();
    store.Add(std::move(t));
  }
  {
    auto t = std::make_unique<LogTable>("OfficeActivity", std::vector<FieldSpec>{
        {"time", 8}, {"user", 4}, {"op", 4}, {"session", 4}, {"params", 4}, {"ip", 4}});
    t->AddColumn(TimeColumn("TimeGenerated", 0));
    t->AddColumn(PoolColumn("UserId", 1, &pool));
    t->AddColumn(PoolColumn("Operation", 2, &pool));
    t->AddColumn(PoolColumn("SessionId", 3, &pool));
    t->AddColumn(PoolColumn("Parameters", 4, &pool));
    t->AddColumn(PoolColumn("ClientIP", 5, &pool));
    t->AddColumn(ConstColumn("OfficeWorkload", ColumnType::String, "Exchange"));
    struct R { SimTime t; const char* user; const char* op; const char* s; const char* params; const char* ip; };
    const R rows[] = {
        {T0() + 90 * kMinute, "alice@contoso.com", "MailItemsAccessed", "s1", "", "10.0.0.1:5000"},
        {T0() + 190 * kMinute, "alice@contoso.com", "New-InboxRule", "s3",
         R"([{"Name":"Name","Value":"x"},{"Name":"DeleteMessage","Value":"True"},{"Name":"SubjectContainsWords","Value":"invoice;payment"}])",
         "203.0.113.5:443"},
        {T0() + 305 * kMinute, "bob@contoso.com", "MailItemsAccessed", "s5", "", "10.0.0.2"},
        {T0() + 1230 * kMinute, "alice@contoso.com", "Set-Mailbox", "s6",
         R"([{"Name":"Identity","Value":"alice"},{"Name":"ForwardingSmtpAddress","Value":"smtp:evil@attacker.net"}])",
         "[2001:db8::1]:443"},
        {T0() + 1260 * kMinute, "carol@contoso.com", "FileDownloaded", "s4", "", "10.0.0.3"},
    };
    for (const auto& r : rows) {
      std::array<uint64_t, 6> v{static_cast<uint64_t>(r.t), pool.Intern(r.user), pool.Intern(r.op), pool.Intern(r.s),
                                pool.Intern(r.params), pool.Intern(r.ip)};
      t->Stage(v);
    }
    t->CommitStaged();
    store.Add(std::move(t));
  }
}

// A query's result as CSV with LF line ends (RFC 4180 writes CRLF); a failed query fails the test.
inline std::string CsvOf(const kql::Engine& e, const std::string& q) {
  auto run = e.Run(q);
  if (!run.Ok()) FAIL_CHECK(run.error->Format(q));
  REQUIRE(run.Ok());
  std::string csv = run.result.ToCsv();
  std::erase(csv, '\r');
  return csv;
}

// A query that must fail: where (1-based line and byte column), what the message says, and the
// suggestion ("" when none).
struct Broken {
  const char* query;
  int line, column;
  const char* message_part;
  const char* suggestion;
};

struct Fixture;
template <size_t N>
void CheckBroken(Fixture& f, const Broken (&corpus)[N]);

struct Fixture {
  LogStore store;
  std::unique_ptr<kql::Engine> engine;
  Fixture() {
    BuildStore(store);
    engine = std::make_unique<kql::Engine>(store, Now());
  }
  kql::QueryResult Q(const std::string& q) {
    kql::QueryRun run = engine->Run(q);
    if (!run.Ok()) FAIL_CHECK(run.error->Format(q));
    REQUIRE(run.Ok());
    return run.result;
  }
  kql::QueryError Err(const std::string& q) {
    kql::QueryRun run = engine->Run(q);
    REQUIRE_FALSE(run.Ok());
    return *run.error;
  }
  // The single cell of a one-row, one-column result, as text.
  std::string Scalar(const std::string& q) {
    kql::QueryResult r = Q(q);
    REQUIRE(r.RowCount() == 1);
    REQUIRE(r.ColumnCount() >= 1);
    return r.Text(0, 0);
  }
  // Column c of the result as text, one entry per row.
  static std::vector<std::string> Col(const kql::QueryResult& r, const std::string& name) {
    int c = r.FindColumn(name);
    REQUIRE_MESSAGE(c >= 0, "no column " << name);
    std::vector<std::string> out;
    for (size_t i = 0; i < r.RowCount(); ++i) out.push_back(r.Text(i, static_cast<size_t>(c)));
    return out;
  }
};

// Each broken query fails at its place with its message and suggestion.
template <size_t N>
void CheckBroken(Fixture& f, const Broken (&corpus)[N]) {
  for (const auto& b : corpus) {
    const std::string query = b.query;
    CAPTURE(query);
    kql::QueryError e = f.Err(b.query);
    CHECK(e.line == b.line);
    CHECK(e.column == b.column);
    CHECK_MESSAGE(e.message.find(b.message_part) != std::string::npos, e.message);
    CHECK(e.suggestion == b.suggestion);
  }
}

}  // namespace kqltest
