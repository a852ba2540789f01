#pragma once
// Responder actions: typed commands shared by the CLI, response plans and the desktop program.
// Each validates its target, takes simulated time, may fail for a stated reason, has side effects
// (including collateral damage) and shows its Microsoft Graph / PowerShell equivalent. An invalid
// command is refused with a reason and changes nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"
#include "engine/sim_clock.h"

namespace td::sim {

class Exercise;

enum class ActionKind : uint8_t {
  DeclareIncident, ConfirmCompromised, RevokeSessions, ResetPassword, BlockSignIn, UnblockSignIn,
  RemoveAuthMethod, ExportInboxRules, DisableInboxRule, RemoveInboxRule, ClearForwarding, BlockExternalForwarding,
  DisableServicePrincipal, RevokeAppGrants, RemoveAppCredentials, DeleteServicePrincipal, RestrictUserConsent,
  BlockIpWithCa, RequireStrongAuthCa, PurgePhish, PreserveEvidence, PlaceHold, Notify, DeclareContained,
  DeclareEradicated, RecordFinding, UseHint, Count
};

// What an action's "target" names.
enum class TargetKind : uint8_t {
  None,      // tenant-wide or case actions
  User,      // a UPN, object id or user role name
  InboxRule, // "<upn>/<rule name>" or a user (all attacker-looking rules of that mailbox)
  App,       // app id, display name or app role name
  Ip,        // an IP address or source role name
  Message,   // a mail subject
};

struct ActionInfo {
  std::string_view id;          // as written in plans and typed in the CLI: "revoke_sessions"
  std::string_view label;       // "Revoke sessions"
  TargetKind target;
  std::string_view graph;       // Microsoft Graph equivalent ({target} is replaced)
  std::string_view powershell;  // PowerShell equivalent
  std::string_view phase;       // NIST 800-61 r2 phase it belongs to
  engine::SimTime duration;     // simulated time it takes
  bool destructive;             // needs confirmation in the UI
  bool tenant_wide;             // affects everyone: needs confirmation
  std::string_view help;        // one sentence for the UI and docs
};
const ActionInfo& Describe(ActionKind k);
std::optional<ActionKind> ParseAction(std::string_view id);
std::vector<ActionKind> ActionsFor(TargetKind k);

struct ActionRequest {
  ActionKind kind = ActionKind::DeclareIncident;
  std::string target;                        // see TargetKind; may be a scenario role name
  std::map<std::string, std::string> args;   // severity, audience, note, cites, out_of_band …
  std::string actor = "responder";
};

struct ActionRecord {
  engine::SimTime requested = 0;
  engine::SimTime completed = 0;
  ActionRequest request;
  std::string resolved_target;               // what the target resolved to ("amy.lee@…")
  std::string graph, powershell;             // with the target filled in
  bool ok = false;
  std::string message;                       // what happened, or why it failed
  std::vector<std::string> side_effects;     // collateral and consequences, one sentence each
  uint32_t users_disrupted = 0;              // innocent users locked out or cut off
};

// Validates and schedules the action at the exercise's current time; its effects apply when it
// completes (after its duration). A refused action returns an error and changes nothing.
engine::Result<ActionRecord> Respond(Exercise& ex, const ActionRequest& request);
// Every action taken so far, in request order (completed ones carry their outcome).
const std::vector<ActionRecord>& ActionLog(const Exercise& ex);

}  // namespace td::sim
