// User-defined functions (`let f = (x:long) {...}`) and the `render` operator, against
// hand-computed results on the fixture (tests/engine/kql_fixture.h): six sign-ins on
// 2026-03-02 (alice 01:00 s1, bob 02:00 s2 failed 50126, alice 03:00 s3 from 203.0.113.5,
// carol 04:00 s4, bob 05:00 s5, alice 20:00 s6 from 203.0.113.5) and five Office events;
// now = 2026-03-03T00:00Z.
#include "kql_fixture.h"

#include <algorithm>

using kqltest::Broken;
using kqltest::CheckBroken;
using kqltest::Fixture;
namespace kql = td::engine::kql;
using V = std::vector<std::string>;

// [SECTION] Scalar functions

TEST_CASE("kql udf: a scalar function with a default, called positionally and by name") {
  Fixture f;
  const std::string def = "let tag = (u:string, n:long = 3) { strcat(u, \"-\", tostring(n)) };\n";
  auto r = f.Q(def + "SigninLogs | where SessionId == 's1' | extend x = tag(UserPrincipalName), y = tag(UserPrincipalName, 7) | project x, y");
  REQUIRE(r.RowCount() == 1);
  CHECK(r.Text(0, 0) == "alice@contoso.com-3");
  CHECK(r.Text(0, 1) == "alice@contoso.com-7");
  CHECK(f.Scalar(def + "print v = tag('z', n = 5)") == "z-5");
  CHECK(f.Scalar(def + "print v = tag(n = 9, u = 'q')") == "q-9");
  CHECK(f.Scalar(def + "print v = tag(u = 'q')") == "q-3");
}

TEST_CASE("kql udf: calls in where, extend, project, summarize arguments and summarize by") {
  Fixture f;
  // Only bob's 02:00 sign-in failed.
  auto failed = f.Q("let failed = (r:string) { r != '0' };\nSigninLogs | where failed(ResultType) | project UserPrincipalName, SessionId");
  CHECK(Fixture::Col(failed, "SessionId") == V{"s2"});
  auto by = f.Q("let who = (u:string) { tostring(split(u, '@')[0]) };\n"
                "SigninLogs | summarize ok = countif(ResultType == '0'), apps = dcount(who(AppDisplayName)) by name = who(UserPrincipalName)"
                " | order by name asc");
  CHECK(Fixture::Col(by, "name") == V{"alice", "bob", "carol"});
  CHECK(Fixture::Col(by, "ok") == V{"3", "1", "1"});
  CHECK(Fixture::Col(by, "apps") == V{"2", "1", "1"});  // alice: Exchange Online, OfficeHome
  auto proj = f.Q("let hours = (t:datetime) { datetime_diff('hour', t, datetime(2026-03-02)) };\n"
                  "SigninLogs | where UserPrincipalName == 'alice@contoso.com' | project h = hours(TimeGenerated)");
  CHECK(Fixture::Col(proj, "h") == V{"1", "3", "20"});
}

TEST_CASE("kql udf: a function calls an earlier one; a body reads earlier lets; parameters hide columns") {
  Fixture f;
  CHECK(f.Scalar("let twice = (x:long) { x * 2 }; let more = (x:long) { twice(x) + 1 }; print v = more(5)") == "11");
  CHECK(f.Scalar("let twice = (x:long) { x * 2 }; print v = twice(twice(3))") == "12");
  CHECK(f.Scalar("let base = 10; let add = (x:long) { x + base }; print v = add(5)") == "15");
  // The parameter ResultType hides the column of that name.
  auto r = f.Q("let r = (ResultType:string) { strcat('r', ResultType) };\nSigninLogs | where SessionId == 's2' | project v = r('x')");
  CHECK(Fixture::Col(r, "v") == V{"rx"});
  // A parameter may have the function's own name (it is not a recursive call).
  CHECK(f.Scalar("let inc = (inc:long) { inc + 1 }; print v = inc(2)") == "3");
  // A function defined again replaces the first definition for what follows.
  CHECK(f.Scalar("let g = (x:long) { x + 1 }; let g = (x:long) { x + 100 }; print v = g(1)") == "101");
  // A later plain let of the same name replaces the function.
  CHECK(f.Scalar("let g = (x:long) { x + 1 }; let g = 7; print v = g") == "7");
}

TEST_CASE("kql udf: a long argument of a real parameter is a real") {
  Fixture f;
  CHECK(f.Scalar("let half = (x:real) { x / 2 }; print v = half(3)") == "1.5");
  // strlen('alice@contoso.com') = 17: 17 / 2 would be 8 as a long.
  auto r = f.Q("let half = (x:real) { x / 2 };\nSigninLogs | where SessionId == 's1' | project h = half(strlen(UserPrincipalName))");
  CHECK(Fixture::Col(r, "h") == V{"8.5"});
}

TEST_CASE("kql udf: a function with no parameters and one whose body reads a table with toscalar") {
  Fixture f;
  CHECK(f.Scalar("let answer = () { 42 }; print v = answer()") == "42");
  CHECK(f.Scalar("let signins = (u:string) { toscalar(SigninLogs | where UserPrincipalName == u | count) };\n"
                 "print v = signins('alice@contoso.com') + signins('carol@contoso.com')") == "4");
  // A scalar let may hold a call.
  CHECK(f.Scalar("let twice = (x:long) { x * 2 }; let n = twice(21); print v = n") == "42");
}

// [SECTION] Tabular functions

TEST_CASE("kql udf: a tabular function as the query's source, with its arguments and defaults") {
  Fixture f;
  const std::string def = "let recent = (since:timespan = 5h) { SigninLogs | where TimeGenerated > ago(since) };\n";
  CHECK(f.Scalar(def + "recent(1d) | count") == "6");
  CHECK(f.Scalar(def + "recent(22h) | count") == "4");  // after 02:00: s3, s4, s5, s6
  CHECK(Fixture::Col(f.Q(def + "recent() | project SessionId"), "SessionId") == V{"s6"});
  CHECK(f.Scalar(def + "let r = recent(22h); r | where UserPrincipalName == 'bob@contoso.com' | count") == "1");
  // The ago(...) inside still finds the time range by binary search.
  kql::QueryRun plan = f.engine->Explain(def + "recent(22h) | count");
  REQUIRE(plan.Ok());
  std::string text = kql::Engine::FormatPlan(plan.plan);
  CHECK(text.find("binary search") != std::string::npos);
}

TEST_CASE("kql udf: tabular functions in join, union and in (...)") {
  Fixture f;
  const std::string def = "let ops = (u:string) { OfficeActivity | where UserId == u };\n";
  auto j = f.Q(def + "SigninLogs | join kind=inner (ops('alice@contoso.com')) on SessionId | project SessionId, Operation | order by SessionId asc");
  CHECK(Fixture::Col(j, "SessionId") == V{"s1", "s3", "s6"});
  CHECK(Fixture::Col(j, "Operation") == V{"MailItemsAccessed", "New-InboxRule", "Set-Mailbox"});
  auto j2 = f.Q(def + "SigninLogs | join kind=inner ops('bob@contoso.com') on SessionId | project SessionId");
  CHECK(Fixture::Col(j2, "SessionId") == V{"s5"});
  CHECK(f.Scalar(def + "union ops('bob@contoso.com'), ops('carol@contoso.com') | count") == "2");
  auto in = f.Q("let risky = () { SigninLogs | where IPAddress startswith '203.' | project SessionId };\n"
                "OfficeActivity | where SessionId in (risky()) | project Operation");
  CHECK(Fixture::Col(in, "Operation") == V{"New-InboxRule", "Set-Mailbox"});
  CHECK(f.Scalar(def + "print v = toscalar(ops('alice@contoso.com') | count)") == "3");
}

TEST_CASE("kql udf: a function with a tabular parameter") {
  Fixture f;
  const std::string def = "let first2 = (T:(*)) { T | order by TimeGenerated asc | take 2 };\n";
  CHECK(Fixture::Col(f.Q(def + "first2(SigninLogs) | project SessionId"), "SessionId") == V{"s1", "s2"});
  CHECK(Fixture::Col(f.Q(def + "first2(OfficeActivity | where UserId startswith 'alice') | project Operation"), "Operation") ==
        V{"MailItemsAccessed", "New-InboxRule"});
  CHECK(Fixture::Col(f.Q(def + "let ok = SigninLogs | where ResultType == '0'; first2(ok) | project SessionId"), "SessionId") ==
        V{"s1", "s3"});
  // A scalar and a tabular parameter together; a schema with named columns is accepted.
  auto r = f.Q("let byuser = (T:(UserPrincipalName:string, *), u:string) { T | where UserPrincipalName == u | count };\n"
               "byuser(SigninLogs, 'bob@contoso.com')");
  CHECK(r.Text(0, 0) == "2");
  // The tabular parameter in in (...).
  auto in = f.Q("let sessions_of = (T:(*)) { OfficeActivity | where SessionId in (T) | project Operation };\n"
                "sessions_of((SigninLogs | where UserPrincipalName == 'carol@contoso.com' | project SessionId))");
  CHECK(Fixture::Col(in, "Operation") == V{"FileDownloaded"});
}

// [SECTION] Function errors

namespace {

const Broken kUdfCorpus[] = {
    // 0: too many arguments, at the call.
    {"let f = (u:string, n:long = 3) { strcat(u, tostring(n)) };\nSigninLogs | extend x = f(UserPrincipalName, 1, 2)", 2, 25,
     "f() takes 1 to 2 arguments, not 3; it is declared f(u:string, n:long = 3)", ""},
    // 1: too few.
    {"let f = (a:long, b:long) { a + b };\nprint v = f(1)", 2, 11, "f() takes 2 arguments, not 1", ""},
    // 2: an unknown function close to a user-defined one.
    {"let double_it = (x:long) { x * 2 };\nprint v = double_itt(3)", 2, 11, "unknown function 'double_itt'", "double_it"},
    // 3: the same for a tabular function used as the source.
    {"let recent = (since:timespan) { SigninLogs | where TimeGenerated > ago(since) };\nrecnt(1d) | count", 2, 1,
     "unknown function 'recnt'", "recent"},
    // 4: a literal of the wrong type, at the argument.
    {"let f = (n:long) { n + 1 };\nprint v = f(\"three\")", 2, 13,
     "the argument for parameter 'n' of f() is a string, but the parameter is declared long", ""},
    // 5: a column of the wrong type, found when the call is bound.
    {"let f = (n:long) { n + 1 };\nSigninLogs | extend v = f(UserPrincipalName)", 2, 27,
     "the argument for parameter 'n' of f() is a string, but the parameter is declared long", ""},
    // 6: a long for a timespan.
    {"let recent = (since:timespan) { SigninLogs | where TimeGenerated > ago(since) };\nrecent(5) | count", 2, 8,
     "the argument for parameter 'since' of recent() is a long, but the parameter is declared timespan", ""},
    // 7: a default of the wrong type.
    {"let f = (n:long = 'x') { n };\nprint v = f()", 1, 19,
     "the default value for parameter 'n' of f() is a string, but the parameter is declared long", ""},
    // 8: recursion, at the call inside the body.
    {"let f = (n:long) { iff(n <= 0, 0, f(n - 1)) };\nprint v = f(3)", 1, 35, "function 'f' calls itself; recursion is not supported", ""},
    // 9: recursion of a tabular function.
    {"let g = () { g() | take 1 };\ng()", 1, 14, "function 'g' calls itself", ""},
    // 10: a misspelt parameter name.
    {"let f = (user:string, times:long = 3) { strcat(user, tostring(times)) };\nprint v = f('a', tims = 2)", 2, 18,
     "f() has no parameter 'tims'", "times"},
    // 11: the function's name without its arguments.
    {"let f = (u:string) { u };\nSigninLogs | extend x = f", 2, 25, "'f' is a user-defined function: call it with its arguments, f(u:string)", ""},
    // 12: a scalar function used as a table.
    {"let f = (u:string) { u };\nf('x') | count", 2, 1, "'f' is a scalar function", ""},
    // 13: a required parameter after an optional one.
    {"let f = (a:long = 1, b:long) { a + b };\nprint v = f(1, 2)", 1, 22, "parameter 'b' needs a default value", ""},
    // 14: a built-in function's name.
    {"let strcat = (a:string) { a };\nprint v = strcat('x')", 1, 5, "'strcat' is a built-in function or keyword", ""},
    // 15: a parameter without a type.
    {"let f = (a) { a };\nprint v = f(1)", 1, 11, "expected ':' and a type after the parameter name", ""},
    // 16: an unknown type, with a suggestion.
    {"let f = (a:strng) { a };\nprint v = f('x')", 1, 12, "unknown type 'strng'", "string"},
    // 17: an unknown column inside the body points into the body.
    {"let f = (u:string) { strcat(u, Nope) };\nSigninLogs | extend x = f(UserPrincipalName)", 1, 32, "unknown column or name 'Nope'", ""},
    // 18: the same parameter twice.
    {"let f = (a:long, a:long) { a };\nprint v = f(1, 2)", 1, 18, "parameter 'a' is declared twice", ""},
    // 19: let statements inside a body.
    {"let f = (a:long) { let b = 2; a + b };\nprint v = f(1)", 1, 20, "user-defined functions with let statements in their body are not supported", ""},
    // 20: a positional argument after a named one.
    {"let f = (a:long, b:long = 2) { a + b };\nprint v = f(b = 1, 3)", 2, 20, "arguments by position come before arguments by name", ""},
};

}  // namespace

TEST_CASE("kql udf errors: each points at its line and column, with a suggestion for names") {
  Fixture f;
  CheckBroken(f, kUdfCorpus);
}

TEST_CASE("kql udf errors: the syntax check alone finds the errors of calls") {
  // Calls are inlined by the parser: argument counts, literal types and recursion need no store.
  auto e = kql::Engine::CheckSyntax("let f = (a:long) { a };\nprint v = f(1, 2)");
  REQUIRE(e.has_value());
  CHECK(e->line == 2);
  CHECK(e->column == 11);
  CHECK_FALSE(kql::Engine::CheckSyntax("let f = (a:long) { a };\nprint v = f(1)").has_value());
  auto rec = kql::Engine::CheckSyntax("let f = (n:long) { f(n) }; print v = f(1)");
  REQUIRE(rec.has_value());
  CHECK(rec->message.find("recursion") != std::string::npos);
}

TEST_CASE("kql udf errors: a call that doubles at every level stops with a message") {
  // Each function calls the previous one twice: f20 would expand to 2^20 copies of f0's body.
  std::string q = "let f0 = (x:long) { x + 1 };\n";
  for (int i = 1; i <= 20; ++i)
    q += "let f" + std::to_string(i) + " = (x:long) { f" + std::to_string(i - 1) + "(x) + f" + std::to_string(i - 1) + "(x) };\n";
  q += "print v = f20(1)";
  Fixture f;
  kql::QueryError e = f.Err(q);
  CHECK(e.message.find("expand to more than") != std::string::npos);
  CHECK(e.line > 0);
}

// [SECTION] render

TEST_CASE("kql render: the rows are unchanged and the chart is recorded with its properties") {
  Fixture f;
  const std::string base = "SigninLogs | summarize n = count() by UserPrincipalName | order by UserPrincipalName asc";
  kql::QueryResult plain = f.Q(base);
  CHECK(plain.render.empty());
  CHECK(plain.DescribeRender().empty());
  kql::QueryResult r = f.Q(base + "\n| render columnchart with (title=\"Sign-ins per user\", xcolumn=UserPrincipalName, ycolumns=n, kind=stacked)");
  CHECK(r.render == "columnchart");
  CHECK(r.render_properties.title == "Sign-ins per user");
  CHECK(r.render_properties.xcolumn == "UserPrincipalName");
  CHECK(r.render_properties.ycolumns == V{"n"});
  CHECK(r.render_properties.kind == "stacked");
  CHECK(Fixture::Col(r, "UserPrincipalName") == V{"alice@contoso.com", "bob@contoso.com", "carol@contoso.com"});
  CHECK(Fixture::Col(r, "n") == V{"3", "2", "1"});
  CHECK(r.ToCsv() == plain.ToCsv());
  CHECK(r.ToJsonl() == plain.ToJsonl());
  CHECK(r.ToTable() == plain.ToTable());
  CHECK(r.DescribeRender() == "columnchart (title \"Sign-ins per user\"; xcolumn UserPrincipalName; ycolumns n; kind stacked)");
}

TEST_CASE("kql render: every supported visualization, with and without properties") {
  Fixture f;
  for (const char* v : {"timechart", "columnchart", "barchart", "piechart", "areachart", "linechart", "scatterchart",
                        "table", "card"}) {
    CAPTURE(v);
    kql::QueryResult r = f.Q(std::string("SigninLogs | summarize count() by bin(TimeGenerated, 1h) | render ") + v);
    CHECK(r.render == v);
    CHECK(r.RowCount() == 6);  // six distinct hours
    kql::QueryResult w = f.Q(std::string("print a = 1 | render ") + v + " with (title='t')");
    CHECK(w.render == v);
    CHECK(w.render_properties.title == "t");
  }
}

TEST_CASE("kql render: all properties, lists of columns, and a query that ends with ';'") {
  Fixture f;
  kql::QueryResult r = f.Q(
      "print t = datetime(2026-03-02), a = 1, b = 2, s = 'x'\n"
      "| render timechart with (ycolumns=a, b, title='T', xtitle='X', ytitle='Y', xcolumn=t, series=s, ymin=-1.5,\n"
      "                         ymax=10, legend=hidden, xaxis=linear, yaxis=log, accumulate=true, kind=unstacked);");
  CHECK(r.render == "timechart");
  const kql::RenderProperties& p = r.render_properties;
  CHECK(p.ycolumns == V{"a", "b"});
  CHECK(p.series == V{"s"});
  CHECK(p.xcolumn == "t");
  CHECK(p.xtitle == "X");
  CHECK(p.ytitle == "Y");
  REQUIRE(p.ymin.has_value());
  CHECK(*p.ymin == -1.5);
  REQUIRE(p.ymax.has_value());
  CHECK(*p.ymax == 10);
  CHECK(p.legend == "hidden");
  CHECK(p.xaxis == "linear");
  CHECK(p.yaxis == "log");
  CHECK(p.accumulate);
  CHECK(p.kind == "unstacked");
  CHECK(r.DescribeRender() ==
        "timechart (title \"T\"; xtitle \"X\"; ytitle \"Y\"; xcolumn t; ycolumns a, b; series s; kind unstacked; "
        "legend hidden; xaxis linear; yaxis log; ymin -1.5; ymax 10; accumulate)");
  CHECK(r.ColumnCount() == 4);
  CHECK(r.RowCount() == 1);
}

TEST_CASE("kql render: after lets and a user-defined function; Explain and CheckSyntax keep it") {
  Fixture f;
  const std::string q = "let recent = (since:timespan) { SigninLogs | where TimeGenerated > ago(since) };\n"
                        "recent(22h) | summarize n = count() by AppDisplayName | render piechart";
  kql::QueryResult r = f.Q(q);
  CHECK(r.render == "piechart");
  CHECK(r.RowCount() == 3);  // OfficeHome (s3, s5), Azure Portal (s4), Exchange Online (s6)
  kql::QueryRun ex = f.engine->Explain(q);
  REQUIRE(ex.Ok());
  CHECK(ex.result.render == "piechart");
  CHECK_FALSE(kql::Engine::CheckSyntax(q).has_value());
  auto words = kql::Engine::LanguageWords();
  CHECK(std::find(words.begin(), words.end(), "render") != words.end());
  CHECK(std::find(words.begin(), words.end(), "timechart") != words.end());
}

const Broken kRenderCorpus[] = {
    // 0: an unknown visualization.
    {"SigninLogs | render timechar", 1, 21, "unknown visualization 'timechar'", "timechart"},
    // 1: a real-KQL visualization this engine does not draw.
    {"SigninLogs | render anomalychart", 1, 21, "the 'anomalychart' visualization is not supported", ""},
    // 2: an operator after render, at that operator.
    {"SigninLogs\n| render table\n| take 1", 3, 3, "'render' must be the last operator of the query; 'take' comes after it", ""},
    // 3: render in a join's right side.
    {"SigninLogs | join (OfficeActivity | render table) on SessionId", 1, 37, "'render' must be the last operator", ""},
    // 4: render in a let.
    {"let x = SigninLogs | render table; x", 1, 22, "cannot end a let statement, a subquery or a function body", ""},
    // 5: render in a function body.
    {"let g = () { SigninLogs | render table };\ng()", 1, 27, "'render' must be the last operator", ""},
    // 6: an unknown property.
    {"SigninLogs | render piechart with (titel=\"x\")", 1, 36, "unknown render property 'titel'", "title"},
    // 7: an unknown kind.
    {"SigninLogs | render columnchart with (kind=stacked200)", 1, 44, "unknown kind 'stacked200'", "stacked100"},
    // 8: a column the result does not have (checked after the query ran).
    {"SigninLogs | summarize n = count() by UserPrincipalName\n| render columnchart with (xcolumn=UserPrincipleName, ycolumns=n)", 2, 36,
     "render xcolumn: 'UserPrincipleName' is not a column of the result", "UserPrincipalName"},
    // 9: one of the ycolumns.
    {"SigninLogs | summarize n = count() by UserPrincipalName | render barchart with (ycolumns=n, m)", 1, 93,
     "render ycolumns: 'm' is not a column of the result", "n"},
    // 10: a title that is not a string.
    {"SigninLogs | render card with (title=5)", 1, 38, "expected a string after 'title='", ""},
    // 11: nothing after render.
    {"SigninLogs | render", 1, 20, "expected a visualization after 'render'", ""},
    // 12: render inside mv-apply's subquery.
    {"SigninLogs | mv-apply x = dynamic([1]) on (render table)", 1, 44, "'render' must be the last operator", ""},
};

TEST_CASE("kql render errors: each points at its line and column, with a suggestion for names") {
  Fixture f;
  CheckBroken(f, kRenderCorpus);
}
