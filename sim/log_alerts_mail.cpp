// Columns of EmailEvents and UrlClickEvents (Defender for Office 365 Plan 2, through the Defender
// XDR connector). Both derive NetworkMessageId from the message key, so a click joins its mail.
#include <algorithm>
#include <string>
#include <vector>

#include "sim/alert_tables.h"
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

namespace {

constexpr uint64_t kNsNetworkMessage = 0xA1E7'0004, kNsEmailReport = 0xA1E7'0005, kNsUrlClick = 0xA1E7'0006;

namespace em { enum : int { kTime, kRid, kMsg, kSender, kExtSender, kSenderSrc, kRecipient, kExtRecipient, kSubject, kThreat, kAction, kLocation, kUrls, kAtts, kCount }; }
namespace uc { enum : int { kTime, kRid, kUser, kMsg, kUrl, kAction, kClicked, kSrc, kThreat, kCount }; }

std::string_view DomainOf(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

struct MailView {  // the parties of one EmailEvents row
  const Tenant* t;
  const engine::StringPool* pool;
  const LogTable& tab;
  size_t r;
  const User* SenderUser() const { uint32_t u = cols::F32(tab, em::kSender, r); return u < t->users.size() ? &t->users[u] : nullptr; }
  const User* RecipientUser() const { uint32_t u = cols::F32(tab, em::kRecipient, r); return u < t->users.size() ? &t->users[u] : nullptr; }
  std::string_view Sender() const {
    const User* u = SenderUser();
    return u ? std::string_view(u->upn) : pool->Get(cols::F32(tab, em::kExtSender, r));
  }
  std::string_view Recipient() const {
    const User* u = RecipientUser();
    return u ? std::string_view(u->upn) : pool->Get(cols::F32(tab, em::kExtRecipient, r));
  }
  std::string_view Threat() const { return pool->Get(cols::F32(tab, em::kThreat, r)); }
  std::string_view Action() const { return pool->Get(cols::F32(tab, em::kAction, r)); }
  std::string_view Direction() const {
    if (!SenderUser()) return "Inbound";
    return RecipientUser() ? "Intra-org" : "Outbound";
  }
};

bool Has(std::string_view list, std::string_view word) { return list.find(word) != std::string_view::npos; }

// DetectionMethods as the filtering stack writes it: {"Phish":["URL detonation reputation"]}.
void AppendDetectionMethods(std::string& o, std::string_view threats) {
  if (threats.empty()) return;
  o.push_back('{');
  bool first = true;
  auto add = [&](const char* type, const char* method) {
    if (!Has(threats, type)) return;
    if (!first) o.push_back(',');
    first = false;
    o += "\"";
    o += type;
    o += "\":[\"";
    o += method;
    o += "\"]";
  };
  add("Phish", "URL detonation reputation");
  add("Malware", "File detonation");
  add("Spam", "Mixed analysis detection");
  o.push_back('}');
}

void AppendNetworkMessageId(std::string& o, uint64_t key, uint64_t ns) { engine::AppendGuid(o, key, ns); }

ColumnDef NetworkMessageIdColumn(int field, uint64_t ns) {
  ColumnDef d = KeyedColumn("NetworkMessageId", ColumnType::String, field, 0, [ns](uint64_t k, Cell& c) {
    AppendNetworkMessageId(c.BeginScratch(), k, ns); c.FinishString(); });
  d.key_space = kNsNetworkMessage;  // same key, same id in both tables: joins may compare raw keys
  return d;
}

void BuildEmailTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  auto table = std::make_unique<LogTable>("EmailEvents", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"message", 8}, {"sender", 4}, {"ext_sender", 4}, {"sender_source", 4},
      {"recipient", 4}, {"ext_recipient", 4}, {"subject", 4}, {"threat", 4}, {"action", 4}, {"location", 4},
      {"urls", 1}, {"attachments", 1}});
  table->SetTableGate(kFeatMdoP2);
  const Tenant* t = &tenant;
  const engine::StringPool* pool = &logs.Store().Strings();
  const uint64_t msg_ns = engine::Mix64(seed, kNsNetworkMessage);
  const uint64_t rep_ns = engine::Mix64(seed, kNsEmailReport);
  const std::string tenant_id = t->settings.tenant_id;
  auto mail_col = [&](const char* name, ColumnType type, auto fn) {
    return RowColumn(name, type, [t, pool, fn](const LogTable& tab, size_t r, Cell& c) { fn(MailView{t, pool, tab, r}, c); });
  };
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", em::kTime));
  d.push_back(TimeColumn("Timestamp", em::kTime));  // advanced-hunting name, dropped when the schema lacks it
  d.push_back(TimeColumn("LastEventExecutionTime", em::kTime));
  d.push_back(NetworkMessageIdColumn(em::kMsg, msg_ns));
  d.push_back(RowColumn("ReportId", ColumnType::String, [rep_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, em::kRid, r), rep_ns); c.FinishString(); }));
  d.push_back(mail_col("InternetMessageId", ColumnType::String, [msg_ns](const MailView& m, Cell& c) {
    // Exchange Online stamps its own ids on mail it originates; other senders use their domain.
    // Salted apart from NetworkMessageId's GUID, which must not show through.
    const uint64_t key = engine::Mix64(cols::F(m.tab, em::kMsg, m.r), 0x1d1d);
    std::string& o = c.BeginScratch();
    o.push_back('<');
    if (m.SenderUser()) {
      static constexpr std::string_view kServers[] = {"DM6PR12MB4122", "CH3PR10MB7864", "MWHPR06MB3440", "SA1PR12MB6945"};
      std::string_view server = kServers[engine::Mix64(key, msg_ns) % std::size(kServers)];
      o += server;
      engine::AppendHex(o, engine::Mix64(key, msg_ns, 1), 16);
      engine::AppendHex(o, engine::Mix64(key, msg_ns, 2), 16);
      o.push_back('@');
      o += server;
      o += ".namprd12.prod.outlook.com";
    } else {
      engine::AppendHex(o, engine::Mix64(key, msg_ns, 1), 16);
      engine::AppendHex(o, engine::Mix64(key, msg_ns, 2), 8);
      o.push_back('@');
      o += DomainOf(m.Sender());
    }
    o.push_back('>');
    c.FinishString(); }));
  d.push_back(mail_col("SenderFromAddress", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(m.Sender()); }));
  d.push_back(mail_col("SenderMailFromAddress", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(m.Sender()); }));
  d.push_back(mail_col("SenderFromDomain", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(DomainOf(m.Sender())); }));
  d.push_back(mail_col("SenderMailFromDomain", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(DomainOf(m.Sender())); }));
  d.push_back(mail_col("SenderDisplayName", ColumnType::String, [](const MailView& m, Cell& c) {
    const User* u = m.SenderUser();
    std::string_view s = m.Sender();
    c.SetString(u ? std::string_view(u->display_name) : s.substr(0, s.find('@'))); }));
  d.push_back(mail_col("SenderObjectId", ColumnType::String, [](const MailView& m, Cell& c) {
    const User* u = m.SenderUser();
    c.SetString(u ? std::string_view(u->object_id) : std::string_view()); }));
  d.push_back(KeyedColumn("SenderIPv4", ColumnType::String, em::kSenderSrc, 0, [t](uint64_t k, Cell& c) {
    std::string_view ip = cols::SourceIp(*t, static_cast<uint32_t>(k));
    c.SetString(ip.find(':') == std::string_view::npos ? ip : std::string_view()); }));
  d.push_back(KeyedColumn("SenderIPv6", ColumnType::String, em::kSenderSrc, 0, [t](uint64_t k, Cell& c) {
    std::string_view ip = cols::SourceIp(*t, static_cast<uint32_t>(k));
    c.SetString(ip.find(':') != std::string_view::npos ? ip : std::string_view()); }));
  d.push_back(mail_col("RecipientEmailAddress", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(m.Recipient()); }));
  d.push_back(mail_col("RecipientDomain", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(DomainOf(m.Recipient())); }));
  d.push_back(mail_col("RecipientObjectId", ColumnType::String, [](const MailView& m, Cell& c) {
    const User* u = m.RecipientUser();
    c.SetString(u ? std::string_view(u->object_id) : std::string_view()); }));
  d.push_back(mail_col("To", ColumnType::Dynamic, [](const MailView& m, Cell& c) {
    std::string& o = c.BeginScratch();
    o.push_back('[');
    engine::AppendJsonString(o, m.Recipient());
    o.push_back(']');
    c.FinishJson(); }));
  d.push_back(ConstColumn("Cc", ColumnType::Dynamic, "[]"));
  d.push_back(PoolColumn("Subject", em::kSubject, pool));
  d.push_back(mail_col("EmailDirection", ColumnType::String, [](const MailView& m, Cell& c) { c.SetString(m.Direction()); }));
  d.push_back(PoolColumn("DeliveryAction", em::kAction, pool));
  d.push_back(PoolColumn("DeliveryLocation", em::kLocation, pool));
  d.push_back(PoolColumn("LatestDeliveryLocation", em::kLocation, pool));
  d.push_back(ConstColumn("LatestDeliveryAction", ColumnType::String, ""));
  d.push_back(PoolColumn("ThreatTypes", em::kThreat, pool));
  d.push_back(KeyedColumn("DetectionMethods", ColumnType::String, em::kThreat, 0, [pool](uint64_t k, Cell& c) {
    AppendDetectionMethods(c.BeginScratch(), pool->Get(static_cast<uint32_t>(k))); c.FinishString(); }));
  d.push_back(KeyedColumn("ThreatNames", ColumnType::String, em::kThreat, 0, [pool](uint64_t k, Cell& c) {
    c.SetString(Has(pool->Get(static_cast<uint32_t>(k)), "Malware") ? "Trojan:HTML/Phish.SMB!MTB" : ""); }));
  d.push_back(mail_col("ConfidenceLevel", ColumnType::String, [](const MailView& m, Cell& c) {
    // Spam confidence level (SCL) and phish confidence; intra-org mail skips spam filtering.
    std::string_view th = m.Threat();
    if (m.Direction() == "Intra-org" && th.empty()) c.SetString("{\"Spam\":\"-1\"}");
    else if (Has(th, "Phish")) c.SetString("{\"Phish\":\"High\",\"Spam\":\"1\"}");
    else if (Has(th, "Spam")) c.SetString("{\"Spam\":\"9\"}");
    else c.SetString("{\"Spam\":\"1\"}"); }));
  d.push_back(mail_col("AuthenticationDetails", ColumnType::String, [](const MailView& m, Cell& c) {
    if (m.Direction() == "Intra-org") c.SetString("");
    else if (!m.Threat().empty()) c.SetString("{\"SPF\":\"pass\",\"DKIM\":\"none\",\"DMARC\":\"none\",\"CompAuth\":\"softpass\"}");
    else c.SetString("{\"SPF\":\"pass\",\"DKIM\":\"pass\",\"DMARC\":\"pass\",\"CompAuth\":\"pass\"}"); }));
  d.push_back(mail_col("EmailAction", ColumnType::String, [](const MailView& m, Cell& c) {
    std::string_view a = m.Action();
    if (a == "Junked") c.SetString("Move message to junk mail folder");
    else if (a == "Blocked") c.SetString("Send message to quarantine");
    else if (a == "Replaced") c.SetString("Replace attachment with notification");
    else c.SetString(""); }));
  d.push_back(mail_col("EmailActionPolicy", ColumnType::String, [](const MailView& m, Cell& c) {
    std::string_view th = m.Threat();
    if (m.Action() == "Delivered" || th.empty()) c.SetString("");
    else if (Has(th, "Malware")) c.SetString("Antimalware");
    else if (Has(th, "Phish")) c.SetString("Antispam phishing");
    else c.SetString("Antispam"); }));
  d.push_back(mail_col("EmailActionPolicyGuid", ColumnType::String, [](const MailView& m, Cell& c) {
    std::string_view th = m.Threat();
    if (m.Action() == "Delivered" || th.empty()) { c.SetString(""); return; }
    engine::AppendGuid(c.BeginScratch(), engine::Fnv1a64(th), 0xE3A1); c.FinishString(); }));
  d.push_back(KeyedColumn("EmailClusterId", ColumnType::Long, em::kSubject, 0, [](uint64_t k, Cell& c) {
    c.SetLong(static_cast<int64_t>(engine::Mix64(k, 0xC1u) % 9000000000000ull + 1000000000000ull)); }));
  d.push_back(RowColumn("EmailSize", ColumnType::Int, [](const LogTable& tab, size_t r, Cell& c) {
    c.SetLong(static_cast<int64_t>(9000 + engine::Mix64(cols::F(tab, em::kMsg, r)) % 90000 + 120000 * cols::F(tab, em::kAtts, r))); }));
  d.push_back(engine::LongColumn("UrlCount", em::kUrls, ColumnType::Int));
  d.push_back(engine::LongColumn("AttachmentCount", em::kAtts, ColumnType::Int));
  d.push_back(mail_col("BulkComplaintLevel", ColumnType::Int, [](const MailView& m, Cell& c) {
    if (m.Direction() == "Intra-org") c.SetNull(); else c.SetLong(0); }));
  d.push_back(mail_col("IsFirstContact", ColumnType::Bool, [](const MailView& m, Cell& c) {
    c.SetBool(m.Direction() == "Inbound" && !m.Threat().empty()); }));
  d.push_back(ConstColumn("EmailLanguage", ColumnType::String, "en"));
  d.push_back(ConstColumn("OrgLevelAction", ColumnType::String, ""));
  d.push_back(ConstColumn("OrgLevelPolicy", ColumnType::String, ""));
  d.push_back(ConstColumn("UserLevelAction", ColumnType::String, ""));
  d.push_back(ConstColumn("UserLevelPolicy", ColumnType::String, ""));
  d.push_back(ConstColumn("Connectors", ColumnType::String, ""));
  d.push_back(ConstColumn("DistributionList", ColumnType::String, ""));
  d.push_back(ConstColumn("ExchangeTransportRule", ColumnType::String, ""));
  d.push_back(ConstColumn("ForwardingInformation", ColumnType::String, ""));
  d.push_back(ConstColumn("ThreatClassification", ColumnType::String, ""));
  d.push_back(ConstColumn("AdditionalFields", ColumnType::Dynamic, "{}"));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, ""));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("Type", ColumnType::String, "EmailEvents"));
  TenantLogs::FillFromSchema(*table, d);
  logs.Store().Add(std::move(table));
}

void BuildUrlClickTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  auto table = std::make_unique<LogTable>("UrlClickEvents", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"user", 4}, {"message", 8}, {"url", 4}, {"action", 4}, {"clicked", 1},
      {"source", 4}, {"threat", 4}});
  table->SetTableGate(kFeatMdoP2);
  const Tenant* t = &tenant;
  const engine::StringPool* pool = &logs.Store().Strings();
  const uint64_t msg_ns = engine::Mix64(seed, kNsNetworkMessage);
  const uint64_t id_ns = engine::Mix64(seed, kNsUrlClick);
  const std::string tenant_id = t->settings.tenant_id;
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", uc::kTime));
  d.push_back(TimeColumn("Timestamp", uc::kTime));
  d.push_back(RowColumn("ReportId", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, uc::kRid, r), id_ns); c.FinishString(); }));
  d.push_back(KeyedColumn("AccountUpn", ColumnType::String, uc::kUser, 0, [t](uint64_t k, Cell& c) {
    c.SetString(k < t->users.size() ? std::string_view(t->users[k].upn) : std::string_view()); }));
  d.push_back(PoolColumn("Url", uc::kUrl, pool));
  d.push_back(KeyedColumn("UrlChain", ColumnType::String, uc::kUrl, 0, [pool](uint64_t k, Cell& c) {
    std::string& o = c.BeginScratch();
    o.push_back('[');
    engine::AppendJsonString(o, pool->Get(static_cast<uint32_t>(k)));
    o.push_back(']');
    c.FinishString(); }));
  d.push_back(PoolColumn("ActionType", uc::kAction, pool));
  d.push_back(engine::LongColumn("IsClickedThrough", uc::kClicked, ColumnType::Bool));
  d.push_back(KeyedColumn("IPAddress", ColumnType::String, uc::kSrc, 0, [t](uint64_t k, Cell& c) {
    c.SetString(cols::SourceIp(*t, static_cast<uint32_t>(k))); }));
  d.push_back(NetworkMessageIdColumn(uc::kMsg, msg_ns));
  d.push_back(PoolColumn("ThreatTypes", uc::kThreat, pool));
  d.push_back(KeyedColumn("DetectionMethods", ColumnType::String, uc::kThreat, 0, [pool](uint64_t k, Cell& c) {
    AppendDetectionMethods(c.BeginScratch(), pool->Get(static_cast<uint32_t>(k))); c.FinishString(); }));
  d.push_back(ConstColumn("Workload", ColumnType::String, "Email"));
  d.push_back(ConstColumn("AppName", ColumnType::String, ""));
  d.push_back(ConstColumn("AppVersion", ColumnType::String, ""));
  d.push_back(ConstColumn("SourceId", ColumnType::String, ""));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, ""));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("Type", ColumnType::String, "UrlClickEvents"));
  TenantLogs::FillFromSchema(*table, d);
  logs.Store().Add(std::move(table));
}

}  // namespace

namespace alerts {
void BuildMailTables(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  BuildEmailTable(logs, tenant, seed);
  BuildUrlClickTable(logs, tenant, seed);
}
}  // namespace alerts

void AppendEmail(TenantLogs& logs, const EmailFact& f) {
  LogTable& t = alerts::TableOf(logs, "EmailEvents");
  uint64_t v[em::kCount];
  v[em::kTime] = static_cast<uint64_t>(f.time);
  v[em::kRid] = alerts::NextRid(t);
  v[em::kMsg] = f.message_key;
  v[em::kSender] = f.sender_user;
  v[em::kExtSender] = f.sender_user == kNone ? alerts::InternOrEmpty(logs, f.external_sender) : 0;
  v[em::kSenderSrc] = f.sender_source;
  v[em::kRecipient] = f.recipient_user;
  v[em::kExtRecipient] = f.recipient_user == kNone ? alerts::InternOrEmpty(logs, f.external_recipient) : 0;
  v[em::kSubject] = alerts::InternOrEmpty(logs, f.subject);
  v[em::kThreat] = alerts::InternOrEmpty(logs, f.threat_types);
  v[em::kAction] = alerts::InternOrEmpty(logs, f.delivery_action);
  v[em::kLocation] = alerts::InternOrEmpty(logs, f.delivery_location);
  v[em::kUrls] = f.url_count;
  v[em::kAtts] = f.attachment_count;
  t.Stage(v);
}

void AppendUrlClick(TenantLogs& logs, const UrlClickFact& f) {
  LogTable& t = alerts::TableOf(logs, "UrlClickEvents");
  uint64_t v[uc::kCount];
  v[uc::kTime] = static_cast<uint64_t>(f.time);
  v[uc::kRid] = alerts::NextRid(t);
  v[uc::kUser] = f.user;
  v[uc::kMsg] = f.message_key;
  v[uc::kUrl] = alerts::InternOrEmpty(logs, f.url);
  v[uc::kAction] = alerts::InternOrEmpty(logs, f.action);
  v[uc::kClicked] = f.clicked_through ? 1 : 0;
  v[uc::kSrc] = f.source;
  v[uc::kThreat] = alerts::InternOrEmpty(logs, f.threat_types);
  t.Stage(v);
}

}  // namespace td::sim
