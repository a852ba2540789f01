// Scalar functions and operators, checked with `print` against hand-computed values.
#include "kql_fixture.h"

using kqltest::Fixture;

namespace {
// The text of `print x = <expr>`.
std::string P(Fixture& f, const std::string& expr) { return f.Scalar("print x = " + expr); }
}  // namespace

TEST_CASE("kql functions: time") {
  Fixture f;  // now = 2026-03-03T00:00:00Z
  CHECK(P(f, "now()") == "2026-03-03T00:00:00.0000000Z");
  CHECK(P(f, "ago(1d)") == "2026-03-02T00:00:00.0000000Z");
  CHECK(P(f, "ago(90m)") == "2026-03-02T22:30:00.0000000Z");
  CHECK(P(f, "datetime(2026-03-02T09:15:23.123Z)") == "2026-03-02T09:15:23.1230000Z");
  CHECK(P(f, "bin(datetime(2026-03-02T09:15:23Z), 1h)") == "2026-03-02T09:00:00.0000000Z");
  CHECK(P(f, "bin(datetime(2026-03-02T09:15:23Z), 1d)") == "2026-03-02T00:00:00.0000000Z");
  CHECK(P(f, "bin(17, 5)") == "15");
  CHECK(P(f, "bin(7.5, 2)") == "6");
  CHECK(P(f, "startofday(datetime(2026-03-02T09:15:00Z))") == "2026-03-02T00:00:00.0000000Z");
  CHECK(P(f, "todatetime('2026-03-02T09:15:23.1230000Z')") == "2026-03-02T09:15:23.1230000Z");
  CHECK(P(f, "todatetime('not a date')") == "");
  CHECK(P(f, "datetime(2026-03-02T10:00:00Z) - datetime(2026-03-02T09:30:00Z)") == "00:30:00");
  CHECK(P(f, "datetime(2026-03-02T10:00:00Z) + 1d") == "2026-03-03T10:00:00.0000000Z");
  CHECK(P(f, "2d + 3h") == "2.03:00:00");
  CHECK(P(f, "20min / 2") == "00:10:00");
  CHECK(P(f, "1h / 30m") == "2");
  CHECK(P(f, "datetime_diff('minute', datetime(2026-03-02T10:00:00Z), datetime(2026-03-02T09:30:00Z))") == "30");
  CHECK(P(f, "datetime_diff('day', datetime(2026-03-05), datetime(2026-03-02T23:00:00Z))") == "3");
  CHECK(P(f, "datetime_add('hour', 2, datetime(2026-03-02))") == "2026-03-02T02:00:00.0000000Z");
  CHECK(P(f, "totimespan('1.02:03:04')") == "1.02:03:04");
  CHECK(P(f, "format_datetime(datetime(2026-03-02T09:05:07Z), 'yyyy-MM-dd HH:mm:ss')") == "2026-03-02 09:05:07");
  CHECK(P(f, "datetime_utc_to_local(datetime(2026-03-02T20:00:00Z), 'Asia/Taipei')") == "2026-03-03T04:00:00.0000000Z");
  CHECK(P(f, "dayofweek(datetime(2026-03-02))") == "1.00:00:00");  // a Monday
}

TEST_CASE("kql functions: conversions and strings") {
  Fixture f;
  CHECK(P(f, "tostring(42)") == "42");
  CHECK(P(f, "tostring(1.5)") == "1.5");
  CHECK(P(f, "toint('17')") == "17");
  CHECK(P(f, "toint('x')") == "");
  CHECK(P(f, "tolong(2.9)") == "2");
  CHECK(P(f, "toreal('2.5') * 2") == "5");
  CHECK(P(f, "tolower('MiXeD')") == "mixed");
  CHECK(P(f, "toupper('MiXeD')") == "MIXED");
  CHECK(P(f, "strcat('a', 1, 'b', true)") == "a1btrue");
  CHECK(P(f, "split('a@b.com', '@')") == R"(["a","b.com"])");
  CHECK(P(f, "split('a@b.com', '@')[1]") == "b.com");
  CHECK(P(f, "split('a.b.c', '.')[-1]") == "c");
  CHECK(P(f, "tostring(split('a:b', ':', 0)[0])") == "a");
  CHECK(P(f, "strcat_array(dynamic(['a', 'b']), ',')") == "a,b");
  CHECK(P(f, "strlen('hello')") == "5");
  CHECK(P(f, "substring('hello', 1, 3)") == "ell");
  CHECK(P(f, "indexof('hello', 'l')") == "2");
  CHECK(P(f, "trim(@'\"', '\"quoted\"')") == "quoted");
  CHECK(P(f, "trim_start(@'[[]', '[::1]')") == "::1]");
  CHECK(P(f, "trim_end(@'\\s+', 'x  ')") == "x");
  CHECK(P(f, "replace_string('a-b-c', '-', '+')") == "a+b+c");
  CHECK(P(f, "replace(@'(\\d+)', @'<\\1>', 'a1b22')") == "a<1>b<22>");
  CHECK(P(f, "extract(@'user=(\\w+)', 1, 'id=7 user=alice')") == "alice");
  CHECK(P(f, "extract_all(@'(\\d+)', '1 and 22')") == R"(["1","22"])");
  CHECK(P(f, "extract_all(@'(?P<ip>\\d+\\.\\d+\\.\\d+\\.\\d+):(?P<port>\\d+)', dynamic(['ip', 'port']), '10.0.0.1:443')") == R"([["10.0.0.1","443"]])");
  CHECK(P(f, "countof('a,b,c', ',')") == "2");
  CHECK(P(f, "countof('ab12cd3', @'\\d', 'regex')") == "3");
  CHECK(P(f, "hash('abc') == hash('abc')") == "true");
  CHECK(P(f, "base64_decode_tostring('aGVsbG8=')") == "hello");
}

TEST_CASE("kql functions: logic, emptiness, case, iff") {
  Fixture f;
  CHECK(P(f, "isempty('')") == "true");
  CHECK(P(f, "isempty(' ')") == "false");
  CHECK(P(f, "isnotempty('x')") == "true");
  CHECK(P(f, "isempty(dynamic(null))") == "true");
  CHECK(P(f, "isnull(toint('x'))") == "true");
  CHECK(P(f, "isnotnull(1)") == "true");
  CHECK(P(f, "iff(1 > 2, 'yes', 'no')") == "no");
  CHECK(P(f, "iif(true, 1, 2)") == "1");
  CHECK(P(f, "case(1 > 2, 'a', 2 > 1, 'b', 'c')") == "b");
  CHECK(P(f, "case(false, 'a', 'else')") == "else");
  CHECK(P(f, "not(true)") == "false");
  CHECK(P(f, "true and not(false) or false") == "true");
  CHECK(P(f, "coalesce('', 'b', 'c')") == "b");
  CHECK(P(f, "max_of(3, 9, 4)") == "9");
  CHECK(P(f, "abs(-4)") == "4");
  CHECK(P(f, "round(2.567, 2)") == "2.57");
  CHECK(P(f, "7 / 2") == "3");
  CHECK(P(f, "7 % 4") == "3");
  CHECK(P(f, "7.0 / 2") == "3.5");
  CHECK(P(f, "5 between (1 .. 5)") == "true");
  CHECK(P(f, "'a' in ('A', 'b')") == "false");
  CHECK(P(f, "'a' in~ ('A', 'b')") == "true");
  CHECK(P(f, "'a' !in ('A', 'b')") == "true");
  CHECK(P(f, "'Deleted Items moved' has 'deleted items'") == "true");
  CHECK(P(f, "'invoice;payment' has_any (dynamic(['pay', 'invoice']))") == "true");
  CHECK(P(f, "'abc' matches regex '^a.c$'") == "true");
}

TEST_CASE("kql functions: dynamic values, property and index access") {
  Fixture f;
  CHECK(P(f, "parse_json('{\"a\":{\"b\":[10,20]}}').a.b[1]") == "20");
  CHECK(P(f, "todynamic('[{\"Name\":\"x\",\"Value\":\"y\"}]')[0].Value") == "y");
  CHECK(P(f, "parse_json('{\"Subject\":\"Hi\"}').[\"Subject\"]") == "Hi");
  CHECK(P(f, "dynamic({'a': 1})['a']") == "1");
  CHECK(P(f, "dynamic({'a': 1}).missing") == "");
  CHECK(P(f, "array_length(dynamic([1, 2, 3]))") == "3");
  CHECK(P(f, "array_slice(dynamic([1, 2, 3, 4]), 1, 2)") == "[2,3]");
  CHECK(P(f, "set_has_element(dynamic(['a', 'b']), 'b')") == "true");
  CHECK(P(f, "set_difference(dynamic([1, 2, 3]), dynamic([2]))") == "[1,3]");
  CHECK(P(f, "set_union(dynamic([1, 2]), dynamic([2, 3]))") == "[1,2,3]");
  CHECK(P(f, "set_intersect(dynamic([1, 2]), dynamic([2, 3]))") == "[2]");
  CHECK(P(f, "pack('k', 'v', 'n', 1)") == R"({"k":"v","n":1})");
  CHECK(P(f, "bag_pack('k', 'v')") == R"({"k":"v"})");
  CHECK(P(f, "pack_array(1, 'a')") == R"([1,"a"])");
  CHECK(P(f, "bag_keys(dynamic({'a': 1, 'b': 2}))") == R"(["a","b"])");
  CHECK(P(f, "tostring(dynamic({'a': 'x'}))") == R"({"a":"x"})");
  CHECK(P(f, "tostring(dynamic('plain'))") == "plain");
  CHECK(P(f, "gettype(dynamic([1]))") == "array");
  // A dynamic scalar compares like the plain value.
  CHECK(P(f, "dynamic({'c': 'NG'}).c == 'NG'") == "true");
  CHECK(P(f, "dynamic({'n': 5}).n > 3") == "true");
  // Property access on the store's dynamic column (LocationDetails is keyed: parsed once per key).
  auto r = f.Q("SigninLogs | where LocationDetails.countryOrRegion == 'NG' | project City = tostring(LocationDetails['city'])");
  CHECK(Fixture::Col(r, "City") == std::vector<std::string>{"Lagos", "Lagos"});
}

TEST_CASE("kql functions: unknown functions and wrong argument counts are errors with suggestions") {
  Fixture f;
  auto e = f.Err("print x = tostrin(1)");
  CHECK(e.suggestion == "tostring");
  e = f.Err("print x = strlen()");
  CHECK(e.message == "strlen() takes 1 argument, not 0");
  e = f.Err("SigninLogs | where count() > 1");
  CHECK(e.message.find("aggregation function: use it in summarize") != std::string::npos);
}

TEST_CASE("kql functions: row functions, IP ranges, arrays, bags, URLs") {
  Fixture f;
  auto r = f.Q("SigninLogs | where UserPrincipalName startswith 'alice' | order by TimeGenerated asc "
               "| extend gap = TimeGenerated - prev(TimeGenerated), n = row_number(), nextip = next(IPAddress, 1, 'none') "
               "| project gap, n, nextip");
  CHECK(Fixture::Col(r, "gap") == std::vector<std::string>{"", "02:00:00", "17:00:00"});
  CHECK(Fixture::Col(r, "n") == std::vector<std::string>{"1", "2", "3"});
  CHECK(Fixture::Col(r, "nextip") == std::vector<std::string>{"203.0.113.5", "203.0.113.5", "none"});
  CHECK(P(f, "ipv4_is_in_range('10.1.2.3', '10.1.0.0/16')") == "true");
  CHECK(P(f, "ipv4_is_in_range('10.2.2.3', '10.1.0.0/16')") == "false");
  CHECK(P(f, "ipv4_is_in_range('10.1.2.3', '10.1.2.3')") == "true");
  CHECK(P(f, "ipv4_is_in_range('not an ip', '10.0.0.0/8')") == "");
  CHECK(P(f, "array_sort_asc(dynamic([3, 1, 2]))") == "[1,2,3]");
  CHECK(P(f, "array_sort_desc(dynamic(['a', 'c', 'b']))") == R"(["c","b","a"])");
  CHECK(P(f, "bag_merge(dynamic({'a': 1}), dynamic({'a': 2, 'b': 3}))") == R"({"a":1,"b":3})");
  CHECK(P(f, "reverse('abc')") == "cba");
  CHECK(P(f, "repeat(7, 3)") == "[7,7,7]");
  CHECK(P(f, "parse_url('https://user:pw@evil.example:8443/a/b?x=1&y=2#frag').Host") == "evil.example");
  CHECK(P(f, "parse_url('https://evil.example:8443/a/b?x=1&y=2').Port") == "8443");
  CHECK(P(f, "parse_url('https://evil.example/a/b?x=1&y=2')['Query Parameters'].y") == "2");
  // A JSON string column indexed like a dynamic one (OfficeActivity.Parameters is a string).
  auto p = f.Q("OfficeActivity | where Operation == 'Set-Mailbox' | project v = tostring(Parameters[1].Value)");
  CHECK(Fixture::Col(p, "v") == std::vector<std::string>{"smtp:evil@attacker.net"});
}

TEST_CASE("kql functions: a where on prev() of a keyed column is evaluated per row") {
  Fixture f;
  // Sign-ins in time order: alice, bob, alice, carol, bob, alice → no two neighbours share a user.
  CHECK(f.Scalar("SigninLogs | serialize | where UserPrincipalName == prev(UserPrincipalName) | count") == "0");
  CHECK(f.Scalar("SigninLogs | serialize | where AppDisplayName == prev(AppDisplayName) | count") == "1");  // OfficeHome at 2h and 3h
}
