#pragma once
// The alerting and mail-flow tables a SOC sees first, in their real schemas (sim/schemas/*.csv):
// AADUserRiskEvents and AADRiskyUsers (Entra ID P2), SecurityAlert (Defender / Purview /
// Identity Protection alerts, each gated by its product's licence), EmailEvents and
// UrlClickEvents (Defender for Office 365 Plan 2), MicrosoftGraphActivityLogs (P1/P2, exported).
// A tenant without the licence gets no rows in the table (the gate hides them in every view).
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/log_tables.h"

namespace td::sim {

// Adds the six tables to the logs' store (called by the TenantLogs constructor).
void AddAlertTables(TenantLogs& logs, const Tenant& tenant, uint64_t seed);

struct RiskEventFact {
  SimTime time = 0;            // when the detection lands in the table (offline ones come hours later)
  SimTime activity_time = 0;   // when the risky activity happened (ActivityDateTime)
  uint32_t user = 0;
  RiskEvent type = RiskEvent::None;
  uint8_t level = 2;           // 1 low, 2 medium, 3 high
  bool offline = true;         // DetectionTimingType offline / realtime
  uint32_t source = kNone;     // network source of the activity (IpAddress, Location)
  uint32_t correlation = 0;    // the sign-in's correlation key (CorrelationId)
  std::string_view request_id; // the risky sign-in's Id (RequestId), may be empty
  std::string_view additional_info;  // JSON array text for AdditionalInfo, "" = []
};
void AppendRiskEvent(TenantLogs& logs, const RiskEventFact& f);

struct RiskyUserFact {
  SimTime time = 0;
  uint32_t user = 0;
  uint8_t level = 2;                   // 0 none, 1 low, 2 medium, 3 high
  std::string_view state = "atRisk";   // atRisk, confirmedCompromised, remediated, dismissed
  std::string_view detail = "none";    // none, adminConfirmedUserCompromised, userPerformedSecuredPasswordReset …
};
void AppendRiskyUser(TenantLogs& logs, const RiskyUserFact& f);

enum class AlertProduct : uint8_t { IdentityProtection, DefenderForOffice, DefenderXdr, DefenderForCloudApps };
struct SecurityAlertFact {
  SimTime time = 0;                    // TimeGenerated (alerts arrive after the activity)
  SimTime start = 0, end = 0;          // StartTime / EndTime of the activity
  AlertProduct product = AlertProduct::DefenderXdr;
  std::string_view name;               // AlertName / DisplayName, e.g. "Suspicious inbox forwarding"
  std::string_view severity = "Medium";  // Informational, Low, Medium, High
  std::string_view description;
  std::string_view tactics;            // "InitialAccess, Persistence"
  std::string_view techniques;         // JSON array text, e.g. ["T1114.003"]
  uint32_t user = kNone;               // CompromisedEntity and an account entity
                                       // (IdentityProtection rows leave CompromisedEntity empty, as since 2022)
  uint32_t source = kNone;             // an IP entity
  uint32_t mailbox = kNone;            // a mailbox entity
  std::string_view extra_entities;     // JSON objects text (without brackets) appended to Entities;
                                       // number their "$id" from 2 + the count of user/source/mailbox given
};
void AppendSecurityAlert(TenantLogs& logs, const SecurityAlertFact& f);

struct EmailFact {
  SimTime time = 0;
  uint64_t message_key = 0;            // NetworkMessageId / InternetMessageId derive from it
  uint32_t sender_user = kNone;        // internal sender (intra-org / outbound), or kNone
  std::string_view external_sender;    // external sender address when sender_user is kNone
  uint32_t sender_source = kNone;      // SenderIPv4/IPv6 source
  uint32_t recipient_user = kNone;     // internal recipient, or kNone
  std::string_view external_recipient; // external recipient when recipient_user is kNone
  std::string_view subject;
  std::string_view threat_types;       // "", "Phish", "Malware", "Spam"
  std::string_view delivery_action = "Delivered";   // Delivered, Junked, Blocked, Replaced
  std::string_view delivery_location = "Inbox/folder";  // Inbox/folder, Junk folder, Quarantine, Dropped …
  uint8_t url_count = 0;
  uint8_t attachment_count = 0;
};
void AppendEmail(TenantLogs& logs, const EmailFact& f);

struct UrlClickFact {
  SimTime time = 0;
  uint32_t user = 0;                   // AccountUpn
  uint64_t message_key = 0;            // the EmailFact::message_key of the mail the link was in
  std::string_view url;
  std::string_view action = "ClickAllowed";  // ClickAllowed, ClickBlocked, ClickBlockedByTenantPolicy
  bool clicked_through = true;
  uint32_t source = kNone;             // IPAddress of the click
  std::string_view threat_types;       // "", "Phish"
};
void AppendUrlClick(TenantLogs& logs, const UrlClickFact& f);

// SignInActivityId / UniqueTokenId / TokenIssuedAt name the latest successful sign-in of `session`
// (app-only: of `sp` in AADServicePrincipalSignInLogs) at or before `time`, read from committed rows.
struct GraphRequestFact {
  SimTime time = 0;
  uint32_t user = kNone;               // delegated caller (UserId), kNone for app-only
  uint32_t app = 0;                    // calling application (AppId)
  uint32_t sp = kNone;                 // its service principal in this tenant (ServicePrincipalId)
  uint32_t source = 0;                 // IPAddress
  uint32_t session = kNone;            // SessionId (the sign-in session the token came from)
  std::string_view method = "GET";
  std::string_view uri;                // e.g. "https://graph.microsoft.com/v1.0/me/messages?$top=50"
  uint16_t status = 200;
  std::string_view scopes;             // "Mail.Read User.Read offline_access"
  std::string_view user_agent;
};
void AppendGraphRequest(TenantLogs& logs, const GraphRequestFact& f);

}  // namespace td::sim
