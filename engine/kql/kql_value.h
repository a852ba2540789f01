#pragma once
// [SECTION] Value: one KQL scalar (bool, long, real, datetime, timespan, string, dynamic, null)
// [SECTION] Conversions and comparisons
//
// Datetimes and timespans are int64 milliseconds (the log store's resolution, not KQL's 100 ns
// ticks). Dynamic values hold a shared, immutable nlohmann::json so copies are cheap.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "engine/log_store.h"

namespace td::engine::kql {

using Json = nlohmann::json;

// [SECTION] Value

enum class VType : uint8_t { Null, Bool, Long, Real, DateTime, Timespan, String, Dynamic };
std::string_view VTypeName(VType t);  // "bool", "long", "real", "datetime", "timespan", …

struct Value {
  VType type = VType::Null;
  int64_t i = 0;                    // Bool (0/1), Long, DateTime (ms since epoch), Timespan (ms)
  double r = 0;                     // Real
  std::string s;                    // String
  std::shared_ptr<const Json> j;    // Dynamic (never null when type == Dynamic)

  static Value Null() { return {}; }
  static Value Bool(bool b) { Value v; v.type = VType::Bool; v.i = b; return v; }
  static Value Long(int64_t x) { Value v; v.type = VType::Long; v.i = x; return v; }
  static Value Real(double x) { Value v; v.type = VType::Real; v.r = x; return v; }
  static Value DateTime(int64_t ms) { Value v; v.type = VType::DateTime; v.i = ms; return v; }
  static Value Timespan(int64_t ms) { Value v; v.type = VType::Timespan; v.i = ms; return v; }
  static Value String(std::string x) { Value v; v.type = VType::String; v.s = std::move(x); return v; }
  static Value Dynamic(Json x);                                   // takes the JSON value
  static Value Dynamic(std::shared_ptr<const Json> x);

  bool IsNull() const { return type == VType::Null; }
  bool IsNumeric() const { return type == VType::Long || type == VType::Real; }
  double AsReal() const { return type == VType::Real ? r : static_cast<double>(i); }
};

// [SECTION] Conversions and comparisons

// A dynamic holding a JSON scalar becomes the plain value (string, long, real, bool, null);
// arrays, objects and non-dynamic values are returned unchanged.
Value Unwrap(const Value& v);
// tostring(): null → "", datetime → ISO with 7 fraction digits, dynamic → compact JSON
// (a dynamic string gives its text).
std::string ToText(const Value& v);
void AppendText(std::string& out, const Value& v);
// The value as JSON (datetime and timespan as strings), for pack()/make_set() and JSONL output.
Json ToJson(const Value& v);
Value FromJson(const Json& j);            // dynamic wrapper of any JSON value
Value FromCell(const Cell& c, ColumnType t);
std::optional<Value> ParseJsonText(std::string_view text);  // nullopt when not valid JSON

// Truthiness for where/iff: only bool true (or a dynamic true) is true.
bool IsTrue(const Value& v);
// Empty for isempty(): null, "" or an empty dynamic string. Arrays/objects are not empty.
bool IsEmpty(const Value& v);

// Equality as `==` sees it: numbers compare by value, strings exactly; nullopt when either side is
// null (the result of the comparison is null).
std::optional<bool> Equal(const Value& a, const Value& b, bool ignore_case = false);
// Ordering for <, >, sort: nullopt when not comparable (null or mixed kinds).
std::optional<int> Compare(const Value& a, const Value& b);
// A total order for sort and for deterministic sets: null first, then by kind, then by value.
int TotalOrder(const Value& a, const Value& b);
// Appends a compact byte key: equal values give equal keys (used by summarize and join).
void AppendKey(std::string& out, const Value& v);

// Formatting helpers.
void AppendTimespan(std::string& out, int64_t ms);   // "1.02:03:04.5000000"
std::string FormatReal(double d);                     // KQL-like shortest form
std::optional<int64_t> ParseTimespanLiteral(std::string_view s);  // "1d", "10m", "20min", "1.5h", "100ms"
std::optional<int64_t> ParseTimespanText(std::string_view s);     // "1.02:03:04", "00:10:00" or a literal
std::optional<int64_t> ParseDateTimeText(std::string_view s);     // ISO forms, space or 'T'

std::string ToLowerAscii(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace td::engine::kql
