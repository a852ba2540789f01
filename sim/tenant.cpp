#include "sim/tenant.h"

#include <algorithm>
#include <cctype>

namespace td::sim {

namespace {
bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

uint32_t Tenant::FindUser(std::string_view upn) const {
  for (size_t i = 0; i < users.size(); ++i)
    if (IEquals(users[i].upn, upn)) return static_cast<uint32_t>(i);
  return kNone;
}

uint32_t Tenant::FindApp(std::string_view app_id) const {
  for (size_t i = 0; i < apps.size(); ++i)
    if (IEquals(apps[i].app_id, app_id)) return static_cast<uint32_t>(i);
  return kNone;
}

uint32_t Tenant::SpOfApp(uint32_t app) const {
  for (size_t i = 0; i < sps.size(); ++i)
    if (sps[i].app == app && !sps[i].deleted) return static_cast<uint32_t>(i);
  return kNone;
}

uint32_t Tenant::AddSource(NetSource s) {
  sources.push_back(std::move(s));
  return static_cast<uint32_t>(sources.size() - 1);
}
uint32_t Tenant::AddLocation(Location l) {
  locations.push_back(std::move(l));
  return static_cast<uint32_t>(locations.size() - 1);
}
uint32_t Tenant::AddDevice(Device d) {
  devices.push_back(std::move(d));
  return static_cast<uint32_t>(devices.size() - 1);
}

bool Tenant::SourceBlocked(uint32_t source) const {
  for (uint32_t s : ca_blocked_sources) if (s == source) return true;
  return false;
}

bool Tenant::PassesStrongAuth(uint32_t user, MfaMethod method) const {
  if (user >= users.size() || !users[user].ca_strong_auth) return true;
  return method == MfaMethod::Fido2 || method == MfaMethod::WindowsHello;
}

uint32_t Tenant::OpenSession(uint32_t user, uint32_t device, uint32_t source, uint32_t app, SimTime now, bool mfa, bool attacker) {
  Session s;
  s.user = user;
  s.device = device;
  s.source = source;
  s.app = app;
  s.started = now;
  s.refresh_expires = now + 90 * engine::kDay;
  s.access_expires = now + 75 * engine::kMinute;
  s.mfa = mfa;
  s.attacker = attacker;
  sessions.push_back(s);
  return static_cast<uint32_t>(sessions.size() - 1);
}

uint32_t Tenant::Features() const {
  uint32_t f = 0;
  if (settings.entra != EntraTier::Free) f |= kFeatSigninExport;
  if (settings.entra == EntraTier::P2) f |= kFeatRiskDetail;
  if (settings.audit_era >= 2024 || settings.audit == AuditTier::Premium) f |= kFeatMailAuditStandard;
  if (settings.entra != EntraTier::Free && settings.graph_activity_export) f |= kFeatGraphActivity;
  if (settings.mdo_p2) f |= kFeatMdoP2;
  if (settings.defender_alerts) f |= kFeatDefenderAlerts;
  return f;
}

int Tenant::RetentionDays(std::string_view table) const {
  for (const auto& r : settings.retention)
    if (r.table == table) return r.days;
  const bool signin_table = table == "SigninLogs" || table == "AADNonInteractiveUserSignInLogs" ||
                            table == "AADServicePrincipalSignInLogs" || table == "AuditLogs";
  // Exported to a SIEM (needs P1/P2 diagnostic settings): the workspace's retention applies.
  if (signin_table && settings.siem_export && settings.entra != EntraTier::Free) return settings.siem_retention_days;
  if (signin_table) return settings.entra == EntraTier::Free ? 7 : 30;
  if (table == "OfficeActivity") return settings.audit == AuditTier::Premium ? 365 : 180;
  if (table == "AADUserRiskEvents" || table == "AADRiskyUsers") return settings.entra == EntraTier::P2 ? 90 : 7;
  return 30;
}

const char* ToString(EntraTier t) {
  switch (t) { case EntraTier::Free: return "Free"; case EntraTier::P1: return "P1"; default: return "P2"; }
}
const char* ToString(M365Plan p) { return p == M365Plan::E3 ? "E3" : "E5"; }
const char* ToString(MfaMethod m) {
  switch (m) {
    case MfaMethod::Password: return "Password";
    case MfaMethod::AuthenticatorPush: return "Mobile app notification";
    case MfaMethod::AuthenticatorNumberMatch: return "Mobile app notification";
    case MfaMethod::Sms: return "Text message";
    case MfaMethod::PhoneCall: return "Phone call approval (Authentication phone)";
    case MfaMethod::Fido2: return "FIDO2 security key";
    case MfaMethod::WindowsHello: return "Windows Hello for Business";
    default: return "OATH verification code";
  }
}
const char* ToString(ConsentPolicy c) {
  switch (c) { case ConsentPolicy::Allowed: return "allowed"; case ConsentPolicy::VerifiedLowRisk: return "verified_low_risk"; default: return "admin_only"; }
}
const char* ToString(ForwardingPolicy f) {
  switch (f) { case ForwardingPolicy::Automatic: return "automatic"; case ForwardingPolicy::On: return "on"; default: return "off"; }
}
const char* ToString(MfaStrength m) {
  switch (m) {
    case MfaStrength::None: return "none";
    case MfaStrength::SmsOrPush: return "sms_or_push";
    case MfaStrength::NumberMatching: return "number_matching";
    default: return "phishing_resistant";
  }
}

const char* ToString(AlertQueue q) {
  switch (q) { case AlertQueue::Unmonitored: return "unmonitored"; case AlertQueue::BusinessHours: return "business_hours"; default: return "24x7"; }
}

}  // namespace td::sim
