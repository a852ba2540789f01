// Columns of SecurityAlert: alerts of Entra ID Protection, Defender for Office 365, Defender XDR and
// Defender for Cloud Apps as the Sentinel connectors write them (one row per alert, each gated by
// its product's licence).
#include <algorithm>
#include <cctype>
#include <cstdio>
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

constexpr uint64_t kNsAlert = 0xA1E7'0003;

namespace al { enum : int { kTime, kStart, kEnd, kRid, kProduct, kName, kSeverity, kDesc, kTactics, kTechniques, kUser, kSrc, kMailbox, kExtra, kGate, kCount }; }

struct ProductInfo {
  std::string_view product;   // ProductName
  std::string_view provider;  // ProviderName
  std::string_view detection_source;  // ExtendedProperties.DetectionSource (Defender XDR API names)
  uint32_t gate;              // licence feature the alert needs
};
constexpr ProductInfo kProducts[] = {
    {"Azure Active Directory Identity Protection", "IPC", "", kFeatRiskDetail},
    {"Office 365 Advanced Threat Protection", "OATP", "microsoftDefenderForOffice365", kFeatMdoP2},
    {"Microsoft 365 Defender", "MTP", "microsoft365Defender", kFeatDefenderAlerts},
    {"Microsoft Cloud App Security", "MCAS", "microsoftDefenderForCloudApps", kFeatDefenderAlerts},
};
const ProductInfo& ProductOf(uint64_t p) { return kProducts[std::min<uint64_t>(p, std::size(kProducts) - 1)]; }
bool IsIpc(uint64_t p) { return static_cast<AlertProduct>(p) == AlertProduct::IdentityProtection; }

// Identity Protection alert types by alert name; other products get the name without spaces.
std::string AlertTypeOf(uint64_t product, std::string_view name) {
  if (IsIpc(product)) {
    static constexpr std::pair<std::string_view, std::string_view> kIpc[] = {
        {"Unfamiliar sign-in properties", "UnfamiliarLocation"}, {"Atypical travel", "ImpossibleTravel"},
        {"Anonymous IP address", "AnonymousLogin"}, {"Anomalous Token", "AnomalousToken"},
        {"Attacker in the Middle", "AttackerInTheMiddle"}, {"Suspicious inbox forwarding", "SuspiciousInboxForwarding"},
        {"Malicious IP address", "MaliciousIP"}, {"Leaked credentials", "LeakedCredentials"}};
    for (auto& [n, type] : kIpc)
      if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
        return std::string(type);
  }
  std::string o;
  bool upper = true;
  for (char ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      o.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch);
      upper = false;
    } else {
      upper = true;
    }
  }
  return o;
}

// VendorOriginalId: the alert's id in its product ("fa…" MDO, "da…" Defender XDR, "ca…" MDCA, a
// 64-hex detection id for Identity Protection).
void AppendVendorId(std::string& o, uint64_t product, uint64_t key) {
  switch (static_cast<AlertProduct>(product)) {
    case AlertProduct::IdentityProtection:
      for (uint64_t i = 0; i < 4; ++i) {
        std::string hex;
        engine::AppendHex(hex, engine::Mix64(key, i), 16);
        for (char& ch : hex) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        o += hex;
      }
      return;
    case AlertProduct::DefenderForOffice: o += "fa"; engine::AppendGuid(o, key); return;
    case AlertProduct::DefenderXdr: o += "da"; engine::AppendGuid(o, key); return;
    default: {
      std::string hex;
      o += "ca";
      engine::AppendHex(hex, key, 16);
      engine::AppendHex(hex, engine::Mix64(key), 8);
      for (char& ch : hex) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      o += hex;
    }
  }
}

void AppendAccountEntity(std::string& o, const Tenant& t, const User& u, int id) {
  const size_t at = u.upn.find('@');
  o += "{\"$id\":\"" + std::to_string(id) + "\"";
  cols::Kv(o, "Name", std::string_view(u.upn).substr(0, at));
  cols::Kv(o, "UPNSuffix", at == std::string::npos ? std::string_view() : std::string_view(u.upn).substr(at + 1));
  cols::Kv(o, "AadTenantId", t.settings.tenant_id);
  cols::Kv(o, "AadUserId", u.object_id);
  cols::KvRaw(o, "IsDomainJoined", "false");
  cols::Kv(o, "DisplayName", u.display_name);
  cols::Kv(o, "Type", "account");
  o.push_back('}');
}

void AppendIpEntity(std::string& o, const Tenant& t, uint32_t src, int id) {
  const NetSource& s = t.sources[src];
  const Location& l = t.locations[s.location];
  char geo[96];
  std::snprintf(geo, sizeof geo, ",\"Longitude\":%.4f,\"Latitude\":%.4f,\"Asn\":%u}", l.lon, l.lat, s.asn);
  o += "{\"$id\":\"" + std::to_string(id) + "\"";
  cols::Kv(o, "Address", s.ip);
  o += ",\"Location\":{";
  cols::Kv(o, "CountryCode", l.country, true);
  cols::Kv(o, "State", l.state);
  cols::Kv(o, "City", l.city);
  o += geo;
  cols::Kv(o, "Type", "ip");
  o.push_back('}');
}

void AppendMailboxEntity(std::string& o, const User& u, int id) {
  o += "{\"$id\":\"" + std::to_string(id) + "\"";
  cols::Kv(o, "MailboxPrimaryAddress", u.upn);
  cols::Kv(o, "DisplayName", u.display_name);
  cols::Kv(o, "Upn", u.upn);
  cols::Kv(o, "AadId", u.object_id);
  cols::Kv(o, "RiskLevel", "None");
  cols::Kv(o, "ExternalDirectoryObjectId", u.object_id);
  cols::Kv(o, "Type", "mailbox");
  o.push_back('}');
}

const User* UserOf(const Tenant& t, uint32_t u) { return u < t.users.size() ? &t.users[u] : nullptr; }
const User* MailboxOwner(const Tenant& t, uint32_t mb) {
  return mb < t.mailboxes.size() ? UserOf(t, t.mailboxes[mb].owner) : nullptr;
}

// Techniques / SubTechniques from a JSON array of technique ids: parents, and the dotted ones.
void AppendTechniques(std::string& o, std::string_view json, bool sub) {
  std::vector<std::string_view> out;
  size_t p = 0;
  while ((p = json.find('"', p)) != std::string_view::npos) {
    const size_t e = json.find('"', p + 1);
    if (e == std::string_view::npos) break;
    std::string_view id = json.substr(p + 1, e - p - 1);
    p = e + 1;
    const size_t dot = id.find('.');
    if (sub && dot == std::string_view::npos) continue;
    if (!sub) id = id.substr(0, dot);
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  if (out.empty()) return;  // empty string, as real rows without techniques
  o.push_back('[');
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) o.push_back(',');
    engine::AppendJsonString(o, out[i]);
  }
  o.push_back(']');
}

}  // namespace

namespace alerts {

void BuildSecurityAlertTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  auto table = std::make_unique<LogTable>("SecurityAlert", std::vector<engine::FieldSpec>{
      {"time", 8}, {"start", 8}, {"end", 8}, {"rid", 4}, {"product", 1}, {"name", 4}, {"severity", 4},
      {"description", 4}, {"tactics", 4}, {"techniques", 4}, {"user", 4}, {"source", 4}, {"mailbox", 4},
      {"extra", 4}, {"gate", 1}});
  table->SetGateField(al::kGate);
  const Tenant* t = &tenant;
  const engine::StringPool* pool = &logs.Store().Strings();
  const uint64_t id_ns = engine::Mix64(seed, kNsAlert);
  const std::string tenant_id = t->settings.tenant_id;
  const auto nproducts = static_cast<uint64_t>(std::size(kProducts));
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", al::kTime));
  d.push_back(TimeColumn("ProcessingEndTime", al::kTime));
  d.push_back(TimeColumn("StartTime", al::kStart));
  d.push_back(TimeColumn("EndTime", al::kEnd));
  d.push_back(PoolColumn("AlertName", al::kName, pool));
  d.push_back(PoolColumn("DisplayName", al::kName, pool));
  d.push_back(PoolColumn("AlertSeverity", al::kSeverity, pool));
  d.push_back(PoolColumn("Description", al::kDesc, pool));
  d.push_back(PoolColumn("Tactics", al::kTactics, pool));
  d.push_back(KeyedColumn("Techniques", ColumnType::String, al::kTechniques, 0, [pool](uint64_t k, Cell& c) {
    AppendTechniques(c.BeginScratch(), pool->Get(static_cast<uint32_t>(k)), false); c.FinishString(); }));
  d.push_back(KeyedColumn("SubTechniques", ColumnType::String, al::kTechniques, 0, [pool](uint64_t k, Cell& c) {
    AppendTechniques(c.BeginScratch(), pool->Get(static_cast<uint32_t>(k)), true); c.FinishString(); }));
  d.push_back(KeyedColumn("ProductName", ColumnType::String, al::kProduct, nproducts, [](uint64_t k, Cell& c) { c.SetString(ProductOf(k).product); }));
  d.push_back(KeyedColumn("ProviderName", ColumnType::String, al::kProduct, nproducts, [](uint64_t k, Cell& c) { c.SetString(ProductOf(k).provider); }));
  d.push_back(ConstColumn("VendorName", ColumnType::String, "Microsoft"));
  d.push_back(RowColumn("AlertType", ColumnType::String, [pool](const LogTable& tab, size_t r, Cell& c) {
    c.BeginScratch() = AlertTypeOf(cols::F(tab, al::kProduct, r), pool->Get(cols::F32(tab, al::kName, r)));
    c.FinishString(); }));
  d.push_back(RowColumn("SystemAlertId", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, al::kRid, r), id_ns); c.FinishString(); }));
  d.push_back(RowColumn("VendorOriginalId", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    AppendVendorId(c.BeginScratch(), cols::F(tab, al::kProduct, r), engine::Mix64(cols::F(tab, al::kRid, r), id_ns ^ 0x7e)); c.FinishString(); }));
  d.push_back(RowColumn("AlertLink", ColumnType::String, [id_ns, tenant_id](const LogTable& tab, size_t r, Cell& c) {
    const uint64_t p = cols::F(tab, al::kProduct, r);
    if (IsIpc(p)) { c.SetString(""); return; }
    std::string& o = c.BeginScratch();
    o = "https://security.microsoft.com/alerts/";
    AppendVendorId(o, p, engine::Mix64(cols::F(tab, al::kRid, r), id_ns ^ 0x7e));
    o += "?tid=" + tenant_id;
    c.FinishString(); }));
  d.push_back(RowColumn("CompromisedEntity", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    // Identity Protection alerts stopped carrying CompromisedEntity in September 2022 (Sentinel
    // "account enrichment fields removed"); the account is only in Entities.
    if (IsIpc(cols::F(tab, al::kProduct, r))) { c.SetString(""); return; }
    const User* u = UserOf(*t, cols::F32(tab, al::kUser, r));
    if (!u) u = MailboxOwner(*t, cols::F32(tab, al::kMailbox, r));
    c.SetString(u ? std::string_view(u->upn) : std::string_view()); }));
  d.push_back(RowColumn("Entities", ColumnType::String, [t, pool](const LogTable& tab, size_t r, Cell& c) {
    std::string& o = c.BeginScratch();
    o.push_back('[');
    int id = 2;  // "$id" numbering starts at 2 in Sentinel alerts (1 is the alert itself)
    if (const User* u = UserOf(*t, cols::F32(tab, al::kUser, r))) AppendAccountEntity(o, *t, *u, id++);
    const uint32_t src = cols::F32(tab, al::kSrc, r);
    if (src < t->sources.size()) {
      if (id > 2) o.push_back(',');
      AppendIpEntity(o, *t, src, id++);
    }
    if (const User* mb = MailboxOwner(*t, cols::F32(tab, al::kMailbox, r))) {
      if (id > 2) o.push_back(',');
      AppendMailboxEntity(o, *mb, id++);
    }
    std::string_view extra = pool->Get(cols::F32(tab, al::kExtra, r));
    if (!extra.empty()) {
      if (id > 2) o.push_back(',');
      o += extra;
    }
    o.push_back(']');
    c.FinishString(); }));
  d.push_back(RowColumn("ExtendedProperties", ColumnType::String, [t, pool](const LogTable& tab, size_t r, Cell& c) {
    const uint64_t p = cols::F(tab, al::kProduct, r);
    std::string& o = c.BeginScratch();
    o.push_back('{');
    if (IsIpc(p)) {
      cols::Kv(o, "Alert generation status", "Full alert created", true);
      cols::Kv(o, "ProcessedBySentinel", "True");
      const uint32_t src = cols::F32(tab, al::kSrc, r);
      if (src < t->sources.size()) {
        const Location& l = t->locations[t->sources[src].location];
        cols::Kv(o, "Client IP Address", t->sources[src].ip);
        cols::Kv(o, "Client Location", l.city + ", " + l.state + ", " + l.country);
      }
      cols::Kv(o, "Detail Description", pool->Get(cols::F32(tab, al::kDesc, r)));
    } else {
      std::string_view tactics = pool->Get(cols::F32(tab, al::kTactics, r));
      cols::Kv(o, "IncidentId", std::to_string(1000 + cols::F(tab, al::kRid, r)), true);
      cols::Kv(o, "Category", tactics.substr(0, tactics.find(',')));
      cols::Kv(o, "DetectionSource", ProductOf(p).detection_source);
      cols::Kv(o, "OriginSource", "Microsoft 365 Defender");
      cols::Kv(o, "ProcessedBySentinel", "True");
    }
    o.push_back('}');
    c.FinishString(); }));
  d.push_back(ConstColumn("Status", ColumnType::String, "New"));
  d.push_back(ConstColumn("IsIncident", ColumnType::Bool, "false"));
  d.push_back(ConstColumn("ConfidenceLevel", ColumnType::String, ""));
  d.push_back(ConstColumn("ExtendedLinks", ColumnType::String, ""));
  d.push_back(ConstColumn("ProductComponentName", ColumnType::String, ""));
  d.push_back(ConstColumn("RemediationSteps", ColumnType::String, ""));
  d.push_back(ConstColumn("ResourceId", ColumnType::String, ""));
  d.push_back(ConstColumn("SourceComputerId", ColumnType::String, ""));
  d.push_back(ConstColumn("WorkspaceSubscriptionId", ColumnType::String, engine::Guid(engine::Fnv1a64(tenant_id), 0x5e47)));
  d.push_back(ConstColumn("WorkspaceResourceGroup", ColumnType::String, "rg-sentinel"));
  // Not in the published column list (README: TenantId/SourceSystem omitted), kept for when it is.
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Detection"));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("Type", ColumnType::String, "SecurityAlert"));
  TenantLogs::FillFromSchema(*table, d);
  logs.Store().Add(std::move(table));
}

}  // namespace alerts

void AppendSecurityAlert(TenantLogs& logs, const SecurityAlertFact& f) {
  LogTable& t = alerts::TableOf(logs, "SecurityAlert");
  const auto product = static_cast<uint64_t>(f.product);
  uint64_t v[al::kCount];
  v[al::kTime] = static_cast<uint64_t>(f.time);
  v[al::kStart] = static_cast<uint64_t>(f.start ? f.start : f.time);
  v[al::kEnd] = static_cast<uint64_t>(f.end ? f.end : (f.start ? f.start : f.time));
  v[al::kRid] = alerts::NextRid(t);
  v[al::kProduct] = product;
  v[al::kName] = alerts::InternOrEmpty(logs, f.name);
  v[al::kSeverity] = alerts::InternOrEmpty(logs, f.severity);
  v[al::kDesc] = alerts::InternOrEmpty(logs, f.description);
  v[al::kTactics] = alerts::InternOrEmpty(logs, f.tactics);
  v[al::kTechniques] = alerts::InternOrEmpty(logs, f.techniques);
  v[al::kUser] = f.user;
  v[al::kSrc] = f.source;
  v[al::kMailbox] = f.mailbox;
  v[al::kExtra] = alerts::InternOrEmpty(logs, f.extra_entities);
  v[al::kGate] = ProductOf(product).gate;
  t.Stage(v);
}

}  // namespace td::sim
