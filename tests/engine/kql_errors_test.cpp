// Broken queries: each error names the line and column of the offending token, with a caret and,
// for names, a suggestion. Plus the row and memory budgets.
#include "kql_fixture.h"

#include <algorithm>

using kqltest::Broken;
using kqltest::CheckBroken;
using kqltest::Fixture;
namespace kql = td::engine::kql;

namespace {

const Broken kCorpus[] = {
    {"SigninLogs | where UserPrincipleName == \"x\"", 1, 20, "unknown column", "UserPrincipalName"},
    {"SigninLogs\n| where ResultType == 0\n| summarize count() by UserPrincipleName", 3, 24, "unknown column", "UserPrincipalName"},
    {"SigninLog | take 1", 1, 1, "unknown table 'SigninLog'", "SigninLogs"},
    {"SigninLogs | wher ResultType == 0", 1, 14, "unknown operator 'wher'", "where"},
    {"SigninLogs | where IPAddress == \"10.0.0.1", 1, 33, "unclosed string", ""},
    {"SigninLogs | summarize cout()", 1, 24, "not an aggregation function", "count"},
    {"SigninLogs | where tolowr(UserPrincipalName) == \"a\"", 1, 20, "unknown function 'tolowr'", "tolower"},
    {"SigninLogs | project", 1, 21, "the query ends where an expression was expected", ""},
    {"SigninLogs | where (ResultType == 0", 1, 36, "expected ')'", ""},
    {"let x = 1\nSigninLogs", 2, 1, "expected ';' after the let statement", ""},
    {"SigninLogs | join kind=innr (OfficeActivity) on SessionId", 1, 24, "unknown join kind 'innr'", "inner"},
    {"SigninLogs | where TimeGenerated > ago(1x)", 1, 40, "'1x' is not a number or a timespan", ""},
    {"SigninLogs\n  | where TimeGenerated > datetime(2026-13-45)", 2, 27, "is not a datetime", ""},
    {"SigninLogs | join (OfficeActivity) on SesionId", 1, 39, "join key 'SesionId' is not a column of the left side", "SessionId"},
    {"SigninLogs | extend x = iff(true, 1)", 1, 25, "iff() takes 3 arguments, not 2", ""},
    {"SigninLogs | top-hitters 3 of UserPrincipalName by count()", 1, 14, "'top-hitters' operator is not supported", ""},
    {"SigninLogs | make-series count() on TimeGenerated", 1, 50, "expected 'step'", ""},
    {"SigninLogs | where ResultType = 0", 1, 31, "use '==' to compare", ""},
    {"SigninLogs | summarize count() by", 1, 34, "the query ends where an expression was expected", ""},
    {"SigninLogs | project-away NoSuchCol", 1, 27, "unknown column 'NoSuchCol'", ""},
    {"SigninLogs | order UserPrincipalName", 1, 20, "expected 'by'", ""},
    {"SigninLogs | where UserPrincipalName has_any \"a\"", 1, 46, "expected '(' after 'has_any'", ""},
    {"SigninLogs | where ResultType == 0 | | take 1", 1, 38, "expected an operator after '|'", ""},
    {"SigninLogs\n| extend City = tostring(LocationDetails.city)\n| where Cty == 'Seattle'", 3, 9, "unknown column or name 'Cty'", "City"},
    {"SigninLogs | where ResultType == 0 extra", 1, 36, "unexpected 'extra' after the query", ""},
    {"SigninLogs | take 1 | mv-apply x = dynamic([1]) on where x > 1", 1, 52, "expected '(' before the mv-apply subquery", ""},
    {"SigninLogs | where IPAddress matches regex '[unclosed'", 1, 44, "invalid regular expression", ""},
    {"let T = SigninLogs; T | where UserPrincipalName in (Tx)", 1, 53, "unknown column or name 'Tx'", "T"},
    {"SigninLogs | extend d = datetime_diff('fortnight', now(), TimeGenerated)", 1, 39, "unknown datetime part 'fortnight'", ""},
    {"SigninLogs | where ResultType == 0 |", 1, 37, "expected an operator after '|'", ""},
    {"SigninLogs | extend x = dynamic([1, 2", 1, 38, "expected ']'", ""},
    {"SigninLogs | where TimeGenerated > 5", 1, 34, "cannot compare a datetime with a long", ""},
    {"SigninLogs | where TimeGenerated between (1d .. 2d)", 1, 34, "cannot compare a datetime with a timespan", ""},
    {"SigninLogs | where UserPrincipalName", 1, 20, "the where condition is a string, not a bool", ""},
};

}  // namespace

TEST_CASE("kql errors: a corpus of broken queries, each with its line, column and suggestion") {
  Fixture f;
  CheckBroken(f, kCorpus);
}

TEST_CASE("kql errors: the formatted error shows the line with a caret under the token") {
  Fixture f;
  const std::string q = "SigninLogs\n| where UserPrincipleName == 'x'";
  kql::QueryError e = f.Err(q);
  CHECK(e.Format(q) ==
        "line 2, column 9: unknown column or name 'UserPrincipleName'\n"
        "  2 | | where UserPrincipleName == 'x'\n"
        "    |         ^^^^^^^^^^^^^^^^^\n"
        "  did you mean 'UserPrincipalName'?\n");
}

TEST_CASE("kql errors: Levenshtein suggestions ignore case and reject far names") {
  CHECK(kql::EditDistance("kitten", "sitting") == 3);
  CHECK(kql::EditDistance("ABC", "abc") == 0);
  CHECK(kql::ClosestName("UserPrincipleName", {"UserId", "UserPrincipalName", "UserType"}) == "UserPrincipalName");
  CHECK(kql::ClosestName("Zzzzz", {"UserId", "UserPrincipalName"}) == "");
}

TEST_CASE("kql limits: a cross join, a big mv-expand and a big result stop with a clear message") {
  Fixture f;
  kql::Limits small;
  small.max_rows = 10;
  auto run = f.engine->Run("SigninLogs | extend k = 1 | join kind=inner (SigninLogs | extend k = 1) on k", small);
  REQUIRE_FALSE(run.Ok());
  CHECK(run.error->message.find("query stopped: the join would hold more than 10 rows") == 0);
  CHECK(run.error->line == 1);
  CHECK(run.error->column == 29);
  run = f.engine->Run("SigninLogs | mv-expand x = dynamic([1,2,3,4,5,6,7,8,9,10,11,12])", small);
  REQUIRE_FALSE(run.Ok());
  CHECK(run.error->message.find("the mv-expand would hold more than 10 rows") != std::string::npos);
  kql::Limits few;
  few.max_result_rows = 5;
  run = f.engine->Run("SigninLogs", few);
  REQUIRE_FALSE(run.Ok());
  CHECK(run.error->message.find("more than the 5-row result budget") != std::string::npos);
  CHECK(f.engine->Run("SigninLogs | take 5", few).Ok());
  kql::Limits tiny_memory;
  tiny_memory.max_bytes = 1000;
  run = f.engine->Run("SigninLogs | extend a = strcat(UserPrincipalName, 'x'), b = 1, c = 2", tiny_memory);
  REQUIRE_FALSE(run.Ok());
  CHECK(run.error->message.find("(the memory budget)") != std::string::npos);
}

TEST_CASE("kql errors: RunOrError gives the rows or the formatted error") {
  Fixture f;
  auto ok = f.engine->RunOrError("SigninLogs | count");
  REQUIRE(ok.Ok());
  CHECK(ok.Value().Text(0, 0) == "6");
  auto bad = f.engine->RunOrError("SigninLogs | where Foo == 1");
  REQUIRE_FALSE(bad.Ok());
  CHECK(bad.ErrorMessage().rfind("line 1, column 20: unknown column or name 'Foo'", 0) == 0);
}

TEST_CASE("kql errors: a regular expression on a huge text is an error, not a crash") {
  Fixture f;
  kql::QueryRun run = f.engine->Run("datatable(s:string) ['a'] | where s matches regex 'a'");
  REQUIRE(run.Ok());
  CHECK(run.result.RowCount() == 1);
  std::string big(20000, 'a');
  run = f.engine->Run("print s = '" + big + "' | where s matches regex '(a|b)*c'");
  REQUIRE_FALSE(run.Ok());
  CHECK(run.error->message.find("regular expression was applied to a text of 20000 bytes") != std::string::npos);
}

TEST_CASE("kql engine: tables, schemas and language words for an editor") {
  Fixture f;
  CHECK(f.engine->TableNames() == std::vector<std::string>{"SigninLogs", "OfficeActivity"});
  auto schema = f.engine->TableSchema("SigninLogs");
  REQUIRE(schema.size() == 8);
  CHECK(schema[5].name == "LocationDetails");
  CHECK(schema[5].type == "dynamic");
  CHECK(f.engine->TableSchema("Nope").empty());
  auto words = kql::Engine::LanguageWords();
  CHECK(std::find(words.begin(), words.end(), "mv-expand") != words.end());
  CHECK(std::find(words.begin(), words.end(), "make_set") != words.end());
  CHECK(std::find(words.begin(), words.end(), "tolower") != words.end());
}
