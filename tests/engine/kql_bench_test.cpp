// The KQL micro-benchmark on a synthetic store shaped like the generator's tables (keyed user,
// app, session codes; rows in time order). The small run checks the three queries against counts
// computed by hand from the generator loop; the large run (10 million sign-ins, skipped by default:
// run with -tc="kql bench*" --no-skip) prints the timings.
#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "engine/kql/kql_bench.h"

using namespace td::engine;

namespace {

struct Synthetic {
  LogStore store;
  size_t azure_rows = 0;         // sign-ins to "Azure Portal"
  size_t joined = 0;             // sign-in × office pairs sharing a session
  size_t hours = 0;              // distinct 1-hour bins of sign-ins
  std::unordered_map<uint32_t, size_t> azure_by_user;
};

// users × days; each sign-in has a session; every 3rd session has 2 Office events.
void Build(Synthetic& s, size_t signins, size_t users) {
  StringPool& pool = s.store.Strings();
  std::vector<uint32_t> user_code(users), app_code(8), result_code(3);
  for (size_t u = 0; u < users; ++u) user_code[u] = pool.Intern("user" + std::to_string(u) + "@contoso.example");
  const char* apps[8] = {"OfficeHome", "Office 365 Exchange Online", "Microsoft Teams", "Azure Portal",
                         "SharePoint Online", "Outlook Mobile", "OneDrive", "Microsoft Graph"};
  for (size_t a = 0; a < 8; ++a) app_code[a] = pool.Intern(apps[a]);
  result_code = {pool.Intern("0"), pool.Intern("50126"), pool.Intern("50074")};
  auto sign = std::make_unique<LogTable>("SigninLogs", std::vector<FieldSpec>{{"time", 8}, {"user", 4}, {"app", 1}, {"result", 1}, {"session", 4}});
  auto office = std::make_unique<LogTable>("OfficeActivity", std::vector<FieldSpec>{{"time", 8}, {"user", 4}, {"op", 1}, {"session", 4}});
  const StringPool* pp = &pool;
  sign->AddColumn(TimeColumn("TimeGenerated", 0));
  sign->AddColumn(PoolColumn("UserPrincipalName", 1, pp));
  sign->AddColumn(KeyedColumn("AppDisplayName", ColumnType::String, 2, 8, [pp, app_code](uint64_t k, Cell& c) { c.SetString(pp->Get(app_code[k])); }));
  sign->AddColumn(KeyedColumn("ResultType", ColumnType::String, 3, 3, [pp, result_code](uint64_t k, Cell& c) { c.SetString(pp->Get(result_code[k])); }));
  // SessionId: a per-session number shown as text; both tables share the key space.
  auto session_col = [] {
    return KeyedColumn("SessionId", ColumnType::String, 4, 0, [](uint64_t k, Cell& c) {
      std::string& text = c.BeginScratch();
      text = "sess-";
      text += std::to_string(k);
      c.FinishString();
    });
  };
  auto sc = session_col();
  sc.key_space = 0x5E55;
  sign->AddColumn(sc);
  office->AddColumn(TimeColumn("TimeGenerated", 0));
  office->AddColumn(PoolColumn("UserId", 1, pp));
  office->AddColumn(KeyedColumn("Operation", ColumnType::String, 2, 2, [](uint64_t k, Cell& c) { c.SetString(k ? "Send" : "MailItemsAccessed"); }));
  auto oc = session_col();
  oc.key_field = 3;
  oc.key_space = 0x5E55;  // both SessionId columns read the same session numbers
  office->AddColumn(oc);
  const SimTime t0 = FromCivil(2026, 3, 2);
  const SimTime span = 30 * kDay;
  sign->Reserve(signins);
  office->Reserve(signins);
  uint64_t x = 88172645463325252ull;
  auto rnd = [&x] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
  SimTime last_hour = -1;
  for (size_t i = 0; i < signins; ++i) {
    const SimTime t = t0 + static_cast<SimTime>(static_cast<double>(span) * static_cast<double>(i) / static_cast<double>(signins));
    const uint64_t u = rnd() % users, a = rnd() % 8, r = rnd() % 10 == 0 ? 1 : 0;
    std::array<uint64_t, 5> v{static_cast<uint64_t>(t), user_code[u], a, r, i};
    sign->Stage(v);
    if (a == 3) { ++s.azure_rows; ++s.azure_by_user[user_code[u]]; }
    if (t / kHour != last_hour) { ++s.hours; last_hour = t / kHour; }
    if (i % 3 == 0) {
      for (int k = 0; k < 2; ++k) {
        std::array<uint64_t, 4> o{static_cast<uint64_t>(t + 1000 * (k + 1)), user_code[u], static_cast<uint64_t>(k), i};
        office->Stage(o);
        ++s.joined;
      }
    }
    if (i % 1'000'000 == 999'999) { sign->CommitStaged(); office->CommitStaged(); }
  }
  sign->CommitStaged();
  office->CommitStaged();
  s.store.Add(std::move(sign));
  s.store.Add(std::move(office));
}

}  // namespace

TEST_CASE("kql bench: the three reference queries give the hand-counted answers") {
  Synthetic s;
  Build(s, 30000, 500);
  kql::Engine engine(s.store, FromCivil(2026, 4, 1));
  auto queries = kql::StandardBenchQueries();
  auto results = kql::RunBenchmark(engine, queries, 1);
  REQUIRE(results.size() == 3);
  for (const auto& r : results) CHECK_MESSAGE(r.error.empty(), r.error);
  CHECK(results[0].rows == s.azure_by_user.size());
  CHECK(results[2].rows == s.hours);
  auto run = engine.Run(queries[1].kql);
  REQUIRE(run.Ok());
  CHECK(run.result.Text(0, 0) == std::to_string(s.joined));
  run = engine.Run(queries[0].kql + " | summarize sum(count_)");
  REQUIRE(run.Ok());
  CHECK(run.result.Text(0, 0) == std::to_string(s.azure_rows));
}

TEST_CASE("kql bench: 10 million sign-ins (prints figures)" * doctest::skip(true)) {
  Synthetic s;
  const auto t0 = std::chrono::steady_clock::now();
  Build(s, 10'000'000, 10'000);
  std::printf("built %zu sign-ins + %zu office rows in %.0f ms\n", s.store.Find("SigninLogs")->RowCount(),
              s.store.Find("OfficeActivity")->RowCount(),
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  kql::Engine engine(s.store, FromCivil(2026, 4, 1));
  auto results = kql::RunBenchmark(engine, kql::StandardBenchQueries(), 3);
  std::printf("%s", kql::FormatBenchmark(results).c_str());
  for (const auto& q : kql::StandardBenchQueries())
    std::printf("%s\n%s", q.kql.c_str(), kql::Engine::FormatPlan(engine.Explain(q.kql).plan).c_str());
  for (const auto& r : results) CHECK(r.error.empty());
}
