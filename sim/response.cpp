#include "sim/response.h"

#include <algorithm>
#include <cctype>

#include "engine/hash.h"
#include "sim/alert_tables.h"
#include "sim/catalog.h"
#include "sim/exercise.h"
#include "sim/response_state.h"

namespace td::sim {

using engine::Error;
using engine::kMinute;
using engine::Result;

namespace {

constexpr ActionInfo kActions[] = {
    {"declare_incident", "Declare incident", TargetKind::None, "POST /security/incidents (Microsoft Sentinel / Defender XDR incident)",
     "New-AzSentinelIncident -Title \"{target}\" -Severity <severity>", "detection_analysis", 5 * kMinute, false, false,
     "Open the incident and classify its severity (args: severity = low, medium, high or critical)."},
    {"confirm_compromised", "Confirm user compromised", TargetKind::User, "POST /identityProtection/riskyUsers/confirmCompromised {\"userIds\":[\"{target}\"]}",
     "Confirm-MgRiskyUserCompromised -UserIds {target}", "detection_analysis", 2 * kMinute, false, false,
     "Mark the user as compromised in Entra ID Protection (needs Entra ID P2): risk goes to high, risk policies apply."},
    {"revoke_sessions", "Revoke sessions", TargetKind::User, "POST /users/{target}/revokeSignInSessions", "Revoke-MgUserSignInSession -UserId {target}",
     "containment_eradication_recovery", 2 * kMinute, false, false,
     "Invalidate every refresh token and session cookie of the user; issued access tokens live until they expire unless CAE is on."},
    {"reset_password", "Reset password", TargetKind::User, "PATCH /users/{target} {\"passwordProfile\":{\"forceChangePasswordNextSignIn\":true,\"password\":\"…\"}}",
     "Update-MgUser -UserId {target} -PasswordProfile @{ForceChangePasswordNextSignIn=$true; Password='…'}", "containment_eradication_recovery", 5 * kMinute,
     true, false, "Set a new password (args: out_of_band = true to hand it over by phone; otherwise it is mailed to the user's mailbox)."},
    {"block_sign_in", "Block sign-in", TargetKind::User, "PATCH /users/{target} {\"accountEnabled\":false}", "Update-MgUser -UserId {target} -AccountEnabled:$false",
     "containment_eradication_recovery", 2 * kMinute, true, false, "Disable the account: no new sign-in or token refresh succeeds; the user cannot work."},
    {"unblock_sign_in", "Unblock sign-in", TargetKind::User, "PATCH /users/{target} {\"accountEnabled\":true}", "Update-MgUser -UserId {target} -AccountEnabled:$true",
     "containment_eradication_recovery", 2 * kMinute, false, false, "Re-enable the account (recovery)."},
    {"remove_auth_method", "Remove authentication method", TargetKind::User, "DELETE /users/{target}/authentication/microsoftAuthenticatorMethods/{id}",
     "Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId {target} -MicrosoftAuthenticatorAuthenticationMethodId <id>",
     "containment_eradication_recovery", 3 * kMinute, true, false,
     "Delete an MFA method (args: method = its id, or \"recent\" for every method registered during the exercise)."},
    {"export_inbox_rules", "Export inbox rules", TargetKind::User, "GET /users/{target}/mailFolders/inbox/messageRules",
     "Get-InboxRule -Mailbox {target} | Export-Clixml rules.xml", "containment_eradication_recovery", 3 * kMinute, false, false,
     "Preserve the mailbox's rules as evidence before changing them."},
    {"disable_inbox_rule", "Disable inbox rule", TargetKind::InboxRule, "PATCH /users/{user}/mailFolders/inbox/messageRules/{id} {\"isEnabled\":false}",
     "Disable-InboxRule -Mailbox {user} -Identity \"{rule}\"", "containment_eradication_recovery", 2 * kMinute, false, false,
     "Stop a rule without deleting it (target: user/rule name, or the user for every hiding rule)."},
    {"remove_inbox_rule", "Remove inbox rule", TargetKind::InboxRule, "DELETE /users/{user}/mailFolders/inbox/messageRules/{id}",
     "Remove-InboxRule -Mailbox {user} -Identity \"{rule}\" -Confirm:$false", "containment_eradication_recovery", 2 * kMinute, true, false,
     "Delete a rule (target: user/rule name, or the user for every rule that deletes or hides mail)."},
    {"clear_forwarding", "Clear mailbox forwarding", TargetKind::User, "(Exchange Online only: no Graph equivalent)",
     "Set-Mailbox -Identity {target} -ForwardingSmtpAddress $null -ForwardingAddress $null -DeliverToMailboxAndForward $false",
     "containment_eradication_recovery", 2 * kMinute, false, false, "Stop the mailbox's forwarding."},
    {"block_external_forwarding", "Block external auto-forwarding", TargetKind::None, "(Exchange Online only: no Graph equivalent)",
     "Set-HostedOutboundSpamFilterPolicy -Identity Default -AutoForwardingMode Off", "containment_eradication_recovery", 10 * kMinute, true, true,
     "Tenant-wide: no mailbox can forward outside; legitimate forwarders are cut off too."},
    {"disable_service_principal", "Disable service principal", TargetKind::App, "PATCH /servicePrincipals/{target} {\"accountEnabled\":false}",
     "Update-MgServicePrincipal -ServicePrincipalId {target} -AccountEnabled:$false", "containment_eradication_recovery", 3 * kMinute, true, false,
     "Stop the app from getting tokens in this tenant (reversible)."},
    {"revoke_app_grants", "Revoke app grants", TargetKind::App, "DELETE /oauth2PermissionGrants/{id}",
     "Get-MgOauth2PermissionGrant -Filter \"clientId eq '{target}'\" | Remove-MgOauth2PermissionGrant", "containment_eradication_recovery", 3 * kMinute, true,
     false, "Remove every delegated permission grant users gave the app."},
    {"remove_app_credentials", "Remove app credentials", TargetKind::App, "POST /servicePrincipals/{target}/removePassword",
     "Remove-MgServicePrincipalPassword -ServicePrincipalId {target} -KeyId <keyId>", "containment_eradication_recovery", 3 * kMinute, true, false,
     "Delete the app's secrets and certificates in this tenant."},
    {"delete_service_principal", "Delete service principal", TargetKind::App, "DELETE /servicePrincipals/{target}",
     "Remove-MgServicePrincipal -ServicePrincipalId {target}", "containment_eradication_recovery", 3 * kMinute, true, false,
     "Remove the app from the tenant (its grants go with it)."},
    {"restrict_user_consent", "Restrict user consent", TargetKind::None,
     "PATCH /policies/authorizationPolicy {\"defaultUserRolePermissions\":{\"permissionGrantPoliciesAssigned\":[]}}",
     "Update-MgPolicyAuthorizationPolicy -DefaultUserRolePermissions @{PermissionGrantPoliciesAssigned=@()}", "containment_eradication_recovery", 10 * kMinute,
     false, true, "Tenant-wide: users can no longer consent to apps; requests go to admins."},
    {"block_ip_ca", "Block IP with Conditional Access", TargetKind::Ip, "POST /identity/conditionalAccess/policies (block a named location holding {target})",
     "New-MgIdentityConditionalAccessPolicy -DisplayName 'Block {target}' -State enabled -Conditions … -GrantControls @{BuiltInControls=@('block')}",
     "containment_eradication_recovery", 15 * kMinute, true, true, "Block every sign-in from the address: whoever else uses it is blocked too."},
    {"require_strong_auth_ca", "Require phishing-resistant MFA", TargetKind::User,
     "POST /identity/conditionalAccess/policies (authentication strength: phishing-resistant MFA) for {target}",
     "New-MgIdentityConditionalAccessPolicy -DisplayName 'Phishing-resistant MFA for {target}' … -GrantControls @{AuthenticationStrength=…}",
     "containment_eradication_recovery", 15 * kMinute, true, true,
     "Require FIDO2 or Windows Hello for the user (target \"*\" for everyone: users without such a method are locked out)."},
    {"purge_phish", "Purge phishing mail", TargetKind::Message, "POST /security/collaboration/analyzedEmails/remediate (beta)",
     "New-ComplianceSearch -Name purge -ContentMatchQuery 'subject:\"{target}\"'; New-ComplianceSearchAction -SearchName purge -Purge -PurgeType HardDelete",
     "containment_eradication_recovery", 30 * kMinute, true, true, "Hard-delete the delivered lure (target: its subject) from every mailbox."},
    {"preserve_evidence", "Preserve evidence", TargetKind::None, "POST /security/auditLog/queries",
     "Search-UnifiedAuditLog -StartDate … -EndDate … -ResultSize 5000 | Export-Csv ual.csv", "containment_eradication_recovery", 20 * kMinute, false, false,
     "Export the unified audit log and sign-in logs for the incident window before anything is changed."},
    {"place_hold", "Place litigation hold", TargetKind::User, "(Exchange Online only: no Graph equivalent)", "Set-Mailbox -Identity {target} -LitigationHoldEnabled $true",
     "containment_eradication_recovery", 5 * kMinute, false, false, "Keep every item of the mailbox, even if deleted."},
    {"notify", "Notify", TargetKind::None, "(communication)", "(communication)", "post_incident", 10 * kMinute, false, false,
     "Notify a party (args: audience = legal, management, staff, customers, vendor, regulator, law_enforcement; note)."},
    {"declare_contained", "Declare contained", TargetKind::None, "PATCH /security/incidents/{id} (status)", "(case management)",
     "containment_eradication_recovery", kMinute, false, false, "State that the attacker can no longer act."},
    {"declare_eradicated", "Declare eradicated", TargetKind::None, "PATCH /security/incidents/{id} (status)", "(case management)",
     "containment_eradication_recovery", kMinute, false, false, "State that every attacker foothold is gone."},
    {"record_finding", "Record finding", TargetKind::None, "(case notes)", "(case notes)", "detection_analysis", 2 * kMinute, false, false,
     "Write a finding (args: note; cites = Table:Id of the log rows it rests on, comma separated)."},
    {"use_hint", "Take a hint", TargetKind::None, "(facilitator)", "(facilitator)", "detection_analysis", 0, false, false,
     "Ask the facilitator for a hint (args: note = the hint given); each hint costs points in the score."},
};
static_assert(std::size(kActions) == static_cast<size_t>(ActionKind::Count));

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Fill(std::string_view tmpl, const std::string& target) {
  std::string s(tmpl);
  for (size_t p; (p = s.find("{target}")) != std::string::npos;) s.replace(p, 8, target);
  return s;
}

// The tenant admin who carries out actions (for the audit trail).
uint32_t ResponderIdentity(const Tenant& t) {
  for (uint32_t i = 0; i < t.users.size(); ++i)
    if ((t.users[i].roles & kRoleSecurityAdmin) && !t.users[i].emergency_access) return i;
  for (uint32_t i = 0; i < t.users.size(); ++i)
    if ((t.users[i].roles & kRoleGlobalAdmin) && !t.users[i].emergency_access) return i;
  return 0;
}

struct Resolved {
  uint32_t user = kNone, app = kNone, source = kNone, rule = kNone;
  std::string label;
};

Result<Resolved> ResolveTarget(const Exercise& ex, TargetKind kind, const std::string& target) {
  const Tenant& t = ex.GetWorld().GetTenant();
  Resolved r;
  auto user_of = [&](const std::string& s) -> uint32_t {
    uint32_t u = ex.RoleUser(s);
    if (u != kNone) return u;
    u = t.FindUser(s);
    if (u != kNone) return u;
    for (uint32_t i = 0; i < t.users.size(); ++i) if (t.users[i].object_id == s) return i;
    return kNone;
  };
  switch (kind) {
    case TargetKind::None:
      r.label = target.empty() ? "tenant" : target;
      return r;
    case TargetKind::User: {
      if (target == "*") { r.label = "all users"; return r; }
      r.user = user_of(target);
      if (r.user == kNone) return Error{"no user \"" + target + "\" in this tenant; give a UPN, an object id or a scenario role."};
      r.label = t.users[r.user].upn;
      return r;
    }
    case TargetKind::InboxRule: {
      auto slash = target.find('/');
      std::string who = slash == std::string::npos ? target : target.substr(0, slash);
      r.user = user_of(who);
      if (r.user == kNone) return Error{"no user \"" + who + "\" in this tenant; write the target as <upn>/<rule name> or <upn>."};
      r.label = t.users[r.user].upn;
      if (slash != std::string::npos) {
        const std::string name = target.substr(slash + 1);
        const auto& rules = t.mailboxes[t.users[r.user].mailbox].rules;
        for (uint32_t i = 0; i < rules.size(); ++i)
          if (rules[i].name == name && !rules[i].removed) r.rule = i;
        if (r.rule == kNone) return Error{"the mailbox of " + r.label + " has no rule named \"" + name + "\" (it may be gone already)."};
        r.label += "/" + name;
      }
      return r;
    }
    case TargetKind::App: {
      r.app = ex.RoleApp(target);
      if (r.app == kNone) {
        for (uint32_t i = 0; i < t.apps.size(); ++i)
          if (Lower(t.apps[i].app_id) == Lower(target) || t.apps[i].display_name == target) r.app = i;
      }
      if (r.app == kNone) return Error{"no application \"" + target + "\" in this tenant; give its app id, display name or scenario role."};
      r.label = t.apps[r.app].display_name + " (" + t.apps[r.app].app_id + ")";
      return r;
    }
    case TargetKind::Ip: {
      r.source = ex.RoleSource(target);
      if (r.source == kNone)
        for (uint32_t i = 0; i < t.sources.size(); ++i) if (t.sources[i].ip == target) { r.source = i; break; }
      if (r.source == kNone) return Error{"no sign-in in this tenant came from \"" + target + "\"; give an IP address seen in the logs or a scenario role."};
      r.label = t.sources[r.source].ip;
      return r;
    }
    case TargetKind::Message:
      if (target.empty()) return Error{"give the subject of the mail to purge as the target."};
      r.label = target;
      return r;
  }
  return r;
}

bool HidingRule(const InboxRule& r) {
  for (const auto& p : r.params) {
    if (p.name == "DeleteMessage" && p.value == "True") return true;
    if (p.name == "MoveToFolder" && (p.value == "RSS Feeds" || p.value == "Junk Email" || p.value == "Deleted Items" ||
                                     p.value == "Conversation History" || p.value == "Archive"))
      return true;
    if (p.name == "ForwardTo" || p.name == "RedirectTo" || p.name == "ForwardAsAttachmentTo") return true;
  }
  return false;
}

class Applier {
 public:
  Applier(Exercise& ex, ActionRecord& rec, const Resolved& target) : m_ex(ex), m_t(ex.GetWorld().GetTenant()), m_logs(ex.GetWorld().Logs()), m_rec(rec), m_target(target) {
    m_admin = ResponderIdentity(m_t);
  }

  void Audit(AuditOp op, uint32_t target, std::string modified = "", uint32_t target2 = kNone) {
    AuditFact a;
    a.time = m_rec.completed;
    a.op = op;
    a.actor = m_admin;
    a.target = target;
    a.target2 = target2;
    a.modified = modified;
    a.source = m_t.users[m_admin].office != kNone ? m_t.users[m_admin].office : m_t.users[m_admin].home;
    a.actor_device = m_t.users[m_admin].device;
    a.correlation = m_logs.NextCorrelation();
    m_logs.Audit(a);
  }
  void ExchangeCmdlet(OfficeOp op, uint32_t mailbox_owner, const std::string& object, const std::string& params) {
    OfficeFact f;
    f.time = m_rec.completed;
    f.op = op;
    f.user = m_admin;
    f.mailbox = m_t.users[mailbox_owner].mailbox;
    f.source = m_t.users[m_admin].office != kNone ? m_t.users[m_admin].office : m_t.users[m_admin].home;
    f.object = m_logs.Intern(object);
    f.detail = m_logs.Intern(params);
    m_logs.Office(f);
  }
  void Fail(std::string why) {
    m_rec.ok = false;
    m_rec.message = std::move(why);
  }
  void Ok(std::string what) {
    m_rec.ok = true;
    m_rec.message = std::move(what);
  }
  void Side(std::string s) { m_rec.side_effects.push_back(std::move(s)); }
  void Disrupt(uint32_t n, const std::string& why) {
    if (n == 0) return;
    m_rec.users_disrupted += n;
    m_ex.Response().users_disrupted += n;
    Side(std::to_string(n) + (n == 1 ? " user" : " users") + " disrupted: " + why);
  }

  void Apply() {
    const SimTime now = m_rec.completed;
    auto& st = m_ex.Response();
    const ActionRequest& req = m_rec.request;
    auto arg = [&](const char* k, const std::string& def = "") {
      auto it = req.args.find(k);
      return it == req.args.end() ? def : it->second;
    };
    switch (req.kind) {
      case ActionKind::DeclareIncident: {
        const std::string sev = arg("severity", "medium");
        if (st.declared >= 0) return Fail("the incident was already declared at " + engine::FormatIso(st.declared) + ".");
        st.declared = now;
        st.severity = sev;
        return Ok("Incident declared, severity " + sev + ".");
      }
      case ActionKind::ConfirmCompromised: {
        if (m_t.settings.entra != EntraTier::P2)
          return Fail("confirming a user compromised needs Entra ID P2 (Identity Protection), which this tenant does not have.");
        RiskyUserFact ru;
        ru.time = now;
        ru.user = m_target.user;
        ru.level = 3;
        ru.state = "confirmedCompromised";
        ru.detail = "adminConfirmedUserCompromised";
        AppendRiskyUser(m_logs, ru);
        return Ok(m_target.label + " confirmed compromised: user risk is high.");
      }
      case ActionKind::RevokeSessions: {
        User& u = m_t.users[m_target.user];
        u.tokens_valid_after = now;
        Audit(AuditOp::UpdateUser, m_target.user,
              "[{\"displayName\":\"StsRefreshTokensValidFrom\",\"oldValue\":null,\"newValue\":\"[\\\"" + engine::FormatIso(now) +
                  "\\\"]\"},{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"StsRefreshTokensValidFrom\\\"\"}]");
        if (!m_t.settings.cae) Side("Access tokens already issued stay valid until they expire (up to about 75 minutes): Continuous Access Evaluation is off.");
        return Ok("Every session and refresh token of " + m_target.label + " was revoked; the user signs in again.");
      }
      case ActionKind::ResetPassword: {
        User& u = m_t.users[m_target.user];
        u.password_version++;
        u.tokens_valid_after = now;
        Audit(AuditOp::ResetUserPassword, m_target.user);
        const bool oob = arg("out_of_band", "false") == "true";
        if (!oob && m_ex.IsCompromised(m_target.user)) {
          m_ex.AttackerLearnsPassword(m_target.user);
          Side("The new password was sent to the user's mailbox, which the attacker reads: the attacker has it too.");
        }
        return Ok("Password of " + m_target.label + " reset" + (oob ? " and handed over out of band." : "."));
      }
      case ActionKind::BlockSignIn: {
        User& u = m_t.users[m_target.user];
        if (!u.enabled) return Fail(m_target.label + " is already blocked.");
        if (u.emergency_access) return Fail("refused: blocking the emergency-access account would leave no way in if the admins are locked out.");
        u.enabled = false;
        Audit(AuditOp::DisableAccount, m_target.user,
              "[{\"displayName\":\"AccountEnabled\",\"oldValue\":\"[true]\",\"newValue\":\"[false]\"},{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"AccountEnabled\\\"\"}]");
        if (!m_ex.IsCompromised(m_target.user)) Disrupt(1, m_target.label + " was not compromised and can no longer work.");
        return Ok("Sign-in blocked for " + m_target.label + ".");
      }
      case ActionKind::UnblockSignIn: {
        User& u = m_t.users[m_target.user];
        if (u.enabled) return Fail(m_target.label + " is not blocked.");
        u.enabled = true;
        Audit(AuditOp::EnableAccount, m_target.user);
        return Ok("Sign-in allowed again for " + m_target.label + ".");
      }
      case ActionKind::RemoveAuthMethod: {
        User& u = m_t.users[m_target.user];
        const std::string which = arg("method", "recent");
        int removed = 0, legit = 0;
        for (auto& m : u.methods) {
          if (m.removed || m.kind == MfaMethod::Password) continue;
          if (which == "recent" ? m.attacker : m.id == which) {
            m.removed = true;
            ++removed;
            legit += m.attacker ? 0 : 1;
            Audit(AuditOp::AdminDeletedSecurityInfo, m_target.user);
          }
        }
        if (removed == 0)
          return Fail(which == "recent" ? "no method was registered on " + m_target.label + " during the exercise." : "no method \"" + which + "\" on " + m_target.label + ".");
        if (legit) Disrupt(1, m_target.label + " lost their own MFA method and must register again.");
        return Ok(std::to_string(removed) + " authentication method(s) removed from " + m_target.label + ".");
      }
      case ActionKind::ExportInboxRules: {
        st.rules_exported.emplace_back(m_t.users[m_target.user].mailbox, now);
        size_t n = 0;
        for (const auto& r : m_t.mailboxes[m_t.users[m_target.user].mailbox].rules) n += !r.removed;
        return Ok(std::to_string(n) + " inbox rule(s) of " + m_target.label + " exported as evidence.");
      }
      case ActionKind::DisableInboxRule:
      case ActionKind::RemoveInboxRule: {
        Mailbox& mb = m_t.mailboxes[m_t.users[m_target.user].mailbox];
        const bool remove = req.kind == ActionKind::RemoveInboxRule;
        int n = 0;
        for (uint32_t i = 0; i < mb.rules.size(); ++i) {
          InboxRule& r = mb.rules[i];
          if (r.removed || (m_target.rule != kNone ? i != m_target.rule : !HidingRule(r))) continue;
          if (remove) r.removed = true; else r.enabled = false;
          ++n;
          ExchangeCmdlet(remove ? OfficeOp::RemoveInboxRule : OfficeOp::DisableInboxRule, m_target.user, m_t.users[m_target.user].upn + "\\" + r.name,
                         "[{\"Name\":\"Identity\",\"Value\":\"" + m_t.users[m_target.user].upn + "\\\\" + r.name + "\"},{\"Name\":\"Confirm\",\"Value\":\"False\"}]");
          if (!r.attacker) Disrupt(1, "the user's own rule \"" + r.name + "\" was " + (remove ? "deleted" : "disabled") + ".");
        }
        if (n == 0) return Fail("no matching inbox rule in " + m_target.label + "'s mailbox (it may be gone already).");
        bool exported = false;
        for (const auto& [mbx, when] : st.rules_exported) exported |= mbx == m_t.users[m_target.user].mailbox && when <= now;
        if (remove && !exported) Side("The rule was deleted before it was exported: its parameters survive only in the audit log.");
        return Ok(std::to_string(n) + " inbox rule(s) " + (remove ? "removed from " : "disabled in ") + m_target.label + "'s mailbox.");
      }
      case ActionKind::ClearForwarding: {
        Mailbox& mb = m_t.mailboxes[m_t.users[m_target.user].mailbox];
        if (mb.forwarding_smtp.empty()) return Fail(m_target.label + "'s mailbox does not forward.");
        const bool attacker = mb.forwarding_by_attacker;
        mb.forwarding_smtp.clear();
        ExchangeCmdlet(OfficeOp::SetMailbox, m_target.user, m_t.users[m_target.user].upn,
                       "[{\"Name\":\"Identity\",\"Value\":\"" + m_t.users[m_target.user].upn + "\"},{\"Name\":\"ForwardingSmtpAddress\",\"Value\":\"\"},{\"Name\":\"DeliverToMailboxAndForward\",\"Value\":\"False\"}]");
        if (!attacker) Disrupt(1, m_target.label + " had set that forwarding on purpose.");
        return Ok("Forwarding of " + m_target.label + "'s mailbox cleared.");
      }
      case ActionKind::BlockExternalForwarding: {
        if (m_t.settings.forwarding == ForwardingPolicy::Off) return Fail("external auto-forwarding is already off.");
        m_t.settings.forwarding = ForwardingPolicy::Off;
        uint32_t legit = 0;
        for (const auto& mb : m_t.mailboxes) legit += !mb.forwarding_smtp.empty() && !mb.forwarding_by_attacker;
        Disrupt(legit, "their deliberate forwarding to an outside address stopped working.");
        return Ok("External auto-forwarding blocked for the whole tenant.");
      }
      case ActionKind::DisableServicePrincipal:
      case ActionKind::DeleteServicePrincipal:
      case ActionKind::RevokeAppGrants:
      case ActionKind::RemoveAppCredentials: {
        const uint32_t sp = m_t.SpOfApp(m_target.app);
        if (sp == kNone) return Fail("\"" + m_t.apps[m_target.app].display_name + "\" has no service principal in this tenant (nobody consented, or it was deleted).");
        ServicePrincipal& s = m_t.sps[sp];
        const App& app = m_t.apps[m_target.app];
        uint32_t users = 0;
        for (const auto& g : m_t.grants) if (g.sp == sp && !g.revoked) users += g.user == kNone ? static_cast<uint32_t>(m_t.users.size()) : 1;
        if (req.kind == ActionKind::DisableServicePrincipal) {
          if (!s.enabled) return Fail("the service principal is already disabled.");
          s.enabled = false;
          Audit(AuditOp::UpdateServicePrincipal, sp, "[{\"displayName\":\"AccountEnabled\",\"oldValue\":\"[true]\",\"newValue\":\"[false]\"}]");
        } else if (req.kind == ActionKind::DeleteServicePrincipal) {
          s.deleted = true;
          for (auto& g : m_t.grants) if (g.sp == sp) g.revoked = true;
          Audit(AuditOp::RemoveServicePrincipal, sp);
        } else if (req.kind == ActionKind::RevokeAppGrants) {
          int n = 0;
          for (auto& g : m_t.grants)
            if (g.sp == sp && !g.revoked) {
              g.revoked = true;
              ++n;
              Audit(AuditOp::RemoveDelegatedPermissionGrant, m_t.SpOfApp(m_t.FindApp(app::kGraph.app_id)));
            }
          if (n == 0) return Fail("the app holds no delegated grant.");
        } else {
          if (!s.has_secret) return Fail("the app has no credentials in this tenant: its secrets live in the publisher's tenant.");
          s.has_secret = false;
          Audit(AuditOp::RemoveServicePrincipalCredentials, sp);
        }
        if (!app.attacker && req.kind != ActionKind::RemoveAppCredentials)
          Disrupt(users, "they relied on \"" + app.display_name + "\", a legitimate app.");
        return Ok(std::string(Describe(req.kind).label) + " done for \"" + app.display_name + "\".");
      }
      case ActionKind::RestrictUserConsent: {
        if (m_t.settings.consent == ConsentPolicy::AdminOnly) return Fail("user consent is already restricted.");
        m_t.settings.consent = ConsentPolicy::AdminOnly;
        Audit(AuditOp::UpdateAuthorizationPolicy, kNone,
              "[{\"displayName\":\"PermissionGrantPoliciesAssigned\",\"oldValue\":\"[\\\"ManagePermissionGrantsForSelf.microsoft-user-default-legacy\\\"]\",\"newValue\":\"[]\"}]");
        return Ok("Users can no longer consent to applications; requests now go to admins.");
      }
      case ActionKind::BlockIpWithCa: {
        if (m_t.SourceBlocked(m_target.source)) return Fail(m_target.label + " is already blocked.");
        m_t.ca_blocked_sources.push_back(m_target.source);
        CaPolicy p;
        p.id = engine::Guid(engine::Mix64(m_ex.Seed(), 0xcab, m_t.ca_policies.size()));
        p.name = "IR: block " + m_target.label;
        p.state = "enabled";
        p.grant = {"block"};
        m_t.ca_policies.push_back(p);
        Audit(AuditOp::AddConditionalAccessPolicy, static_cast<uint32_t>(m_t.ca_policies.size() - 1));
        uint32_t hit = 0;
        for (const auto& u : m_t.users) hit += u.office == m_target.source || u.home == m_target.source || u.mobile == m_target.source;
        Disrupt(hit, "they sign in from " + m_target.label + ", now blocked for everyone.");
        return Ok("Conditional Access now blocks every sign-in from " + m_target.label + ".");
      }
      case ActionKind::RequireStrongAuthCa: {
        uint32_t locked = 0;
        auto apply = [&](uint32_t i) {
          User& u = m_t.users[i];
          u.ca_strong_auth = true;
          bool has = false;
          for (const auto& m : u.methods) has |= !m.removed && (m.kind == MfaMethod::Fido2 || m.kind == MfaMethod::WindowsHello);
          if (!has && !m_ex.IsCompromised(i)) ++locked;
        };
        if (m_target.user == kNone) for (uint32_t i = 0; i < m_t.users.size(); ++i) apply(i);
        else apply(m_target.user);
        CaPolicy p;
        p.id = engine::Guid(engine::Mix64(m_ex.Seed(), 0xcac, m_t.ca_policies.size()));
        p.name = "IR: phishing-resistant MFA for " + m_target.label;
        p.state = "enabled";
        p.grant = {"authenticationStrength"};
        p.require_phishing_resistant = true;
        m_t.ca_policies.push_back(p);
        Audit(AuditOp::AddConditionalAccessPolicy, static_cast<uint32_t>(m_t.ca_policies.size() - 1));
        Disrupt(locked, "they have no FIDO2 key or Windows Hello and can no longer sign in.");
        return Ok("Phishing-resistant MFA is now required for " + m_target.label + ".");
      }
      case ActionKind::PurgePhish: {
        const size_t n = m_ex.PurgeMessages(m_target.label);
        OfficeFact f;
        f.time = now;
        f.op = OfficeOp::NewComplianceSearch;
        f.user = m_admin;
        f.source = m_t.users[m_admin].office != kNone ? m_t.users[m_admin].office : m_t.users[m_admin].home;
        f.object = m_logs.Intern("purge-" + std::to_string(now / 1000));
        f.detail = m_logs.Intern("[{\"Name\":\"ContentMatchQuery\",\"Value\":\"subject:\\\"" + m_target.label + "\\\"\"}]");
        m_logs.Office(f);
        if (n == 0) return Fail("no delivered mail has the subject \"" + m_target.label + "\".");
        return Ok(std::to_string(n) + " delivered copies of \"" + m_target.label + "\" purged.");
      }
      case ActionKind::PreserveEvidence:
        if (st.evidence_preserved < 0) st.evidence_preserved = now;
        return Ok("Unified audit log and sign-in logs for the incident window exported and hashed.");
      case ActionKind::PlaceHold: {
        Mailbox& mb = m_t.mailboxes[m_t.users[m_target.user].mailbox];
        if (mb.litigation_hold) return Fail(m_target.label + "'s mailbox is already on hold.");
        mb.litigation_hold = true;
        ExchangeCmdlet(OfficeOp::SetMailbox, m_target.user, m_t.users[m_target.user].upn,
                       "[{\"Name\":\"Identity\",\"Value\":\"" + m_t.users[m_target.user].upn + "\"},{\"Name\":\"LitigationHoldEnabled\",\"Value\":\"True\"}]");
        return Ok("Litigation hold placed on " + m_target.label + "'s mailbox.");
      }
      case ActionKind::Notify: {
        const std::string audience = arg("audience");
        static const std::vector<std::string> kAudiences = {"legal", "management", "staff", "customers", "vendor", "regulator", "law_enforcement"};
        if (std::find(kAudiences.begin(), kAudiences.end(), audience) == kAudiences.end())
          return Fail("notify needs args.audience: legal, management, staff, customers, vendor, regulator or law_enforcement.");
        st.notified.emplace_back(audience, now);
        if ((audience == "customers" || audience == "vendor") && !m_ex.FraudStopped()) {
          bool fraud_sent = false;
          for (const auto& e : m_ex.Timeline()) fraud_sent |= e.name == "fraud_sent";
          if (fraud_sent) {
            m_ex.StopFraud(now, "The " + audience + " was warned not to pay to the changed bank details.");
            Side("The payment to the attacker's account is held.");
          }
        }
        return Ok("Notified " + audience + (arg("note").empty() ? "." : ": " + arg("note")));
      }
      case ActionKind::DeclareContained:
        if (st.contained_declared >= 0) return Fail("containment was already declared.");
        st.contained_declared = now;
        return Ok("Incident declared contained.");
      case ActionKind::DeclareEradicated:
        if (st.eradicated_declared >= 0) return Fail("eradication was already declared.");
        st.eradicated_declared = now;
        return Ok("Incident declared eradicated.");
      case ActionKind::RecordFinding: {
        const std::string note = arg("note");
        if (note.empty()) return Fail("a finding needs args.note (and args.cites: Table:Id of the log rows it rests on).");
        st.findings.push_back(note + (arg("cites").empty() ? "" : " [" + arg("cites") + "]"));
        return Ok("Finding recorded.");
      }
      case ActionKind::UseHint:
        st.hints_used++;
        return Ok("Hint " + std::to_string(st.hints_used) + " taken" + (arg("note").empty() ? "." : ": " + arg("note")));
      case ActionKind::Count: break;
    }
  }

 private:
  Exercise& m_ex;
  Tenant& m_t;
  TenantLogs& m_logs;
  ActionRecord& m_rec;
  Resolved m_target;
  uint32_t m_admin;
};

}  // namespace

const ActionInfo& Describe(ActionKind k) { return kActions[static_cast<size_t>(k)]; }

std::optional<ActionKind> ParseAction(std::string_view id) {
  for (size_t i = 0; i < std::size(kActions); ++i)
    if (kActions[i].id == id) return static_cast<ActionKind>(i);
  return std::nullopt;
}

std::vector<ActionKind> ActionsFor(TargetKind k) {
  std::vector<ActionKind> out;
  for (size_t i = 0; i < std::size(kActions); ++i)
    if (kActions[i].target == k || (k == TargetKind::User && kActions[i].target == TargetKind::InboxRule))
      out.push_back(static_cast<ActionKind>(i));
  return out;
}

Result<ActionRecord> Respond(Exercise& ex, const ActionRequest& request) {
  if (static_cast<size_t>(request.kind) >= std::size(kActions)) return Error{"unknown action."};
  const ActionInfo& info = Describe(request.kind);
  // "signins_from:<ip or role>": every user with a successful sign-in from that source, as a
  // responder's query would list them; the action is applied to each.
  const std::string kSel = "signins_from:";
  if (request.target.rfind(kSel, 0) == 0 && (info.target == TargetKind::User || info.target == TargetKind::InboxRule)) {
    auto src = ResolveTarget(ex, TargetKind::Ip, request.target.substr(kSel.size()));
    if (!src) return Error{std::string(info.id) + ": " + src.ErrorMessage()};
    const Tenant& t = ex.GetWorld().GetTenant();
    std::vector<uint32_t> users;
    for (const auto& s : t.sessions)
      if (s.source == src.Value().source && s.started <= ex.GetWorld().Now() && std::find(users.begin(), users.end(), s.user) == users.end())
        users.push_back(s.user);
    if (users.empty()) return Error{std::string(info.id) + ": no user has signed in from " + src.Value().label + " (yet)."};
    std::optional<ActionRecord> first;
    for (uint32_t u : users) {
      ActionRequest one = request;
      one.target = t.users[u].upn;
      auto r = Respond(ex, one);
      if (r && !first) first = r.Value();
    }
    if (!first) return Error{std::string(info.id) + ": the action was refused for every user found."};
    return *first;
  }
  auto resolved = ResolveTarget(ex, info.target, request.target);
  if (!resolved) return Error{std::string(info.id) + ": " + resolved.ErrorMessage()};
  if (ex.GetWorld().Now() >= ex.End()) return Error{std::string(info.id) + ": the exercise is over."};
  ActionRecord rec;
  rec.requested = ex.GetWorld().Now();
  rec.completed = rec.requested + info.duration;
  // Posture: how prepared the tenant was for incident response changes how long actions take.
  const TenantSettings& settings = ex.GetWorld().GetTenant().settings;
  if (!settings.ir_prepared && info.phase == "containment_eradication_recovery") {
    SimTime& approved = ex.Response().ir_approval_at;
    if (approved < 0) approved = rec.requested + 2 * engine::kHour;
    rec.completed = std::max(rec.requested, approved) + 3 * info.duration;
    rec.side_effects.push_back("No Graph permissions or scripts were prepared for incident response: containment waited for a "
                               "Privileged Role Administrator's approval (until " + engine::FormatIso(approved) +
                               ") and is done by hand in the portals, three times slower.");
  }
  if (!settings.emergency_access && (request.kind == ActionKind::BlockIpWithCa || request.kind == ActionKind::RequireStrongAuthCa)) {
    rec.completed += 45 * engine::kMinute;
    rec.side_effects.push_back("No emergency-access account is excluded from Conditional Access: the policy change went through a "
                               "45-minute lockout review so that a mistake cannot lock every administrator out.");
  }
  rec.request = request;
  rec.resolved_target = resolved.Value().label;
  std::string target_text = resolved.Value().label;
  rec.graph = Fill(info.graph, target_text);
  rec.powershell = Fill(info.powershell, target_text);
  rec.message = "in progress (completes at " + engine::FormatIso(rec.completed) + ")";
  auto& log = ex.Response().log;
  log.push_back(rec);
  const size_t index = log.size() - 1;
  const Resolved target = resolved.Value();
  ex.GetWorld().Scheduler().At(rec.completed, [&ex, index, target](engine::SimTime) {
    ActionRecord& r = ex.Response().log[index];
    Applier(ex, r, target).Apply();
    ex.RefreshChannels();
  });
  return rec;
}

const std::vector<ActionRecord>& ActionLog(const Exercise& ex) { return ex.Response().log; }

}  // namespace td::sim
