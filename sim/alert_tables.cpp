// [SECTION] Shared helpers of the alert tables (schema fill, staging)
// [SECTION] AADUserRiskEvents (Entra ID Protection risk detections)
// [SECTION] AADRiskyUsers (Entra ID Protection risky-user state changes)
// [SECTION] AddAlertTables
//
// The two Identity Protection tables live here; SecurityAlert, EmailEvents / UrlClickEvents and
// MicrosoftGraphActivityLogs have their own files (log_alerts_security.cpp, log_alerts_mail.cpp,
// log_alerts_graph.cpp). There is no internal header: the few functions the files share are
// declared where they are used, in namespace alerts.
#include "sim/alert_tables.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "sim/log_columns.h"

namespace td::sim {

using engine::Cell;
using engine::ColumnDef;
using engine::ColumnType;
using engine::ConstColumn;
using engine::KeyedColumn;
using engine::LogTable;
using engine::PoolColumn;
using engine::RowColumn;
using engine::TimeColumn;

// [SECTION] Shared helpers

namespace alerts {

LogTable& TableOf(TenantLogs& logs, std::string_view name) {
  LogTable* t = logs.Store().Find(name);
  if (!t) {  // the constructor adds every table; a miss is a programming error
    std::fprintf(stderr, "alert_tables: table %.*s missing (AddAlertTables not called?)\n", static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return *t;
}

// Row ids count staged and committed rows: deterministic, no per-logs counter needed.
uint64_t NextRid(const LogTable& t) { return t.RowCount() + t.StagedCount(); }

uint32_t InternOrEmpty(TenantLogs& logs, std::string_view s) { return s.empty() ? 0 : logs.Intern(s); }

std::string_view RiskLevelName(uint64_t level) {
  switch (level) { case 0: return "none"; case 1: return "low"; case 2: return "medium"; default: return "high"; }
}

void BuildSecurityAlertTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed);
void BuildMailTables(TenantLogs& logs, const Tenant& tenant, uint64_t seed);
void BuildGraphTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed);

}  // namespace alerts

namespace {

// Id namespaces of these tables (log_columns.h holds the older tables' ones, 0x51-0x59).
constexpr uint64_t kNsRiskEvent = 0xA1E7'0001, kNsRiskyUser = 0xA1E7'0002;

// [SECTION] AADUserRiskEvents

namespace re { enum : int { kTime, kActivity, kRid, kUser, kType, kLevel, kOffline, kSrc, kCorr, kReq, kInfo, kCount }; }

void AppendLowerHex(std::string& o, uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 60; i >= 0; i -= 4) o.push_back(kDigits[(v >> i) & 15]);
}

void BuildRiskEventTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  auto table = std::make_unique<LogTable>("AADUserRiskEvents", std::vector<engine::FieldSpec>{
      {"time", 8}, {"activity_time", 8}, {"rid", 4}, {"user", 4}, {"type", 1}, {"level", 1}, {"offline", 1},
      {"source", 4}, {"correlation", 4}, {"request", 4}, {"info", 4}});
  table->SetTableGate(kFeatRiskDetail);
  const Tenant* t = &tenant;
  const engine::StringPool* pool = &logs.Store().Strings();
  const uint64_t id_ns = engine::Mix64(seed, kNsRiskEvent);
  const uint64_t corr_ns = engine::Mix64(seed, cols::kNsCorrelation);
  const auto types = static_cast<uint64_t>(RiskEvent::Count);
  const std::string tenant_id = t->settings.tenant_id;
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", re::kTime));
  d.push_back(TimeColumn("DetectedDateTime", re::kTime));
  d.push_back(TimeColumn("LastUpdatedDateTime", re::kTime));
  d.push_back(TimeColumn("ActivityDateTime", re::kActivity));
  d.push_back(RowColumn("Id", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    // Risk detection ids are 64 lower-case hex digits.
    const uint64_t k = engine::Mix64(cols::F(tab, re::kRid, r), id_ns);
    std::string& o = c.BeginScratch();
    for (uint64_t i = 0; i < 4; ++i) AppendLowerHex(o, engine::Mix64(k, i));
    c.FinishString(); }));
  d.push_back(KeyedColumn("RiskEventType", ColumnType::String, re::kType, types, [](uint64_t k, Cell& c) {
    c.SetString(RiskEventName(static_cast<RiskEvent>(k))); }));
  d.push_back(KeyedColumn("Activity", ColumnType::String, re::kType, types, [](uint64_t k, Cell& c) {
    c.SetString(static_cast<RiskEvent>(k) == RiskEvent::SuspiciousInboxForwarding ? "user" : "signin"); }));
  d.push_back(KeyedColumn("RiskLevel", ColumnType::String, re::kLevel, 4, [](uint64_t k, Cell& c) { c.SetString(alerts::RiskLevelName(k)); }));
  d.push_back(KeyedColumn("DetectionTimingType", ColumnType::String, re::kOffline, 2, [](uint64_t k, Cell& c) {
    c.SetString(k ? "offline" : "realtime"); }));
  d.push_back(ConstColumn("RiskState", ColumnType::String, "atRisk"));
  d.push_back(ConstColumn("RiskDetail", ColumnType::String, "none"));
  d.push_back(ConstColumn("Source", ColumnType::String, "IdentityProtection"));
  d.push_back(ConstColumn("TokenIssuerType", ColumnType::String, "AzureAD"));
  d.push_back(KeyedColumn("UserPrincipalName", ColumnType::String, re::kUser, 0, [t](uint64_t k, Cell& c) { c.SetString(k < t->users.size() ? std::string_view(t->users[k].upn) : std::string_view()); }));
  d.push_back(KeyedColumn("UserDisplayName", ColumnType::String, re::kUser, 0, [t](uint64_t k, Cell& c) { c.SetString(k < t->users.size() ? std::string_view(t->users[k].display_name) : std::string_view()); }));
  d.push_back(KeyedColumn("UserId", ColumnType::String, re::kUser, 0, [t](uint64_t k, Cell& c) { c.SetString(k < t->users.size() ? std::string_view(t->users[k].object_id) : std::string_view()); }));
  d.push_back(KeyedColumn("IpAddress", ColumnType::String, re::kSrc, 0, [t](uint64_t k, Cell& c) {
    c.SetString(cols::SourceIp(*t, static_cast<uint32_t>(k))); }));
  d.push_back(KeyedColumn("Location", ColumnType::Dynamic, re::kSrc, 0, [t](uint64_t k, Cell& c) {
    cols::AppendLocationJson(c.BeginScratch(), *t, static_cast<uint32_t>(k)); c.FinishJson(); }));
  d.push_back(KeyedColumn("CorrelationId", ColumnType::String, re::kCorr, 0, [corr_ns](uint64_t k, Cell& c) {
    // A detection not tied to a sign-in (inbox forwarding) has no correlation id.
    if (k == 0) { c.SetString(""); return; }
    engine::AppendGuid(c.BeginScratch(), k, corr_ns); c.FinishString(); }));
  d.push_back(PoolColumn("RequestId", re::kReq, pool));
  d.push_back(KeyedColumn("AdditionalInfo", ColumnType::Dynamic, re::kInfo, 0, [pool](uint64_t k, Cell& c) {
    c.SetJson(k == 0 ? std::string_view("[]") : pool->Get(static_cast<uint32_t>(k))); }));
  d.push_back(ConstColumn("OperationName", ColumnType::String, "User Risk Detection"));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Azure AD"));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("Type", ColumnType::String, "AADUserRiskEvents"));
  TenantLogs::FillFromSchema(*table, d);
  logs.Store().Add(std::move(table));
}

// [SECTION] AADRiskyUsers

namespace ru { enum : int { kTime, kRid, kUser, kLevel, kState, kDetail, kCount }; }

void BuildRiskyUserTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  auto table = std::make_unique<LogTable>("AADRiskyUsers", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"user", 4}, {"level", 1}, {"state", 4}, {"detail", 4}});
  table->SetTableGate(kFeatRiskDetail);
  const Tenant* t = &tenant;
  const engine::StringPool* pool = &logs.Store().Strings();
  const uint64_t id_ns = engine::Mix64(seed, kNsRiskyUser);
  const std::string tenant_id = t->settings.tenant_id;
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", ru::kTime));
  d.push_back(TimeColumn("RiskLastUpdatedDateTime", ru::kTime));
  // A risky user's Id is the user's object id.
  d.push_back(KeyedColumn("Id", ColumnType::String, ru::kUser, 0, [t](uint64_t k, Cell& c) { c.SetString(k < t->users.size() ? std::string_view(t->users[k].object_id) : std::string_view()); }));
  d.push_back(KeyedColumn("UserPrincipalName", ColumnType::String, ru::kUser, 0, [t](uint64_t k, Cell& c) { c.SetString(k < t->users.size() ? std::string_view(t->users[k].upn) : std::string_view()); }));
  d.push_back(KeyedColumn("UserDisplayName", ColumnType::String, ru::kUser, 0, [t](uint64_t k, Cell& c) { c.SetString(k < t->users.size() ? std::string_view(t->users[k].display_name) : std::string_view()); }));
  d.push_back(KeyedColumn("RiskLevel", ColumnType::String, ru::kLevel, 4, [](uint64_t k, Cell& c) { c.SetString(alerts::RiskLevelName(k)); }));
  d.push_back(PoolColumn("RiskState", ru::kState, pool));
  d.push_back(PoolColumn("RiskDetail", ru::kDetail, pool));
  d.push_back(RowColumn("CorrelationId", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, ru::kRid, r), id_ns); c.FinishString(); }));
  d.push_back(ConstColumn("IsDeleted", ColumnType::Bool, "false"));
  d.push_back(ConstColumn("IsProcessing", ColumnType::Bool, "false"));
  d.push_back(ConstColumn("OperationName", ColumnType::String, "Risky user"));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Azure AD"));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("Type", ColumnType::String, "AADRiskyUsers"));
  TenantLogs::FillFromSchema(*table, d);
  logs.Store().Add(std::move(table));
}

}  // namespace

void AppendRiskEvent(TenantLogs& logs, const RiskEventFact& f) {
  LogTable& t = alerts::TableOf(logs, "AADUserRiskEvents");
  uint64_t v[re::kCount];
  v[re::kTime] = static_cast<uint64_t>(f.time);
  v[re::kActivity] = static_cast<uint64_t>(f.activity_time ? f.activity_time : f.time);
  v[re::kRid] = alerts::NextRid(t);
  v[re::kUser] = f.user;
  v[re::kType] = static_cast<uint64_t>(f.type);
  v[re::kLevel] = std::min<uint8_t>(f.level, 3);
  v[re::kOffline] = f.offline ? 1 : 0;
  v[re::kSrc] = f.source;
  v[re::kCorr] = f.correlation;
  v[re::kReq] = alerts::InternOrEmpty(logs, f.request_id);
  v[re::kInfo] = alerts::InternOrEmpty(logs, f.additional_info);
  t.Stage(v);
}

void AppendRiskyUser(TenantLogs& logs, const RiskyUserFact& f) {
  LogTable& t = alerts::TableOf(logs, "AADRiskyUsers");
  uint64_t v[ru::kCount];
  v[ru::kTime] = static_cast<uint64_t>(f.time);
  v[ru::kRid] = alerts::NextRid(t);
  v[ru::kUser] = f.user;
  v[ru::kLevel] = std::min<uint8_t>(f.level, 3);
  v[ru::kState] = logs.Intern(f.state);
  v[ru::kDetail] = logs.Intern(f.detail);
  t.Stage(v);
}

// [SECTION] AddAlertTables

void AddAlertTables(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  BuildRiskEventTable(logs, tenant, seed);
  BuildRiskyUserTable(logs, tenant, seed);
  alerts::BuildSecurityAlertTable(logs, tenant, seed);
  alerts::BuildMailTables(logs, tenant, seed);
  alerts::BuildGraphTable(logs, tenant, seed);
}

}  // namespace td::sim
