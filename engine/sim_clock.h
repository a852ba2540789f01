#pragma once
// Simulated UTC time: int64 milliseconds since the Unix epoch. Formatting and parsing of
// ISO-8601 instants and durations. No time zone database: offsets are whole minutes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace td::engine {

using SimTime = int64_t;  // milliseconds since 1970-01-01T00:00:00Z
constexpr SimTime kSecond = 1000;
constexpr SimTime kMinute = 60 * kSecond;
constexpr SimTime kHour = 60 * kMinute;
constexpr SimTime kDay = 24 * kHour;

struct CivilTime {
  int year, month, day, hour, minute, second, millis;
  int weekday;  // 0 = Sunday
};

CivilTime ToCivil(SimTime t);
SimTime FromCivil(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int millis = 0);

// "2026-03-02T09:15:23.123Z" (always 3 fraction digits, trailing Z).
void AppendIso(std::string& out, SimTime t);
std::string FormatIso(SimTime t);
// "2026-03-02T09:15:23.1234567Z": the 7-digit fraction of Log Analytics exports.
void AppendIso7(std::string& out, SimTime t);
// "2026-03-02T09:15:23" (UAL CreationTime: no offset, no fraction).
void AppendIsoNoZone(std::string& out, SimTime t);

// Parses "2026-03-02", "2026-03-02T09:15", "2026-03-02T09:15:23[.fff][Z|+hh:mm]".
std::optional<SimTime> ParseIso(std::string_view s);
// Parses an ISO-8601 duration such as "PT2H30M", "P1D", "P1DT4H", "PT90S", "-PT5M" into ms.
std::optional<SimTime> ParseIsoDuration(std::string_view s);
std::string FormatIsoDuration(SimTime d);

// The simulated clock: only moves forward.
class SimClock {
 public:
  explicit SimClock(SimTime start = 0) : m_now(start) {}
  SimTime Now() const { return m_now; }
  void AdvanceTo(SimTime t);  // asserts t >= Now()
 private:
  SimTime m_now;
};

}  // namespace td::engine
