#include "engine/sim_clock.h"

#include <cassert>
#include <cstdio>

namespace td::engine {

namespace {
// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
void CivilFromDays(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2));
}
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void Put2(char* p, int v) { p[0] = static_cast<char>('0' + v / 10); p[1] = static_cast<char>('0' + v % 10); }
void Put4(char* p, int v) { Put2(p, v / 100); Put2(p + 2, v % 100); }

size_t FormatBase(char* buf, SimTime t) {
  CivilTime c = ToCivil(t);
  Put4(buf, c.year); buf[4] = '-'; Put2(buf + 5, c.month); buf[7] = '-'; Put2(buf + 8, c.day);
  buf[10] = 'T'; Put2(buf + 11, c.hour); buf[13] = ':'; Put2(buf + 14, c.minute); buf[16] = ':';
  Put2(buf + 17, c.second);
  return 19;
}
}  // namespace

CivilTime ToCivil(SimTime t) {
  int64_t days = FloorDiv(t, kDay);
  int64_t rem = t - days * kDay;
  CivilTime c{};
  CivilFromDays(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rem / kHour);
  c.minute = static_cast<int>(rem / kMinute % 60);
  c.second = static_cast<int>(rem / kSecond % 60);
  c.millis = static_cast<int>(rem % 1000);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  return c;
}

SimTime FromCivil(int year, int month, int day, int hour, int minute, int second, int millis) {
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kDay + hour * kHour +
         minute * kMinute + second * kSecond + millis;
}

void AppendIso(std::string& out, SimTime t) {
  char buf[24];
  size_t n = FormatBase(buf, t);
  int ms = static_cast<int>(((t % 1000) + 1000) % 1000);
  buf[n++] = '.';
  buf[n++] = static_cast<char>('0' + ms / 100);
  buf[n++] = static_cast<char>('0' + ms / 10 % 10);
  buf[n++] = static_cast<char>('0' + ms % 10);
  buf[n++] = 'Z';
  out.append(buf, n);
}

void AppendIso7(std::string& out, SimTime t) {
  char buf[32];
  size_t n = FormatBase(buf, t);
  int ms = static_cast<int>(((t % 1000) + 1000) % 1000);
  buf[n++] = '.';
  buf[n++] = static_cast<char>('0' + ms / 100);
  buf[n++] = static_cast<char>('0' + ms / 10 % 10);
  buf[n++] = static_cast<char>('0' + ms % 10);
  for (int i = 0; i < 4; ++i) buf[n++] = '0';
  buf[n++] = 'Z';
  out.append(buf, n);
}

void AppendIsoNoZone(std::string& out, SimTime t) {
  char buf[24];
  out.append(buf, FormatBase(buf, t));
}

std::string FormatIso(SimTime t) {
  std::string s;
  AppendIso(s, t);
  return s;
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int& v) {
  if (pos + n > s.size()) return false;
  v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  return true;
}
}  // namespace

std::optional<SimTime> ParseIso(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0, ms = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  size_t p = 10;
  int64_t offset_min = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return std::nullopt;
    if (!Digits(s, p + 1, 2, h) || p + 3 >= s.size() || s[p + 3] != ':' || !Digits(s, p + 4, 2, mi))
      return std::nullopt;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!Digits(s, p + 1, 2, se)) return std::nullopt;
      p += 3;
      if (p < s.size() && s[p] == '.') {
        ++p;
        int scale = 100;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          ms += (s[p] - '0') * scale;
          scale /= 10;
          ++p;
        }
      }
    }
    if (p < s.size()) {
      if (s[p] == 'Z' && p + 1 == s.size()) {
        p++;
      } else if ((s[p] == '+' || s[p] == '-') && p + 6 == s.size() && s[p + 3] == ':') {
        int oh, om;
        if (!Digits(s, p + 1, 2, oh) || !Digits(s, p + 4, 2, om)) return std::nullopt;
        offset_min = (s[p] == '+' ? 1 : -1) * (oh * 60 + om);
        p += 6;
      } else {
        return std::nullopt;
      }
    }
  }
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  return FromCivil(y, mo, d, h, mi, se, ms) - offset_min * kMinute;
}

std::optional<SimTime> ParseIsoDuration(std::string_view s) {
  bool neg = false;
  size_t p = 0;
  if (p < s.size() && (s[p] == '-' || s[p] == '+')) { neg = s[p] == '-'; ++p; }
  if (p >= s.size() || s[p] != 'P') return std::nullopt;
  ++p;
  bool in_time = false, any = false;
  SimTime total = 0;
  while (p < s.size()) {
    if (s[p] == 'T') { if (in_time) return std::nullopt; in_time = true; ++p; continue; }
    double v = 0;
    size_t start = p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') { v = v * 10 + (s[p] - '0'); ++p; }
    if (p < s.size() && s[p] == '.') {
      ++p;
      double scale = 0.1;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') { v += (s[p] - '0') * scale; scale /= 10; ++p; }
    }
    if (p == start || p >= s.size()) return std::nullopt;
    char unit = s[p++];
    double ms;
    if (!in_time && unit == 'W') ms = 7.0 * kDay;
    else if (!in_time && unit == 'D') ms = kDay;
    else if (in_time && unit == 'H') ms = kHour;
    else if (in_time && unit == 'M') ms = kMinute;
    else if (in_time && unit == 'S') ms = kSecond;
    else return std::nullopt;
    if (v > 1e7) return std::nullopt;  // > ~27,000 years: not a drill
    total += static_cast<SimTime>(v * ms + 0.5);
    any = true;
  }
  if (!any) return std::nullopt;
  return neg ? -total : total;
}

std::string FormatIsoDuration(SimTime d) {
  std::string s;
  if (d < 0) { s = "-"; d = -d; }
  s += "P";
  if (d >= kDay) { s += std::to_string(d / kDay) + "D"; d %= kDay; }
  if (d > 0 || s.back() == 'P') {
    s += "T";
    if (d >= kHour) { s += std::to_string(d / kHour) + "H"; d %= kHour; }
    if (d >= kMinute) { s += std::to_string(d / kMinute) + "M"; d %= kMinute; }
    if (d > 0 || s.back() == 'T') {
      if (d % 1000 == 0) s += std::to_string(d / 1000) + "S";
      else { char b[32]; std::snprintf(b, sizeof b, "%.3fS", static_cast<double>(d) / 1000.0); s += b; }
    }
  }
  return s;
}

void SimClock::AdvanceTo(SimTime t) {
  assert(t >= m_now && "the simulated clock only moves forward");
  m_now = t;
}

}  // namespace td::engine
