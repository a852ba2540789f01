// range, top-nested and search on the small fixture (tests/engine/kql_fixture.h), against results
// worked out by hand from its 6 sign-ins and 5 Office events.
#include "tests/engine/kql_fixture.h"

using kqltest::Fixture;

namespace {
std::vector<std::string> V(std::initializer_list<const char*> l) { return {l.begin(), l.end()}; }
}  // namespace

TEST_CASE("kql range: long, real, datetime, descending, empty and its errors") {
  Fixture f;
  auto r = f.Q("range x from 1 to 10 step 3");
  CHECK(r.columns[0].name == "x");
  CHECK(r.columns[0].type == "long");
  CHECK(Fixture::Col(r, "x") == V({"1", "4", "7", "10"}));
  CHECK(Fixture::Col(f.Q("range x from 5 to 1 step -2"), "x") == V({"5", "3", "1"}));
  CHECK(f.Q("range x from 1 to 0 step 1").RowCount() == 0);
  CHECK(Fixture::Col(f.Q("range x from 0.5 to 2 step 0.5"), "x") == V({"0.5", "1", "1.5", "2"}));
  auto t = f.Q("range t from datetime(2026-03-02) to datetime(2026-03-02T03:00:00Z) step 1h");
  CHECK(t.columns[0].type == "datetime");
  REQUIRE(t.RowCount() == 4);
  CHECK(t.Text(3, 0) == "2026-03-02T03:00:00.0000000Z");
  CHECK(f.Scalar("range x from 1 to 3 step 1 | extend y = x * 2 | summarize sum(y)") == "12");
  // An hour axis joined to the sign-ins per hour (a gap-free histogram): hours 1-5 have one each.
  CHECK(f.Scalar("range h from 0 to 23 step 1 | join kind=leftouter (SigninLogs | summarize n = count() by h = hourofday(TimeGenerated)) "
                 "on h | where isnotnull(n) | count") == "6");
  auto e = f.Err("range x from 1 to 5 step 0");
  CHECK(e.line == 1);
  CHECK(e.column == 26);
  e = f.Err("range x from 1 to 5 stp 1");
  CHECK(e.column == 21);
  CHECK(f.Err("range x from 'a' to 5 step 1").message.find("range needs numbers") != std::string::npos);
  CHECK(f.Err("range x from 1 to 100000000 step 1").message.find("row budget") != std::string::npos);
}

TEST_CASE("kql top-nested: one level, two levels, asc, others, ties and no N") {
  Fixture f;
  auto r = f.Q("SigninLogs | top-nested 2 of UserPrincipalName by count()");
  CHECK(r.columns[0].name == "UserPrincipalName");
  CHECK(r.columns[1].name == "aggregated_UserPrincipalName");
  CHECK(Fixture::Col(r, "UserPrincipalName") == V({"alice@contoso.com", "bob@contoso.com"}));
  CHECK(Fixture::Col(r, "aggregated_UserPrincipalName") == V({"3", "2"}));

  r = f.Q("SigninLogs | top-nested 2 of UserPrincipalName by count(), top-nested 1 of AppDisplayName by n = count()");
  REQUIRE(r.ColumnCount() == 4);
  CHECK(Fixture::Col(r, "AppDisplayName") == V({"Office 365 Exchange Online", "OfficeHome"}));
  CHECK(Fixture::Col(r, "n") == V({"2", "2"}));
  CHECK(Fixture::Col(r, "aggregated_UserPrincipalName") == V({"3", "2"}));

  CHECK(Fixture::Col(f.Q("SigninLogs | top-nested 1 of UserPrincipalName by count() asc"), "UserPrincipalName") == V({"carol@contoso.com"}));

  r = f.Q("SigninLogs | top-nested 1 of UserPrincipalName with others = 'everyone else' by count()");
  CHECK(Fixture::Col(r, "UserPrincipalName") == V({"alice@contoso.com", "everyone else"}));
  CHECK(Fixture::Col(r, "aggregated_UserPrincipalName") == V({"3", "3"}));

  // OfficeHome has 2 users; Azure Portal and Exchange Online 1 each: the tie goes by value.
  r = f.Q("SigninLogs | top-nested 2 of App = AppDisplayName by Users = dcount(UserPrincipalName)");
  CHECK(Fixture::Col(r, "App") == V({"OfficeHome", "Azure Portal"}));
  CHECK(Fixture::Col(r, "Users") == V({"2", "1"}));

  r = f.Q("SigninLogs | top-nested of ResultType by count()");
  CHECK(Fixture::Col(r, "ResultType") == V({"0", "50126"}));
  CHECK(Fixture::Col(r, "aggregated_ResultType") == V({"5", "1"}));
  CHECK(f.Q("SigninLogs | where UserPrincipalName == 'nobody' | top-nested 3 of UserPrincipalName by count()").RowCount() == 0);

  auto e = f.Err("SigninLogs | top-nested 2 UserPrincipalName by count()");
  CHECK(e.column == 27);
  CHECK(e.message.find("'of'") != std::string::npos);
  e = f.Err("SigninLogs | top-nested 2 of UserPrincipalName by nosuch()");
  CHECK(e.message.find("aggregation") != std::string::npos);
}

TEST_CASE("kql search: terms as has, wildcards as contains, predicates, the source form with $table") {
  Fixture f;
  CHECK(f.Scalar("SigninLogs | search 'bob' | count") == "2");
  // 'office' is a whole term in "Office 365 Exchange Online", not in "OfficeHome".
  CHECK(f.Scalar("search 'office' | count") == "2");
  CHECK(f.Scalar("OfficeActivity | search '*forward*' | count") == "1");
  CHECK(f.Scalar("SigninLogs | search 'alice' and ResultType == '0' | count") == "3");
  CHECK(f.Scalar("SigninLogs | search 'alice' and not('Lagos') | count") == "1");
  CHECK(f.Scalar("SigninLogs | search 'carol' or 'Lagos' | count") == "3");
  auto r = f.Q("search 'Lagos'");
  REQUIRE(r.RowCount() == 2);
  CHECK(r.columns[0].name == "$table");
  CHECK(Fixture::Col(r, "$table") == V({"SigninLogs", "SigninLogs"}));
  // alice is the UserId of 3 Office events (one also names her in its Parameters).
  r = f.Q("search in (OfficeActivity) 'alice' | project Operation");
  CHECK(Fixture::Col(r, "Operation") == V({"MailItemsAccessed", "New-InboxRule", "Set-Mailbox"}));
  CHECK(f.Scalar("search kind=case_insensitive in (SigninLogs, OfficeActivity) 'carol' | count") == "2");
  CHECK(f.Err("search in (SigninLog) 'x'").suggestion == "SigninLogs");
}

TEST_CASE("kql range, search, top-nested: malformed forms are placed errors, not crashes") {
  Fixture f;
  for (const char* q : {"range x from 1 to", "range x from 1 to 5 step", "range x from 1 to 5 step 1h",
                        "range x from datetime(2026-03-02) to datetime(2026-03-03) step 1", "SigninLogs | search",
                        "SigninLogs | search 'a' and", "search in (SigninLogs 'x'", "search in () 'x'", "SigninLogs | top-nested",
                        "SigninLogs | top-nested 2 of", "SigninLogs | top-nested 2 of UserPrincipalName",
                        "SigninLogs | top-nested 2 of UserPrincipalName with others by count()",
                        "SigninLogs | top-nested 2 of UserPrincipalName by count(), top-nested",
                        "SigninLogs | top-nested 2 of UserPrincipalName by UserPrincipalName",
                        "SigninLogs | search NoSuchColumn == 1"}) {
    CAPTURE(q);
    auto e = f.Err(q);
    CHECK(e.line == 1);
    CHECK(e.column >= 1);
    CHECK_FALSE(e.message.empty());
  }
  CHECK(f.Q("range t from now() to ago(1d) step 1h").RowCount() == 0);
  CHECK(f.Q("SigninLogs | take 0 | search 'x'").RowCount() == 0);
}
