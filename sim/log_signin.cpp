// Columns of SigninLogs, AADNonInteractiveUserSignInLogs and AADServicePrincipalSignInLogs.
#include <cstdio>

#include "sim/log_columns.h"
#include "sim/log_tables.h"

namespace td::sim {

using engine::Cell;
using engine::ColumnDef;
using engine::ColumnType;
using engine::KeyedColumn;
using engine::LogTable;
using engine::RowColumn;
using engine::ConstColumn;
using engine::TimeColumn;
namespace si = cols::si;

namespace cols {

std::string_view SourceIp(const Tenant& t, uint32_t src) { return src < t.sources.size() ? std::string_view(t.sources[src].ip) : std::string_view(); }

void AppendLocationJson(std::string& o, const Tenant& t, uint32_t src) {
  if (src >= t.sources.size()) { o += "{}"; return; }
  const Location& l = t.locations[t.sources[src].location];
  char geo[96];
  std::snprintf(geo, sizeof geo, "{\"latitude\":%.4f,\"longitude\":%.4f}", l.lat, l.lon);
  o.push_back('{');
  Kv(o, "city", l.city, true);
  Kv(o, "state", l.state);
  Kv(o, "countryOrRegion", l.country);
  KvRaw(o, "geoCoordinates", geo);
  o.push_back('}');
}

void AppendDeviceJson(std::string& o, const Tenant& t, uint32_t dev) {
  if (dev >= t.devices.size()) { o += "{}"; return; }
  const Device& d = t.devices[dev];
  o.push_back('{');
  Kv(o, "deviceId", d.device_id, true);
  if (!d.display_name.empty()) Kv(o, "displayName", d.display_name);
  Kv(o, "operatingSystem", d.os);
  Kv(o, "browser", d.browser);
  if (!d.device_id.empty()) {
    KvRaw(o, "isCompliant", d.compliant ? "true" : "false");
    KvRaw(o, "isManaged", d.managed ? "true" : "false");
    Kv(o, "trustType", d.trust_type);
  }
  o.push_back('}');
}

bool IsRichClient(const App& app) {
  return app.display_name == "Microsoft Office" || app.display_name == "Microsoft Teams" ||
         app.display_name == "OneDrive SyncEngine" || app.display_name == "Outlook Mobile" ||
         app.display_name == "Microsoft Authentication Broker";
}

std::string_view UserAgentFor(const Tenant& t, uint32_t dev, uint32_t app) {
  if (dev >= t.devices.size()) return {};
  const Device& d = t.devices[dev];
  if (app < t.apps.size() && IsRichClient(t.apps[app]) && d.client == ClientKind::Browser) {
    if (d.os == "MacOs") return "Microsoft Office/16.0 (Macintosh; Mac OS X 14.4; Microsoft Outlook 16.84; Pro)";
    return "Microsoft Office/16.0 (Windows NT 10.0.22631; Microsoft Outlook 16.0.17328; Pro)";
  }
  return d.user_agent;
}

}  // namespace cols

namespace {

const char* RiskLevelWord(uint64_t flags) {
  switch ((flags & kSfRiskMask) >> 2) { case 0: return "none"; case 1: return "low"; case 2: return "medium"; default: return "high"; }
}

void AppendAuthDetails(std::string& o, const Tenant& t, const LogTable& tab, size_t row) {
  const auto result = static_cast<SignInResult>(cols::F(tab, si::kResult, row));
  const uint64_t flags = cols::F(tab, si::kFlags, row);
  const auto method = static_cast<MfaMethod>(cols::F(tab, si::kAuth, row) & 15);
  std::string when;
  engine::AppendIso7(when, tab.Time(row));
  auto step = [&](bool first, std::string_view m, bool ok, std::string_view detail, std::string_view req) {
    if (!first) o.push_back(',');
    o.push_back('{');
    cols::Kv(o, "authenticationStepDateTime", when, true);
    cols::Kv(o, "authenticationMethod", m);
    cols::KvRaw(o, "succeeded", ok ? "true" : "false");
    cols::Kv(o, "authenticationStepResultDetail", detail);
    cols::Kv(o, "authenticationStepRequirement", req);
    cols::KvRaw(o, "StatusSequence", "0");
    cols::KvRaw(o, "RequestSequence", "0");
    o.push_back('}');
  };
  (void)t;
  o.push_back('[');
  if (flags & kSfMfaByClaim) {
    step(true, "Previously satisfied", true, "First factor requirement satisfied by claim in the token", "Primary authentication");
    step(false, "Previously satisfied", true, "MFA requirement satisfied by claim in the token", "Multifactor authentication");
  } else if (result == SignInResult::kBadPassword) {
    step(true, "Password", false, "Invalid username or password or Invalid on-premise username or password.", "Primary authentication");
  } else if (flags & kSfPhishResistant) {
    step(true, ToString(method), result == SignInResult::kSuccess, result == SignInResult::kSuccess ? "MFA successfully completed" : "Authentication failed", "Primary authentication");
  } else {
    step(true, "Password", true, "Correct password", "Primary authentication");
    if (result == SignInResult::kMfaDenied)
      step(false, ToString(method), false, "MFA denied; user declined the authentication", "Multifactor authentication");
    else if (flags & kSfMfaPerformed)
      step(false, ToString(method), true, "MFA successfully completed", "Multifactor authentication");
  }
  o.push_back(']');
}

void AppendStatus(std::string& o, const LogTable& tab, size_t row) {
  const auto result = static_cast<SignInResult>(cols::F(tab, si::kResult, row));
  const uint64_t flags = cols::F(tab, si::kFlags, row);
  const ResultInfo& ri = Describe(result);
  o += "{\"errorCode\":";
  o += ri.code;
  if (result != SignInResult::kSuccess) cols::Kv(o, "failureReason", ri.failure_reason);
  if (result == SignInResult::kMfaDenied) cols::Kv(o, "additionalDetails", "MFA denied; user declined the authentication");
  else if (result == SignInResult::kSuccess && (flags & kSfMfaByClaim))
    cols::Kv(o, "additionalDetails", "MFA requirement satisfied by claim in the token");
  else if (result == SignInResult::kSuccess && (flags & kSfMfaPerformed))
    cols::Kv(o, "additionalDetails", "MFA completed in Azure AD");
  o.push_back('}');
}

void AppendCaPolicies(std::string& o, const Tenant& t, const LogTable& tab, size_t row) {
  const auto result = static_cast<SignInResult>(cols::F(tab, si::kResult, row));
  const uint64_t flags = cols::F(tab, si::kFlags, row);
  o.push_back('[');
  bool first = true;
  for (const CaPolicy& p : t.ca_policies) {
    if (!first) o.push_back(',');
    first = false;
    std::string_view res = "notApplied";
    if (p.state == "disabled") res = "notEnabled";
    else if (p.state == "enabledForReportingButNotEnforced") res = "reportOnlyNotApplied";
    else if (p.grant.size() == 1 && p.grant[0] == "block") res = "notApplied";  // legacy auth only
    else if (result == SignInResult::kCaBlocked || result == SignInResult::kPhishResistantRequired) res = "failure";
    else if (flags & (kSfMfaPerformed | kSfMfaByClaim)) res = "success";
    o.push_back('{');
    cols::Kv(o, "id", p.id, true);
    cols::Kv(o, "displayName", p.name);
    o += ",\"enforcedGrantControls\":[";
    for (size_t i = 0; i < p.grant.size(); ++i) {
      if (i) o.push_back(',');
      engine::AppendJsonString(o, p.grant[i] == "mfa" ? "Mfa" : p.grant[i] == "block" ? "Block" : p.grant[i] == "compliantDevice" ? "RequireCompliantDevice" : "RequireAuthenticationStrength");
    }
    o += "],\"enforcedSessionControls\":[]";
    cols::Kv(o, "result", res);
    o.push_back('}');
  }
  o.push_back(']');
}

}  // namespace

void TenantLogs::BuildSignInTable(const char* name, bool interactive) {
  auto table = std::make_unique<LogTable>(name, std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"user", 4}, {"app", 2}, {"resource", 2}, {"source", 4}, {"device", 4},
      {"session", 4}, {"result", 1}, {"flags", 1}, {"auth", 1}, {"gate", 1}, {"correlation", 4}});
  table->SetGateField(si::kGate);
  // Entra ID Free keeps 7 days of sign-ins (portal/Graph view) through retention, not a table gate.
  const Tenant* t = m_tenant;
  const uint64_t seed = m_seed;
  const uint64_t id_ns = engine::Mix64(seed, interactive ? cols::kNsSignIn : cols::kNsNonInteractive);
  const uint64_t sess_ns = engine::Mix64(seed, cols::kNsSession);
  const uint64_t corr_ns = engine::Mix64(seed, cols::kNsCorrelation);
  const uint64_t tok_ns = engine::Mix64(seed, cols::kNsToken, interactive ? 1 : 2);
  const auto users = static_cast<uint64_t>(t->users.size());
  const std::string tenant_id = t->settings.tenant_id;
  std::vector<ColumnDef> d;

  d.push_back(TimeColumn("TimeGenerated", si::kTime));
  d.push_back(TimeColumn("CreatedDateTime", si::kTime));
  d.push_back(RowColumn("Id", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, si::kRid, r), id_ns); c.FinishString(); }));
  d.push_back(RowColumn("OriginalRequestId", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, si::kRid, r), id_ns); c.FinishString(); }));
  d.push_back(KeyedColumn("CorrelationId", ColumnType::String, si::kCorr, 0, [corr_ns](uint64_t k, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), k, corr_ns); c.FinishString(); }));
  ColumnDef sess_col = KeyedColumn("SessionId", ColumnType::String, si::kSess, 0, [sess_ns](uint64_t k, Cell& c) {
    if (k == kNone) { c.SetString(""); return; }
    engine::AppendGuid(c.BeginScratch(), k, sess_ns); c.FinishString(); });
  // Same key, same value in every table that carries a SessionId: joins compare raw keys.
  sess_col.key_space = cols::kNsSession;
  d.push_back(std::move(sess_col));
  d.push_back(RowColumn("UniqueTokenIdentifier", ColumnType::String, [tok_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendToken(c.BeginScratch(), engine::Mix64(cols::F(tab, si::kRid, r), tok_ns)); c.FinishString(); }));
  d.push_back(KeyedColumn("UserPrincipalName", ColumnType::String, si::kUser, users, [t](uint64_t k, Cell& c) { c.SetString(t->users[k].upn); }));
  d.push_back(KeyedColumn("SignInIdentifier", ColumnType::String, si::kUser, users, [t](uint64_t k, Cell& c) { c.SetString(t->users[k].upn); }));
  d.push_back(ConstColumn("SignInIdentifierType", ColumnType::String, "userPrincipalName"));
  d.push_back(KeyedColumn("UserId", ColumnType::String, si::kUser, users, [t](uint64_t k, Cell& c) { c.SetString(t->users[k].object_id); }));
  d.push_back(KeyedColumn("UserDisplayName", ColumnType::String, si::kUser, users, [t](uint64_t k, Cell& c) { c.SetString(t->users[k].display_name); }));
  d.push_back(KeyedColumn("Identity", ColumnType::String, si::kUser, users, [t](uint64_t k, Cell& c) { c.SetString(t->users[k].display_name); }));
  d.push_back(KeyedColumn("UserType", ColumnType::String, si::kUser, users, [t](uint64_t k, Cell& c) { c.SetString(t->users[k].guest ? "Guest" : "Member"); }));
  d.push_back(KeyedColumn("AppDisplayName", ColumnType::String, si::kApp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[k].display_name); }));
  d.push_back(KeyedColumn("AppId", ColumnType::String, si::kApp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[k].app_id); }));
  d.push_back(KeyedColumn("ResourceDisplayName", ColumnType::String, si::kRes, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[k].display_name); }));
  d.push_back(KeyedColumn("ResourceIdentity", ColumnType::String, si::kRes, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[k].app_id); }));
  d.push_back(KeyedColumn("ResourceServicePrincipalId", ColumnType::String, si::kRes, 0, [t](uint64_t k, Cell& c) {
    uint32_t sp = t->SpOfApp(static_cast<uint32_t>(k));
    c.SetString(sp == kNone ? std::string_view() : std::string_view(t->sps[sp].object_id)); }));
  d.push_back(KeyedColumn("IPAddress", ColumnType::String, si::kSrc, 0, [t](uint64_t k, Cell& c) { c.SetString(cols::SourceIp(*t, static_cast<uint32_t>(k))); }));
  d.push_back(KeyedColumn("AutonomousSystemNumber", ColumnType::String, si::kSrc, 0, [t](uint64_t k, Cell& c) {
    c.SetLong(static_cast<int64_t>(t->sources[k].asn)); }));
  d.push_back(KeyedColumn("Location", ColumnType::String, si::kSrc, 0, [t](uint64_t k, Cell& c) {
    c.SetString(t->locations[t->sources[k].location].country); }));
  d.push_back(KeyedColumn("LocationDetails", ColumnType::Dynamic, si::kSrc, 0, [t](uint64_t k, Cell& c) {
    cols::AppendLocationJson(c.BeginScratch(), *t, static_cast<uint32_t>(k)); c.FinishJson(); }));
  d.push_back(KeyedColumn("NetworkLocationDetails", ColumnType::String, si::kSrc, 0, [t](uint64_t k, Cell& c) {
    for (const auto& nl : t->named_locations)
      for (uint32_t s : nl.sources)
        if (s == k) {
          std::string& o = c.BeginScratch();
          o = "[{\"networkType\":\"namedNetwork\",\"networkNames\":[";
          engine::AppendJsonString(o, nl.name);
          o += "]}]";
          c.FinishString();
          return;
        }
    c.SetString("[]"); }));
  d.push_back(KeyedColumn("DeviceDetail", ColumnType::Dynamic, si::kDev, 0, [t](uint64_t k, Cell& c) {
    cols::AppendDeviceJson(c.BeginScratch(), *t, static_cast<uint32_t>(k)); c.FinishJson(); }));
  d.push_back(RowColumn("UserAgent", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    c.SetString(cols::UserAgentFor(*t, cols::F32(tab, si::kDev, r), cols::F32(tab, si::kApp, r))); }));
  d.push_back(RowColumn("ClientAppUsed", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    const App& a = t->apps[cols::F(tab, si::kApp, r)];
    const uint32_t dev = cols::F32(tab, si::kDev, r);
    if (dev < t->devices.size() && t->devices[dev].client == ClientKind::Legacy) { c.SetString("IMAP4"); return; }
    c.SetString(cols::IsRichClient(a) ? "Mobile Apps and Desktop clients" : "Browser"); }));
  d.push_back(ConstColumn("IsInteractive", ColumnType::Bool, interactive ? "true" : "false"));
  d.push_back(KeyedColumn("ResultType", ColumnType::String, si::kResult, static_cast<uint64_t>(SignInResult::kCount),
                          [](uint64_t k, Cell& c) { c.SetString(Describe(static_cast<SignInResult>(k)).code); }));
  d.push_back(KeyedColumn("ResultDescription", ColumnType::String, si::kResult, static_cast<uint64_t>(SignInResult::kCount),
                          [](uint64_t k, Cell& c) { c.SetString(Describe(static_cast<SignInResult>(k)).description); }));
  d.push_back(ConstColumn("ResultSignature", ColumnType::String, "None"));
  d.push_back(RowColumn("Status", ColumnType::Dynamic, [](const LogTable& tab, size_t r, Cell& c) {
    AppendStatus(c.BeginScratch(), tab, r); c.FinishJson(); }));
  d.push_back(RowColumn("ConditionalAccessStatus", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    const auto res = static_cast<SignInResult>(cols::F(tab, si::kResult, r));
    bool any_enabled = false;
    for (const auto& p : t->ca_policies) any_enabled |= p.state == "enabled";
    if (res == SignInResult::kCaBlocked || res == SignInResult::kPhishResistantRequired) c.SetString("failure");
    else if (any_enabled && res == SignInResult::kSuccess &&
             (cols::F(tab, si::kFlags, r) & (kSfMfaPerformed | kSfMfaByClaim | kSfPhishResistant))) c.SetString("success");
    else c.SetString("notApplied"); }));
  d.push_back(RowColumn("ConditionalAccessPolicies", ColumnType::Dynamic, [t](const LogTable& tab, size_t r, Cell& c) {
    AppendCaPolicies(c.BeginScratch(), *t, tab, r); c.FinishJson(); }));
  d.push_back(KeyedColumn("AuthenticationRequirement", ColumnType::String, si::kFlags, 256, [](uint64_t k, Cell& c) {
    c.SetString(k & (kSfMfaPerformed | kSfMfaByClaim | kSfPhishResistant) ? "multiFactorAuthentication" : "singleFactorAuthentication"); }));
  d.push_back(RowColumn("AuthenticationDetails", ColumnType::String, [t](const LogTable& tab, size_t r, Cell& c) {
    AppendAuthDetails(c.BeginScratch(), *t, tab, r); c.FinishString(); }));
  d.push_back(RowColumn("AuthenticationMethodsUsed", ColumnType::String, [](const LogTable& tab, size_t r, Cell& c) {
    const uint64_t flags = cols::F(tab, si::kFlags, r);
    if (flags & kSfMfaPerformed) {
      std::string& o = c.BeginScratch();
      o = "Password, ";
      o += ToString(static_cast<MfaMethod>(cols::F(tab, si::kAuth, r) & 15));
      c.FinishString();
    } else {
      c.SetString(flags & kSfMfaByClaim ? "" : "Password");
    } }));
  d.push_back(KeyedColumn("AuthenticationProcessingDetails", ColumnType::String, si::kFlags, 256, [](uint64_t k, Cell& c) {
    c.SetString(k & kSfCae ? "[{\"key\":\"Legacy TLS (TLS 1.0, 1.1, 3DES)\",\"value\":\"False\"},{\"key\":\"IsCAEToken\",\"value\":\"True\"}]"
                           : "[{\"key\":\"Legacy TLS (TLS 1.0, 1.1, 3DES)\",\"value\":\"False\"},{\"key\":\"IsCAEToken\",\"value\":\"False\"}]"); }));
  d.push_back(ConstColumn("AuthenticationRequirementPolicies", ColumnType::String, "[]"));
  d.push_back(KeyedColumn("AuthenticationProtocol", ColumnType::String, si::kFlags, 256, [interactive](uint64_t k, Cell& c) {
    c.SetString(interactive || !(k & kSfRefreshToken) ? "none" : "oAuth2"); }));
  d.push_back(KeyedColumn("IncomingTokenType", ColumnType::String, si::kFlags, 256, [](uint64_t k, Cell& c) {
    c.SetString(k & kSfRefreshToken ? "refreshToken" : "none"); }));
  d.push_back(ConstColumn("TokenIssuerType", ColumnType::String, "AzureAD"));
  d.push_back(ConstColumn("TokenIssuerName", ColumnType::String, ""));
  d.push_back(ConstColumn("CrossTenantAccessType", ColumnType::String, "none"));
  const bool p2 = t->settings.entra == EntraTier::P2;
  auto risk_col = [&](const char* cname, auto fn) { d.push_back(RowColumn(cname, ColumnType::String, fn)); };
  risk_col("RiskLevelDuringSignIn", [p2](const LogTable& tab, size_t r, Cell& c) { c.SetString(p2 ? RiskLevelWord(cols::F(tab, si::kFlags, r)) : "hidden"); });
  risk_col("RiskLevelAggregated", [p2](const LogTable& tab, size_t r, Cell& c) { c.SetString(p2 ? RiskLevelWord(cols::F(tab, si::kFlags, r)) : "hidden"); });
  risk_col("RiskState", [p2](const LogTable& tab, size_t r, Cell& c) { c.SetString(p2 && (cols::F(tab, si::kFlags, r) & kSfRiskMask) ? "atRisk" : "none"); });
  risk_col("RiskDetail", [p2](const LogTable&, size_t, Cell& c) { c.SetString(p2 ? "none" : "hidden"); });
  auto risk_types = [p2](const LogTable& tab, size_t r, Cell& c) {
    auto ev = static_cast<RiskEvent>(cols::F(tab, si::kAuth, r) >> 4);
    if (!p2 || ev == RiskEvent::None) { c.SetString("[]"); return; }
    std::string& o = c.BeginScratch();
    o = "[\"";
    o += RiskEventName(ev);
    o += "\"]";
    c.FinishString();
  };
  d.push_back(RowColumn("RiskEventTypes", ColumnType::String, risk_types));
  d.push_back(RowColumn("RiskEventTypes_V2", ColumnType::String, risk_types));
  d.push_back(RowColumn("IsRisky", ColumnType::Bool, [p2](const LogTable& tab, size_t r, Cell& c) {
    c.SetBool(p2 && (cols::F(tab, si::kFlags, r) & kSfRiskMask) != 0); }));
  d.push_back(ConstColumn("MfaDetail", ColumnType::Dynamic, "{}"));
  d.push_back(ConstColumn("HomeTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("ResourceTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("AADTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("AppOwnerTenantId", ColumnType::String, "f8cdef31-a31e-4b4a-93e4-5f571e91255a"));
  d.push_back(ConstColumn("OperationName", ColumnType::String, "Sign-in activity"));
  d.push_back(ConstColumn("OperationVersion", ColumnType::String, "1.0"));
  d.push_back(ConstColumn("Category", ColumnType::String, interactive ? "SignInLogs" : "NonInteractiveUserSignInLogs"));
  d.push_back(ConstColumn("Type", ColumnType::String, name));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Azure AD"));
  d.push_back(ConstColumn("Level", ColumnType::String, "4"));
  d.push_back(ConstColumn("Resource", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("ResourceGroup", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("ResourceProvider", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("ResourceId", ColumnType::String, "/tenants/" + tenant_id + "/providers/Microsoft.aadiam"));
  d.push_back(ConstColumn("DurationMs", ColumnType::Long, "0"));
  d.push_back(ConstColumn("FlaggedForReview", ColumnType::Bool, "false"));
  d.push_back(ConstColumn("IsTenantRestricted", ColumnType::Bool, "false"));
  d.push_back(ConstColumn("IsThroughGlobalSecureAccess", ColumnType::Bool, "false"));
  d.push_back(RowColumn(interactive ? "ProcessingTimeInMilliseconds" : "ProcessingTimeInMs", ColumnType::String,
                        [](const LogTable& tab, size_t r, Cell& c) { c.SetLong(static_cast<int64_t>(40 + engine::Mix64(cols::F(tab, si::kRid, r)) % 180)); }));
  if (!interactive) {
    d.push_back(KeyedColumn("ClientSessionId", ColumnType::String, si::kSess, 0, [sess_ns](uint64_t k, Cell& c) {
      engine::AppendGuid(c.BeginScratch(), k, sess_ns ^ 0x5a5a); c.FinishString(); }));
    d.push_back(ConstColumn("SignInEventTypes", ColumnType::String, "[\"nonInteractiveUser\"]"));
  }
  FillFromSchema(*table, d);
  m_store.Add(std::move(table));
}

void TenantLogs::BuildSpSignInTable() {
  namespace sp = cols::sp;
  auto table = std::make_unique<LogTable>("AADServicePrincipalSignInLogs", std::vector<engine::FieldSpec>{
      {"time", 8}, {"rid", 4}, {"sp", 4}, {"resource", 2}, {"source", 4}, {"result", 1}, {"correlation", 4}, {"gate", 1}});
  table->SetGateField(sp::kGate);

  const Tenant* t = m_tenant;
  const uint64_t id_ns = engine::Mix64(m_seed, cols::kNsSpSignIn);
  const uint64_t corr_ns = engine::Mix64(m_seed, cols::kNsCorrelation);
  const std::string tenant_id = t->settings.tenant_id;
  std::vector<ColumnDef> d;
  d.push_back(TimeColumn("TimeGenerated", sp::kTime));
  d.push_back(TimeColumn("CreatedDateTime", sp::kTime));
  d.push_back(RowColumn("Id", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), cols::F(tab, sp::kRid, r), id_ns); c.FinishString(); }));
  d.push_back(KeyedColumn("CorrelationId", ColumnType::String, sp::kCorr, 0, [corr_ns](uint64_t k, Cell& c) {
    engine::AppendGuid(c.BeginScratch(), k, corr_ns); c.FinishString(); }));
  d.push_back(RowColumn("UniqueTokenIdentifier", ColumnType::String, [id_ns](const LogTable& tab, size_t r, Cell& c) {
    engine::AppendToken(c.BeginScratch(), engine::Mix64(cols::F(tab, sp::kRid, r), id_ns)); c.FinishString(); }));
  d.push_back(KeyedColumn("ServicePrincipalId", ColumnType::String, sp::kSp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->sps[k].object_id); }));
  d.push_back(KeyedColumn("ServicePrincipalName", ColumnType::String, sp::kSp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[t->sps[k].app].display_name); }));
  d.push_back(KeyedColumn("Identity", ColumnType::String, sp::kSp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[t->sps[k].app].display_name); }));
  d.push_back(KeyedColumn("AppId", ColumnType::String, sp::kSp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[t->sps[k].app].app_id); }));
  d.push_back(KeyedColumn("ServicePrincipalCredentialKeyId", ColumnType::String, sp::kSp, 0, [t](uint64_t k, Cell& c) { c.SetString(t->sps[k].credential_key_id); }));
  d.push_back(ConstColumn("ClientCredentialType", ColumnType::String, "clientSecret"));
  d.push_back(KeyedColumn("ResourceDisplayName", ColumnType::String, sp::kRes, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[k].display_name); }));
  d.push_back(KeyedColumn("ResourceIdentity", ColumnType::String, sp::kRes, 0, [t](uint64_t k, Cell& c) { c.SetString(t->apps[k].app_id); }));
  d.push_back(KeyedColumn("IPAddress", ColumnType::String, sp::kSrc, 0, [t](uint64_t k, Cell& c) { c.SetString(cols::SourceIp(*t, static_cast<uint32_t>(k))); }));
  d.push_back(KeyedColumn("AutonomousSystemNumber", ColumnType::String, sp::kSrc, 0, [t](uint64_t k, Cell& c) { c.SetLong(static_cast<int64_t>(t->sources[k].asn)); }));
  d.push_back(KeyedColumn("Location", ColumnType::String, sp::kSrc, 0, [t](uint64_t k, Cell& c) { c.SetString(t->locations[t->sources[k].location].country); }));
  d.push_back(KeyedColumn("LocationDetails", ColumnType::String, sp::kSrc, 0, [t](uint64_t k, Cell& c) {
    cols::AppendLocationJson(c.BeginScratch(), *t, static_cast<uint32_t>(k)); c.FinishString(); }));
  d.push_back(KeyedColumn("ResultType", ColumnType::String, sp::kResult, static_cast<uint64_t>(SignInResult::kCount),
                          [](uint64_t k, Cell& c) { c.SetString(Describe(static_cast<SignInResult>(k)).code); }));
  d.push_back(KeyedColumn("ResultDescription", ColumnType::String, sp::kResult, static_cast<uint64_t>(SignInResult::kCount),
                          [](uint64_t k, Cell& c) { c.SetString(Describe(static_cast<SignInResult>(k)).description); }));
  d.push_back(ConstColumn("ResultSignature", ColumnType::String, "None"));
  d.push_back(ConstColumn("ConditionalAccessStatus", ColumnType::String, "notApplied"));
  d.push_back(ConstColumn("ConditionalAccessPolicies", ColumnType::String, "[]"));
  d.push_back(ConstColumn("NetworkLocationDetails", ColumnType::String, "[]"));
  d.push_back(ConstColumn("AuthenticationProcessingDetails", ColumnType::String, "[{\"key\":\"IsCAEToken\",\"value\":\"False\"}]"));
  d.push_back(ConstColumn("AADTenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("TenantId", ColumnType::String, tenant_id));
  d.push_back(ConstColumn("OperationName", ColumnType::String, "Sign-in activity"));
  d.push_back(ConstColumn("OperationVersion", ColumnType::String, "1.0"));
  d.push_back(ConstColumn("Category", ColumnType::String, "ServicePrincipalSignInLogs"));
  d.push_back(ConstColumn("Type", ColumnType::String, "AADServicePrincipalSignInLogs"));
  d.push_back(ConstColumn("SourceSystem", ColumnType::String, "Azure AD"));
  d.push_back(ConstColumn("Level", ColumnType::String, "4"));
  d.push_back(ConstColumn("ResourceGroup", ColumnType::String, "Microsoft.aadiam"));
  d.push_back(ConstColumn("DurationMs", ColumnType::Long, "0"));
  FillFromSchema(*table, d);
  m_store.Add(std::move(table));
}

}  // namespace td::sim
