#include "sim/log_tables.h"

#include <algorithm>
#include <cstdio>

#include "sim/alert_tables.h"
#include "sim/assets.h"
#include "sim/log_columns.h"

namespace td::sim {

using engine::ColumnDef;
using engine::ColumnType;
using engine::LogTable;

namespace {
constexpr std::string_view kRiskNames[] = {"none", "anomalousToken", "unfamiliarFeatures", "attackerinTheMiddle",
                                           "anonymizedIPAddress", "unlikelyTravel", "suspiciousInboxForwarding"};
constexpr AuditOpInfo kAuditOps[] = {
    {"Add user", "UserManagement", "Core Directory", "Add", "User"},
    {"Update user", "UserManagement", "Core Directory", "Update", "User"},
    {"Reset user password", "UserManagement", "Core Directory", "Update", "User"},
    {"Change user password", "UserManagement", "Core Directory", "Update", "User"},
    {"Disable account", "UserManagement", "Core Directory", "Update", "User"},
    {"Enable account", "UserManagement", "Core Directory", "Update", "User"},
    {"Add member to group", "GroupManagement", "Core Directory", "Assign", "User"},
    {"Remove member from group", "GroupManagement", "Core Directory", "Unassign", "User"},
    {"Add member to role", "RoleManagement", "Core Directory", "Assign", "User"},
    {"Remove member from role", "RoleManagement", "Core Directory", "Unassign", "User"},
    {"Consent to application", "ApplicationManagement", "Core Directory", "Assign", "ServicePrincipal"},
    {"Add delegated permission grant", "ApplicationManagement", "Core Directory", "Assign", "ServicePrincipal"},
    {"Remove delegated permission grant", "ApplicationManagement", "Core Directory", "Unassign", "ServicePrincipal"},
    {"Add service principal", "ApplicationManagement", "Core Directory", "Add", "ServicePrincipal"},
    {"Update service principal", "ApplicationManagement", "Core Directory", "Update", "ServicePrincipal"},
    {"Remove service principal", "ApplicationManagement", "Core Directory", "Delete", "ServicePrincipal"},
    {"Add service principal credentials", "ApplicationManagement", "Core Directory", "Update", "ServicePrincipal"},
    {"Remove service principal credentials", "ApplicationManagement", "Core Directory", "Update", "ServicePrincipal"},
    {"Add app role assignment to service principal", "ApplicationManagement", "Core Directory", "Assign", "ServicePrincipal"},
    // The real name carries an EN DASH and a trailing space.
    {"Update application \xE2\x80\x93 Certificates and secrets management ", "ApplicationManagement", "Core Directory", "Update", "Application"},
    {"Add application", "ApplicationManagement", "Core Directory", "Add", "Application"},
    {"User registered security info", "UserManagement", "Authentication Methods", "Add", "User"},
    {"User deleted security info", "UserManagement", "Authentication Methods", "Delete", "User"},
    {"Admin deleted security info", "UserManagement", "Authentication Methods", "Delete", "User"},
    {"User changed default security info", "UserManagement", "Authentication Methods", "Update", "User"},
    {"Invalidate all refresh tokens for user", "UserManagement", "Core Directory", "Update", "User"},
    {"Add policy", "Policy", "Core Directory", "Add", "Policy"},
    {"Update policy", "Policy", "Core Directory", "Update", "Policy"},
    {"Add conditional access policy", "Policy", "Conditional Access", "Add", "Policy"},
    {"Update conditional access policy", "Policy", "Conditional Access", "Update", "Policy"},
    {"Update authorization policy", "Policy", "Core Directory", "Update", "Policy"},
    {"Add app role assignment grant to user", "UserManagement", "Core Directory", "Assign", "ServicePrincipal"},
    {"Reset password (self-service)", "UserManagement", "Self-service Password Management", "Update", "User"},
};
static_assert(std::size(kAuditOps) == static_cast<size_t>(AuditOp::Count));

constexpr OfficeOpInfo kOfficeOps[] = {
    {"MailItemsAccessed", "ExchangeItemAggregated", 50, "Exchange", "Succeeded", 0},
    {"Send", "ExchangeItem", 2, "Exchange", "Succeeded", 0},
    {"SendAs", "ExchangeItem", 2, "Exchange", "Succeeded", 0},
    {"New-InboxRule", "ExchangeAdmin", 1, "Exchange", "True", 1},
    {"Set-InboxRule", "ExchangeAdmin", 1, "Exchange", "True", 1},
    {"Remove-InboxRule", "ExchangeAdmin", 1, "Exchange", "True", 1},
    {"Disable-InboxRule", "ExchangeAdmin", 1, "Exchange", "True", 1},
    {"UpdateInboxRules", "ExchangeItem", 2, "Exchange", "Succeeded", 0},
    {"Set-Mailbox", "ExchangeAdmin", 1, "Exchange", "True", 1},
    {"SoftDelete", "ExchangeItemGroup", 3, "Exchange", "Succeeded", 0},
    {"HardDelete", "ExchangeItemGroup", 3, "Exchange", "Succeeded", 0},
    {"MoveToDeletedItems", "ExchangeItemGroup", 3, "Exchange", "Succeeded", 0},
    {"SearchQueryInitiatedExchange", "ExchangeSearch", 62, "Exchange", "Succeeded", 0},
    {"Add-MailboxPermission", "ExchangeAdmin", 1, "Exchange", "True", 1},
    {"FileAccessed", "SharePointFileOperation", 6, "SharePoint", "Succeeded", 2},
    {"FilePreviewed", "SharePointFileOperation", 6, "SharePoint", "Succeeded", 2},
    {"FileDownloaded", "SharePointFileOperation", 6, "SharePoint", "Succeeded", 2},
    {"FileModified", "SharePointFileOperation", 6, "SharePoint", "Succeeded", 2},
    {"FileUploaded", "SharePointFileOperation", 6, "SharePoint", "Succeeded", 2},
    {"FileSyncDownloadedFull", "SharePointFileOperation", 6, "SharePoint", "Succeeded", 2},
    {"SharingSet", "SharePointSharingOperation", 14, "SharePoint", "Succeeded", 2},
    {"AnonymousLinkCreated", "SharePointSharingOperation", 14, "SharePoint", "Succeeded", 2},
    {"SearchQueryInitiatedSharePoint", "SharePointSearch", 63, "SharePoint", "Succeeded", 2},
    {"New-ComplianceSearch", "SecurityComplianceCenterEOPCmdlet", 18, "SecurityComplianceCenter", "True", 3},
};
static_assert(std::size(kOfficeOps) == static_cast<size_t>(OfficeOp::Count));

constexpr std::string_view kSubjects[] = {
    "Weekly team sync", "Re: Project timeline", "Lunch on Friday?", "Updated agenda", "FW: Customer feedback",
    "Q3 numbers", "Re: Draft for review", "Holiday schedule", "Training reminder", "Re: Supplier meeting",
    "Minutes from today", "Quick question", "Re: Budget approval", "Welcome to the team", "Office move update",
    "Re: Contract renewal", "Monthly report", "Re: Travel plans", "Action items", "Re: Invoice query",
    "All-hands slides", "Re: Hiring plan", "Shipping delay", "Thanks!"};
static_assert(std::size(kSubjects) == kBenignSubjectCount);
}  // namespace

std::string_view RiskEventName(RiskEvent r) { return kRiskNames[static_cast<size_t>(r)]; }
const AuditOpInfo& Describe(AuditOp op) { return kAuditOps[static_cast<size_t>(op)]; }
const OfficeOpInfo& Describe(OfficeOp op) { return kOfficeOps[static_cast<size_t>(op)]; }
std::string_view BenignSubject(uint32_t index) { return kSubjects[index % kBenignSubjectCount]; }

std::vector<std::pair<std::string, ColumnType>> TenantLogs::SchemaOf(std::string_view table) {
  std::vector<std::pair<std::string, ColumnType>> cols;
  std::string path = "sim/schemas/" + std::string(table) + ".columns.csv";
  auto lines = EmbeddedLines(path);
  for (size_t i = 1; i < lines.size(); ++i) {  // line 0 is the header
    std::string_view l = lines[i];
    size_t c1 = l.find(',');
    if (c1 == std::string_view::npos) continue;
    size_t c2 = l.find(',', c1 + 1);
    std::string_view name = l.substr(0, c1);
    std::string_view type = l.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1);
    // Billing columns are Log Analytics internals; _ResourceId and _SubscriptionId are exported.
    if (name.empty() || name == "_BilledSize" || name == "_IsBillable" || name.find(' ') != std::string_view::npos) continue;
    auto t = engine::ParseTypeName(type);
    if (!t) continue;
    cols.emplace_back(std::string(name), *t);
  }
  return cols;
}

void TenantLogs::FillFromSchema(LogTable& table, std::vector<ColumnDef>& defs) {
  // Columns appear in the schema's order; a schema column with no reader is exported empty.
  auto schema = SchemaOf(table.Name());
  for (auto& [name, type] : schema) {
    auto it = std::find_if(defs.begin(), defs.end(), [&col = name](const ColumnDef& d) { return d.name == col; });  // clang 14 cannot capture a binding
    if (it != defs.end()) {
      it->type = type;  // the schema decides the type (dynamic vs string per table)
      table.AddColumn(std::move(*it));
      defs.erase(it);
    } else {
      table.AddColumn(engine::NullColumn(name, type));
    }
  }
  // Readers the table's schema has no column for are dropped: the schema is the contract (the
  // sign-in tables share readers but not every column).
}

TenantLogs::TenantLogs(const Tenant& tenant, uint64_t seed) : m_tenant(&tenant), m_seed(seed) {
  m_store.Strings().Intern("");  // code 0 = empty
  BuildSignInTable("SigninLogs", true);
  BuildSignInTable("AADNonInteractiveUserSignInLogs", false);
  BuildSpSignInTable();
  BuildAuditTable();
  BuildOfficeTable();
  AddAlertTables(*this, tenant, seed);
  // Every Log Analytics table carries the standard TenantId column (the workspace id), even where
  // the published column list leaves it out (AuditLogs, SigninLogs, SecurityAlert).
  const std::string workspace = engine::Guid(engine::Mix64(seed, 0x3357));
  for (const auto& t : m_store.Tables())
    if (t->FindColumn("TenantId") < 0) t->AddColumn(engine::ConstColumn("TenantId", engine::ColumnType::String, workspace));  // Tables()[5..]: the alert and mail-flow tables
}

engine::Visibility TenantLogs::ViewFor(const LogTable& table, SimTime now) const {
  engine::Visibility v;
  v.to = now;
  v.from = now - static_cast<SimTime>(m_tenant->RetentionDays(table.Name())) * engine::kDay;
  v.features = m_tenant->Features();
  return v;
}

std::string TenantLogs::SessionIdOf(uint32_t session) const { return engine::Guid(session, engine::Mix64(m_seed, cols::kNsSession)); }
std::string TenantLogs::CorrelationIdOf(uint32_t corr) const { return engine::Guid(corr, engine::Mix64(m_seed, cols::kNsCorrelation)); }

void TenantLogs::SignIn(const SignInFact& f) {
  using namespace cols::si;
  LogTable& t = *m_store.Tables()[f.interactive ? 0 : 1];
  uint64_t v[kCount];
  v[kTime] = static_cast<uint64_t>(f.time);
  v[kRid] = m_rid[f.interactive ? 0 : 1]++;
  v[kUser] = f.user;
  v[kApp] = f.app;
  v[kRes] = f.resource;
  v[kSrc] = f.source;
  v[kDev] = f.device;
  v[kSess] = f.session;
  v[kResult] = static_cast<uint64_t>(f.result);
  v[kFlags] = f.flags;
  v[kAuth] = static_cast<uint64_t>(f.method) | (static_cast<uint64_t>(f.risk_event) << 4);
  v[kGate] = f.gate;
  v[kCorr] = f.correlation;
  t.Stage(v);
}

void TenantLogs::SpSignIn(const SpSignInFact& f) {
  using namespace cols::sp;
  uint64_t v[kCount];
  v[kTime] = static_cast<uint64_t>(f.time);
  v[kRid] = m_rid[2]++;
  v[kSp] = f.sp;
  v[kRes] = f.resource;
  v[kSrc] = f.source;
  v[kResult] = static_cast<uint64_t>(f.result);
  v[kCorr] = f.correlation;
  v[kGate] = 0;
  m_store.Tables()[2]->Stage(v);
}

void TenantLogs::Audit(const AuditFact& f) {
  using namespace cols::au;
  uint64_t v[kCount];
  v[kTime] = static_cast<uint64_t>(f.time);
  v[kRid] = m_rid[3]++;
  v[kOp] = static_cast<uint64_t>(f.op);
  v[kActor] = f.actor;
  v[kTarget] = f.target;
  v[kTarget2] = f.target2;
  v[kModified] = f.modified.empty() ? 0 : Intern(f.modified);
  v[kExtra] = f.extra.empty() ? 0 : Intern(f.extra);
  v[kCorr] = f.correlation;
  v[kSrc] = f.source;
  v[kDev] = f.actor_device;
  v[kResult] = f.success ? 1 : 0;
  v[kGate] = 0;
  m_store.Tables()[3]->Stage(v);
}

void TenantLogs::Office(const OfficeFact& f) {
  using namespace cols::of;
  uint64_t v[kCount];
  v[kTime] = static_cast<uint64_t>(f.time);
  v[kRid] = m_rid[4]++;
  v[kOp] = static_cast<uint64_t>(f.op);
  v[kUser] = f.user;
  v[kMailbox] = f.mailbox;
  v[kObject] = f.object;
  v[kSrc] = f.source;
  v[kSess] = f.session;
  v[kApp] = f.client_app;
  v[kDetail] = f.detail;
  v[kCount_] = f.count;
  v[kResult] = f.success ? 1 : 0;
  v[kGate] = f.gate;
  m_store.Tables()[4]->Stage(v);
}

}  // namespace td::sim
