// [SECTION] Function table
// [SECTION] Helpers
// [SECTION] CallFunction
#include "engine/kql/kql_functions.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_exec.h"

namespace td::engine::kql {

// [SECTION] Function table

namespace {

const FnInfo kFunctions[] = {
    {"ago", Fn::Ago, 1, 1}, {"now", Fn::Now, 0, 1}, {"bin", Fn::Bin, 2, 2}, {"floor", Fn::Floor, 1, 2},
    {"bin_at", Fn::BinAt, 3, 3}, {"startofday", Fn::StartOfDay, 1, 2}, {"endofday", Fn::EndOfDay, 1, 2},
    {"startofweek", Fn::StartOfWeek, 1, 2}, {"startofmonth", Fn::StartOfMonth, 1, 2},
    {"todatetime", Fn::ToDateTime, 1, 1}, {"tostring", Fn::ToString, 1, 1}, {"toint", Fn::ToLong, 1, 1},
    {"tolong", Fn::ToLong, 1, 1}, {"toreal", Fn::ToReal, 1, 1}, {"todouble", Fn::ToReal, 1, 1},
    {"todecimal", Fn::ToReal, 1, 1}, {"tobool", Fn::ToBool, 1, 1}, {"toboolean", Fn::ToBool, 1, 1},
    {"totimespan", Fn::ToTimespan, 1, 1}, {"tolower", Fn::ToLower, 1, 1}, {"toupper", Fn::ToUpper, 1, 1},
    {"toguid", Fn::ToString, 1, 1}, {"strcat", Fn::Strcat, 1, -1}, {"strcat_delim", Fn::StrcatDelim, 2, -1},
    {"strcat_array", Fn::StrcatArray, 2, 2}, {"split", Fn::Split, 2, 3}, {"isempty", Fn::IsEmpty, 1, 1},
    {"isnotempty", Fn::IsNotEmpty, 1, 1}, {"isnull", Fn::IsNull, 1, 1}, {"isnotnull", Fn::IsNotNull, 1, 1},
    {"iff", Fn::Iff, 3, 3}, {"iif", Fn::Iff, 3, 3}, {"case", Fn::Case, 3, -1}, {"parse_json", Fn::ParseJson, 1, 1},
    {"todynamic", Fn::ParseJson, 1, 1}, {"toobject", Fn::ParseJson, 1, 1}, {"pack", Fn::Pack, 0, -1},
    {"bag_pack", Fn::Pack, 0, -1}, {"pack_array", Fn::PackArray, 0, -1}, {"array_length", Fn::ArrayLength, 1, 1},
    {"array_slice", Fn::ArraySlice, 3, 3}, {"set_has_element", Fn::SetHasElement, 2, 2},
    {"set_difference", Fn::SetDifference, 2, -1}, {"set_union", Fn::SetUnion, 2, -1},
    {"set_intersect", Fn::SetIntersect, 2, -1}, {"array_concat", Fn::ArrayConcat, 1, -1}, {"trim", Fn::Trim, 2, 2},
    {"trim_start", Fn::TrimStart, 2, 2}, {"trim_end", Fn::TrimEnd, 2, 2}, {"replace_string", Fn::ReplaceString, 3, 3},
    {"replace", Fn::Replace, 3, 3}, {"replace_regex", Fn::ReplaceRegex, 3, 3}, {"extract", Fn::Extract, 3, 4},
    {"extract_all", Fn::ExtractAll, 2, 3}, {"countof", Fn::Countof, 2, 3}, {"abs", Fn::Abs, 1, 1},
    {"round", Fn::Round, 1, 2}, {"datetime_diff", Fn::DatetimeDiff, 3, 3}, {"datetime_add", Fn::DatetimeAdd, 3, 3},
    {"hash", Fn::Hash, 1, 2}, {"strlen", Fn::Strlen, 1, 1}, {"substring", Fn::Substring, 2, 3},
    {"indexof", Fn::Indexof, 2, 3}, {"not", Fn::Not, 1, 1}, {"coalesce", Fn::Coalesce, 1, -1},
    {"min_of", Fn::MinOf, 1, -1}, {"max_of", Fn::MaxOf, 1, -1}, {"gettype", Fn::GetType, 1, 1},
    {"format_datetime", Fn::FormatDatetime, 2, 2}, {"dayofweek", Fn::DayOfWeek, 1, 1},
    {"hourofday", Fn::HourOfDay, 1, 1}, {"getyear", Fn::GetYear, 1, 1}, {"getmonth", Fn::GetMonth, 1, 1},
    {"dayofmonth", Fn::DayOfMonth, 1, 1}, {"bag_keys", Fn::BagKeys, 1, 1}, {"bag_has_key", Fn::BagHasKey, 2, 2},
    {"array_index_of", Fn::ArrayIndexOf, 2, 2}, {"sqrt", Fn::Sqrt, 1, 1}, {"log", Fn::Log, 1, 1},
    {"log10", Fn::Log10, 1, 1}, {"exp", Fn::Exp, 1, 1}, {"exp10", Fn::Exp10, 1, 1}, {"pow", Fn::Pow, 2, 2},
    {"ceiling", Fn::Ceiling, 1, 1}, {"base64_decode_tostring", Fn::Base64Decode, 1, 1},
    {"ipv4_is_private", Fn::Ipv4IsPrivate, 1, 1}, {"string_size", Fn::StringSize, 1, 1}, {"tohex", Fn::ToHex, 1, 2},
    {"unixtime_seconds_todatetime", Fn::UnixtimeSecondsTodatetime, 1, 1}, {"make_datetime", Fn::MakeDatetime, 3, 7},
    {"prev", Fn::Prev, 1, 3}, {"next", Fn::Next, 1, 3}, {"row_number", Fn::RowNumber, 0, 2},
    {"ipv4_is_in_range", Fn::Ipv4InRange, 2, 2}, {"ipv4_is_match", Fn::Ipv4InRange, 2, 3},
    {"array_sort_asc", Fn::ArraySortAsc, 1, 2}, {"array_sort_desc", Fn::ArraySortDesc, 1, 2},
    {"bag_merge", Fn::BagMerge, 1, -1}, {"reverse", Fn::Reverse, 1, 1}, {"repeat", Fn::Repeat, 2, 2},
    {"parse_url", Fn::ParseUrl, 1, 1},
    {"datetime_utc_to_local", Fn::UtcToLocal, 2, 2}, {"series_decompose_anomalies", Fn::SeriesDecomposeAnomalies, 1, 7}, {"datetime_local_to_utc", Fn::LocalToUtc, 2, 2},
};

const char* kAggregates[] = {"count", "countif", "dcount", "dcountif", "count_distinct", "min", "max", "sum", "sumif",
                             "avg", "avgif", "make_set", "makeset", "make_list", "makelist", "make_bag", "arg_max",
                             "arg_min", "argmax", "argmin", "take_any", "any", "make_set_if", "make_list_if",
                             "minif", "maxif", "stdev", "variance", "percentile", "percentiles"};

}  // namespace

const FnInfo* FindFunction(std::string_view name) {
  for (const auto& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

const std::vector<std::string>& FunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& f : kFunctions) v.emplace_back(f.name);
    for (const char* a : kAggregates) v.emplace_back(a);
    v.emplace_back("column_ifexists");
    v.emplace_back("toscalar");
    return v;
  }();
  return names;
}

bool IsAggregateName(std::string_view name) {
  for (const char* a : kAggregates)
    if (name == a) return true;
  return false;
}

int RegexArgIndex(Fn f, int nargs) {
  switch (f) {
    case Fn::Trim: case Fn::TrimStart: case Fn::TrimEnd: case Fn::Replace: case Fn::Extract: case Fn::ExtractAll: return 0;
    case Fn::ReplaceRegex: return 1;
    default: (void)nargs; return -1;
  }
}

// [SECTION] Helpers

namespace {

std::string Text(const Value& v) { return ToText(Unwrap(v)); }

std::shared_ptr<std::regex> RegexFor(const Expr& e, size_t arg, const Value& pattern) {
  if (e.cache) return std::static_pointer_cast<std::regex>(e.cache);
  return CompileRegex(ToText(pattern), e.args[arg]->pos);
}

Value ToDateTimeValue(const Value& v0) {
  Value v = Unwrap(v0);
  switch (v.type) {
    case VType::DateTime: return v;
    case VType::String: {
      auto t = ParseDateTimeText(v.s);
      return t ? Value::DateTime(*t) : Value::Null();
    }
    case VType::Long: return Value::DateTime(v.i);
    default: return Value::Null();
  }
}

Value ToLongValue(const Value& v0) {
  Value v = Unwrap(v0);
  switch (v.type) {
    case VType::Long: return v;
    case VType::Bool: return Value::Long(v.i);
    case VType::Real: return std::isfinite(v.r) ? Value::Long(static_cast<int64_t>(v.r)) : Value::Null();
    case VType::DateTime: case VType::Timespan: return Value::Long(v.i);
    case VType::String: {
      if (v.s.empty()) return Value::Null();
      char* end = nullptr;
      double d = std::strtod(v.s.c_str(), &end);
      if (end == v.s.c_str() || *end != '\0') return Value::Null();
      return Value::Long(static_cast<int64_t>(d));
    }
    default: return Value::Null();
  }
}

Value ToRealValue(const Value& v0) {
  Value v = Unwrap(v0);
  switch (v.type) {
    case VType::Long: case VType::Bool: return Value::Real(static_cast<double>(v.i));
    case VType::Real: return v;
    case VType::String: {
      char* end = nullptr;
      double d = std::strtod(v.s.c_str(), &end);
      if (v.s.empty() || *end != '\0') return Value::Null();
      return Value::Real(d);
    }
    default: return Value::Null();
  }
}

Json ArrayOf(const Value& v) {
  if (v.type == VType::Dynamic && v.j->is_array()) return *v.j;
  if (v.IsNull()) return Json::array();
  Value d = AsDynamic(v);
  if (d.j->is_array()) return *d.j;
  return Json::array({*d.j});
}

std::string TrimRegex(const std::string& s, const std::regex& re, bool start, bool end) {
  std::string out = s;
  std::smatch m;
  if (start) {
    while (!out.empty() && std::regex_search(out, m, re, std::regex_constants::match_continuous) && m.length(0) > 0)
      out = out.substr(static_cast<size_t>(m.length(0)));
  }
  if (end) {
    bool changed = true;
    while (changed && !out.empty()) {
      changed = false;
      // Find a match that ends exactly at the end of the string.
      for (size_t i = 0; i < out.size(); ++i) {
        std::string tail = out.substr(i);
        if (std::regex_match(tail, re)) {
          out = out.substr(0, i);
          changed = true;
          break;
        }
      }
    }
  }
  return out;
}

int64_t PartMillis(const std::string& part) {
  std::string p = ToLowerAscii(part);
  if (p == "day" || p == "days") return kDay;
  if (p == "hour" || p == "hours") return kHour;
  if (p == "minute" || p == "minutes") return kMinute;
  if (p == "second" || p == "seconds") return kSecond;
  if (p == "millisecond" || p == "milliseconds") return 1;
  if (p == "week" || p == "weeks") return 7 * kDay;
  return 0;
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) { h ^= static_cast<unsigned char>(c); h *= 1099511628211ull; }
  return h;
}

std::string FormatDatetime(int64_t t, const std::string& fmt) {
  CivilTime c = ToCivil(t);
  std::string out;
  size_t i = 0;
  auto pad = [&](int v, size_t w) { std::string s = std::to_string(v); while (s.size() < w) s = "0" + s; out += s; };
  while (i < fmt.size()) {
    size_t run = 1;
    while (i + run < fmt.size() && fmt[i + run] == fmt[i]) ++run;
    char ch = fmt[i];
    switch (ch) {
      case 'y': pad(run <= 2 ? c.year % 100 : c.year, run); break;
      case 'M': pad(c.month, run); break;
      case 'd': pad(c.day, run); break;
      case 'H': pad(c.hour, run); break;
      case 'h': pad(c.hour % 12 == 0 ? 12 : c.hour % 12, run); break;
      case 'm': pad(c.minute, run); break;
      case 's': pad(c.second, run); break;
      case 'f': case 'F': {
        std::string ms = std::to_string(c.millis);
        while (ms.size() < 3) ms = "0" + ms;
        ms += "0000";
        out += ms.substr(0, std::min<size_t>(run, 7));
        break;
      }
      case 't': out += c.hour < 12 ? "AM" : "PM"; break;
      default: out.append(run, ch); break;
    }
    i += run;
  }
  return out;
}

// Time zones without daylight saving time (no tz database here): offset in minutes.
std::optional<int64_t> ZoneOffsetMinutes(const std::string& zone) {
  static const std::pair<const char*, int> kZones[] = {
      {"UTC", 0}, {"Etc/UTC", 0}, {"GMT", 0}, {"Asia/Taipei", 480}, {"Asia/Shanghai", 480}, {"Asia/Hong_Kong", 480},
      {"Asia/Singapore", 480}, {"Asia/Tokyo", 540}, {"Asia/Seoul", 540}, {"Asia/Kolkata", 330}, {"Asia/Dubai", 240},
      {"Africa/Lagos", 60}, {"Africa/Nairobi", 180}, {"America/Phoenix", -420}, {"Asia/Jakarta", 420}};
  for (const auto& [name, off] : kZones)
    if (zone == name) return off;
  return std::nullopt;
}

// "10.1.2.3" → 0x0A010203; nullopt when not a dotted IPv4 address.
std::optional<uint32_t> ParseIpv4(const std::string& s) {
  unsigned a, b, c, d;
  char tail;
  if (std::sscanf(s.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 || d > 255)
    return std::nullopt;
  return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string Base64Decode(const std::string& in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    size_t p = chars.find(c);
    if (p == std::string::npos) break;
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

}  // namespace

// [SECTION] CallFunction

Value CallFunction(Executor& ex, const Expr& e, const Relation& rel, size_t row) {
  const auto f = static_cast<Fn>(e.fn);
  auto arg = [&](size_t k) { return ex.Eval(*e.args[k], rel, row); };
  const size_t n = e.args.size();
  switch (f) {
    case Fn::ToScalar: return *static_cast<const Value*>(e.cache.get());
    case Fn::ColumnIfExists: {
      if (e.col >= 0) {
        Value tmp;
        const Value& v = rel.Get(static_cast<size_t>(e.col), row, tmp);
        return v;
      }
      return arg(1);
    }
    case Fn::Ago: {
      Value a = Unwrap(arg(0));
      if (a.type != VType::Timespan) return Value::Null();
      return Value::DateTime(ex.Now() - a.i);
    }
    case Fn::Now: {
      int64_t off = 0;
      if (n == 1) { Value a = Unwrap(arg(0)); if (a.type == VType::Timespan) off = a.i; }
      return Value::DateTime(ex.Now() + off);
    }
    case Fn::Bin: case Fn::Floor: {
      Value v = Unwrap(arg(0));
      if (n == 1) {
        if (v.type == VType::Real) return Value::Real(std::floor(v.r));
        return v;
      }
      Value s = Unwrap(arg(1));
      if (v.IsNull() || s.IsNull()) return Value::Null();
      if (v.type == VType::DateTime || v.type == VType::Timespan) {
        int64_t size = s.type == VType::Timespan ? s.i : static_cast<int64_t>(s.AsReal());
        Value out = v;
        out.i = BinDown(v.i, size);
        return out;
      }
      if (v.type == VType::Long && s.type == VType::Long) return Value::Long(BinDown(v.i, s.i));
      if (v.IsNumeric() && s.IsNumeric()) {
        double size = s.AsReal();
        if (size <= 0) return Value::Null();
        return Value::Real(std::floor(v.AsReal() / size) * size);
      }
      return Value::Null();
    }
    case Fn::BinAt: {
      Value v = Unwrap(arg(0)), s = Unwrap(arg(1)), at = Unwrap(arg(2));
      if (v.IsNull() || s.IsNull() || at.IsNull()) return Value::Null();
      int64_t size = s.type == VType::Timespan ? s.i : static_cast<int64_t>(s.AsReal());
      Value out = v;
      out.i = BinDown(v.i - at.i, size) + at.i;
      return out;
    }
    case Fn::StartOfDay: case Fn::EndOfDay: case Fn::StartOfWeek: case Fn::StartOfMonth: {
      Value v = ToDateTimeValue(arg(0));
      if (v.IsNull()) return v;
      int64_t offset = 0;
      if (n == 2) { Value o = Unwrap(arg(1)); if (o.type == VType::Long) offset = o.i; }
      CivilTime c = ToCivil(v.i);
      int64_t t;
      if (f == Fn::StartOfDay) t = BinDown(v.i, kDay) + offset * kDay;
      else if (f == Fn::EndOfDay) t = BinDown(v.i, kDay) + (offset + 1) * kDay - 1;
      else if (f == Fn::StartOfWeek) t = BinDown(v.i, kDay) - c.weekday * kDay + offset * 7 * kDay;
      else {
        int y = c.year, m = c.month + static_cast<int>(offset);
        while (m > 12) { m -= 12; ++y; }
        while (m < 1) { m += 12; --y; }
        t = FromCivil(y, m, 1);
      }
      return Value::DateTime(t);
    }
    case Fn::ToDateTime: return ToDateTimeValue(arg(0));
    case Fn::ToString: {
      Value v = arg(0);
      if (v.IsNull()) return Value::String("");
      return Value::String(ToText(v));
    }
    case Fn::ToLong: return ToLongValue(arg(0));
    case Fn::ToReal: return ToRealValue(arg(0));
    case Fn::ToBool: {
      Value v = Unwrap(arg(0));
      if (v.type == VType::Bool) return v;
      if (v.type == VType::Long) return Value::Bool(v.i != 0);
      if (v.type == VType::String) {
        if (EqualsIgnoreCase(v.s, "true") || v.s == "1") return Value::Bool(true);
        if (EqualsIgnoreCase(v.s, "false") || v.s == "0") return Value::Bool(false);
      }
      return Value::Null();
    }
    case Fn::ToTimespan: {
      Value v = Unwrap(arg(0));
      if (v.type == VType::Timespan) return v;
      if (v.type == VType::String) {
        auto t = ParseTimespanText(v.s);
        return t ? Value::Timespan(*t) : Value::Null();
      }
      if (v.type == VType::Long) return Value::Timespan(v.i);
      return Value::Null();
    }
    case Fn::ToLower: return Value::String(ToLowerAscii(Text(arg(0))));
    case Fn::ToUpper: {
      std::string s = Text(arg(0));
      for (char& c : s) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      return Value::String(std::move(s));
    }
    case Fn::Strcat: {
      std::string s;
      for (size_t k = 0; k < n; ++k) AppendText(s, Unwrap(arg(k)));
      return Value::String(std::move(s));
    }
    case Fn::StrcatDelim: {
      std::string d = Text(arg(0)), s;
      for (size_t k = 1; k < n; ++k) { if (k > 1) s += d; AppendText(s, Unwrap(arg(k))); }
      return Value::String(std::move(s));
    }
    case Fn::StrcatArray: {
      Value a = arg(0);
      std::string d = Text(arg(1)), s;
      Json arr = ArrayOf(a);
      bool first = true;
      for (const auto& item : arr) {
        if (!first) s += d;
        first = false;
        AppendText(s, Unwrap(Value::Dynamic(item)));
      }
      return Value::String(std::move(s));
    }
    case Fn::Split: {
      std::string s = Text(arg(0)), d = Text(arg(1));
      Json arr = Json::array();
      if (d.empty()) arr.push_back(s);
      else {
        size_t start = 0;
        for (;;) {
          size_t at = s.find(d, start);
          if (at == std::string::npos) { arr.push_back(s.substr(start)); break; }
          arr.push_back(s.substr(start, at - start));
          start = at + d.size();
        }
      }
      if (n == 3) {
        Value idx = Unwrap(arg(2));
        if (!idx.IsNumeric()) return Value::Null();
        auto i = static_cast<int64_t>(idx.AsReal());
        if (i < 0) i += static_cast<int64_t>(arr.size());
        if (i < 0 || i >= static_cast<int64_t>(arr.size())) return Value::Dynamic(Json::array());
        return Value::Dynamic(Json::array({arr[static_cast<size_t>(i)]}));
      }
      return Value::Dynamic(std::move(arr));
    }
    case Fn::IsEmpty: return Value::Bool(IsEmpty(arg(0)));
    case Fn::IsNotEmpty: return Value::Bool(!IsEmpty(arg(0)));
    case Fn::IsNull: { Value v = arg(0); return Value::Bool(v.IsNull() || (v.type == VType::Dynamic && v.j->is_null())); }
    case Fn::IsNotNull: { Value v = arg(0); return Value::Bool(!(v.IsNull() || (v.type == VType::Dynamic && v.j->is_null()))); }
    case Fn::Iff: return IsTrue(arg(0)) ? arg(1) : arg(2);
    case Fn::Case: {
      if (n % 2 == 0) throw QueryException(e.pos, "case() takes pairs of (condition, value) and a final else value");
      for (size_t k = 0; k + 1 < n; k += 2)
        if (IsTrue(arg(k))) return arg(k + 1);
      return arg(n - 1);
    }
    case Fn::ParseJson: {
      Value v = arg(0);
      if (v.type == VType::Dynamic) {
        if (v.j->is_string()) {
          const std::string& s = v.j->get_ref<const std::string&>();
          if (auto p = ParseJsonText(s)) return *p;
        }
        return v;
      }
      if (v.type == VType::String) {
        if (auto p = ParseJsonText(v.s)) return *p;
        return Value::Dynamic(Json(v.s));
      }
      if (v.IsNull()) return Value::Dynamic(Json());
      return Value::Dynamic(ToJson(v));
    }
    case Fn::Pack: {
      if (n % 2 != 0) throw QueryException(e.pos, e.name + "() takes pairs of (key, value)");
      Json obj = Json::object();
      for (size_t k = 0; k + 1 < n; k += 2) obj[Text(arg(k))] = ToJson(arg(k + 1));
      return Value::Dynamic(std::move(obj));
    }
    case Fn::PackArray: {
      Json arr = Json::array();
      for (size_t k = 0; k < n; ++k) arr.push_back(ToJson(arg(k)));
      return Value::Dynamic(std::move(arr));
    }
    case Fn::ArrayLength: {
      Value v = arg(0);
      if (v.type == VType::Dynamic && v.j->is_array()) return Value::Long(static_cast<int64_t>(v.j->size()));
      if (v.type == VType::String) {
        Value d = AsDynamic(v);
        if (d.j->is_array()) return Value::Long(static_cast<int64_t>(d.j->size()));
      }
      return Value::Null();
    }
    case Fn::ArraySlice: {
      Json arr = ArrayOf(arg(0));
      Value a = Unwrap(arg(1)), b = Unwrap(arg(2));
      auto sz = static_cast<int64_t>(arr.size());
      int64_t s = static_cast<int64_t>(a.AsReal()), t = static_cast<int64_t>(b.AsReal());
      if (s < 0) s += sz;
      if (t < 0) t += sz;
      s = std::max<int64_t>(0, s);
      t = std::min<int64_t>(sz - 1, t);
      Json out = Json::array();
      for (int64_t k = s; k <= t; ++k) out.push_back(arr[static_cast<size_t>(k)]);
      return Value::Dynamic(std::move(out));
    }
    case Fn::SetHasElement: {
      Json arr = ArrayOf(arg(0));
      Value needle = Unwrap(arg(1));
      for (const auto& item : arr)
        if (Equal(Unwrap(Value::Dynamic(item)), needle).value_or(false)) return Value::Bool(true);
      return Value::Bool(false);
    }
    case Fn::SetDifference: case Fn::SetUnion: case Fn::SetIntersect: case Fn::ArrayConcat: {
      std::vector<Json> arrays;
      for (size_t k = 0; k < n; ++k) arrays.push_back(ArrayOf(arg(k)));
      Json out = Json::array();
      if (f == Fn::ArrayConcat) {
        for (auto& a : arrays) for (auto& item : a) out.push_back(item);
        return Value::Dynamic(std::move(out));
      }
      std::unordered_set<std::string> seen;
      if (f == Fn::SetUnion) {
        for (auto& a : arrays)
          for (auto& item : a)
            if (seen.insert(item.dump()).second) out.push_back(item);
      } else if (f == Fn::SetDifference) {
        std::unordered_set<std::string> others;
        for (size_t k = 1; k < arrays.size(); ++k) for (auto& item : arrays[k]) others.insert(item.dump());
        for (auto& item : arrays[0]) {
          std::string key = item.dump();
          if (!others.count(key) && seen.insert(key).second) out.push_back(item);
        }
      } else {
        for (auto& item : arrays[0]) {
          std::string key = item.dump();
          bool all = true;
          for (size_t k = 1; k < arrays.size() && all; ++k) {
            bool found = false;
            for (auto& other : arrays[k]) if (other.dump() == key) { found = true; break; }
            all = found;
          }
          if (all && seen.insert(key).second) out.push_back(item);
        }
      }
      return Value::Dynamic(std::move(out));
    }
    case Fn::Trim: case Fn::TrimStart: case Fn::TrimEnd: {
      Value pattern = arg(0);
      auto re = RegexFor(e, 0, pattern);
      std::string s = Text(arg(1));
      CheckRegexInput(s, e.pos);
      return Value::String(TrimRegex(s, *re, f != Fn::TrimEnd, f != Fn::TrimStart));
    }
    case Fn::ReplaceString: {
      std::string s = Text(arg(0)), from = Text(arg(1)), to = Text(arg(2));
      if (from.empty()) return Value::String(s);
      std::string out;
      size_t start = 0, at;
      while ((at = s.find(from, start)) != std::string::npos) {
        out.append(s, start, at - start);
        out += to;
        start = at + from.size();
      }
      out.append(s, start);
      return Value::String(std::move(out));
    }
    case Fn::Replace: case Fn::ReplaceRegex: {
      // replace(regex, rewrite, text) and replace_regex(text, regex, rewrite); \1 in the rewrite is a group.
      const size_t ri = f == Fn::Replace ? 0 : 1;
      Value pattern = arg(ri);
      auto re = RegexFor(e, ri, pattern);
      std::string rewrite = Text(arg(f == Fn::Replace ? 1 : 2));
      std::string text = Text(arg(f == Fn::Replace ? 2 : 0));
      std::string fmt;
      for (size_t k = 0; k < rewrite.size(); ++k) {
        if (rewrite[k] == '\\' && k + 1 < rewrite.size() && std::isdigit(static_cast<unsigned char>(rewrite[k + 1]))) {
          fmt += '$';
          fmt += rewrite[++k];
        } else if (rewrite[k] == '$') {
          fmt += "$$";
        } else {
          fmt += rewrite[k];
        }
      }
      CheckRegexInput(text, e.pos);
      return Value::String(std::regex_replace(text, *re, fmt));
    }
    case Fn::Extract: {
      Value pattern = arg(0);
      auto re = RegexFor(e, 0, pattern);
      Value g = Unwrap(arg(1));
      std::string text = Text(arg(2));
      std::smatch m;
      CheckRegexInput(text, e.pos);
      if (!std::regex_search(text, m, *re)) return n == 4 ? Value::Null() : Value::String("");
      auto gi = static_cast<size_t>(g.AsReal());
      if (gi >= m.size()) return Value::String("");
      Value out = Value::String(m[gi].str());
      if (n == 4) {
        const Expr& t = *e.args[3];
        if (t.kind == ExprKind::Name && t.name == "typeof") return out;
      }
      return out;
    }
    case Fn::ExtractAll: {
      Value pattern = arg(0);
      auto re = RegexFor(e, 0, pattern);
      std::string text = Text(arg(n - 1));
      std::vector<size_t> groups;
      if (n == 3) {
        // Named groups: map names to group numbers by their order in the pattern.
        Json wanted = ArrayOf(arg(1));
        std::string p = ToText(pattern);
        std::vector<std::string> names;
        size_t pos = 0, group = 0;
        std::vector<std::pair<std::string, size_t>> named;
        for (size_t k = 0; k < p.size(); ++k) {
          if (p[k] == '\\') { ++k; continue; }
          if (p[k] == '(' && (k + 1 >= p.size() || p[k + 1] != '?' || (k + 2 < p.size() && (p[k + 2] == 'P' || p[k + 2] == '<') && !(p[k + 2] == '<' && k + 3 < p.size() && (p[k + 3] == '=' || p[k + 3] == '!'))))) {
            ++group;
            size_t lt = p.find('<', k);
            size_t gt = p.find('>', k);
            if (k + 1 < p.size() && p[k + 1] == '?' && lt != std::string::npos && gt != std::string::npos)
              named.emplace_back(p.substr(lt + 1, gt - lt - 1), group);
          }
        }
        (void)pos;
        for (const auto& w : wanted) {
          std::string name = w.is_string() ? w.get<std::string>() : w.dump();
          size_t g = 0;
          for (auto& [nm, gi] : named) if (nm == name) g = gi;
          if (g == 0 && !name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) g = std::stoul(name);
          groups.push_back(g);
        }
      }
      Json out = Json::array();
      CheckRegexInput(text, e.pos);
      for (auto it = std::sregex_iterator(text.begin(), text.end(), *re); it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        if (n == 3) {
          Json item = Json::array();
          for (size_t g : groups) item.push_back(g < m.size() && m[g].matched ? Json(m[g].str()) : Json(""));
          out.push_back(item);
        } else if (m.size() == 1) {
          out.push_back(m[0].str());
        } else if (m.size() == 2) {
          out.push_back(m[1].str());
        } else {
          Json item = Json::array();
          for (size_t g = 1; g < m.size(); ++g) item.push_back(m[g].str());
          out.push_back(item);
        }
      }
      if (out.empty()) return Value::Null();
      return Value::Dynamic(std::move(out));
    }
    case Fn::Countof: {
      std::string text = Text(arg(0)), search = Text(arg(1));
      bool regex = n == 3 && Text(arg(2)) == "regex";
      if (regex) {
        auto re = CompileRegex(search, e.args[1]->pos);
        CheckRegexInput(text, e.pos);
        auto b = std::sregex_iterator(text.begin(), text.end(), *re);
        return Value::Long(static_cast<int64_t>(std::distance(b, std::sregex_iterator())));
      }
      if (search.empty()) return Value::Long(0);
      int64_t c = 0;
      for (size_t at = text.find(search); at != std::string::npos; at = text.find(search, at + search.size())) ++c;
      return Value::Long(c);
    }
    case Fn::Abs: {
      Value v = Unwrap(arg(0));
      if (v.type == VType::Long || v.type == VType::Timespan) { v.i = v.i < 0 ? -v.i : v.i; return v; }
      if (v.type == VType::Real) return Value::Real(std::fabs(v.r));
      return Value::Null();
    }
    case Fn::Round: {
      Value v = Unwrap(arg(0));
      if (!v.IsNumeric()) return Value::Null();
      int64_t digits = 0;
      if (n == 2) digits = static_cast<int64_t>(Unwrap(arg(1)).AsReal());
      if (v.type == VType::Long && digits >= 0) return v;
      double scale = std::pow(10.0, static_cast<double>(digits));
      return Value::Real(std::round(v.AsReal() * scale) / scale);
    }
    case Fn::DatetimeDiff: {
      std::string part = ToLowerAscii(Text(arg(0)));
      Value a = ToDateTimeValue(arg(1)), b = ToDateTimeValue(arg(2));
      if (a.IsNull() || b.IsNull()) return Value::Null();
      if (part == "year" || part == "month" || part == "quarter") {
        CivilTime ca = ToCivil(a.i), cb = ToCivil(b.i);
        int64_t months = (ca.year - cb.year) * 12 + (ca.month - cb.month);
        if (part == "year") return Value::Long(ca.year - cb.year);
        if (part == "quarter") return Value::Long((ca.year * 4 + (ca.month - 1) / 3) - (cb.year * 4 + (cb.month - 1) / 3));
        return Value::Long(months);
      }
      int64_t unit = PartMillis(part);
      if (unit == 0) throw QueryException(e.args[0]->pos, "unknown datetime part '" + part + "' (use day, hour, minute, second, millisecond, week, month, year)");
      return Value::Long(BinDown(a.i, unit) / unit - BinDown(b.i, unit) / unit);
    }
    case Fn::DatetimeAdd: {
      std::string part = ToLowerAscii(Text(arg(0)));
      Value amount = Unwrap(arg(1));
      Value d = ToDateTimeValue(arg(2));
      if (d.IsNull() || !amount.IsNumeric()) return Value::Null();
      auto k = static_cast<int64_t>(amount.AsReal());
      if (part == "month" || part == "year") {
        CivilTime c = ToCivil(d.i);
        int m = c.month + static_cast<int>(part == "year" ? k * 12 : k), y = c.year;
        while (m > 12) { m -= 12; ++y; }
        while (m < 1) { m += 12; --y; }
        return Value::DateTime(FromCivil(y, m, c.day, c.hour, c.minute, c.second, c.millis));
      }
      int64_t unit = PartMillis(part);
      if (unit == 0) throw QueryException(e.args[0]->pos, "unknown datetime part '" + part + "'");
      return Value::DateTime(d.i + k * unit);
    }
    case Fn::Hash: {
      uint64_t h = Fnv1a(ToText(arg(0)));
      auto v = static_cast<int64_t>(h & 0x7fffffffffffffffull);
      if (n == 2) {
        Value m = Unwrap(arg(1));
        if (m.type == VType::Long && m.i > 0) v %= m.i;
      }
      return Value::Long(v);
    }
    case Fn::Strlen: return Value::Long(static_cast<int64_t>(Text(arg(0)).size()));
    case Fn::StringSize: return Value::Long(static_cast<int64_t>(Text(arg(0)).size()));
    case Fn::Substring: {
      std::string s = Text(arg(0));
      auto start = static_cast<int64_t>(Unwrap(arg(1)).AsReal());
      if (start < 0) start = 0;
      if (start >= static_cast<int64_t>(s.size())) return Value::String("");
      size_t len = std::string::npos;
      if (n == 3) len = static_cast<size_t>(std::max<int64_t>(0, static_cast<int64_t>(Unwrap(arg(2)).AsReal())));
      return Value::String(s.substr(static_cast<size_t>(start), len));
    }
    case Fn::Indexof: {
      std::string s = Text(arg(0)), needle = Text(arg(1));
      size_t start = 0;
      if (n == 3) start = static_cast<size_t>(std::max<int64_t>(0, static_cast<int64_t>(Unwrap(arg(2)).AsReal())));
      size_t at = s.find(needle, start);
      return Value::Long(at == std::string::npos ? -1 : static_cast<int64_t>(at));
    }
    case Fn::Not: { Value v = arg(0); if (v.IsNull()) return v; return Value::Bool(!IsTrue(v)); }
    case Fn::Coalesce: {
      for (size_t k = 0; k < n; ++k) {
        Value v = arg(k);
        if (!IsEmpty(v)) return v;
      }
      return Value::Null();
    }
    case Fn::MinOf: case Fn::MaxOf: {
      Value best;
      for (size_t k = 0; k < n; ++k) {
        Value v = Unwrap(arg(k));
        if (v.IsNull()) continue;
        if (best.IsNull()) { best = v; continue; }
        auto c = Compare(v, best);
        if (c && ((f == Fn::MinOf && *c < 0) || (f == Fn::MaxOf && *c > 0))) best = v;
      }
      return best;
    }
    case Fn::GetType: {
      Value v = arg(0);
      if (v.type == VType::Dynamic) {
        const Json& j = *v.j;
        if (j.is_array()) return Value::String("array");
        if (j.is_object()) return Value::String("dictionary");
        v = Unwrap(v);
      }
      if (v.IsNull()) return Value::String("null");
      std::string name(VTypeName(v.type));
      if (name == "real") name = "real";
      return Value::String(name);
    }
    case Fn::FormatDatetime: {
      Value d = ToDateTimeValue(arg(0));
      if (d.IsNull()) return Value::String("");
      return Value::String(FormatDatetime(d.i, Text(arg(1))));
    }
    case Fn::DayOfWeek: {
      Value d = ToDateTimeValue(arg(0));
      if (d.IsNull()) return d;
      return Value::Timespan(ToCivil(d.i).weekday * kDay);
    }
    case Fn::HourOfDay: case Fn::GetYear: case Fn::GetMonth: case Fn::DayOfMonth: {
      Value d = ToDateTimeValue(arg(0));
      if (d.IsNull()) return d;
      CivilTime c = ToCivil(d.i);
      return Value::Long(f == Fn::HourOfDay ? c.hour : f == Fn::GetYear ? c.year : f == Fn::GetMonth ? c.month : c.day);
    }
    case Fn::BagKeys: {
      Value v = AsDynamic(arg(0));
      if (!v.j->is_object()) return Value::Null();
      Json out = Json::array();
      for (auto it = v.j->begin(); it != v.j->end(); ++it) out.push_back(it.key());
      return Value::Dynamic(std::move(out));
    }
    case Fn::BagHasKey: {
      Value v = AsDynamic(arg(0));
      return Value::Bool(v.j->is_object() && v.j->contains(Text(arg(1))));
    }
    case Fn::ArrayIndexOf: {
      Json arr = ArrayOf(arg(0));
      Value needle = Unwrap(arg(1));
      for (size_t k = 0; k < arr.size(); ++k)
        if (Equal(Unwrap(Value::Dynamic(arr[k])), needle).value_or(false)) return Value::Long(static_cast<int64_t>(k));
      return Value::Long(-1);
    }
    case Fn::Sqrt: case Fn::Log: case Fn::Log10: case Fn::Exp: case Fn::Exp10: case Fn::Ceiling: {
      Value v = Unwrap(arg(0));
      if (!v.IsNumeric()) return Value::Null();
      double x = v.AsReal();
      double r = f == Fn::Sqrt ? std::sqrt(x) : f == Fn::Log ? std::log(x) : f == Fn::Log10 ? std::log10(x)
               : f == Fn::Exp ? std::exp(x) : f == Fn::Exp10 ? std::pow(10.0, x) : std::ceil(x);
      if (f == Fn::Ceiling && v.type == VType::Long) return v;
      return Value::Real(r);
    }
    case Fn::Pow: {
      Value a = Unwrap(arg(0)), b = Unwrap(arg(1));
      if (!a.IsNumeric() || !b.IsNumeric()) return Value::Null();
      return Value::Real(std::pow(a.AsReal(), b.AsReal()));
    }
    case Fn::Base64Decode: return Value::String(Base64Decode(Text(arg(0))));
    case Fn::Ipv4IsPrivate: {
      std::string ip = Text(arg(0));
      unsigned a = 0, b = 0, c = 0, d = 0;
      if (std::sscanf(ip.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) != 4) return Value::Null();
      bool priv = a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
      return Value::Bool(priv);
    }
    case Fn::ToHex: {
      Value v = Unwrap(arg(0));
      if (v.type != VType::Long) return Value::Null();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v.i));
      return Value::String(buf);
    }
    case Fn::UnixtimeSecondsTodatetime: {
      Value v = Unwrap(arg(0));
      if (!v.IsNumeric()) return Value::Null();
      return Value::DateTime(static_cast<int64_t>(std::llround(v.AsReal() * 1000.0)));
    }
    case Fn::UtcToLocal: case Fn::LocalToUtc: {
      Value d = ToDateTimeValue(arg(0));
      std::string zone = Text(arg(1));
      auto off = ZoneOffsetMinutes(zone);
      if (!off)
        throw QueryException(e.args[1]->pos, "time zone '" + zone + "' is not known here (only zones without daylight saving time, e.g. Asia/Taipei, UTC)");
      if (d.IsNull()) return d;
      return Value::DateTime(d.i + (f == Fn::UtcToLocal ? 1 : -1) * *off * kMinute);
    }
    case Fn::SeriesDecomposeAnomalies: {
      // A simplified decomposition: baseline = least-squares line ('linefit', the default), the
      // mean ('avg') or 0 ('none'); no seasonal component. Residuals are scored with Tukey's
      // fences: score = distance beyond the inter-quartile range, in IQRs; |score| > threshold
      // marks an anomaly (+1 above, -1 below). Returns [anomalies, score, baseline].
      Json arr = ArrayOf(arg(0));
      double threshold = 1.5;
      if (n >= 2) { Value t = Unwrap(arg(1)); if (t.IsNumeric()) threshold = t.AsReal(); }
      std::string trend = n >= 4 ? Text(arg(3)) : "linefit";
      std::vector<double> y;
      for (const auto& v : arr) y.push_back(v.is_number() ? v.get<double>() : 0.0);
      const size_t m = y.size();
      std::vector<double> base(m, 0.0);
      if (m > 0 && trend != "none") {
        double mean = 0;
        for (double v : y) mean += v;
        mean /= static_cast<double>(m);
        if (trend == "avg" || m < 2) {
          std::fill(base.begin(), base.end(), mean);
        } else {
          const double xm = static_cast<double>(m - 1) / 2.0;
          double sxy = 0, sxx = 0;
          for (size_t i = 0; i < m; ++i) {
            sxy += (static_cast<double>(i) - xm) * (y[i] - mean);
            sxx += (static_cast<double>(i) - xm) * (static_cast<double>(i) - xm);
          }
          const double slope = sxx > 0 ? sxy / sxx : 0;
          for (size_t i = 0; i < m; ++i) base[i] = mean + slope * (static_cast<double>(i) - xm);
        }
      }
      std::vector<double> res(m);
      for (size_t i = 0; i < m; ++i) res[i] = y[i] - base[i];
      std::vector<double> sorted = res;
      std::sort(sorted.begin(), sorted.end());
      auto quantile = [&](double q) {
        if (sorted.empty()) return 0.0;
        const double pos = q * static_cast<double>(sorted.size() - 1);
        const auto i = static_cast<size_t>(pos);
        const double frac = pos - static_cast<double>(i);
        return i + 1 < sorted.size() ? sorted[i] * (1 - frac) + sorted[i + 1] * frac : sorted[i];
      };
      const double q1 = quantile(0.25), q3 = quantile(0.75), iqr = q3 - q1;
      Json anomalies = Json::array(), score = Json::array(), baseline = Json::array();
      for (size_t i = 0; i < m; ++i) {
        double sc = 0;
        if (iqr > 0) {
          if (res[i] > q3) sc = (res[i] - q3) / iqr;
          else if (res[i] < q1) sc = -(q1 - res[i]) / iqr;
        }
        anomalies.push_back(sc > threshold ? 1 : sc < -threshold ? -1 : 0);
        score.push_back(sc);
        baseline.push_back(base[i]);
      }
      return Value::Dynamic(Json::array({anomalies, score, baseline}));
    }
    case Fn::Prev: case Fn::Next: {
      // The value of an expression on an earlier/later row of the (serialized) input.
      int64_t off = 1;
      if (n >= 2) { Value o = Unwrap(arg(1)); if (o.type == VType::Long) off = o.i; }
      const int64_t target = static_cast<int64_t>(row) + (f == Fn::Prev ? -off : off);
      if (target < 0 || target >= static_cast<int64_t>(rel.n)) return n == 3 ? arg(2) : Value::Null();
      return ex.Eval(*e.args[0], rel, static_cast<size_t>(target));
    }
    case Fn::RowNumber: {
      int64_t first = 1;
      if (n >= 1) { Value o = Unwrap(arg(0)); if (o.type == VType::Long) first = o.i; }
      return Value::Long(first + static_cast<int64_t>(row));
    }
    case Fn::Ipv4InRange: {
      auto ip = ParseIpv4(Text(arg(0)));
      std::string range = Text(arg(1));
      int prefix = 32;
      if (size_t slash = range.find('/'); slash != std::string::npos) {
        prefix = std::atoi(range.c_str() + slash + 1);
        range = range.substr(0, slash);
      }
      if (n == 3) { Value p = Unwrap(arg(2)); if (p.type == VType::Long) prefix = static_cast<int>(p.i); }
      auto net = ParseIpv4(range);
      if (!ip || !net || prefix < 0 || prefix > 32) return Value::Null();
      const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
      return Value::Bool((*ip & mask) == (*net & mask));
    }
    case Fn::ArraySortAsc: case Fn::ArraySortDesc: {
      Json arr = ArrayOf(arg(0));
      std::vector<Value> vals;
      for (const auto& item : arr) vals.push_back(Unwrap(Value::Dynamic(item)));
      std::stable_sort(vals.begin(), vals.end(), [&](const Value& a, const Value& b) {
        const int c = TotalOrder(a, b);
        return f == Fn::ArraySortAsc ? c < 0 : c > 0;
      });
      Json out = Json::array();
      for (const auto& v : vals) out.push_back(ToJson(v));
      return Value::Dynamic(std::move(out));
    }
    case Fn::BagMerge: {
      Json out = Json::object();
      for (size_t k = 0; k < n; ++k) {
        Value v = AsDynamic(arg(k));
        if (!v.j->is_object()) continue;
        for (auto it = v.j->begin(); it != v.j->end(); ++it)
          if (!out.contains(it.key())) out[it.key()] = it.value();
      }
      return Value::Dynamic(std::move(out));
    }
    case Fn::Reverse: {
      std::string str = Text(arg(0));
      return Value::String(std::string(str.rbegin(), str.rend()));
    }
    case Fn::Repeat: {
      Value v = arg(0), c = Unwrap(arg(1));
      if (c.type != VType::Long || c.i < 0 || c.i > 100000) return Value::Null();
      Json out = Json::array();
      for (int64_t k = 0; k < c.i; ++k) out.push_back(ToJson(v));
      return Value::Dynamic(std::move(out));
    }
    case Fn::ParseUrl: {
      // {"Scheme","Host","Port","Path","Username","Password","Query Parameters","Fragment"}
      std::string url = Text(arg(0));
      Json out = Json::object();
      size_t p = url.find("://");
      if (p == std::string::npos) return Value::Dynamic(Json::object());
      out["Scheme"] = url.substr(0, p);
      std::string rest = url.substr(p + 3);
      std::string frag, query;
      if (size_t h = rest.find('#'); h != std::string::npos) { frag = rest.substr(h + 1); rest = rest.substr(0, h); }
      if (size_t q = rest.find('?'); q != std::string::npos) { query = rest.substr(q + 1); rest = rest.substr(0, q); }
      size_t slash = rest.find('/');
      std::string authority = rest.substr(0, slash);
      out["Path"] = slash == std::string::npos ? std::string() : rest.substr(slash);
      std::string user, pass;
      if (size_t at = authority.find('@'); at != std::string::npos) {
        std::string cred = authority.substr(0, at);
        authority = authority.substr(at + 1);
        size_t colon = cred.find(':');
        user = cred.substr(0, colon);
        if (colon != std::string::npos) pass = cred.substr(colon + 1);
      }
      std::string port;
      if (size_t colon = authority.rfind(':'); colon != std::string::npos && authority.find(']') == std::string::npos) {
        port = authority.substr(colon + 1);
        authority = authority.substr(0, colon);
      }
      out["Host"] = authority;
      out["Port"] = port;
      out["Username"] = user;
      out["Password"] = pass;
      Json params = Json::object();
      size_t start = 0;
      while (!query.empty() && start <= query.size()) {
        size_t amp = query.find('&', start);
        std::string kv = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        size_t eq = kv.find('=');
        if (!kv.empty()) params[kv.substr(0, eq)] = eq == std::string::npos ? std::string() : kv.substr(eq + 1);
        if (amp == std::string::npos) break;
        start = amp + 1;
      }
      out["Query Parameters"] = params;
      out["Fragment"] = frag;
      return Value::Dynamic(std::move(out));
    }
    case Fn::MakeDatetime: {
      int parts[7] = {0, 1, 1, 0, 0, 0, 0};
      for (size_t k = 0; k < n && k < 7; ++k) parts[k] = static_cast<int>(Unwrap(arg(k)).AsReal());
      return Value::DateTime(FromCivil(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]));
    }
  }
  throw QueryException(e.pos, "internal: function '" + e.name + "' has no implementation");
}

}  // namespace td::engine::kql
