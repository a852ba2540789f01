// Columns of AuditLogs (Entra directory audit).
#include "sim/log_columns.h"
#include "sim/log_tables.h"

namespace td::sim {

using engine::Cell;
using engine::ColumnDef;
using engine::ColumnType;
using engine::ConstColumn;
using engine::KeyedColumn;
using engine::LogTable;
using engine::RowColumn;
using engine::TimeColumn;
namespace au = cols::au;

namespace {

constexpr std::string_view kRoleNames[] = {"Global Administrator", "Exchange Administrator", "Security Administrator",
                                           "User Administrator", "Helpdesk Administrator", "Application Administrator"};

void AppendTarget(std::string& o, const Tenant& t, std::string_view type, uint32_t idx, std::string_view modified,
                  std::string_view extra) {
  o.push_back('{');
  if (type == "User" && idx < t.users.size()) {
    cols::Kv(o, "id", t.users[idx].object_id, true);
    cols::KvRaw(o, "displayName", "null");
    cols::Kv(o, "type", "User");
    cols::Kv(o, "userPrincipalName", t.users[idx].upn);
  } else if (type == "ServicePrincipal" && idx < t.sps.size()) {
    cols::Kv(o, "id", t.sps[idx].object_id, true);
    cols::Kv(o, "displayName", t.apps[t.sps[idx].app].display_name);
    cols::Kv(o, "type", "ServicePrincipal");
  } else if (type == "Application" && idx < t.apps.size()) {
    cols::Kv(o, "id", engine::Guid(engine::Fnv1a64(t.apps[idx].app_id), 0xA99), true);
    cols::Kv(o, "displayName", t.apps[idx].display_name);
    cols::Kv(o, "type", "Application");
  } else if (type == "Group" && idx < t.groups.size()) {
    cols::Kv(o, "id", t.groups[idx].object_id, true);
    cols::Kv(o, "displayName", t.groups[idx].name);
    cols::Kv(o, "type", "Group");
    cols::KvRaw(o, "groupType", "\"unifiedGroup\"");
  } else if (type == "Role" && idx < std::size(kRoleNames)) {
    cols::Kv(o, "id", engine::Guid(idx, 0x201E), true);
    cols::Kv(o, "displayName", kRoleNames[idx]);
    cols::Kv(o, "type", "Role");
  } else if (type == "Policy") {
    if (idx < t.ca_policies.size()) {
      cols::Kv(o, "id", t.ca_policies[idx].id, true);
      cols::Kv(o, "displayName", t.ca_policies[idx].name);
    } else {
      cols::Kv(o, "id", "authorizationPolicy", true);
      cols::Kv(o, "displayName", extra.empty() ? std::string_view("Authorization Policy") : extra);
    }
    cols::Kv(o, "type", "Policy");
  } else {
    cols::KvRaw(o, "id", "null", true);
    cols::KvRaw(o, "displayName", "null");
    cols::Kv(o, "type", type);
  }
  cols::KvRaw(o, "modifiedProperties", modified.empty() ? std::string_view("[]") : modified);
  cols::KvRaw(o, "administrativeUnits", "[]");
  o.push_back('}');
}

}  // namespace

void TenantLogs::BuildAuditTable() {
  auto table = std::make_unique<LogTable>("AuditLogs", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"op", 2}, {"actor", 4}, {"target", 4}, {"target2", 4}, {"modified", 4}, {"extra", 4},
      {"correlation", 4}, {"source", 4}, {"device", 4}, {"result", 1}, {"gate", 1}});
  table->SetGateField(au::kGate);
  const Tenant* t = m_tenant;
  const engine::StringPool* pool = &m_store.Strings();
  const uint64_t corr_ns = engine::Mix64(m_seed, cols::kNsCorrelation);
  const uint64_t id_ns = engine::Mix64(m_seed, cols::kNsAudit);
  const std::string tenant_id = t->settings.tenant_id;
  const auto nops = static_cast<uint64_t>(AuditOp::Count);
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", au::kTime));
  d.push_back(TimeColumn("ActivityDateTime", au::kTime));
  auto op_col = [&](const char* cname, std::string_view AuditOpInfo::*member) {
    d.push_back(KeyedColumn(cname, ColumnType::String, au::kOp, nops, [member](uint64_t k, Cell& c) {
      c.SetString(Describe(static_cast<AuditOp>(k)).*member); }));
  };
  op_col("OperationName", &AuditOpInfo::name);
  op_col("ActivityDisplayName", &AuditOpInfo::name);
  op_col("Category", &AuditOpInfo::category);
  op_col("LoggedByService", &AuditOpInfo::service);
  op_col("AADOperationType", &AuditOpInfo::op_type);
  d.push_back(KeyedColumn("CorrelationId", ColumnType::String, au::kCorr, 0, [corr_ns](uint64_t k, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), k, corr_ns); c.FinishString(); }));
  d.push_back(RowColumn("Id", ColumnType::String, [corr_ns, id_ns](const LogTable& tab, size_t r, Cell& c) {
    std::string& o = c.BeginScratch();
    o = "Directory_";
    engine::AppendGuid(o, cols::F(tab, au::kCorr, r), corr_ns);
    o.push_back('_');
    const uint64_t h = engine::Mix64(cols::F(tab, au::kRid, r), id_ns);
    engine::AppendToken(o, h, 5);
    o.push_back('_');
    o += std::to_string(10000000 + h % 89999999);
    c.FinishString(); }));
  d.push_back(KeyedColumn("Result", ColumnType::String, au::kResult, 2, [](uint64_t k, Cell& c) { c.SetString(k ? "success" : "failure"); }));
  d.push_back(ConstColumn("ResultReason", ColumnType::String, ""));
  d.push_back(ConstColumn("ResultSignature", ColumnType::String, "None"));
  d.push_back(ConstColumn("ResultType", ColumnType::String, ""));
  d.push_back(ConstColumn("ResultDescription", ColumnType::String, ""));
  d.push_back(RowColumn("InitiatedBy", ColumnType::Dynamic, [t](const LogTable& tab, size_t r, Cell& c) {
    std::string& o = c.BeginScratch();
    const uint32_t actor = cols::F32(tab, au::kActor, r);
    if (actor == kNone) {
      o = "{}";
    } else if (actor & kActorApp) {
      const ServicePrincipal& sp = t->sps[actor & ~kActorApp];
      const App& a = t->apps[sp.app];
      o = "{\"app\":{";
      cols::Kv(o, "appId", a.app_id, true);
      cols::Kv(o, "displayName", a.display_name);
      cols::Kv(o, "servicePrincipalId", sp.object_id);
      cols::Kv(o, "servicePrincipalName", a.display_name);
      o += "}}";
    } else {
      const User& u = t->users[actor];
      o = "{\"user\":{";
      cols::Kv(o, "id", u.object_id, true);
      cols::KvRaw(o, "displayName", "null");
      cols::Kv(o, "userPrincipalName", u.upn);
      cols::Kv(o, "ipAddress", cols::SourceIp(*t, cols::F32(tab, au::kSrc, r)));
      cols::KvRaw(o, "roles", "[]");
      o += "}}";
    }
    c.FinishJson(); }));
  d.push_back(RowColumn("Identity", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    const uint32_t actor = cols::F32(tab, au::kActor, r);
    if (actor == kNone) c.SetString("");
    else if (actor & kActorApp) c.SetString(t->apps[t->sps[actor & ~kActorApp].app].display_name);
    else c.SetString(t->users[actor].display_name); }));
  d.push_back(RowColumn("TargetResources", ColumnType::Dynamic, [t, pool](const LogTable& tab, size_t r, Cell& c) {
    const auto op = static_cast<AuditOp>(cols::F(tab, au::kOp, r));
    const AuditOpInfo& info = Describe(op);
    std::string_view modified = pool->Get(cols::F32(tab, au::kModified, r));
    std::string_view extra = pool->Get(cols::F32(tab, au::kExtra, r));
    const uint32_t target2 = cols::F32(tab, au::kTarget2, r);
    std::string& o = c.BeginScratch();
    o.push_back('[');
    AppendTarget(o, *t, info.target_type, cols::F32(tab, au::kTarget, r), modified, extra);
    if (target2 != kNone) {
      std::string_view second = op == AuditOp::AddMemberToGroup || op == AuditOp::RemoveMemberFromGroup ? "Group"
                                : op == AuditOp::AddMemberToRole || op == AuditOp::RemoveMemberFromRole ? "Role"
                                                                                                        : "ServicePrincipal";
      o.push_back(',');
      AppendTarget(o, *t, second, target2, "", "");
    }
    o.push_back(']');
    c.FinishJson(); }));
  d.push_back(RowColumn("AdditionalDetails", ColumnType::Dynamic, [t, pool](const LogTable& tab, size_t r, Cell& c) {
    // Order matters: rules read [0] as the User-Agent and [1].value as the AppId.
    const auto op = static_cast<AuditOp>(cols::F(tab, au::kOp, r));
    const uint32_t actor = cols::F32(tab, au::kActor, r);
    std::string& o = c.BeginScratch();
    if (actor == kNone || (actor & kActorApp)) { o = "[]"; c.FinishJson(); return; }
    const uint32_t dev = cols::F32(tab, au::kDev, r);
    std::string_view ua = dev == kNone ? std::string_view("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80")
                                       : cols::UserAgentFor(*t, dev, kNone);
    std::string_view app_id = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";  // Azure Portal
    const uint32_t target = cols::F32(tab, au::kTarget, r);
    if (Describe(op).target_type == "ServicePrincipal" && target < t->sps.size()) app_id = t->apps[t->sps[target].app].app_id;
    o = "[{\"key\":\"User-Agent\",";
    cols::Kv(o, "value", ua, true);
    o += "},{\"key\":\"AppId\",";
    cols::Kv(o, "value", app_id, true);
    o.push_back('}');
    std::string_view extra = pool->Get(cols::F32(tab, au::kExtra, r));
    if (extra.size() > 2 && extra.front() == '{') { o.push_back(','); o += extra; }
    o.push_back(']');
    c.FinishJson(); }));
  d.push_back(ConstColumn("AADTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("OperationVersion", ColumnType::String, "1.0"));
  d.push_back(ConstColumn("Level", ColumnType::String, "4"));
  d.push_back(ConstColumn("Location", ColumnType::String, ""));
  d.push_back(ConstColumn("Resource", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("ResourceGroup", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("ResourceProvider", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("ResourceId", ColumnType::String, "/tenants/" + tenant_id + "/providers/Microsoft.aadiam"));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Azure AD"));
  d.push_back(ConstColumn("Type", ColumnType::String, "AuditLogs"));
  d.push_back(ConstColumn("DurationMs", ColumnType::Long, "0"));
  FillFromSchema(*table, d);
  m_store.Add(std::move(table));
}

}  // namespace td::sim
