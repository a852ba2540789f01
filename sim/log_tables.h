#pragma once
// [SECTION] Facts (what one row stores)
// [SECTION] TenantLogs (the tables of one tenant, their columns, and typed appends)
//
// The log tables of a tenant with their real names, columns and types (sim/schemas/*.csv). Each
// row stores a handful of integers; every column is read from them and from the tenant.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/log_store.h"
#include "sim/catalog.h"
#include "sim/tenant.h"

namespace td::sim {

// [SECTION] Facts

// Sign-in flags (SignInFact::flags).
enum SignInFlag : uint8_t {
  kSfMfaPerformed = 1u << 0,   // MFA done in this sign-in
  kSfMfaByClaim = 1u << 1,     // "MFA requirement satisfied by claim in the token"
  kSfRiskLow = 1u << 2,        // risk level: bits 2-3 (0 none, 1 low, 2 medium, 3 high)
  kSfRiskMask = 3u << 2,
  kSfCae = 1u << 4,            // continuous access evaluation token
  kSfRefreshToken = 1u << 5,   // redeemed a refresh token (non-interactive)
  kSfPhishResistant = 1u << 6, // MFA with a phishing-resistant method
};

// Risk event types carried by a risky sign-in (SignInFact::risk_event).
enum class RiskEvent : uint8_t { None, AnomalousToken, UnfamiliarFeatures, AttackerInTheMiddle, AnonymizedIp, UnlikelyTravel, SuspiciousInboxForwarding, Count };
std::string_view RiskEventName(RiskEvent r);  // "anomalousToken" …

struct SignInFact {
  SimTime time = 0;
  uint32_t user = 0, app = 0, resource = 0, source = 0, device = 0, session = 0;
  SignInResult result = SignInResult::kSuccess;
  uint8_t flags = 0;
  MfaMethod method = MfaMethod::AuthenticatorPush;  // the MFA step's method when performed
  RiskEvent risk_event = RiskEvent::None;
  uint32_t correlation = 0;  // shared by the steps of one sign-in flow
  uint8_t gate = 0;
  bool interactive = true;
};

struct SpSignInFact {
  SimTime time = 0;
  uint32_t sp = 0, resource = 0, source = 0;
  SignInResult result = SignInResult::kSuccess;
  uint32_t correlation = 0;
};

// Directory audit operations (AuditLogs OperationName / ActivityDisplayName, exact strings).
enum class AuditOp : uint16_t {
  AddUser, UpdateUser, ResetUserPassword, ChangeUserPassword, DisableAccount, EnableAccount,
  AddMemberToGroup, RemoveMemberFromGroup, AddMemberToRole, RemoveMemberFromRole,
  ConsentToApplication, AddDelegatedPermissionGrant, RemoveDelegatedPermissionGrant, AddServicePrincipal,
  UpdateServicePrincipal, RemoveServicePrincipal, AddServicePrincipalCredentials, RemoveServicePrincipalCredentials,
  AddAppRoleAssignmentToServicePrincipal, UpdateApplicationCredentials, AddApplication,
  UserRegisteredSecurityInfo, UserDeletedSecurityInfo, AdminDeletedSecurityInfo, UserChangedDefaultSecurityInfo,
  InvalidateAllRefreshTokens, AddPolicy, UpdatePolicy, AddConditionalAccessPolicy, UpdateConditionalAccessPolicy,
  UpdateAuthorizationPolicy, AddAppRoleAssignmentGrantToUser, ResetPasswordSelfService, Count
};

struct AuditOpInfo {
  std::string_view name;        // OperationName == ActivityDisplayName
  std::string_view category;    // UserManagement, ApplicationManagement …
  std::string_view service;     // LoggedByService
  std::string_view op_type;     // AADOperationType
  std::string_view target_type; // TargetResources[0].type: User, ServicePrincipal, Group, Role, Policy, Application
};
const AuditOpInfo& Describe(AuditOp op);

constexpr uint32_t kActorApp = 0x80000000u;  // AuditFact::actor: high bit = a service principal

struct AuditFact {
  SimTime time = 0;
  AuditOp op = AuditOp::UpdateUser;
  uint32_t actor = kNone;     // user index, or kActorApp | sp index, or kNone (system)
  uint32_t target = kNone;    // entity index of the target type
  uint32_t target2 = kNone;   // second target (group, role, app …) when the op has one
  std::string_view modified;  // JSON array text of modifiedProperties ("" = [])
  std::string_view extra;     // operation-specific: role name, consent text …
  uint32_t correlation = 0;
  uint32_t source = kNone;    // actor's network source
  uint32_t actor_device = kNone;
  bool success = true;
};

// Unified audit operations in OfficeActivity (Exchange, SharePoint, OneDrive).
enum class OfficeOp : uint8_t {
  MailItemsAccessed, Send, SendAs, NewInboxRule, SetInboxRule, RemoveInboxRule, DisableInboxRule, UpdateInboxRules,
  SetMailbox, SoftDelete, HardDelete, MoveToDeletedItems, SearchQueryInitiatedExchange, AddMailboxPermission,
  FileAccessed, FilePreviewed, FileDownloaded, FileModified, FileUploaded, FileSyncDownloadedFull,
  SharingSet, AnonymousLinkCreated, SearchQueryInitiatedSharePoint, NewComplianceSearch, Count
};

struct OfficeOpInfo {
  std::string_view name;
  std::string_view record_type;   // RecordType name (OfficeActivity), e.g. "ExchangeAdmin"
  int record_type_id;             // UAL RecordType integer
  std::string_view workload;      // Exchange, SharePoint, OneDrive (OneDrive decided by the site)
  std::string_view result_status; // "Succeeded" or "True" (Exchange admin cmdlets)
  uint8_t kind;                   // 0 mailbox item, 1 Exchange admin, 2 file, 3 compliance
};
const OfficeOpInfo& Describe(OfficeOp op);

struct OfficeFact {
  SimTime time = 0;
  OfficeOp op = OfficeOp::FileAccessed;
  uint32_t user = kNone;     // actor (kNone: an app acting alone)
  uint32_t mailbox = kNone;  // mailbox operated on (mail ops)
  uint32_t object = kNone;   // file index (file ops)
  uint32_t source = 0;
  uint32_t session = kNone;
  uint32_t client_app = kNone;  // app index of the calling client (ClientAppId), kNone = none
  uint32_t detail = 0;       // mail: folder/subject index; admin: pool code of Parameters JSON
  uint32_t count = 1;        // items touched (MailItemsAccessed)
  bool success = true;
  uint8_t gate = 0;
};

// Folders and subjects referred to by OfficeFact::detail.
inline constexpr std::string_view kMailFolders[] = {"\\Inbox", "\\Sent Items", "\\Archive", "\\Deleted Items",
                                                    "\\Drafts", "\\Inbox\\Projects", "\\Junk Email", "\\RSS Feeds",
                                                    "\\Conversation History"};
// Subjects of benign mail (index < kBenignSubjectCount); attacks intern their own in the pool.
std::string_view BenignSubject(uint32_t index);
inline constexpr uint32_t kBenignSubjectCount = 24;
inline constexpr uint32_t kPoolSubject = 0x40000000u;  // OfficeFact::detail flag: a pool code

// [SECTION] TenantLogs

class TenantLogs {
 public:
  // The tenant must outlive this object and must not move (columns read it by pointer).
  TenantLogs(const Tenant& tenant, uint64_t seed);
  TenantLogs(const TenantLogs&) = delete;
  TenantLogs& operator=(const TenantLogs&) = delete;

  void SignIn(const SignInFact& f);
  void SpSignIn(const SpSignInFact& f);
  void Audit(const AuditFact& f);
  void Office(const OfficeFact& f);
  // Interns a string in the shared pool (Parameters JSON, modified properties, subjects …).
  uint32_t Intern(std::string_view s) { return m_store.Strings().Intern(s); }
  void Commit() { m_store.CommitAll(); }
  uint32_t NextCorrelation() { return m_next_corr++; }

  engine::LogStore& Store() { return m_store; }
  const engine::LogStore& Store() const { return m_store; }
  // What a viewer in this tenant sees of a table at `now`: retention window and licence features.
  engine::Visibility ViewFor(const engine::LogTable& table, SimTime now) const;
  // The real schema (name, type) of a table, from sim/schemas; empty when unknown.
  static std::vector<std::pair<std::string, engine::ColumnType>> SchemaOf(std::string_view table);
  // Adds the table's schema columns in schema order: a reader from `defs` where there is one (the
  // schema decides its type), an empty column otherwise; readers without a schema column are dropped.
  static void FillFromSchema(engine::LogTable& table, std::vector<engine::ColumnDef>& defs);
  // Formats the ids used by columns (exposed so other rooms can cite rows).
  std::string SessionIdOf(uint32_t session) const;
  std::string CorrelationIdOf(uint32_t correlation) const;

 private:
  void BuildSignInTable(const char* name, bool interactive);
  void BuildSpSignInTable();
  void BuildAuditTable();
  void BuildOfficeTable();

  const Tenant* m_tenant;
  uint64_t m_seed;
  engine::LogStore m_store;
  uint32_t m_rid[8] = {};
  uint32_t m_next_corr = 1;
  std::vector<uint64_t> m_row;  // scratch for Stage()
};

}  // namespace td::sim
