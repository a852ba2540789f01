// Columns of OfficeActivity (the Sentinel Office 365 connector's flattened unified audit records).
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
using engine::RowColumnOf;
using engine::TimeColumn;
namespace of = cols::of;

namespace {

const OfficeOpInfo& OpOf(const LogTable& tab, size_t r) { return Describe(static_cast<OfficeOp>(cols::F(tab, of::kOp, r))); }
OfficeOp OpCode(const LogTable& tab, size_t r) { return static_cast<OfficeOp>(cols::F(tab, of::kOp, r)); }

const File* FileOf(const Tenant& t, const LogTable& tab, size_t r) {
  if (OpOf(tab, r).kind != 2) return nullptr;
  uint32_t f = cols::F32(tab, of::kObject, r);
  return f < t.files.size() ? &t.files[f] : nullptr;
}

const Mailbox* MailboxOf(const Tenant& t, const LogTable& tab, size_t r) {
  uint32_t m = cols::F32(tab, of::kMailbox, r);
  return m < t.mailboxes.size() ? &t.mailboxes[m] : nullptr;
}

void AppendMessageId(std::string& o, uint64_t key, std::string_view domain) {
  o.push_back('<');
  engine::AppendHex(o, engine::Mix64(key, 1), 16);
  engine::AppendHex(o, engine::Mix64(key, 2), 8);
  o.push_back('@');
  o += domain;
  o.push_back('>');
}

std::string_view ClientInfo(const Tenant& t, uint32_t app) {
  if (app >= t.apps.size()) return "Client=OWA;Action=ViewAdmin;";
  const std::string& n = t.apps[app].display_name;
  if (n == "Microsoft Office") return "Client=MSExchangeRPC";
  if (n == "Outlook Mobile") return "Client=REST;Client=RESTSystem;;";
  if (n == "One Outlook Web" || n == "OfficeHome") return "Client=OWA;Action=ViewAdmin;";
  return "Client=REST;;";
}

bool ViaGraph(const Tenant& t, uint32_t app) {
  if (app >= t.apps.size()) return false;
  const App& a = t.apps[app];
  return !a.first_party || a.display_name == "Outlook Mobile";
}

std::string_view UserOf(const Tenant& t, const LogTable& tab, size_t r) {
  uint32_t u = cols::F32(tab, of::kUser, r);
  if (u < t.users.size()) return t.users[u].upn;
  uint32_t app = cols::F32(tab, of::kApp, r);
  uint32_t sp = app < t.apps.size() ? t.SpOfApp(app) : kNone;
  return sp == kNone ? std::string_view() : std::string_view(t.sps[sp].object_id);
}

}  // namespace

void TenantLogs::BuildOfficeTable() {
  auto table = std::make_unique<LogTable>("OfficeActivity", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"op", 1}, {"user", 4}, {"mailbox", 4}, {"object", 4}, {"source", 4}, {"session", 4},
      {"app", 2}, {"detail", 4}, {"count", 4}, {"result", 1}, {"gate", 1}});
  table->SetGateField(of::kGate);
  const Tenant* t = m_tenant;
  const engine::StringPool* pool = &m_store.Strings();
  const uint64_t id_ns = engine::Mix64(m_seed, cols::kNsOffice);
  const uint64_t msg_ns = engine::Mix64(m_seed, cols::kNsMessage);
  const std::string tenant_id = t->settings.tenant_id;
  const std::string org = t->settings.initial_domain;
  const std::string domain = t->settings.domain;
  const auto nops = static_cast<uint64_t>(OfficeOp::Count);
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", of::kTime));
  d.push_back(RowColumn("Start_Time", ColumnType::DateTime, [](const LogTable& tab, size_t r, Cell& c) {
    c.SetDateTime(tab.Time(r) + 7 * engine::kMinute + static_cast<int64_t>(engine::Mix64(cols::F(tab, of::kRid, r)) % 120000)); }));
  auto id_col = [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, of::kRid, r), id_ns); c.FinishString(); };
  d.push_back(RowColumn("OfficeId", ColumnType::String, id_col));
  d.push_back(RowColumn("SourceRecordId", ColumnType::String, id_col));
  d.push_back(KeyedColumn("Operation", ColumnType::String, of::kOp, nops, [](uint64_t k, Cell& c) { c.SetString(Describe(static_cast<OfficeOp>(k)).name); }));
  d.push_back(KeyedColumn("RecordType", ColumnType::String, of::kOp, nops, [](uint64_t k, Cell& c) {
    // Real MailItemsAccessed rows carry the number, the others the enum name.
    const OfficeOpInfo& i = Describe(static_cast<OfficeOp>(k));
    if (i.record_type_id == 50) c.SetString("50"); else c.SetString(i.record_type); }));
  d.push_back(RowColumnOf("OfficeWorkload", ColumnType::String, {of::kOp, of::kObject}, [t](const LogTable& tab, size_t r, Cell& c) {
    const File* f = FileOf(*t, tab, r);
    if (f && t->sites[f->site].personal) c.SetString("OneDrive"); else c.SetString(OpOf(tab, r).workload); }));
  d.push_back(RowColumnOf("UserId", ColumnType::String, {of::kUser, of::kApp}, [t](const LogTable& tab, size_t r, Cell& c) { c.SetString(UserOf(*t, tab, r)); }));
  d.push_back(RowColumnOf("UserKey", ColumnType::String, {of::kUser, of::kOp, of::kApp}, [t](const LogTable& tab, size_t r, Cell& c) {
    uint32_t u = cols::F32(tab, of::kUser, r);
    if (u >= t->users.size()) { c.SetString(UserOf(*t, tab, r)); return; }
    if (OpOf(tab, r).kind == 2) {
      std::string& o = c.BeginScratch();
      o = "i:0h.f|membership|";
      o += t->users[u].puid;
      o += "@live.com";
      c.FinishString();
    } else {
      c.SetString(t->users[u].puid);
    } }));
  d.push_back(RowColumnOf("UserType", ColumnType::String, {of::kUser, of::kOp}, [t](const LogTable& tab, size_t r, Cell& c) {
    if (cols::F32(tab, of::kUser, r) >= t->users.size()) c.SetString("Application");
    else c.SetString(OpOf(tab, r).kind == 1 ? "Admin" : "Regular"); }));
  d.push_back(RowColumn("ClientIP", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    const OfficeOpInfo& i = OpOf(tab, r);
    std::string_view ip = cols::SourceIp(*t, cols::F32(tab, of::kSrc, r));
    if (i.record_type_id == 50) { c.SetString(""); return; }
    if (i.kind != 1) { c.SetString(ip); return; }
    std::string& o = c.BeginScratch();  // Exchange admin cmdlets: ip:port, [ipv6]:port
    const bool v6 = ip.find(':') != std::string_view::npos;
    if (v6) o.push_back('[');
    o += ip;
    if (v6) o.push_back(']');
    o += ":" + std::to_string(1024 + engine::Mix64(cols::F(tab, of::kRid, r)) % 60000);
    c.FinishString(); }));
  d.push_back(RowColumnOf("Client_IPAddress", ColumnType::String, {of::kOp, of::kSrc}, [t](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(OpOf(tab, r).kind == 0 ? cols::SourceIp(*t, cols::F32(tab, of::kSrc, r)) : std::string_view()); }));
  d.push_back(RowColumnOf("ResultStatus", ColumnType::String, {of::kOp, of::kResult}, [](const LogTable& tab, size_t r, Cell& c) {
    const OfficeOpInfo& i = OpOf(tab, r);
    bool ok = cols::F(tab, of::kResult, r) != 0;
    if (i.result_status == "True") c.SetString(ok ? "True" : "False"); else c.SetString(ok ? "Succeeded" : "Failed"); }));
  d.push_back(RowColumn("OfficeObjectId", ColumnType::String, [t, pool](const LogTable& tab, size_t r, Cell& c) {
    const OfficeOpInfo& i = OpOf(tab, r);
    if (i.kind == 1 || i.kind == 3) { c.SetString(pool->Get(cols::F32(tab, of::kObject, r))); return; }
    const File* f = FileOf(*t, tab, r);
    if (!f) { c.SetString(""); return; }
    std::string& o = c.BeginScratch();
    o = t->sites[f->site].url + "/" + f->folder + "/" + f->name;
    c.FinishString(); }));
  d.push_back(RowColumn("Parameters", ColumnType::String, [pool](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(OpOf(tab, r).kind == 1 || OpOf(tab, r).kind == 3 ? pool->Get(cols::F32(tab, of::kDetail, r)) : std::string_view()); }));
  d.push_back(RowColumn("OperationProperties", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    if (OpCode(tab, r) != OfficeOp::MailItemsAccessed) { c.SetNull(); return; }
    uint32_t app = cols::F32(tab, of::kApp, r);
    bool sync = app < t->apps.size() && t->apps[app].display_name == "Microsoft Office";
    c.SetJson(sync ? "[{\"Name\":\"MailAccessType\",\"Value\":\"Sync\"},{\"Name\":\"IsThrottled\",\"Value\":\"False\"}]"
                     : "[{\"Name\":\"MailAccessType\",\"Value\":\"Bind\"},{\"Name\":\"IsThrottled\",\"Value\":\"False\"}]"); }));
  d.push_back(RowColumn("Logon_Type", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    const Mailbox* mb = MailboxOf(*t, tab, r);
    if (!mb || OpOf(tab, r).kind == 2) { c.SetString(""); return; }
    uint32_t u = cols::F32(tab, of::kUser, r);
    c.SetString(u == mb->owner ? "Owner" : u == kNone ? "Delegated" : "Admin"); }));
  d.push_back(RowColumn("InternalLogonType", ColumnType::Int, [t](const LogTable& tab, size_t r, Cell& c) {
    const Mailbox* mb = MailboxOf(*t, tab, r);
    if (!mb || OpOf(tab, r).kind == 2) { c.SetNull(); return; }
    uint32_t u = cols::F32(tab, of::kUser, r);
    c.SetLong(u == mb->owner ? 0 : u == kNone ? 2 : 1); }));
  d.push_back(RowColumnOf("MailboxOwnerUPN", ColumnType::String, {of::kMailbox}, [t](const LogTable& tab, size_t r, Cell& c) {
    const Mailbox* mb = MailboxOf(*t, tab, r);
    c.SetString(mb ? std::string_view(t->users[mb->owner].upn) : std::string_view()); }));
  d.push_back(RowColumnOf("MailboxGuid", ColumnType::String, {of::kMailbox}, [t](const LogTable& tab, size_t r, Cell& c) {
    const Mailbox* mb = MailboxOf(*t, tab, r);
    c.SetString(mb ? std::string_view(mb->guid) : std::string_view()); }));
  d.push_back(RowColumnOf("MailboxOwnerSid", ColumnType::String, {of::kMailbox}, [t](const LogTable& tab, size_t r, Cell& c) {
    const Mailbox* mb = MailboxOf(*t, tab, r);
    c.SetString(mb ? std::string_view(t->users[mb->owner].sid) : std::string_view()); }));
  d.push_back(RowColumn("LogonUserSid", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    uint32_t u = cols::F32(tab, of::kUser, r);
    c.SetString(MailboxOf(*t, tab, r) && u < t->users.size() ? std::string_view(t->users[u].sid) : std::string_view()); }));
  d.push_back(RowColumnOf("ClientInfoString", ColumnType::String, {of::kOp, of::kApp}, [t](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(OpOf(tab, r).kind == 0 ? ClientInfo(*t, cols::F32(tab, of::kApp, r)) : std::string_view()); }));
  d.push_back(RowColumn("Folders", ColumnType::String, [msg_ns, domain](const LogTable& tab, size_t r, Cell& c) {
    if (OpCode(tab, r) != OfficeOp::MailItemsAccessed) { c.SetString(""); return; }
    const uint32_t detail = cols::F32(tab, of::kDetail, r);
    const uint32_t count = std::max<uint32_t>(1, std::min<uint32_t>(cols::F32(tab, of::kCount_, r), 5));
    std::string& o = c.BeginScratch();
    o = "[{\"FolderItems\":[";
    for (uint32_t i = 0; i < count; ++i) {
      if (i) o.push_back(',');
      o += "{\"InternetMessageId\":";
      std::string id;
      AppendMessageId(id, engine::Mix64(cols::F(tab, of::kRid, r), msg_ns, i), domain);
      engine::AppendJsonString(o, id);
      o.push_back('}');
    }
    o += "],\"Id\":\"LgAAAAC";
    engine::AppendToken(o, engine::Mix64(cols::F(tab, of::kMailbox, r), detail & 15), 54);
    o += "\",";
    cols::Kv(o, "Path", kMailFolders[(detail & 15) % std::size(kMailFolders)], true);
    o += "}]";
    c.FinishString(); }));
  d.push_back(RowColumn("Item", ColumnType::String, [pool, msg_ns, domain](const LogTable& tab, size_t r, Cell& c) {
    OfficeOp op = OpCode(tab, r);
    if (op != OfficeOp::Send && op != OfficeOp::SendAs) { c.SetString(""); return; }
    const uint32_t detail = cols::F32(tab, of::kDetail, r);
    std::string_view subject = detail & kPoolSubject ? pool->Get(detail & ~kPoolSubject) : BenignSubject(detail);
    std::string& o = c.BeginScratch();
    o = "{\"Id\":\"RgAAAAD";
    engine::AppendToken(o, engine::Mix64(cols::F(tab, of::kRid, r), msg_ns, 7), 60);
    o += "\",\"InternetMessageId\":";
    std::string id;
    AppendMessageId(id, engine::Mix64(cols::F(tab, of::kRid, r), msg_ns), domain);
    engine::AppendJsonString(o, id);
    cols::Kv(o, "Subject", subject);
    cols::KvRaw(o, "SizeInBytes", std::to_string(2000 + engine::Mix64(cols::F(tab, of::kRid, r)) % 60000));
    o.push_back('}');
    c.FinishString(); }));
  d.push_back(RowColumn("AffectedItems", ColumnType::String, [msg_ns, domain](const LogTable& tab, size_t r, Cell& c) {
    OfficeOp op = OpCode(tab, r);
    if (op != OfficeOp::SoftDelete && op != OfficeOp::HardDelete && op != OfficeOp::MoveToDeletedItems) { c.SetString(""); return; }
    std::string& o = c.BeginScratch();
    o = "[{\"InternetMessageId\":";
    std::string id;
    AppendMessageId(id, engine::Mix64(cols::F(tab, of::kRid, r), msg_ns), domain);
    engine::AppendJsonString(o, id);
    o += ",\"ParentFolder\":{\"Path\":\"\\\\Inbox\"}}]";
    c.FinishString(); }));
  d.push_back(RowColumn("Folder", ColumnType::String, [](const LogTable& tab, size_t r, Cell& c) {
    OfficeOp op = OpCode(tab, r);
    c.SetString(op == OfficeOp::SoftDelete || op == OfficeOp::HardDelete || op == OfficeOp::MoveToDeletedItems ? "{\"Path\":\"\\\\Inbox\"}" : ""); }));
  d.push_back(RowColumn("DestFolder", ColumnType::String, [](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(OpCode(tab, r) == OfficeOp::MoveToDeletedItems ? "{\"Path\":\"\\\\Deleted Items\"}" : ""); }));
  d.push_back(RowColumnOf("AppId", ColumnType::String, {of::kOp, of::kApp}, [t](const LogTable& tab, size_t r, Cell& c) {
    uint32_t app = cols::F32(tab, of::kApp, r);
    const OfficeOpInfo& i = OpOf(tab, r);
    if (i.kind == 0 && ViaGraph(*t, app)) c.SetString("00000003-0000-0000-c000-000000000000");
    else if (i.kind == 1) c.SetString("00000002-0000-0ff1-ce00-000000000000");
    else c.SetString(app < t->apps.size() ? std::string_view(t->apps[app].app_id) : std::string_view()); }));
  d.push_back(RowColumnOf("ClientAppId", ColumnType::String, {of::kOp, of::kApp}, [t](const LogTable& tab, size_t r, Cell& c) {
    uint32_t app = cols::F32(tab, of::kApp, r);
    c.SetString(OpOf(tab, r).kind == 0 && ViaGraph(*t, app) ? std::string_view(t->apps[app].app_id) : std::string_view()); }));
  auto file_col = [&](const char* cname, auto fn) {
    d.push_back(RowColumnOf(cname, ColumnType::String, {of::kOp, of::kObject}, [t, fn](const LogTable& tab, size_t r, Cell& c) {
      const File* f = FileOf(*t, tab, r);
      if (!f) { c.SetString(""); return; }
      fn(*t, *f, c);
    }));
  };
  file_col("Site_Url", [](const Tenant& tt, const File& f, Cell& c) { c.SetString(tt.sites[f.site].url); });
  file_col("SourceRelativeUrl", [](const Tenant&, const File& f, Cell& c) { c.SetString(f.folder); });
  file_col("SourceFileName", [](const Tenant&, const File& f, Cell& c) { c.SetString(f.name); });
  file_col("SourceFileExtension", [](const Tenant&, const File& f, Cell& c) { c.SetString(f.extension); });
  file_col("ItemType", [](const Tenant&, const File&, Cell& c) { c.SetString("File"); });
  file_col("EventSource", [](const Tenant&, const File&, Cell& c) { c.SetString("SharePoint"); });
  d.push_back(RowColumnOf("UserAgent", ColumnType::String, {of::kOp, of::kUser}, [t](const LogTable& tab, size_t r, Cell& c) {
    if (OpOf(tab, r).kind != 2) { c.SetString(""); return; }
    uint32_t u = cols::F32(tab, of::kUser, r);
    c.SetString(u < t->users.size() ? cols::UserAgentFor(*t, t->users[u].device, kNone) : std::string_view()); }));
  d.push_back(RowColumnOf("OriginatingServer", ColumnType::String, {of::kOp, of::kMailbox}, [](const LogTable& tab, size_t r, Cell& c) {
    // Mailbox rows carry a trailing CRLF in real data.
    const OfficeOpInfo& i = OpOf(tab, r);
    if (i.kind == 2) { c.SetString(""); return; }
    static constexpr std::string_view kServers[] = {"MWHPR06MB3440 (15.20.7452.028)\r\n", "CH3PR10MB7864 (15.20.7452.028)\r\n",
                                                    "DM6PR12MB4122 (15.20.7452.028)\r\n"};
    std::string_view s = kServers[cols::F(tab, of::kMailbox, r) % 3];
    if (i.kind != 0) s.remove_suffix(2);
    c.SetString(s); }));
  d.push_back(RowColumn("ModifiedObjectResolvedName", ColumnType::String, [pool](const LogTable& tab, size_t r, Cell& c) {
    if (OpOf(tab, r).kind != 1) { c.SetString(""); return; }
    std::string_view obj = pool->Get(cols::F32(tab, of::kObject, r));
    size_t p = obj.find_last_of("\\/");
    c.SetString(p == std::string_view::npos ? obj : obj.substr(p + 1)); }));
  d.push_back(RowColumn("Site_", ColumnType::String, [t, id_ns](const LogTable& tab, size_t r, Cell& c) {
    const File* f = FileOf(*t, tab, r);
    if (!f) { c.SetString(""); return; }
    engine::AppendGuid(c.BeginScratch(), f->site, id_ns ^ 0x517e);
    c.FinishString(); }));
  d.push_back(ConstColumn("OrganizationId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("OrganizationName", ColumnType::String, org));
  d.push_back(ConstColumn("ExternalAccess", ColumnType::String, "false"));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("OfficeTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("Type", ColumnType::String, "OfficeActivity"));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "OfficeActivityManager"));
  d.push_back(RowColumnOf("UserDomain", ColumnType::String, {of::kUser}, [t, domain](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(cols::F32(tab, of::kUser, r) < t->users.size() ? std::string_view(domain) : std::string_view()); }));
  FillFromSchema(*table, d);
  m_store.Add(std::move(table));
}

}  // namespace td::sim
