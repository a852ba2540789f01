// Tabular operators against hand-computed results on the fixture (tests/engine/kql_fixture.h).
#include "kql_fixture.h"

using kqltest::Fixture;
using V = std::vector<std::string>;

TEST_CASE("kql: a bare table returns every visible row with the schema's columns") {
  Fixture f;
  auto r = f.Q("SigninLogs");
  CHECK(r.RowCount() == 6);
  CHECK(r.ColumnCount() == 8);
  CHECK(r.columns[0].name == "TimeGenerated");
  CHECK(r.columns[0].type == "datetime");
  CHECK(r.columns[5].type == "dynamic");
  CHECK(r.Text(0, 0) == "2026-03-02T01:00:00.0000000Z");
}

TEST_CASE("kql: where with ==, =~, !=, and/or/not, and time ranges") {
  Fixture f;
  CHECK(f.Q("SigninLogs | where UserPrincipalName == 'alice@contoso.com'").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where UserPrincipalName == 'ALICE@contoso.com'").RowCount() == 0);
  CHECK(f.Q("SigninLogs | where UserPrincipalName =~ 'ALICE@contoso.com'").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where UserPrincipalName !~ 'ALICE@contoso.com'").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where ResultType != 0").RowCount() == 1);
  CHECK(f.Q("SigninLogs | where ResultType == '0' and AppDisplayName == 'OfficeHome'").RowCount() == 2);
  CHECK(f.Q("SigninLogs | where AppDisplayName == 'Azure Portal' or IPAddress == '10.0.0.2'").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where not(AppDisplayName == 'OfficeHome')").RowCount() == 3);
  // now = 2026-03-03T00:00Z: ago(5h) = 19:00 on the 2nd → only the 20:00 row.
  CHECK(f.Q("SigninLogs | where TimeGenerated > ago(5h)").RowCount() == 1);
  CHECK(f.Q("SigninLogs | where TimeGenerated >= datetime(2026-03-02T02:00:00Z) and TimeGenerated < datetime(2026-03-02 05:00)").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where TimeGenerated between (datetime(2026-03-02T02:00:00Z) .. datetime(2026-03-02T04:00:00Z))").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where TimeGenerated !between (datetime(2026-03-02T02:00:00Z) .. datetime(2026-03-02T04:00:00Z))").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where TimeGenerated <= datetime(2026-03-02T01:00:00Z)").RowCount() == 1);
}

TEST_CASE("kql: string operators") {
  Fixture f;
  CHECK(f.Q("SigninLogs | where AppDisplayName contains 'office'").RowCount() == 5);
  CHECK(f.Q("SigninLogs | where AppDisplayName contains_cs 'office'").RowCount() == 0);
  CHECK(f.Q("SigninLogs | where AppDisplayName !contains 'office'").RowCount() == 1);
  CHECK(f.Q("SigninLogs | where AppDisplayName has 'exchange'").RowCount() == 2);
  CHECK(f.Q("SigninLogs | where AppDisplayName has 'exch'").RowCount() == 0);  // has matches whole terms
  CHECK(f.Q("SigninLogs | where AppDisplayName !has 'exchange'").RowCount() == 4);
  CHECK(f.Q("SigninLogs | where AppDisplayName startswith 'office'").RowCount() == 5);
  CHECK(f.Q("SigninLogs | where AppDisplayName endswith 'HOME'").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where IPAddress matches regex @'^10\\.0\\.0\\.[12]$'").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where AppDisplayName has_any ('portal', 'nothing')").RowCount() == 1);
  CHECK(f.Q("SigninLogs | where AppDisplayName has_all ('office', 'online')").RowCount() == 2);
  CHECK(f.Q("SigninLogs | where IPAddress in ('10.0.0.1', '10.0.0.3')").RowCount() == 2);
  CHECK(f.Q("SigninLogs | where IPAddress !in ('10.0.0.1', '10.0.0.3')").RowCount() == 4);
  CHECK(f.Q("SigninLogs | where AppDisplayName in~ ('officehome')").RowCount() == 3);
  CHECK(f.Q("SigninLogs | where AppDisplayName !in~ ('officehome', 'AZURE PORTAL')").RowCount() == 2);
  CHECK(f.Q("let ips = dynamic(['10.0.0.2']); SigninLogs | where IPAddress in (ips)").RowCount() == 2);
}

TEST_CASE("kql: project, project-away, project-rename, project-reorder, extend") {
  Fixture f;
  auto r = f.Q("SigninLogs | project UserPrincipalName, App = AppDisplayName, Hour = TimeGenerated - datetime(2026-03-02) | take 2");
  REQUIRE(r.ColumnCount() == 3);
  CHECK(r.columns[1].name == "App");
  CHECK(Fixture::Col(r, "Hour") == V{"01:00:00", "02:00:00"});
  r = f.Q("SigninLogs | project-away LocationDetails, Session* | take 1");
  CHECK(r.ColumnCount() == 6);
  CHECK(r.FindColumn("SessionId") < 0);
  r = f.Q("SigninLogs | project-rename Upn = UserPrincipalName | take 1");
  CHECK(r.FindColumn("Upn") == 1);
  CHECK(r.FindColumn("UserPrincipalName") < 0);
  r = f.Q("SigninLogs | project-reorder IPAddress, User* | take 1");
  CHECK(r.columns[0].name == "IPAddress");
  CHECK(r.columns[1].name == "UserPrincipalName");
  r = f.Q("SigninLogs | extend Country = tostring(LocationDetails.countryOrRegion), Upper = toupper(Country) | where Country == 'NG'");
  CHECK(r.RowCount() == 2);
  CHECK(Fixture::Col(r, "Upper") == V{"NG", "NG"});
  CHECK(r.columns.back().name == "Upper");
}

TEST_CASE("kql: summarize with every aggregation") {
  Fixture f;
  auto r = f.Q("SigninLogs | summarize count() by UserPrincipalName | order by UserPrincipalName asc");
  CHECK(Fixture::Col(r, "UserPrincipalName") == V{"alice@contoso.com", "bob@contoso.com", "carol@contoso.com"});
  CHECK(Fixture::Col(r, "count_") == V{"3", "2", "1"});
  r = f.Q("SigninLogs | summarize n = count(), fails = countif(ResultType != '0'), ips = dcount(IPAddress), "
          "first = min(TimeGenerated), last = max(TimeGenerated), total = sum(DurationMs), mean = avg(DurationMs)");
  REQUIRE(r.RowCount() == 1);
  CHECK(Fixture::Col(r, "n") == V{"6"});
  CHECK(Fixture::Col(r, "fails") == V{"1"});
  CHECK(Fixture::Col(r, "ips") == V{"4"});
  CHECK(Fixture::Col(r, "first") == V{"2026-03-02T01:00:00.0000000Z"});
  CHECK(Fixture::Col(r, "last") == V{"2026-03-02T20:00:00.0000000Z"});
  // DurationMs = user code * 10 + row; the codes are pool indices, so compare with a hand sum.
  auto d = Fixture::Col(f.Q("SigninLogs | project DurationMs"), "DurationMs");
  long long sum = 0;
  for (auto& s : d) sum += std::stoll(s);
  CHECK(Fixture::Col(r, "total") == V{std::to_string(sum)});
  CHECK(std::stod(Fixture::Col(r, "mean")[0]) == doctest::Approx(static_cast<double>(sum) / 6));
  r = f.Q("SigninLogs | summarize make_set(IPAddress), make_list(AppDisplayName) by UserPrincipalName | where UserPrincipalName startswith 'bob'");
  CHECK(Fixture::Col(r, "set_IPAddress") == V{R"(["10.0.0.2"])"});
  CHECK(Fixture::Col(r, "list_AppDisplayName") == V{R"(["OfficeHome","OfficeHome"])"});
  r = f.Q("SigninLogs | summarize arg_max(TimeGenerated, IPAddress, AppDisplayName) by UserPrincipalName | order by UserPrincipalName asc");
  CHECK(r.columns[1].name == "TimeGenerated");
  CHECK(Fixture::Col(r, "IPAddress") == V{"203.0.113.5", "10.0.0.2", "10.0.0.3"});
  r = f.Q("SigninLogs | summarize arg_min(TimeGenerated, *) by UserPrincipalName | order by UserPrincipalName asc");
  CHECK(r.ColumnCount() == 8);
  CHECK(Fixture::Col(r, "SessionId") == V{"s1", "s2", "s4"});
  r = f.Q("SigninLogs | summarize Last = arg_max(TimeGenerated, *) by UserPrincipalName | order by UserPrincipalName asc");
  CHECK(r.columns[1].name == "Last");
  CHECK(Fixture::Col(r, "SessionId") == V{"s6", "s5", "s4"});
  r = f.Q("SigninLogs | summarize count() by bin(TimeGenerated, 4h) | order by TimeGenerated asc");
  CHECK(Fixture::Col(r, "TimeGenerated") == V{"2026-03-02T00:00:00.0000000Z", "2026-03-02T04:00:00.0000000Z", "2026-03-02T20:00:00.0000000Z"});
  CHECK(Fixture::Col(r, "count_") == V{"3", "2", "1"});
  r = f.Q("SigninLogs | summarize by Country = tostring(LocationDetails.countryOrRegion) | order by Country asc");
  CHECK(Fixture::Col(r, "Country") == V{"NG", "US"});
  // No rows and no 'by': one row of zero.
  CHECK(f.Scalar("SigninLogs | where UserPrincipalName == 'nobody' | summarize count()") == "0");
  CHECK(f.Q("SigninLogs | where UserPrincipalName == 'nobody' | summarize count() by IPAddress").RowCount() == 0);
  // make_set over arrays flattens; limit caps the size.
  CHECK(f.Scalar("SigninLogs | summarize make_set(IPAddress, 2)") == R"(["10.0.0.1","10.0.0.2"])");
  CHECK(f.Scalar("SigninLogs | summarize B = make_bag(pack(UserPrincipalName, IPAddress)) | project b = bag_keys(B)") ==
        R"(["alice@contoso.com","bob@contoso.com","carol@contoso.com"])");
}

TEST_CASE("kql: order by, sort by, top, take, limit, distinct, count") {
  Fixture f;
  auto r = f.Q("SigninLogs | order by TimeGenerated desc | take 2");
  CHECK(Fixture::Col(r, "SessionId") == V{"s6", "s5"});
  r = f.Q("SigninLogs | sort by UserPrincipalName asc, TimeGenerated desc | project SessionId");
  CHECK(Fixture::Col(r, "SessionId") == V{"s6", "s3", "s1", "s5", "s2", "s4"});
  r = f.Q("SigninLogs | top 2 by TimeGenerated asc");
  CHECK(Fixture::Col(r, "SessionId") == V{"s1", "s2"});
  CHECK(f.Q("SigninLogs | limit 4").RowCount() == 4);
  r = f.Q("SigninLogs | distinct UserPrincipalName, AppDisplayName");
  CHECK(r.RowCount() == 4);
  r = f.Q("SigninLogs | distinct Country = tostring(LocationDetails.countryOrRegion)");
  CHECK(Fixture::Col(r, "Country") == V{"US", "NG"});
  CHECK(f.Scalar("SigninLogs | where AppDisplayName == 'OfficeHome' | count") == "3");
  CHECK(f.Q("SigninLogs | count").columns[0].name == "Count");
}

TEST_CASE("kql: join kinds on one and two keys") {
  Fixture f;
  // Sign-ins joined to Office activity on SessionId: s1, s3, s5, s6, s4 match (s2 has no Office event).
  auto r = f.Q("SigninLogs | join kind=inner (OfficeActivity) on SessionId | project SessionId, Operation, SessionId1");
  CHECK(r.RowCount() == 5);
  CHECK(r.FindColumn("SessionId1") == 2);
  r = f.Q("SigninLogs | join kind=leftouter OfficeActivity on SessionId | where isempty(Operation) | project SessionId");
  CHECK(Fixture::Col(r, "SessionId") == V{"s2"});
  CHECK(f.Q("SigninLogs | join kind=leftanti OfficeActivity on SessionId").RowCount() == 1);
  r = f.Q("SigninLogs | join kind=leftsemi OfficeActivity on SessionId");
  CHECK(r.RowCount() == 5);
  CHECK(r.ColumnCount() == 8);
  CHECK(f.Q("OfficeActivity | join kind=rightanti SigninLogs on SessionId").RowCount() == 1);
  CHECK(f.Q("OfficeActivity | join kind=rightsemi SigninLogs on SessionId").RowCount() == 5);
  // innerunique (the default) keeps one left row per key: alice has 3 sign-ins, 3 office events.
  r = f.Q("SigninLogs | project UserPrincipalName | join (OfficeActivity | project UserId, Operation) on $left.UserPrincipalName == $right.UserId");
  CHECK(r.RowCount() == 5);
  r = f.Q("SigninLogs | project UserPrincipalName | join kind=inner (OfficeActivity | project UserId, Operation) on $left.UserPrincipalName == $right.UserId");
  CHECK(r.RowCount() == 3 * 3 + 2 * 1 + 1 * 1);
  r = f.Q("SigninLogs | extend UserId = UserPrincipalName | join kind=inner (OfficeActivity) on UserId, SessionId | project SessionId, Operation");
  CHECK(r.RowCount() == 5);
  CHECK(f.Q("SigninLogs | join kind=fullouter OfficeActivity on SessionId").RowCount() == 6);
}

TEST_CASE("kql: union, let (scalar and tabular), materialize, toscalar") {
  Fixture f;
  auto r = f.Q("union SigninLogs, OfficeActivity | summarize count()");
  CHECK(r.Text(0, 0) == "11");
  r = f.Q("SigninLogs | project TimeGenerated, UserPrincipalName | union (OfficeActivity | project TimeGenerated, UserId) | where isnotempty(UserId)");
  CHECK(r.RowCount() == 5);
  CHECK(r.ColumnCount() == 3);
  CHECK(f.Q("union isfuzzy=true SigninLogs, NoSuchTable").RowCount() == 6);
  r = f.Q("let threshold = 1; let Fails = SigninLogs | where ResultType != '0'; Fails | where DurationMs > threshold | count");
  CHECK(r.Text(0, 0) == "1");
  r = f.Q("let A = materialize(SigninLogs | summarize n = count() by UserPrincipalName); A | join kind=inner A on UserPrincipalName");
  CHECK(r.RowCount() == 3);
  CHECK(f.Scalar("let m = toscalar(SigninLogs | summarize max(TimeGenerated)); print m") == "2026-03-02T20:00:00.0000000Z");
  r = f.Q("let users = SigninLogs | where ResultType != '0' | distinct UserPrincipalName; OfficeActivity | where UserId in (users)");
  CHECK(r.RowCount() == 1);
}

TEST_CASE("kql: mv-expand and mv-apply over dynamic arrays") {
  Fixture f;
  auto r = f.Q("OfficeActivity | where Operation == 'New-InboxRule' | mv-expand P = todynamic(Parameters) | project Name = tostring(P.Name), Value = tostring(P['Value'])");
  CHECK(Fixture::Col(r, "Name") == V{"Name", "DeleteMessage", "SubjectContainsWords"});
  CHECK(Fixture::Col(r, "Value") == V{"x", "True", "invoice;payment"});
  r = f.Q("print x = dynamic([1, 2, 3]) | mv-expand x to typeof(long) | summarize sum(x)");
  CHECK(r.Text(0, 0) == "6");
  r = f.Q("print s = 'a;b;c' | mv-expand split(s, ';')");
  CHECK(r.RowCount() == 3);
  r = f.Q("OfficeActivity | where isnotempty(Parameters) | mv-apply P = todynamic(Parameters) on (where P.Name =~ 'ForwardingSmtpAddress' | extend Dest = tostring(P.Value)) | project UserId, Dest");
  CHECK(Fixture::Col(r, "Dest") == V{"smtp:evil@attacker.net"});
  r = f.Q("OfficeActivity | where isnotempty(Parameters) | mv-apply P = todynamic(Parameters) on (summarize Bag = make_bag(pack(tostring(P.Name), P.Value))) | project Fwd = tostring(Bag.ForwardingSmtpAddress), Op = Operation");
  CHECK(Fixture::Col(r, "Fwd") == V{"", "smtp:evil@attacker.net"});
}

TEST_CASE("kql: parse extracts columns with literals and wildcards") {
  Fixture f;
  auto r = f.Q("OfficeActivity | where Operation == 'New-InboxRule' | parse Parameters with * 'SubjectContainsWords\",\"Value\":\"' Words '\"' *");
  CHECK(Fixture::Col(r, "Words") == V{"invoice;payment"});
  r = f.Q("SigninLogs | take 1 | parse UserPrincipalName with User '@' Domain");
  CHECK(Fixture::Col(r, "User") == V{"alice"});
  CHECK(Fixture::Col(r, "Domain") == V{"contoso.com"});
  r = f.Q("print s = 'KeyType=Password,KeyUsage=Verify]' | parse s with * 'KeyUsage=' usage:string ']' *");
  CHECK(Fixture::Col(r, "usage") == V{"Verify"});
  r = f.Q("print s = 'n=42;' | parse s with 'n=' n:long ';' | extend m = n + 1");
  CHECK(Fixture::Col(r, "m") == V{"43"});
  r = f.Q("print s = 'no match here' | parse s with * 'KeyUsage=' usage ']' *");
  CHECK(Fixture::Col(r, "usage") == V{""});
}

TEST_CASE("kql: evaluate bag_unpack, getschema, datatable, print") {
  Fixture f;
  auto r = f.Q("print b = dynamic({'a': 1, 'b': 'x'}) | evaluate bag_unpack(b)");
  CHECK(r.ColumnCount() == 2);
  CHECK(Fixture::Col(r, "b") == V{"x"});
  r = f.Q("SigninLogs | getschema");
  CHECK(r.RowCount() == 8);
  CHECK(Fixture::Col(r, "ColumnType")[5] == "dynamic");
  r = f.Q("datatable(Name:string, N:long) ['a', 1, 'b', 2] | summarize sum(N)");
  CHECK(r.Text(0, 0) == "3");
}

TEST_CASE("kql: column types follow the schema and computed values") {
  Fixture f;
  auto r = f.Q("SigninLogs | take 1 | project TimeGenerated, LocationDetails, n = 1, r = 1.5, b = true, t = 1h, s = 'x'");
  V types;
  for (auto& c : r.columns) types.push_back(c.type);
  CHECK(types == V{"datetime", "dynamic", "long", "real", "bool", "timespan", "string"});
}

TEST_CASE("kql: where after union runs on each leg first, with the same result") {
  Fixture f;
  CHECK(f.Q("union SigninLogs, OfficeActivity | where UserPrincipalName == 'alice@contoso.com'").RowCount() == 3);
  CHECK(f.Q("union SigninLogs, OfficeActivity | where TimeGenerated > datetime(2026-03-02T19:00:00Z)").RowCount() == 3);
  auto ex = f.engine->Explain("union SigninLogs, OfficeActivity | where TimeGenerated > datetime(2026-03-02T19:00:00Z) | count");
  REQUIRE(ex.Ok());
  CHECK(ex.result.Text(0, 0) == "3");
  CHECK(td::engine::kql::Engine::FormatPlan(ex.plan).find("(pushed into the union leg)") != std::string::npos);
  td::engine::kql::Limits tiny;
  tiny.max_bytes = 2000;
  auto run = f.engine->Run("union (SigninLogs | extend a = strcat(UserPrincipalName, '!')), (OfficeActivity | extend a = Operation)", tiny);
  REQUIRE_FALSE(run.Ok());
  CHECK(run.error->message.find("(the memory budget)") != std::string::npos);
  // A union of store columns copies nothing: the legs' rows are read in place.
  auto ex2 = f.engine->Explain("union SigninLogs, OfficeActivity | summarize count() by UserId");
  REQUIRE(ex2.Ok());
  CHECK(ex2.result.RowCount() == 4);  // alice, bob, carol from OfficeActivity + the sign-ins' empty UserId
  CHECK(td::engine::kql::Engine::FormatPlan(ex2.plan).find("store columns stay in the store") != std::string::npos);
}

TEST_CASE("kql: make-series, series_decompose_anomalies and tuple extend") {
  Fixture f;
  auto r = f.Q("SigninLogs | make-series n = count() on TimeGenerated from datetime(2026-03-02) to datetime(2026-03-03) step 6h by UserPrincipalName | order by UserPrincipalName asc");
  REQUIRE(r.ColumnCount() == 3);
  CHECK(Fixture::Col(r, "n") == V{"[2,0,0,1]", "[2,0,0,0]", "[1,0,0,0]"});
  CHECK(Fixture::Col(r, "TimeGenerated")[0] ==
        R"(["2026-03-02T00:00:00.0000000Z","2026-03-02T06:00:00.0000000Z","2026-03-02T12:00:00.0000000Z","2026-03-02T18:00:00.0000000Z"])");
  // Without from/to the axis spans the data; default= fills empty bins.
  r = f.Q("SigninLogs | where UserPrincipalName startswith 'alice' | make-series n = count() default = -1 on TimeGenerated step 10h");
  CHECK(Fixture::Col(r, "n") == V{"[2,-1,1]"});
  // mv-expand turns the series back into rows.
  r = f.Q("SigninLogs | make-series n = count() on TimeGenerated from datetime(2026-03-02) to datetime(2026-03-03) step 12h | mv-expand n to typeof(long), TimeGenerated to typeof(datetime) | project TimeGenerated, n");
  CHECK(Fixture::Col(r, "n") == V{"5", "1"});
  CHECK(r.columns[0].type == "datetime");
  r = f.Q("print s = dynamic([1, 2, 1, 2, 1, 20, 2, 1]) | extend (a, score, base) = series_decompose_anomalies(s, 1.5, -1, 'none') | project a, base");
  CHECK(Fixture::Col(r, "a") == V{"[0,0,0,0,0,1,0,0]"});
  CHECK(Fixture::Col(r, "base") == V{"[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0]"});
  r = f.Q("print s = dynamic([1, 2, 3, 4]) | extend (a, score, base) = series_decompose_anomalies(s) | project base");
  CHECK(Fixture::Col(r, "base") == V{"[1.0,2.0,3.0,4.0]"});  // linefit
}

TEST_CASE("kql: union renames a column whose type differs between legs") {
  Fixture f;
  auto r = f.Q("union (print x = 1), (print x = 'a') | getschema | project ColumnName");
  CHECK(Fixture::Col(r, "ColumnName") == V{"x_long", "x_string"});
}

TEST_CASE("kql: pipelines over join results read both sides in place") {
  Fixture f;
  CHECK(f.Scalar("SigninLogs | join kind=leftouter OfficeActivity on SessionId | where Operation == 'MailItemsAccessed' | count") == "2");
  auto r = f.Q("SigninLogs | join kind=leftouter OfficeActivity on SessionId | summarize n = count() by Operation | order by Operation asc");
  CHECK(Fixture::Col(r, "Operation") == V{"", "FileDownloaded", "MailItemsAccessed", "New-InboxRule", "Set-Mailbox"});
  CHECK(Fixture::Col(r, "n") == V{"1", "1", "2", "1", "1"});
  r = f.Q("SigninLogs | join kind=inner (OfficeActivity) on SessionId | join kind=inner (SigninLogs | project SessionId, IP2 = IPAddress) on SessionId "
          "| project SessionId, IP2, Operation | order by SessionId asc");
  CHECK(Fixture::Col(r, "SessionId") == V{"s1", "s3", "s4", "s5", "s6"});
  CHECK(Fixture::Col(r, "IP2") == V{"10.0.0.1", "203.0.113.5", "10.0.0.3", "10.0.0.2", "203.0.113.5"});
  CHECK(f.Scalar("SigninLogs | join kind=inner OfficeActivity on SessionId | where UserPrincipalName == 'alice@contoso.com' | count") == "3");
  CHECK(f.Scalar("SigninLogs | join kind=inner OfficeActivity on SessionId | where TimeGenerated > datetime(2026-03-02T04:00:00Z) | count") == "2");
  r = f.Q("SigninLogs | join kind=inner OfficeActivity on SessionId | extend gap = TimeGenerated1 - TimeGenerated | where gap < 1h | project SessionId, gap");
  CHECK(Fixture::Col(r, "SessionId") == V{"s1", "s3", "s5", "s6"});
  CHECK(Fixture::Col(r, "gap") == V{"00:30:00", "00:10:00", "00:05:00", "00:30:00"});
  r = f.Q("SigninLogs | join kind=fullouter (OfficeActivity | where Operation == 'FileDownloaded') on SessionId | where isempty(SessionId) or isempty(SessionId1) | count");
  CHECK(r.Text(0, 0) == "5");
  r = f.Q("SigninLogs | join kind=rightouter (OfficeActivity | where Operation == 'FileDownloaded') on SessionId | project SessionId, SessionId1");
  CHECK(Fixture::Col(r, "SessionId1") == V{"s4"});
}

TEST_CASE("kql: summarize expressions over aggregations") {
  Fixture f;
  auto r = f.Q("SigninLogs | summarize FailPct = 100.0 * countif(ResultType != '0') / count(), n = count() by UserPrincipalName | order by UserPrincipalName asc");
  CHECK(Fixture::Col(r, "FailPct") == V{"0", "50", "0"});
  CHECK(Fixture::Col(r, "n") == V{"3", "2", "1"});
  CHECK(r.columns.back().name == "FailPct");
  r = f.Q("SigninLogs | summarize span = max(TimeGenerated) - min(TimeGenerated)");
  CHECK(Fixture::Col(r, "span") == V{"19:00:00"});
  CHECK(f.Err("SigninLogs | summarize x = UserPrincipalName").message.find("needs an aggregation") != std::string::npos);
}

TEST_CASE("kql: lookup adds the right side's columns without repeating its keys") {
  Fixture f;
  auto r = f.Q("SigninLogs | lookup (OfficeActivity | project SessionId, Operation) on SessionId | project-away LocationDetails");
  CHECK(r.FindColumn("SessionId1") < 0);
  CHECK(r.RowCount() == 6);
  CHECK(Fixture::Col(r, "Operation")[1] == "");  // s2 has no Office event
}
