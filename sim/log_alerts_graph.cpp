// Columns of MicrosoftGraphActivityLogs: one row per HTTP request Microsoft Graph served (exported
// by diagnostic settings; Entra ID P1/P2). SessionId joins SigninLogs.SessionId, and
// SignInActivityId joins the UniqueTokenIdentifier of the sign-in that issued the token.
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
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

constexpr uint64_t kNsGraph = 0xA1E7'0007;

namespace gr { enum : int { kTime, kRid, kUser, kApp, kSp, kSrc, kSess, kMethod, kUri, kStatus, kScopes, kUa, kCount }; }

// The sign-in whose token a request carried: the latest sign-in of the session (delegated) or of
// the service principal (app-only) at or before the request. Built lazily from the committed
// sign-in rows when a column is read, and extended as those tables grow. Reads are
// single-threaded (as every reader's scratch cell is), so the cache needs no lock.
class TokenIndex {
 public:
  struct Token { SimTime issued; uint64_t key; };  // key: the value AppendToken formats
  TokenIndex(const LogTable* interactive, const LogTable* non_interactive, const LogTable* sp, uint64_t seed)
      : m_tables{interactive, non_interactive, sp},
        m_ns{engine::Mix64(seed, cols::kNsToken, 1), engine::Mix64(seed, cols::kNsToken, 2), engine::Mix64(seed, cols::kNsSpSignIn)} {}

  // Found: the token's issue time and key. Not found: issued = -1.
  Token Find(bool app_only, uint32_t id, SimTime at) {
    Refresh();
    Token best{-1, 0};
    auto it = m_by.find(Key(app_only, id));
    if (it == m_by.end()) return best;
    for (const Token& tok : it->second)
      if (tok.issued <= at && tok.issued >= best.issued) best = tok;
    return best;
  }

 private:
  static uint64_t Key(bool app_only, uint32_t id) { return (app_only ? 1ull << 40 : 0) | id; }
  void Refresh() {
    for (int i = 0; i < 3; ++i) {
      const LogTable* t = m_tables[i];
      if (!t) continue;
      const size_t n = t->RowCount();
      // Only successful sign-ins issue tokens.
      const int result_field = i < 2 ? static_cast<int>(cols::si::kResult) : static_cast<int>(cols::sp::kResult);
      const int id_field = i < 2 ? static_cast<int>(cols::si::kSess) : static_cast<int>(cols::sp::kSp);
      const int rid_field = i < 2 ? static_cast<int>(cols::si::kRid) : static_cast<int>(cols::sp::kRid);
      for (size_t r = m_seen[i]; r < n; ++r) {
        if (cols::F(*t, result_field, r) != static_cast<uint64_t>(SignInResult::kSuccess)) continue;
        m_by[Key(i == 2, cols::F32(*t, id_field, r))].push_back({t->Time(r), engine::Mix64(cols::F(*t, rid_field, r), m_ns[i])});
      }
      m_seen[i] = n;
    }
  }
  const LogTable* m_tables[3];
  uint64_t m_ns[3];
  size_t m_seen[3] = {};
  std::unordered_map<uint64_t, std::vector<Token>> m_by;
};

struct RequestToken { SimTime issued; uint64_t key; };

// The caller's service principal: the one the fact named, else the app's SP in this tenant.
uint32_t SpOf(const Tenant& t, const LogTable& tab, size_t r) {
  const uint32_t sp = cols::F32(tab, gr::kSp, r);
  if (sp < t.sps.size()) return sp;
  const uint32_t app = cols::F32(tab, gr::kApp, r);
  return app < t.apps.size() ? t.SpOfApp(app) : kNone;
}

RequestToken TokenOf(TokenIndex& index, const Tenant& t, const LogTable& tab, size_t r, uint64_t fallback_ns) {
  const SimTime at = tab.Time(r);
  const uint32_t sess = cols::F32(tab, gr::kSess, r);
  const uint32_t user = cols::F32(tab, gr::kUser, r);
  const uint32_t sp = user == kNone ? SpOf(t, tab, r) : kNone;
  TokenIndex::Token tok{-1, 0};
  if (sess != kNone) tok = index.Find(false, sess, at);
  else if (user == kNone && sp != kNone) tok = index.Find(true, sp, at);
  if (tok.issued >= 0) return {tok.issued, tok.key};
  // No sign-in row on record (the token predates the logs): a stable id and a plausible age.
  const uint64_t who = sess != kNone ? sess : (1ull << 40) | sp;
  SimTime issued = at - static_cast<SimTime>(engine::Mix64(who, fallback_ns) % (50 * engine::kMinute));
  if (sess != kNone && sess < t.sessions.size() && t.sessions[sess].started <= at) issued = std::max(issued, t.sessions[sess].started);
  return {issued, engine::Mix64(who, fallback_ns)};
}

std::string_view RegionOf(std::string_view country) {
  static constexpr std::pair<std::string_view, std::string_view> kRegions[] = {
      {"US", "East US"}, {"CA", "Canada Central"}, {"MX", "South Central US"}, {"BR", "Brazil South"},
      {"GB", "UK South"}, {"IE", "North Europe"}, {"AU", "Australia East"}, {"NZ", "Australia East"},
      {"JP", "Japan East"}, {"IN", "Central India"}, {"SG", "Southeast Asia"}, {"HK", "East Asia"},
      {"KR", "Korea Central"}, {"ZA", "South Africa North"}, {"AE", "UAE North"}};
  for (auto& [c, region] : kRegions)
    if (c == country) return region;
  return "West Europe";
}

// Directory role template ids (Wids claim), by Role bit; every member also has the default role.
constexpr std::string_view kRoleWids[] = {
    "62e90394-69f5-4237-9190-012177145e10",  // Global Administrator
    "29232cdf-9323-42fd-ade2-1d097af3e4de",  // Exchange Administrator
    "194ae4cb-b126-40b2-bd5b-6091b380977d",  // Security Administrator
    "fe930be7-5e62-47db-91af-98c3a49a38b1",  // User Administrator
    "729827e3-9c14-49f7-bb1b-9608f156bbb8",  // Helpdesk Administrator
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",  // Application Administrator
};
constexpr std::string_view kMemberWid = "b79fbf4d-3ef9-4689-8143-76b194e85509";

}  // namespace

namespace alerts {

void BuildGraphTable(TenantLogs& logs, const Tenant& tenant, uint64_t seed) {
  auto table = std::make_unique<LogTable>("MicrosoftGraphActivityLogs", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"user", 4}, {"app", 4}, {"sp", 4}, {"source", 4}, {"session", 4}, {"method", 4},
      {"uri", 4}, {"status", 2}, {"scopes", 4}, {"user_agent", 4}});
  table->SetTableGate(kFeatGraphActivity);
  const Tenant* t = &tenant;
  const engine::StringPool* pool = &logs.Store().Strings();
  const uint64_t id_ns = engine::Mix64(seed, kNsGraph);
  const uint64_t sess_ns = engine::Mix64(seed, cols::kNsSession);
  const std::string tenant_id = t->settings.tenant_id;
  auto index = std::make_shared<TokenIndex>(logs.Store().Find("SigninLogs"), logs.Store().Find("AADNonInteractiveUserSignInLogs"),
                                            logs.Store().Find("AADServicePrincipalSignInLogs"), seed);
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", gr::kTime));
  d.push_back(RowColumn("RequestId", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, gr::kRid, r), id_ns); c.FinishString(); }));
  // Non-batched requests: one operation per request, and no client-sent id (it equals OperationId).
  auto op_id = [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, gr::kRid, r), id_ns ^ 0x0b); c.FinishString(); };
  d.push_back(RowColumn("OperationId", ColumnType::String, op_id));
  d.push_back(RowColumn("ClientRequestId", ColumnType::String, op_id));
  d.push_back(PoolColumn("RequestMethod", gr::kMethod, pool));
  d.push_back(PoolColumn("RequestUri", gr::kUri, pool));
  d.push_back(KeyedColumn("ApiVersion", ColumnType::String, gr::kUri, 0, [pool](uint64_t k, Cell& c) {
    std::string_view uri = pool->Get(static_cast<uint32_t>(k));
    const size_t host = uri.find("graph.microsoft.com/");
    std::string_view rest = host == std::string_view::npos ? uri : uri.substr(host + 20);
    c.SetString(rest.substr(0, 4) == "beta" ? "beta" : "v1.0"); }));
  d.push_back(engine::LongColumn("ResponseStatusCode", gr::kStatus, ColumnType::Int));
  d.push_back(RowColumn("ResponseSizeBytes", ColumnType::Int, [](const LogTable& tab, size_t r, Cell& c) {
    const uint64_t h = engine::Mix64(cols::F(tab, gr::kRid, r), 0x5b);
    c.SetLong(static_cast<int64_t>(cols::F(tab, gr::kStatus, r) >= 300 ? 180 + h % 300 : 600 + h % 60000)); }));
  d.push_back(RowColumn("DurationMs", ColumnType::Int, [](const LogTable& tab, size_t r, Cell& c) {
    c.SetLong(static_cast<int64_t>(20 + engine::Mix64(cols::F(tab, gr::kRid, r), 0xd5) % 400)); }));
  d.push_back(KeyedColumn("UserId", ColumnType::String, gr::kUser, 0, [t](uint64_t k, Cell& c) {
    c.SetString(k < t->users.size() ? std::string_view(t->users[k].object_id) : std::string_view()); }));
  d.push_back(KeyedColumn("Wids", ColumnType::String, gr::kUser, 0, [t](uint64_t k, Cell& c) {
    if (k >= t->users.size()) { c.SetString(""); return; }
    std::string& o = c.BeginScratch();
    for (size_t i = 0; i < std::size(kRoleWids); ++i)
      if (t->users[k].roles & (1u << i)) { o += kRoleWids[i]; o.push_back(' '); }
    o += kMemberWid;
    c.FinishString(); }));
  d.push_back(KeyedColumn("AppId", ColumnType::String, gr::kApp, 0, [t](uint64_t k, Cell& c) {
    c.SetString(k < t->apps.size() ? std::string_view(t->apps[k].app_id) : std::string_view()); }));
  d.push_back(RowColumn("ServicePrincipalId", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    const uint32_t sp = SpOf(*t, tab, r);
    c.SetString(sp < t->sps.size() ? std::string_view(t->sps[sp].object_id) : std::string_view()); }));
  d.push_back(RowColumn("ClientAuthMethod", ColumnType::Int, [t](const LogTable& tab, size_t r, Cell& c) {
    // 0 public client, 1 client secret, 2 certificate.
    if (cols::F32(tab, gr::kUser, r) != kNone) { c.SetLong(0); return; }
    const uint32_t sp = SpOf(*t, tab, r);
    c.SetLong(sp < t->sps.size() && t->sps[sp].has_secret ? 1 : 2); }));
  d.push_back(RowColumn("Scopes", ColumnType::String, [pool](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(cols::F32(tab, gr::kUser, r) != kNone ? pool->Get(cols::F32(tab, gr::kScopes, r)) : std::string_view()); }));
  d.push_back(RowColumn("Roles", ColumnType::String, [pool](const LogTable& tab, size_t r, Cell& c) {
    // App-only tokens carry application permissions as roles, not scopes.
    c.SetString(cols::F32(tab, gr::kUser, r) == kNone ? pool->Get(cols::F32(tab, gr::kScopes, r)) : std::string_view()); }));
  d.push_back(KeyedColumn("IPAddress", ColumnType::String, gr::kSrc, 0, [t](uint64_t k, Cell& c) {
    c.SetString(cols::SourceIp(*t, static_cast<uint32_t>(k))); }));
  d.push_back(KeyedColumn("Location", ColumnType::String, gr::kSrc, 0, [t](uint64_t k, Cell& c) {
    c.SetString(k < t->sources.size() ? RegionOf(t->locations[t->sources[k].location].country) : std::string_view("West Europe")); }));
  d.push_back(RowColumn("UserAgent", ColumnType::String, [t, pool](const LogTable& tab, size_t r, Cell& c) {
    std::string_view ua = pool->Get(cols::F32(tab, gr::kUa, r));
    const uint32_t sess = cols::F32(tab, gr::kSess, r);
    if (ua.empty() && sess < t->sessions.size()) ua = cols::UserAgentFor(*t, t->sessions[sess].device, cols::F32(tab, gr::kApp, r));
    c.SetString(ua); }));
  ColumnDef sess_col = KeyedColumn("SessionId", ColumnType::String, gr::kSess, 0, [sess_ns](uint64_t k, Cell& c) {
    // TenantLogs::SessionIdOf's formula, so the value equals SigninLogs.SessionId.
    if (k == kNone) { c.SetString(""); return; }
    engine::AppendGuid(c.BeginScratch(), k, sess_ns); c.FinishString(); });
  sess_col.key_space = cols::kNsSession;  // equal keys are equal values in SigninLogs too: raw-key joins
  d.push_back(std::move(sess_col));
  d.push_back(KeyedColumn("DeviceId", ColumnType::String, gr::kSess, 0, [t](uint64_t k, Cell& c) {
    if (k >= t->sessions.size() || t->sessions[k].device >= t->devices.size()) { c.SetString(""); return; }
    c.SetString(t->devices[t->sessions[k].device].device_id); }));
  auto token_col = [index, t, id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendToken(c.BeginScratch(), TokenOf(*index, *t, tab, r, id_ns ^ 0x70).key); c.FinishString(); };
  d.push_back(RowColumn("SignInActivityId", ColumnType::String, token_col));
  d.push_back(RowColumn("UniqueTokenId", ColumnType::String, token_col));
  d.push_back(RowColumn("TokenIssuedAt", ColumnType::DateTime, [index, t, id_ns](const LogTable& tab, size_t r, Cell& c) {
    c.SetDateTime(TokenOf(*index, *t, tab, r, id_ns ^ 0x70).issued); }));
  d.push_back(ConstColumn("IdentityProvider", ColumnType::String, "https://sts.windows.net/" + tenant_id + "/"));
  d.push_back(ConstColumn("AadTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Azure AD"));
  d.push_back(ConstColumn("Type", ColumnType::String, "MicrosoftGraphActivityLogs"));
  TenantLogs::FillFromSchema(*table, d);
  logs.Store().Add(std::move(table));
}

}  // namespace alerts

void AppendGraphRequest(TenantLogs& logs, const GraphRequestFact& f) {
  LogTable& t = alerts::TableOf(logs, "MicrosoftGraphActivityLogs");
  uint64_t v[gr::kCount];
  v[gr::kTime] = static_cast<uint64_t>(f.time);
  v[gr::kRid] = alerts::NextRid(t);
  v[gr::kUser] = f.user;
  v[gr::kApp] = f.app;
  v[gr::kSp] = f.sp;
  v[gr::kSrc] = f.source;
  v[gr::kSess] = f.session;
  v[gr::kMethod] = alerts::InternOrEmpty(logs, f.method);
  v[gr::kUri] = alerts::InternOrEmpty(logs, f.uri);
  v[gr::kStatus] = f.status;
  v[gr::kScopes] = alerts::InternOrEmpty(logs, f.scopes);
  v[gr::kUa] = alerts::InternOrEmpty(logs, f.user_agent);
  t.Stage(v);
}

}  // namespace td::sim
