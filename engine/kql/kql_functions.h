#pragma once
// Scalar functions of the KQL subset: the name table (for binding and "did you mean") and the
// evaluator. Aggregation functions live in kql_summarize.cpp.
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kql/kql_ast.h"

namespace td::engine::kql {

class Executor;
struct Relation;

enum class Fn : int {
  Ago, Now, Bin, BinAt, StartOfDay, EndOfDay, StartOfWeek, StartOfMonth, ToDateTime, ToString, ToLong, ToReal,
  ToBool, ToTimespan, ToLower, ToUpper, Strcat, StrcatDelim, StrcatArray, Split, IsEmpty, IsNotEmpty, IsNull,
  IsNotNull, Iff, Case, ParseJson, Pack, PackArray, ArrayLength, ArraySlice, SetHasElement, SetDifference,
  SetUnion, SetIntersect, ArrayConcat, Trim, TrimStart, TrimEnd, ReplaceString, Replace, ReplaceRegex, Extract,
  ExtractAll, Countof, Abs, Round, DatetimeDiff, DatetimeAdd, Hash, ColumnIfExists, Strlen, Substring, Indexof,
  Not, Coalesce, MinOf, MaxOf, GetType, FormatDatetime, DayOfWeek, HourOfDay, GetYear, GetMonth, DayOfMonth,
  BagKeys, BagHasKey, ArrayIndexOf, Sqrt, Log, Exp, Pow, ToScalar, Floor, Base64Decode, Ipv4IsPrivate,
  StringSize, ToHex, Log10, Ceiling, UnixtimeSecondsTodatetime, MakeDatetime, Exp10, UtcToLocal, LocalToUtc, SeriesDecomposeAnomalies, Prev, Next, RowNumber, Ipv4InRange, ArraySortAsc,
  ArraySortDesc, BagMerge, Reverse, Repeat, ParseUrl,
};

struct FnInfo {
  const char* name;
  Fn id;
  int min_args;
  int max_args;  // -1: any number
};

const FnInfo* FindFunction(std::string_view name);
const std::vector<std::string>& FunctionNames();
bool IsAggregateName(std::string_view name);
int RegexArgIndex(Fn f, int nargs);  // which argument is a regular expression, -1 when none

Value CallFunction(Executor& ex, const Expr& e, const Relation& rel, size_t row);

// String predicates shared with the operators.
bool HasTerm(std::string_view hay, std::string_view needle, bool case_sensitive, bool prefix_only);
bool ContainsText(std::string_view hay, std::string_view needle, bool case_sensitive);
std::shared_ptr<std::regex> CompileRegex(const std::string& pattern, const Pos& pos);
// std::regex recurses per character and overflows the stack on long inputs: longer texts are a
// query error instead of a crash.
constexpr size_t kMaxRegexInput = 16 * 1024;
void CheckRegexInput(const std::string& text, const Pos& pos);
Value MemberOf(const Value& base, std::string_view name);
Value IndexOf(const Value& base, const Value& idx);
Value AsDynamic(const Value& v);
inline int64_t BinDown(int64_t v, int64_t size) {  // floor to a multiple of size (size > 0)
  if (size <= 0) return v;
  int64_t q = v / size;
  if (v % size != 0 && v < 0) --q;
  return q * size;
}

}  // namespace td::engine::kql
