#include "engine/kql/kql_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

namespace td::engine::kql {

std::string_view VTypeName(VType t) {
  switch (t) {
    case VType::Null: return "null";
    case VType::Bool: return "bool";
    case VType::Long: return "long";
    case VType::Real: return "real";
    case VType::DateTime: return "datetime";
    case VType::Timespan: return "timespan";
    case VType::String: return "string";
    case VType::Dynamic: return "dynamic";
  }
  return "?";
}

Value Value::Dynamic(Json x) {
  Value v;
  v.type = VType::Dynamic;
  v.j = std::make_shared<const Json>(std::move(x));
  return v;
}

Value Value::Dynamic(std::shared_ptr<const Json> x) {
  Value v;
  v.type = VType::Dynamic;
  v.j = std::move(x);
  return v;
}

Value Unwrap(const Value& v) {
  if (v.type != VType::Dynamic) return v;
  const Json& j = *v.j;
  switch (j.type()) {
    case Json::value_t::null: return Value::Null();
    case Json::value_t::boolean: return Value::Bool(j.get<bool>());
    case Json::value_t::number_integer: return Value::Long(j.get<int64_t>());
    case Json::value_t::number_unsigned: return Value::Long(static_cast<int64_t>(j.get<uint64_t>()));
    case Json::value_t::number_float: return Value::Real(j.get<double>());
    case Json::value_t::string: return Value::String(j.get<std::string>());
    default: return v;
  }
}

std::string FormatReal(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

void AppendTimespan(std::string& out, int64_t ms) {
  if (ms < 0) { out.push_back('-'); ms = -ms; }
  int64_t days = ms / kDay;
  int64_t rest = ms % kDay;
  char buf[64];
  int n;
  if (days > 0)
    n = std::snprintf(buf, sizeof buf, "%lld.", static_cast<long long>(days));
  else
    n = 0;
  n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "%02lld:%02lld:%02lld",
                     static_cast<long long>(rest / kHour), static_cast<long long>(rest / kMinute % 60),
                     static_cast<long long>(rest / kSecond % 60));
  if (rest % kSecond)
    n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%03lld0000", static_cast<long long>(rest % kSecond));
  out.append(buf, static_cast<size_t>(n));
}

void AppendText(std::string& out, const Value& v) {
  switch (v.type) {
    case VType::Null: return;
    case VType::Bool: out += v.i ? "true" : "false"; return;
    case VType::Long: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.i);
      out.append(buf, r.ptr);
      return;
    }
    case VType::Real: out += FormatReal(v.r); return;
    case VType::DateTime: AppendIso7(out, v.i); return;
    case VType::Timespan: AppendTimespan(out, v.i); return;
    case VType::String: out += v.s; return;
    case VType::Dynamic:
      if (v.j->is_string()) out += v.j->get_ref<const std::string&>();
      else if (v.j->is_null()) return;
      else out += v.j->dump();
      return;
  }
}

std::string ToText(const Value& v) {
  if (v.type == VType::String) return v.s;
  std::string s;
  AppendText(s, v);
  return s;
}

Json ToJson(const Value& v) {
  switch (v.type) {
    case VType::Null: return Json();
    case VType::Bool: return Json(v.i != 0);
    case VType::Long: return Json(v.i);
    case VType::Real: return Json(v.r);
    case VType::DateTime:
    case VType::Timespan: return Json(ToText(v));
    case VType::String: return Json(v.s);
    case VType::Dynamic: return *v.j;
  }
  return Json();
}

Value FromJson(const Json& j) { return Value::Dynamic(j); }

namespace {
// Copying, comparing and printing a dynamic value recurse once per level: text nested deeper than
// this (only a hostile parse_json argument can be) is treated as not JSON instead of overflowing
// the stack.
constexpr int kMaxJsonDepth = 128;

bool NestedTooDeep(std::string_view text) {
  int depth = 0;
  bool in_str = false, esc = false;
  for (char c : text) {
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}
}  // namespace

std::optional<Value> ParseJsonText(std::string_view text) {
  if (NestedTooDeep(text)) return std::nullopt;
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return Value::Dynamic(std::move(j));
}

Value FromCell(const Cell& c, ColumnType t) {
  switch (c.kind) {
    case Cell::Kind::Null: return Value::Null();
    case Cell::Kind::Bool: return Value::Bool(c.i != 0);
    case Cell::Kind::Long:
      if (t == ColumnType::String || t == ColumnType::Guid) return Value::String(std::to_string(c.i));
      if (t == ColumnType::Real) return Value::Real(static_cast<double>(c.i));
      return Value::Long(c.i);
    case Cell::Kind::Real: return Value::Real(c.r);
    case Cell::Kind::DateTime: return Value::DateTime(c.i);
    case Cell::Kind::String:
      if (t == ColumnType::Dynamic) {
        if (auto p = ParseJsonText(c.s)) return *p;
        return Value::Dynamic(Json(std::string(c.s)));
      }
      return Value::String(std::string(c.s));
    case Cell::Kind::Json:
      if (t == ColumnType::Dynamic) {
        if (c.s.empty()) return Value::Null();
        if (auto p = ParseJsonText(c.s)) return *p;
        return Value::Dynamic(Json(std::string(c.s)));
      }
      return Value::String(std::string(c.s));
  }
  return Value::Null();
}

bool IsTrue(const Value& v) {
  if (v.type == VType::Bool) return v.i != 0;
  if (v.type == VType::Dynamic) return v.j->is_boolean() && v.j->get<bool>();
  return false;
}

bool IsEmpty(const Value& v) {
  switch (v.type) {
    case VType::Null: return true;
    case VType::String: return v.s.empty();
    case VType::Dynamic: return v.j->is_null() || (v.j->is_string() && v.j->get_ref<const std::string&>().empty());
    default: return false;
  }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    char x = a[k], y = b[k];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

namespace {
int Sign(double d) { return d < 0 ? -1 : d > 0 ? 1 : 0; }
int Sign64(int64_t d) { return d < 0 ? -1 : d > 0 ? 1 : 0; }
}  // namespace

std::optional<bool> Equal(const Value& a0, const Value& b0, bool ignore_case) {
  const Value a = Unwrap(a0), b = Unwrap(b0);
  // A missing string is the empty string in KQL.
  if (a.IsNull() && b.type == VType::String) return b.s.empty();
  if (b.IsNull() && a.type == VType::String) return a.s.empty();
  if (a.IsNull() || b.IsNull()) return std::nullopt;
  if (a.type == VType::String || b.type == VType::String) {
    const std::string as = ToText(a), bs = ToText(b);
    return ignore_case ? EqualsIgnoreCase(as, bs) : as == bs;
  }
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.type == VType::Long && b.type == VType::Long) return a.i == b.i;
    return a.AsReal() == b.AsReal();
  }
  if (a.type == VType::Dynamic || b.type == VType::Dynamic) return ToText(a) == ToText(b);
  if (a.type == VType::Bool && b.IsNumeric()) return a.i == static_cast<int64_t>(b.AsReal());
  if (b.type == VType::Bool && a.IsNumeric()) return b.i == static_cast<int64_t>(a.AsReal());
  if (a.type != b.type) return std::nullopt;
  return a.i == b.i;
}

std::optional<int> Compare(const Value& a0, const Value& b0) {
  const Value a = Unwrap(a0), b = Unwrap(b0);
  if (a.IsNull() || b.IsNull()) return std::nullopt;
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.type == VType::Long && b.type == VType::Long) return Sign64(a.i < b.i ? -1 : a.i > b.i ? 1 : 0);
    return Sign(a.AsReal() - b.AsReal());
  }
  if (a.type == VType::String && b.type == VType::String) {
    int c = a.s.compare(b.s);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.type == b.type && (a.type == VType::DateTime || a.type == VType::Timespan || a.type == VType::Bool))
    return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
  // A string compared with a datetime: try to read the string as a datetime.
  if (a.type == VType::DateTime && b.type == VType::String) {
    if (auto t = ParseDateTimeText(b.s)) return a.i < *t ? -1 : a.i > *t ? 1 : 0;
  }
  if (b.type == VType::DateTime && a.type == VType::String) {
    if (auto t = ParseDateTimeText(a.s)) return *t < b.i ? -1 : *t > b.i ? 1 : 0;
  }
  if (a.type == VType::String || b.type == VType::String || a.type == VType::Dynamic || b.type == VType::Dynamic) {
    int c = ToText(a).compare(ToText(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return std::nullopt;
}

int TotalOrder(const Value& a0, const Value& b0) {
  const Value a = Unwrap(a0), b = Unwrap(b0);
  if (a.IsNull() || b.IsNull()) return a.IsNull() == b.IsNull() ? 0 : (a.IsNull() ? -1 : 1);
  if (auto c = Compare(a, b)) return *c;
  return static_cast<int>(a.type) < static_cast<int>(b.type) ? -1 : 1;
}

void AppendKey(std::string& out, const Value& v0) {
  const Value& v = v0;
  out.push_back(static_cast<char>('0' + static_cast<int>(v.type)));
  switch (v.type) {
    case VType::Null: break;
    case VType::Bool:
    case VType::Long:
    case VType::DateTime:
    case VType::Timespan: {
      char b[8];
      std::memcpy(b, &v.i, 8);
      out.append(b, 8);
      break;
    }
    case VType::Real: {
      char b[8];
      std::memcpy(b, &v.r, 8);
      out.append(b, 8);
      break;
    }
    case VType::String:
      out += v.s;
      out.push_back('\0');
      break;
    case VType::Dynamic:
      out += v.j->dump();
      out.push_back('\0');
      break;
  }
}

std::optional<int64_t> ParseTimespanLiteral(std::string_view s) {
  size_t k = 0;
  bool neg = false;
  if (k < s.size() && s[k] == '-') { neg = true; ++k; }
  size_t start = k;
  while (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.')) ++k;
  if (k == start) return std::nullopt;
  double num = 0;
  auto r = std::from_chars(s.data() + start, s.data() + k, num);
  if (r.ec != std::errc()) return std::nullopt;
  std::string unit = ToLowerAscii(s.substr(k));
  double mult;
  if (unit == "d" || unit == "day" || unit == "days") mult = static_cast<double>(kDay);
  else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours") mult = static_cast<double>(kHour);
  else if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes") mult = static_cast<double>(kMinute);
  else if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds") mult = static_cast<double>(kSecond);
  else if (unit == "ms" || unit == "milli" || unit == "millis" || unit == "millisecond" || unit == "milliseconds") mult = 1;
  else if (unit == "microsecond" || unit == "microseconds" || unit == "tick" || unit == "ticks") mult = 0;
  else return std::nullopt;
  auto ms = static_cast<int64_t>(std::llround(num * mult));
  return neg ? -ms : ms;
}

std::optional<int64_t> ParseTimespanText(std::string_view s) {
  if (auto lit = ParseTimespanLiteral(s)) return lit;
  // [-][d.]hh:mm[:ss[.fffffff]]
  bool neg = false;
  size_t k = 0;
  if (k < s.size() && s[k] == '-') { neg = true; ++k; }
  auto num = [&](int64_t& out) {
    size_t st = k;
    out = 0;
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) out = out * 10 + (s[k++] - '0');
    return k > st;
  };
  int64_t a = 0, b = 0, c = 0, days = 0;
  if (!num(a)) return std::nullopt;
  if (k < s.size() && s[k] == '.') {
    days = a;
    ++k;
    if (!num(a)) return std::nullopt;
  }
  if (k >= s.size() || s[k] != ':') return std::nullopt;
  ++k;
  if (!num(b)) return std::nullopt;
  int64_t frac_ms = 0;
  if (k < s.size() && s[k] == ':') {
    ++k;
    if (!num(c)) return std::nullopt;
    if (k < s.size() && s[k] == '.') {
      ++k;
      int digits = 0;
      while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
        if (digits < 3) frac_ms = frac_ms * 10 + (s[k] - '0');
        ++digits;
        ++k;
      }
      for (; digits < 3; ++digits) frac_ms *= 10;
    }
  }
  if (k != s.size()) return std::nullopt;
  int64_t ms = days * kDay + a * kHour + b * kMinute + c * kSecond + frac_ms;
  return neg ? -ms : ms;
}

std::optional<int64_t> ParseDateTimeText(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.size() < 10) return std::nullopt;
  std::string t(s);
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  // Fractions longer than 3 digits (Log Analytics writes 7): keep milliseconds only.
  size_t dot = t.find('.', 10);
  if (dot != std::string::npos) {
    size_t e = dot + 1;
    while (e < t.size() && std::isdigit(static_cast<unsigned char>(t[e]))) ++e;
    if (e - dot - 1 > 3) t.erase(dot + 4, e - dot - 4);
  }
  return ParseIso(t);
}

}  // namespace td::engine::kql
