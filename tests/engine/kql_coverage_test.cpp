// Coverage of the real Sentinel rules in /work/shared/reference/detections/sentinel/queries.json:
// how many parse, how many run, how many return rows on a small synthetic store that has the real
// column names and types (from /work/shared/reference/schemas/*.columns.csv) and a few rows shaped
// like the attack traces (AiTM token replay, OAuth consent, BEC inbox rule / forwarding).
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/kql/coverage.h"
#include "engine/kql/jsonl_loader.h"

using namespace td::engine;

namespace {

const std::string kShared = TD_SHARED_DIR;

std::vector<kql::JsonlColumn> ReadColumnsCsv(const std::string& table) {
  std::ifstream f(kShared + "/reference/schemas/" + table + ".columns.csv");
  REQUIRE_MESSAGE(f.good(), "missing schema csv for " << table);
  std::vector<kql::JsonlColumn> cols;
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    size_t a = line.find(','), b = line.find(',', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    auto t = ParseTypeName(line.substr(a + 1, b - a - 1));
    cols.push_back({line.substr(0, a), t ? *t : ColumnType::String});
  }
  // Log Analytics adds TenantId (the workspace id) to every table; some reference pages omit it.
  bool has_tenant = false;
  for (const auto& c : cols) has_tenant = has_tenant || c.name == "TenantId";
  if (!has_tenant) cols.push_back({"TenantId", ColumnType::String});
  return cols;
}

void Load(LogStore& store, const std::string& table, const std::string& jsonl) {
  auto cols = ReadColumnsCsv(table);
  std::istringstream in(jsonl);
  kql::LoadJsonlTable(store, table, in, table + ".jsonl", &cols);
}

// Attack-shaped rows; now = 2026-03-10T00:00Z, the attack on 2026-03-09.
void BuildSyntheticStore(LogStore& store) {
  Load(store, "SigninLogs", R"J({"TimeGenerated":"2026-03-05T09:00:00Z","UserPrincipalName":"alice@contoso.com","UserId":"u-1","IPAddress":"10.0.0.1","AutonomousSystemNumber":"8075","ResultType":"0","AppDisplayName":"OfficeHome","AppId":"app-1","CorrelationId":"c-10","LocationDetails":{"countryOrRegion":"US","state":"WA","city":"Seattle"},"ConditionalAccessStatus":"success","UniqueTokenIdentifier":"tok-1","Status":{"errorCode":0}}
{"TimeGenerated":"2026-03-09T10:00:00Z","UserPrincipalName":"alice@contoso.com","UserId":"u-1","IPAddress":"10.0.0.1","AutonomousSystemNumber":"8075","ResultType":"0","AppDisplayName":"OfficeHome","AppId":"app-1","CorrelationId":"c-11","LocationDetails":{"countryOrRegion":"US","state":"WA","city":"Seattle"},"ConditionalAccessStatus":"success","UniqueTokenIdentifier":"tok-2","RiskLevelDuringSignIn":"high","Status":{"errorCode":0}}
{"TimeGenerated":"2026-03-09T10:01:00Z","UserPrincipalName":"bob@contoso.com","UserId":"u-2","IPAddress":"10.0.0.2","AutonomousSystemNumber":"8075","ResultType":"500121","AppDisplayName":"OfficeHome","AppId":"app-1","CorrelationId":"c-12","LocationDetails":{"countryOrRegion":"US","state":"WA","city":"Redmond"},"ConditionalAccessStatus":"failure","Status":{"errorCode":500121,"additionalDetails":"MFA denied; user declined the authentication"}}
)J");
  Load(store, "AADNonInteractiveUserSignInLogs", R"J({"TimeGenerated":"2026-03-09T10:05:00Z","UserPrincipalName":"alice@contoso.com","UserId":"u-1","IPAddress":"203.0.113.5","AutonomousSystemNumber":"64500","ResultType":"0","AppDisplayName":"Office 365 Exchange Online","AppId":"app-2","CorrelationId":"c-13","UniqueTokenIdentifier":"tok-2","LocationDetails":"{\"countryOrRegion\":\"NG\",\"state\":\"Lagos\",\"city\":\"Lagos\"}"}
)J");
  Load(store, "AADServicePrincipalSignInLogs", R"J({"TimeGenerated":"2026-03-09T11:30:00Z","ServicePrincipalName":"MailSync Pro","AppId":"11111111-2222-3333-4444-555555555555","IPAddress":"198.51.100.7","ResourceDisplayName":"Microsoft Graph","ResultType":"0"}
)J");
  const std::string consent_perm =
      R"J(\"[] => [[Id: g1, ClientId: sp-1, PrincipalId: u-1, ResourceId: r-1, ConsentType: Principal, Scope: offline_access Mail.Read Mail.Send User.Read, CreatedDateTime: , LastModifiedDateTime ]]; \")J";
  Load(store, "AuditLogs",
       R"J({"TimeGenerated":"2026-03-09T11:00:00Z","ActivityDateTime":"2026-03-09T11:00:00Z","OperationName":"Consent to application","ActivityDisplayName":"Consent to application","Category":"ApplicationManagement","LoggedByService":"Core Directory","Result":"success","CorrelationId":"c-20","AADTenantId":"t-1","InitiatedBy":{"user":{"userPrincipalName":"alice@contoso.com","id":"u-1","ipAddress":"203.0.113.5"}},"TargetResources":[{"type":"ServicePrincipal","displayName":"MailSync Pro","id":"sp-1","modifiedProperties":[{"displayName":"ConsentContext.IsAdminConsent","newValue":"\"False\""},{"displayName":"ConsentAction.Permissions","newValue":")J" +
           consent_perm +
           R"J("},{"displayName":"TargetId.ServicePrincipalNames","newValue":"\"11111111-2222-3333-4444-555555555555\""}]}],"AdditionalDetails":[{"key":"User-Agent","value":"Mozilla/5.0"},{"key":"AppId","value":"11111111-2222-3333-4444-555555555555"}]}
{"TimeGenerated":"2026-03-09T11:02:00Z","ActivityDateTime":"2026-03-09T11:02:00Z","OperationName":"Add delegated permission grant","ActivityDisplayName":"Add delegated permission grant","Category":"ApplicationManagement","LoggedByService":"Core Directory","Result":"success","CorrelationId":"c-20","InitiatedBy":{"user":{"userPrincipalName":"alice@contoso.com","id":"u-1","ipAddress":"203.0.113.5"}},"TargetResources":[{"type":"ServicePrincipal","displayName":"Microsoft Graph","id":"sp-graph","modifiedProperties":[{"displayName":"DelegatedPermissionGrant.Scope","newValue":"\"offline_access Mail.Read Mail.Send\""}]}],"AdditionalDetails":[{"key":"User-Agent","value":"Mozilla/5.0"}]}
{"TimeGenerated":"2026-03-09T12:00:00Z","ActivityDateTime":"2026-03-09T12:00:00Z","OperationName":"Add member to role","ActivityDisplayName":"Add member to role","Category":"RoleManagement","LoggedByService":"Core Directory","Result":"success","CorrelationId":"c-21","AADOperationType":"Assign","InitiatedBy":{"user":{"userPrincipalName":"alice@contoso.com","id":"u-1","ipAddress":"203.0.113.5"}},"TargetResources":[{"type":"User","userPrincipalName":"mallory@contoso.com","id":"u-9","modifiedProperties":[{"displayName":"Role.WellKnownObjectName","newValue":"\"TenantAdmins\""}]}],"AdditionalDetails":[]}
)J");
  Load(store, "OfficeActivity",
       R"J({"TimeGenerated":"2026-03-09T10:30:00Z","Operation":"New-InboxRule","OfficeWorkload":"Exchange","RecordType":"ExchangeAdmin","ResultStatus":"True","UserId":"alice@contoso.com","UserType":"Regular","ClientIP":"203.0.113.5:443","OriginatingServer":"DM6PR01MB1234 (15.20.1.1)","OfficeObjectId":"contoso.com/alice/Invoice Rule","Parameters":"[{\"Name\":\"Name\",\"Value\":\"Invoice Rule\"},{\"Name\":\"SubjectContainsWords\",\"Value\":\"invoice;phishing\"},{\"Name\":\"DeleteMessage\",\"Value\":\"True\"},{\"Name\":\"MoveToFolder\",\"Value\":\"Deleted Items\"}]"}
{"TimeGenerated":"2026-03-09T10:40:00Z","Operation":"Set-Mailbox","OfficeWorkload":"Exchange","RecordType":"ExchangeAdmin","ResultStatus":"True","UserId":"alice@contoso.com","UserType":"Regular","ClientIP":"203.0.113.5:443","OriginatingServer":"DM6PR01MB1234 (15.20.1.1)","OfficeObjectId":"alice","Parameters":"[{\"Name\":\"Identity\",\"Value\":\"alice\"},{\"Name\":\"ForwardingSmtpAddress\",\"Value\":\"smtp:evil@attacker.net\"},{\"Name\":\"DeliverToMailboxAndForward\",\"Value\":\"True\"}]"}
{"TimeGenerated":"2026-03-09T10:45:00Z","Operation":"Set-Mailbox","OfficeWorkload":"Exchange","RecordType":"ExchangeAdmin","ResultStatus":"True","UserId":"bob@contoso.com","UserType":"Regular","ClientIP":"203.0.113.5:443","OriginatingServer":"DM6PR01MB1234 (15.20.1.1)","OfficeObjectId":"bob","Parameters":"[{\"Name\":\"Identity\",\"Value\":\"bob\"},{\"Name\":\"ForwardingSmtpAddress\",\"Value\":\"smtp:evil@attacker.net\"}]"}
{"TimeGenerated":"2026-03-09T10:50:00Z","Operation":"New-TransportRule","OfficeWorkload":"Exchange","RecordType":"ExchangeAdmin","ResultStatus":"True","UserId":"alice@contoso.com","UserType":"Admin","ClientIP":"203.0.113.5:443","OfficeObjectId":"Redirect","Parameters":"[{\"Name\":\"Name\",\"Value\":\"Redirect\"},{\"Name\":\"RedirectMessageTo\",\"Value\":\"evil@attacker.net\"}]"}
{"TimeGenerated":"2026-03-09T10:55:00Z","Operation":"Set-AdminAuditLogConfig","OfficeWorkload":"Exchange","RecordType":"ExchangeAdmin","ResultStatus":"True","UserId":"alice@contoso.com","UserType":"Admin","ClientIP":"203.0.113.5","Parameters":"[{\"Name\":\"Identity\",\"Value\":\"x\"},{\"Name\":\"a\",\"Value\":\"b\"},{\"Name\":\"c\",\"Value\":\"d\"},{\"Name\":\"AdminAuditLogEnabled\",\"Value\":\"False\"}]"}
{"TimeGenerated":"2026-03-09T11:10:00Z","Operation":"MailboxLogin","OfficeWorkload":"Exchange","RecordType":"ExchangeItem","ResultStatus":"Succeeded","UserId":"alice@contoso.com","UserType":"Regular","Logon_Type":"Delegate","MailboxOwnerUPN":"bob@contoso.com","OrganizationName":"contoso","ClientIP":"203.0.113.5"}
)J");
  Load(store, "SecurityAlert", R"J({"TimeGenerated":"2026-03-09T12:00:00Z","ProviderName":"IPC","AlertName":"Anomalous token","ExtendedProperties":"{\"User Account\":\"alice@contoso.com\"}"}
)J");
  Load(store, "CloudAppEvents", R"J({"TimeGenerated":"2026-03-09T10:30:00Z","ActionType":"Set-InboxRule","RawEventData":{"Parameters":[{"Name":"ForwardTo","Value":"evil@attacker.net"}]}}
)J");
}

}  // namespace

TEST_CASE("kql coverage: the real Sentinel rules parse, run and fire on attack-shaped rows") {
  LogStore store;
  BuildSyntheticStore(store);
  kql::Engine engine(store, FromCivil(2026, 3, 10));
  const std::string path = kShared + "/reference/detections/sentinel/queries.json";
  kql::CoverageReport rep = kql::RunCoverage(path, engine);
  MESSAGE("\n" << rep.Format());
  CHECK(rep.total == 35);
  // Floors at what the engine achieves today (raise them as features land; they catch regressions).
  CHECK(rep.parsed >= 35);
  CHECK(rep.ran >= 28);
  CHECK(rep.fired >= 14);
  // Every rule that parses and reads only tables present here must run, unless it needs a feature
  // listed as missing.
  for (const auto& e : rep.entries)
    if (e.parsed && e.tables_available && !e.ran) CHECK_MESSAGE(!e.missing.empty(), e.file << ": " << e.error);
}

TEST_CASE("kql robustness: every prefix of every Sentinel rule parses or fails with a placed error") {
  LogStore store;
  BuildSyntheticStore(store);
  kql::Engine engine(store, FromCivil(2026, 3, 10));
  std::ifstream f(kShared + "/reference/detections/sentinel/queries.json");
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  // The "query" strings of queries.json, unescaped by hand (\n, \t, \", \\).
  const std::string text = ss.str();
  size_t checked = 0, placed = 0;
  std::set<std::string> unplaced;
  size_t at = 0;
  while ((at = text.find("\"query\": \"", at)) != std::string::npos) {
    at += 10;
    std::string q;
    for (; at < text.size() && text[at] != '"'; ++at) {
      if (text[at] == '\\' && at + 1 < text.size()) {
        const char e = text[++at];
        q.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        q.push_back(text[at]);
      }
    }
    for (size_t len = 1; len < q.size(); len += 11) {
      const std::string prefix = q.substr(0, len);
      kql::QueryRun run = engine.Run(prefix);
      ++checked;
      if (!run.Ok()) {
        // Errors that concern the text carry a place inside it (or just past its end).
        if (run.error->line > 0) {
          ++placed;
          CHECK(run.error->column >= 1);
        } else {
          unplaced.insert(run.error->message.substr(0, 60));
        }
        CHECK(!run.error->message.empty());
        CHECK(run.error->message.find("internal") == std::string::npos);
      }
    }
  }
  MESSAGE("prefixes run: " << checked << ", errors with a place: " << placed);
  for (const auto& m : unplaced) MESSAGE("error without a place: " << m);
  CHECK(checked > 3000);
}
