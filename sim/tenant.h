#pragma once
// [SECTION] Licences, features and settings
// [SECTION] Network sources and devices
// [SECTION] Identities (users, groups, roles)
// [SECTION] Mail and files
// [SECTION] Applications, service principals and grants
// [SECTION] Conditional Access
// [SECTION] Sessions and tokens
// [SECTION] Tenant
//
// The synthetic Microsoft 365 / Entra ID tenant: plain data, indexed by position. Log rows refer
// to entities by index; everything that follows from an entity (UPN, display name, location,
// user agent…) is looked up here when a row is read.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/sim_clock.h"

namespace td::sim {

using engine::SimTime;
constexpr uint32_t kNone = 0xffffffffu;

// [SECTION] Licences, features and settings

enum class EntraTier : uint8_t { Free, P1, P2 };
enum class M365Plan : uint8_t { E3, E5 };
enum class AuditTier : uint8_t { Standard, Premium };
enum class ConsentPolicy : uint8_t { Allowed, VerifiedLowRisk, AdminOnly };
enum class ForwardingPolicy : uint8_t { Automatic, On, Off };  // Automatic = off for external (Microsoft default)
enum class MfaStrength : uint8_t { None, SmsOrPush, NumberMatching, PhishingResistant };
// Who watches the alert queue (SecurityAlert, Identity Protection): decides when an alert inject
// reaches the responders.
enum class AlertQueue : uint8_t { Unmonitored, BusinessHours, Always };

// Licence feature bits. Log rows and tables carry the bits they need in a gate field; a tenant
// view owns the bits its licences and era give it.
enum Feature : uint32_t {
  kFeatSigninExport = 1u << 0,        // Entra ID P1/P2: sign-in logs reach Log Analytics
  kFeatRiskDetail = 1u << 1,          // Entra ID P2: risk levels and detections
  kFeatMailAuditStandard = 1u << 2,   // MailItemsAccessed/Send for non-E5 users (2024+ Audit Standard)
  kFeatGraphActivity = 1u << 3,       // MicrosoftGraphActivityLogs (P1/P2, exported)
  kFeatMdoP2 = 1u << 4,               // Defender for Office 365 Plan 2: EmailEvents, UrlClickEvents
  kFeatDefenderAlerts = 1u << 5,      // Defender XDR / Purview alerts into SecurityAlert
};

struct TableRetention {
  std::string table;
  int days;
};

struct TenantSettings {
  std::string organization;        // display name, fictional
  std::string domain;              // e.g. "northwind.example"
  std::string initial_domain;      // "<name>.onmicrosoft.example"
  std::string tenant_id;           // GUID
  int utc_offset_min = 0;          // tenant time zone (working hours)
  EntraTier entra = EntraTier::P1;
  AuditTier audit = AuditTier::Standard;
  int audit_era = 2024;            // 2023 and earlier: MailItemsAccessed/Send need E5 / Audit Premium
  ConsentPolicy consent = ConsentPolicy::Allowed;
  ForwardingPolicy forwarding = ForwardingPolicy::Automatic;
  MfaStrength mfa = MfaStrength::SmsOrPush;
  bool mdo_p2 = false;
  bool graph_activity_export = false;
  bool defender_alerts = true;
  bool cae = false;                // Continuous Access Evaluation
  bool legacy_auth_blocked = true;
  bool token_protection = false;   // CA: tokens bound to the registered device they were issued to
  bool device_compliance = false;  // CA: access needs a compliant or hybrid-joined device
  bool emergency_access = true;    // break-glass accounts excluded from CA (safe tenant-wide CA changes)
  bool ir_prepared = true;         // Graph permissions and scripts prepared for incident response
  AlertQueue alert_queue = AlertQueue::Always;
  bool siem_export = false;        // sign-in and audit logs exported to Log Analytics / a SIEM
  int siem_retention_days = 90;    // how long the SIEM keeps them
  std::vector<TableRetention> retention;  // days each table keeps (absent: the licence default)
};

// [SECTION] Network sources and devices

enum class SourceKind : uint8_t { Office, Home, Mobile, Cloud, Vps, Tor };

struct Location {
  std::string city, state, country;  // country: ISO 3166 alpha-2
  double lat = 0, lon = 0;
};

struct NetSource {
  std::string ip;
  uint32_t asn = 0;
  std::string asn_name;
  SourceKind kind = SourceKind::Home;
  uint32_t location = 0;  // index into Tenant::locations
};

enum class ClientKind : uint8_t { Browser, DesktopClient, MobileApp, Legacy };

struct Device {
  std::string device_id;     // GUID, empty when not registered
  std::string display_name;  // empty when not registered
  std::string os;            // "Windows 10", "MacOs", "Ios", "Android"
  std::string browser;       // "Edge 120.0.0", "Chrome 121.0.0", "Mobile Safari", "Rich Client 5.0"
  std::string user_agent;
  std::string trust_type;    // "Azure AD joined", "Hybrid Azure AD joined", "Azure AD registered", ""
  bool compliant = false;
  bool managed = false;
  ClientKind client = ClientKind::Browser;
};

// [SECTION] Identities

enum Role : uint32_t {
  kRoleGlobalAdmin = 1u << 0,
  kRoleExchangeAdmin = 1u << 1,
  kRoleSecurityAdmin = 1u << 2,
  kRoleUserAdmin = 1u << 3,
  kRoleHelpdeskAdmin = 1u << 4,
  kRoleAppAdmin = 1u << 5,
};

enum class MfaMethod : uint8_t { Password, AuthenticatorPush, AuthenticatorNumberMatch, Sms, PhoneCall, Fido2, WindowsHello, Totp };

struct AuthMethod {
  MfaMethod kind;
  std::string detail;       // phone number, device name …
  std::string id;           // GUID
  bool attacker = false;    // registered by the attacker (ground truth)
  bool removed = false;     // deleted by an admin or the user
};

struct User {
  std::string object_id;    // GUID
  std::string upn;
  std::string display_name;
  std::string given_name, surname;
  std::string department;
  std::string job_title;
  std::string puid;         // UAL UserKey, 16 hex digits
  std::string sid;          // mailbox owner SID
  uint32_t manager = kNone;
  uint32_t roles = 0;       // Role bits
  M365Plan plan = M365Plan::E3;
  std::vector<AuthMethod> methods;
  uint32_t device = 0;      // primary device
  uint32_t mobile_device = kNone;
  uint32_t office = kNone;  // NetSource of the office (kNone: fully remote)
  uint32_t home = 0;        // NetSource at home
  uint32_t mobile = 0;      // NetSource of the phone's carrier
  uint32_t mailbox = kNone;
  uint32_t onedrive = kNone;  // site index
  uint32_t team_site = kNone; // the department's SharePoint site
  bool enabled = true;
  bool guest = false;
  bool emergency_access = false;
  bool works_weekends = false;
  int start_min = 8 * 60 + 30;  // local start of the working day, minutes
  int day_len_min = 8 * 60 + 30;
  double activity = 1.0;        // activity multiplier
  uint32_t password_version = 0;
  SimTime tokens_valid_after = 0;  // revokeSignInSessions moves this forward
  bool ca_strong_auth = false;     // a CA policy requires phishing-resistant MFA for this user
};

struct Group {
  std::string object_id;
  std::string name;
  std::string mail;
  std::vector<uint32_t> members;
};

// [SECTION] Mail and files

struct InboxRuleParam {
  std::string name;
  std::string value;
};

struct InboxRule {
  std::string name;
  std::string identity;                // rule id as Exchange shows it
  std::vector<InboxRuleParam> params;  // in the order OWA sends them
  bool enabled = true;
  bool attacker = false;
  bool removed = false;
  SimTime created = 0;
};

struct Mailbox {
  uint32_t owner = kNone;
  std::string guid;
  std::vector<InboxRule> rules;
  std::string forwarding_smtp;   // Set-Mailbox ForwardingSmtpAddress (without "smtp:")
  bool deliver_and_forward = true;
  bool forwarding_by_attacker = false;
  bool litigation_hold = false;
  uint64_t items = 0;            // messages in the mailbox
};

struct Site {
  std::string url;         // https://northwind.sharepoint.example/sites/Finance
  std::string name;
  bool personal = false;   // OneDrive
  uint32_t owner = kNone;  // OneDrive owner
  std::string department;  // team site of a department, empty for org-wide
  uint32_t first_file = 0;  // files of a site are contiguous in Tenant::files
  uint32_t file_count = 0;
};

struct File {
  uint32_t site = 0;
  std::string folder;      // "Shared Documents/Invoices"
  std::string name;        // "Q3 forecast.xlsx"
  std::string extension;   // "xlsx"
  bool sensitive = false;
};

// [SECTION] Applications, service principals and grants

struct App {
  std::string app_id;            // client id
  std::string display_name;
  std::string publisher;         // "Microsoft", a verified publisher, or ""
  bool first_party = false;
  bool resource = false;         // a resource API (Exchange Online, Graph …)
  bool multi_tenant = false;
  bool verified_publisher = false;
  bool attacker = false;
  std::vector<std::string> reply_urls;
};

struct ServicePrincipal {
  std::string object_id;
  uint32_t app = 0;
  bool enabled = true;
  bool deleted = false;
  bool has_secret = false;       // app-only credential in this tenant
  std::string credential_key_id;
  SimTime created = 0;
};

struct Grant {
  uint32_t sp = 0;               // client service principal
  uint32_t user = kNone;         // kNone: AllPrincipals (admin consent)
  std::string scopes;            // space separated, e.g. "offline_access Mail.Read User.Read"
  std::string id;
  bool revoked = false;
  SimTime created = 0;
};

// [SECTION] Conditional Access

struct CaPolicy {
  std::string id;
  std::string name;
  std::string state;                  // "enabled", "disabled", "enabledForReportingButNotEnforced"
  std::vector<std::string> grant;     // "mfa", "compliantDevice", "block"
  bool all_users = true;
  bool block_untrusted_locations = false;
  bool require_phishing_resistant = false;
  std::vector<std::string> apps;      // empty: all cloud apps
};

struct NamedLocation {
  std::string id;
  std::string name;
  std::vector<uint32_t> sources;      // trusted sources (offices)
  bool trusted = true;
};

// [SECTION] Sessions and tokens

struct Session {
  uint32_t user = 0;
  uint32_t device = 0;
  uint32_t source = 0;
  uint32_t app = 0;                   // app of the interactive sign-in that opened it
  SimTime started = 0;
  SimTime refresh_expires = 0;        // refresh token lifetime (sliding)
  SimTime access_expires = 0;         // current access token expiry
  bool mfa = false;
  bool attacker = false;              // stolen / replayed by the attacker
  bool revoked = false;
};

// [SECTION] Tenant

struct Tenant {
  TenantSettings settings;
  std::vector<Location> locations;
  std::vector<NetSource> sources;
  std::vector<Device> devices;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<Mailbox> mailboxes;
  std::vector<Site> sites;
  std::vector<File> files;
  std::vector<App> apps;
  std::vector<ServicePrincipal> sps;
  std::vector<Grant> grants;
  std::vector<CaPolicy> ca_policies;
  std::vector<NamedLocation> named_locations;
  std::vector<Session> sessions;
  std::vector<std::string> departments;
  std::vector<std::string> external_domains;   // partners and vendors (.example)
  std::vector<uint32_t> ca_blocked_sources;    // sources a responder's CA policy blocks

  bool SourceBlocked(uint32_t source) const;
  // Whether a sign-in by the user with this method passes the CA strong-authentication policy.
  bool PassesStrongAuth(uint32_t user, MfaMethod method) const;

  uint32_t FindUser(std::string_view upn) const;       // kNone when absent (case-insensitive)
  uint32_t FindApp(std::string_view app_id) const;     // by client id
  uint32_t SpOfApp(uint32_t app) const;                 // kNone when the app has no SP here
  uint32_t AddSource(NetSource s);
  uint32_t AddLocation(Location l);
  uint32_t AddDevice(Device d);
  // Opens a session (sign-in): refresh token for 90 days, first access token for 75 minutes.
  uint32_t OpenSession(uint32_t user, uint32_t device, uint32_t source, uint32_t app, SimTime now, bool mfa, bool attacker);
  // Feature bits this tenant's licences and era give its viewers.
  uint32_t Features() const;
  // Days the table keeps rows under this tenant's licences (settings.retention overrides).
  int RetentionDays(std::string_view table) const;
};

const char* ToString(EntraTier t);
const char* ToString(M365Plan p);
const char* ToString(MfaMethod m);
const char* ToString(ConsentPolicy c);
const char* ToString(ForwardingPolicy f);
const char* ToString(MfaStrength m);
const char* ToString(AlertQueue q);

}  // namespace td::sim
