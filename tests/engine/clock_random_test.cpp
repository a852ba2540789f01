#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "engine/hash.h"
#include "engine/random.h"
#include "engine/scheduler.h"
#include "engine/sim_clock.h"

using namespace td::engine;

TEST_CASE("ISO-8601 instants round-trip with millisecond resolution") {
  SimTime t = FromCivil(2026, 3, 2, 9, 15, 23, 123);
  CHECK(FormatIso(t) == "2026-03-02T09:15:23.123Z");
  CHECK(ParseIso("2026-03-02T09:15:23.123Z") == t);
  CHECK(ParseIso("2026-03-02T10:15:23.123+01:00") == t);
  CHECK(ParseIso("2026-03-02") == FromCivil(2026, 3, 2));
  CHECK(ParseIso("2024-02-29T00:00:00Z") == FromCivil(2024, 2, 29));
  CHECK_FALSE(ParseIso("2026-13-02").has_value());
  CHECK_FALSE(ParseIso("yesterday").has_value());
  CHECK(ToCivil(FromCivil(2026, 11, 21)).weekday == 6);  // a Saturday
  std::string s;
  AppendIsoNoZone(s, t);
  CHECK(s == "2026-03-02T09:15:23");
}

TEST_CASE("ISO-8601 durations parse and format") {
  CHECK(ParseIsoDuration("PT2H30M") == 2 * kHour + 30 * kMinute);
  CHECK(ParseIsoDuration("P1DT4H") == kDay + 4 * kHour);
  CHECK(ParseIsoDuration("-PT5M") == -5 * kMinute);
  CHECK(ParseIsoDuration("PT0.5S") == 500);
  CHECK_FALSE(ParseIsoDuration("PT").has_value());
  CHECK_FALSE(ParseIsoDuration("P2H").has_value());  // hours need the T
  CHECK(FormatIsoDuration(kDay + 90 * kMinute) == "P1DT1H30M");
}

TEST_CASE("scheduler runs events by time, ties by scheduling order, including events added while running") {
  Scheduler s(0);
  std::vector<int> order;
  s.At(20, [&](SimTime) { order.push_back(2); });
  s.At(10, [&](SimTime now) {
    order.push_back(1);
    s.At(now + 10, [&](SimTime) { order.push_back(3); });  // same time as event 2, scheduled later
  });
  s.At(50, [&](SimTime) { order.push_back(9); });
  s.RunUntil(30);
  CHECK(order == std::vector<int>{1, 2, 3});
  CHECK(s.Now() == 30);
  CHECK(s.NextEventTime() == 50);
}

TEST_CASE("named random streams are reproducible and independent") {
  RandomStream a1(42, "attacker"), a2(42, "attacker"), b(42, "background");
  std::vector<uint64_t> x, y;
  for (int i = 0; i < 5; ++i) { x.push_back(a1.Next()); y.push_back(a2.Next()); }
  CHECK(x == y);
  CHECK(b.Next() != x[0]);
  RandomStream other_seed(43, "attacker");
  CHECK(other_seed.Next() != x[0]);
  RandomStream r(7, "dist");
  for (int i = 0; i < 1000; ++i) {
    auto v = r.UniformInt(3, 9);
    CHECK(v >= 3);
    CHECK(v <= 9);
  }
}

TEST_CASE("GUIDs are stable, well formed and distinct") {
  std::string g = Guid(1234, 5);
  CHECK(g.size() == 36);
  CHECK(g[14] == '4');
  CHECK(g == Guid(1234, 5));
  std::set<std::string> seen;
  for (uint64_t i = 0; i < 1000; ++i) seen.insert(Guid(i));
  CHECK(seen.size() == 1000);
}
