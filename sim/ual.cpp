// The raw Unified Audit Log (Management Activity API / Purview export) view of OfficeActivity and
// AuditLogs rows: integer RecordType/UserType/LogonType, SessionId and AppAccessContext (which
// OfficeActivity lacks), Entra operation names ending with a full stop.
#include <algorithm>

#include "engine/hash.h"
#include "sim/export.h"
#include "sim/log_columns.h"

namespace td::sim {

using engine::Cell;
using engine::LogTable;

namespace {

// Column index by name, memoised per call site: a table's columns are fixed by its schema, so the
// same table name always has the same layout (an export calls this millions of times).
struct ColumnCache {
  const LogTable* table = nullptr;
  int index = -1;
};
int CachedColumn(ColumnCache& cache, const LogTable& t, const char* column) {
  if (cache.table != &t) { cache.table = &t; cache.index = t.FindColumn(column); }
  return cache.index;
}

// Copies the named column of the row into the record as "Key": value (a JSON value).
#define CopyColumn(o, t, row, column, ...) \
  do { static thread_local ColumnCache cache_; CopyColumnAt(o, t, row, CachedColumn(cache_, t, column), __VA_ARGS__); } while (0)
void CopyColumnAt(std::string& o, const LogTable& t, size_t row, int c, const char* key, Cell& cell, bool as_json = false) {
  if (c < 0) return;
  t.ReadCell(static_cast<size_t>(c), row, cell);
  if (cell.kind == Cell::Kind::Null || ((cell.kind == Cell::Kind::String || cell.kind == Cell::Kind::Json) && cell.s.empty())) return;
  o += ",\"";
  o += key;
  o += "\":";
  if (as_json && (cell.kind == Cell::Kind::String || cell.kind == Cell::Kind::Json) && !cell.s.empty() && (cell.s[0] == '[' || cell.s[0] == '{'))
    o += cell.s;
  else
    engine::AppendCellJson(o, cell, engine::ColumnType::String);
}

void AppendOfficeRecord(std::string& o, const World& w, const LogTable& t, size_t row, Cell& cell) {
  namespace of = cols::of;
  const Tenant& ten = w.GetTenant();
  const auto op = static_cast<OfficeOp>(cols::F(t, of::kOp, row));
  const OfficeOpInfo& info = Describe(op);
  const uint32_t user = cols::F32(t, of::kUser, row);
  o += "{\"CreationTime\":\"";
  engine::AppendIsoNoZone(o, t.Time(row));
  o += "\"";
  CopyColumn(o, t, row, "OfficeId", "Id", cell);
  cols::Kv(o, "Operation", info.name);
  cols::Kv(o, "OrganizationId", ten.settings.tenant_id);
  cols::KvRaw(o, "RecordType", std::to_string(info.record_type_id));
  CopyColumn(o, t, row, "ResultStatus", "ResultStatus", cell);
  CopyColumn(o, t, row, "UserKey", "UserKey", cell);
  cols::KvRaw(o, "UserType", user >= ten.users.size() ? "5" : info.kind == 1 ? "2" : "0");
  cols::KvRaw(o, "Version", "1");
  CopyColumn(o, t, row, "OfficeWorkload", "Workload", cell);
  CopyColumn(o, t, row, "ClientIP", "ClientIP", cell);
  CopyColumn(o, t, row, "OfficeObjectId", "ObjectId", cell);
  CopyColumn(o, t, row, "UserId", "UserId", cell);
  CopyColumn(o, t, row, "AppId", "AppId", cell);
  CopyColumn(o, t, row, "ClientAppId", "ClientAppId", cell);
  const uint32_t session = cols::F32(t, of::kSess, row);
  if (session != kNone) {
    const std::string sid = w.Logs().SessionIdOf(session);
    if (info.workload == "Exchange") cols::Kv(o, "SessionId", sid);
    o += ",\"AppAccessContext\":{";
    cols::Kv(o, "AADSessionId", sid, true);
    std::string tok;
    engine::AppendToken(tok, engine::Mix64(session, 0xAACC));
    cols::Kv(o, "UniqueTokenId", tok);
    std::string issued;
    engine::AppendIsoNoZone(issued, std::max(ten.sessions[session].started, t.Time(row) - 50 * engine::kMinute));
    cols::Kv(o, "IssuedAtTime", issued);
    o += "}";
  }
  if (info.kind == 1) {
    cols::KvRaw(o, "ExternalAccess", "false");
    CopyColumn(o, t, row, "OriginatingServer", "OriginatingServer", cell);
    cols::Kv(o, "OrganizationName", ten.settings.initial_domain);
    CopyColumn(o, t, row, "Parameters", "Parameters", cell, true);
  } else if (info.kind == 0) {
    CopyColumn(o, t, row, "InternalLogonType", "LogonType", cell, true);
    CopyColumn(o, t, row, "MailboxOwnerUPN", "MailboxOwnerUPN", cell);
    CopyColumn(o, t, row, "MailboxGuid", "MailboxGuid", cell);
    CopyColumn(o, t, row, "MailboxOwnerSid", "MailboxOwnerSid", cell);
    CopyColumn(o, t, row, "ClientInfoString", "ClientInfoString", cell);
    CopyColumn(o, t, row, "Client_IPAddress", "ClientIPAddress", cell);
    CopyColumn(o, t, row, "OriginatingServer", "OriginatingServer", cell);
    CopyColumn(o, t, row, "OperationProperties", "OperationProperties", cell, true);
    if (op == OfficeOp::MailItemsAccessed) cols::KvRaw(o, "OperationCount", std::to_string(cols::F(t, of::kCount_, row)));
    CopyColumn(o, t, row, "Folders", "Folders", cell, true);
    CopyColumn(o, t, row, "Item", "Item", cell, true);
    CopyColumn(o, t, row, "AffectedItems", "AffectedItems", cell, true);
  } else {
    CopyColumn(o, t, row, "Site_Url", "SiteUrl", cell);
    CopyColumn(o, t, row, "SourceRelativeUrl", "SourceRelativeUrl", cell);
    CopyColumn(o, t, row, "SourceFileName", "SourceFileName", cell);
    CopyColumn(o, t, row, "SourceFileExtension", "SourceFileExtension", cell);
    CopyColumn(o, t, row, "ItemType", "ItemType", cell);
    CopyColumn(o, t, row, "EventSource", "EventSource", cell);
    CopyColumn(o, t, row, "UserAgent", "UserAgent", cell);
  }
  o += "}";
}

void AppendAuditRecord(std::string& o, const World& w, const LogTable& t, size_t row, Cell& cell) {
  namespace au = cols::au;
  const Tenant& ten = w.GetTenant();
  const auto op = static_cast<AuditOp>(cols::F(t, au::kOp, row));
  const uint32_t actor = cols::F32(t, au::kActor, row);
  o += "{\"CreationTime\":\"";
  engine::AppendIsoNoZone(o, t.Time(row));
  o += "\"";
  CopyColumn(o, t, row, "Id", "Id", cell);
  std::string name(Describe(op).name);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  cols::Kv(o, "Operation", name + ".");  // UAL Entra operation names end with a full stop
  cols::Kv(o, "OrganizationId", ten.settings.tenant_id);
  cols::KvRaw(o, "RecordType", "8");
  CopyColumn(o, t, row, "Result", "ResultStatus", cell);
  cols::KvRaw(o, "UserType", actor != kNone && (actor & kActorApp) ? "4" : "0");
  cols::KvRaw(o, "Version", "1");
  cols::Kv(o, "Workload", "AzureActiveDirectory");
  if (actor != kNone && !(actor & kActorApp)) {
    cols::Kv(o, "UserId", ten.users[actor].upn);
    cols::Kv(o, "UserKey", ten.users[actor].puid);
    cols::Kv(o, "ActorIpAddress", cols::SourceIp(ten, cols::F32(t, au::kSrc, row)));
    o += ",\"Actor\":[{";
    cols::Kv(o, "ID", ten.users[actor].upn, true);
    cols::KvRaw(o, "Type", "5");
    o += "},{";
    cols::Kv(o, "ID", ten.users[actor].object_id, true);
    cols::KvRaw(o, "Type", "2");
    o += "}]";
  } else if (actor != kNone) {
    const ServicePrincipal& sp = ten.sps[actor & ~kActorApp];
    cols::Kv(o, "UserId", "ServicePrincipal_" + sp.object_id);
    cols::Kv(o, "UserKey", sp.object_id);
  }
  CopyColumn(o, t, row, "CorrelationId", "InterSystemsId", cell);
  CopyColumn(o, t, row, "TargetResources", "Target", cell, true);
  o += ",\"ModifiedProperties\":";
  std::string_view modified = w.Logs().Store().Strings().Get(cols::F32(t, au::kModified, row));
  o += modified.empty() ? std::string_view("[]") : modified;
  o += "}";
}

void AppendCsvField(std::string& o, std::string_view s) {
  o.push_back('"');
  for (size_t q; (q = s.find('"')) != std::string_view::npos; s.remove_prefix(q + 1)) {
    o.append(s.data(), q + 1);
    o.push_back('"');
  }
  o.append(s);
  o.push_back('"');
}

}  // namespace

void AppendUalRecord(std::string& out, const World& world, const LogTable& table, size_t row) {
  Cell cell;
  if (table.Name() == "OfficeActivity") AppendOfficeRecord(out, world, table, row, cell);
  else AppendAuditRecord(out, world, table, row, cell);
}

size_t WriteUalCsv(const World& world, engine::ByteSink& sink) {
  const auto& logs = world.Logs();
  const LogTable* office = logs.Store().Find("OfficeActivity");
  const LogTable* audit = logs.Store().Find("AuditLogs");
  // The UAL keeps what the audit licence keeps, for both workloads.
  const engine::Visibility vis = logs.ViewFor(*office, world.Now());
  engine::TableView ov(*office, vis), av(*audit, vis);
  sink.Append("CreationDate,UserIds,Operations,AuditData\n");
  Cell cell;
  std::string record, users;
  const int office_user_col = office->FindColumn("UserId"), audit_identity_col = audit->FindColumn("Identity");
  size_t i = ov.Begin(), j = av.Begin(), n = 0;
  while (i < ov.End() || j < av.End()) {
    const bool take_office = j >= av.End() || (i < ov.End() && office->Time(i) <= audit->Time(j));
    const LogTable& t = take_office ? *office : *audit;
    const size_t row = take_office ? i++ : j++;
    if (take_office && !ov.RowVisible(row)) continue;
    if (!take_office && !av.RowVisible(row)) continue;
    record.clear();
    if (take_office) AppendOfficeRecord(record, world, t, row, cell);
    else AppendAuditRecord(record, world, t, row, cell);
    std::string& o = sink.Buffer();
    engine::AppendIso7(o, t.Time(row));
    o.push_back(',');
    const int uc = take_office ? office_user_col : audit_identity_col;
    t.ReadCell(static_cast<size_t>(uc), row, cell);
    if (!take_office) {
      const uint32_t actor = cols::F32(t, cols::au::kActor, row);
      users = actor != kNone && !(actor & kActorApp) ? world.GetTenant().users[actor].upn : std::string(cell.s);
    } else {
      users.assign(cell.s);
    }
    AppendCsvField(o, users);
    o.push_back(',');
    if (take_office) {
      o += Describe(static_cast<OfficeOp>(cols::F(t, cols::of::kOp, row))).name;
    } else {
      std::string name(Describe(static_cast<AuditOp>(cols::F(t, cols::au::kOp, row))).name);
      while (!name.empty() && name.back() == ' ') name.pop_back();
      AppendCsvField(o, name + ".");
    }
    o.push_back(',');
    AppendCsvField(o, record);
    o.push_back('\n');
    sink.MaybeFlush();
    ++n;
  }
  return n;
}

}  // namespace td::sim
