#include "demo_state.h"

#include <chrono>

namespace td::ui {
namespace {

SimTimeMs At(int hour, int minute, int second = 0) {
  using namespace std::chrono;
  const sys_days day = 2026y / March / 3;
  return duration_cast<milliseconds>((day + hours(hour) + minutes(minute) + seconds(second)).time_since_epoch())
      .count();
}

// Pending injects the demo's "Next inject" button releases, in order.
const InjectRow kPendingInjects[] = {
    {At(10, 5), "SOC escalation", "Finance reports an urgent request to change the bank details of a supplier. "
                                  "The request came from the CFO's mailbox.", true},
    {At(11, 30), "Legal asks for a status update", "Outside counsel wants to know whether customer data left "
                                                   "the tenant. Prepare a short answer.", true},
};

}  // namespace

// Sample offers with real Graph and PowerShell equivalents, so the dialog can be judged.
std::vector<ActionOffer> UserOffers(const std::string& upn) {
  return {
      {"revoke_sessions", "Revoke sessions",
       "Invalidates every refresh token and session cookie of " + upn + "; the user signs in again everywhere.",
       "POST /users/" + upn + "/revokeSignInSessions", "Revoke-MgUserSignInSession -UserId " + upn, true, {}},
      {"reset_password", "Reset password",
       "Sets a temporary password for " + upn + " and requires a change at next sign-in.",
       "PATCH /users/" + upn + " {passwordProfile}",
       "Update-MgUser -UserId " + upn + " -PasswordProfile @{ForceChangePasswordNextSignIn=$true; Password=...}",
       true, {}},
      {"block_sign_in", "Block sign-in", "Disables the account " + upn + ": no new sign-ins; existing tokens live on.",
       "PATCH /users/" + upn + " {\"accountEnabled\": false}",
       "Update-MgUser -UserId " + upn + " -AccountEnabled:$false", true, {}},
  };
}

std::vector<ActionOffer> MailboxOffers(const std::string& smtp) {
  return {
      {"remove_inbox_rules", "Remove inbox rules", "Deletes every inbox rule of " + smtp + " that forwards, "
       "redirects or deletes mail.", "DELETE /users/" + smtp + "/mailFolders/inbox/messageRules/{id}",
       "Get-InboxRule -Mailbox " + smtp + " | Remove-InboxRule", true, {}},
      {"preserve_mailbox", "Preserve evidence (litigation hold)", "Places " + smtp + " on litigation hold.", "",
       "Set-Mailbox -Identity " + smtp + " -LitigationHoldEnabled $true", false,
       "Needs an E3 or E5 licence; this demo tenant is Business Standard."},
  };
}

ShellState MakeDemoState() {
  ShellState s;
  s.scenario_title = "AiTM session theft \u2192 BEC (demo)";
  s.data_source_note = "DEMO DATA";
  s.data_source_detail = "Sample data: the simulation (td::sim::World) is not connected to the desktop program yet.";
  s.clock = At(9, 42, 10);
  s.paused = true;
  s.speed = 60;
  s.has_next_inject = true;
  s.entities = {
      {"user:adele.vance", "Users", "Adele Vance", UserOffers("adele.vance@contoso.example")},
      {"user:alex.wilber", "Users", "Alex Wilber", UserOffers("alex.wilber@contoso.example")},
      {"user:megan.bowen", "Users", "Megan Bowen (CFO)", UserOffers("megan.bowen@contoso.example")},
      {"user:nestor.wilke", "Users", "Nestor Wilke", UserOffers("nestor.wilke@contoso.example")},
      {"user:patti.fernandez", "Users", "Patti Fernandez", UserOffers("patti.fernandez@contoso.example")},
      {"mbx:megan.bowen", "Mailboxes", "megan.bowen@contoso.example", MailboxOffers("megan.bowen@contoso.example")},
      {"mbx:finance", "Mailboxes", "finance@contoso.example (shared)", MailboxOffers("finance@contoso.example")},
      {"app:office-home", "Apps", "OfficeHome", {}},
      {"app:docusign-sync", "Apps", "DocuSign Sync (third party)",
       {{"remove_grant", "Remove OAuth consent grant", "Deletes the delegated permission grant of DocuSign Sync "
         "for all users; the app loses access to mail.", "DELETE /oauth2PermissionGrants/{id}",
         "Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId <id>", true, {}}}},
      {"ca:require-mfa", "Policies", "CA01 Require MFA for all users", {}},
      {"ca:block-legacy", "Policies", "CA02 Block legacy authentication", {}},
  };
  s.injects = {
      {At(9, 12), "Helpdesk ticket #4411", "Megan Bowen says she was asked to sign in twice this morning after "
                                           "opening a shared document link.", false},
      {At(9, 38), "Alert: unfamiliar sign-in properties", "Identity Protection flagged a sign-in for Megan Bowen "
                                                          "from a hosting provider in a new country.", true},
  };
  s.actions = {
      {At(9, 40), "Preserve evidence: export SigninLogs for megan.bowen (7 days)", true, false, {}},
      {At(9, 41), "Revoke sessions: megan.bowen@contoso.example", true, false, {}},
      {At(9, 41, 30), "Block sign-in: m.bowen@contoso.example \u2014 no such user", false, false, {}},
  };
  s.timeline = {
      {At(9, 11), EventKind::Benign, "Megan Bowen signs in to OfficeHome from the office network"},
      {At(9, 12), EventKind::Inject, "Helpdesk ticket #4411 released"},
      {At(9, 31), EventKind::Alert, "Unfamiliar sign-in properties: megan.bowen (medium risk)"},
      {At(9, 38), EventKind::Inject, "Alert inject released to the team"},
      {At(9, 40), EventKind::Responder, "Evidence preserved: SigninLogs export"},
      {At(9, 41), EventKind::Responder, "Sessions revoked for megan.bowen"},
  };
  QueryResultView r;
  r.columns = {"TimeGenerated", "UserPrincipalName", "AppDisplayName", "IPAddress", "Location", "ResultType",
               "ConditionalAccessStatus"};
  const char* kRows[][7] = {
      {"2026-03-03T09:41:02Z", "megan.bowen@contoso.example", "OfficeHome", "198.51.100.23", "NL", "50140", "success"},
      {"2026-03-03T09:33:47Z", "megan.bowen@contoso.example", "Exchange Online", "198.51.100.23", "NL", "0", "success"},
      {"2026-03-03T09:31:15Z", "megan.bowen@contoso.example", "OfficeHome", "198.51.100.23", "NL", "0", "success"},
      {"2026-03-03T09:12:40Z", "megan.bowen@contoso.example", "OfficeHome", "203.0.113.8", "GB", "50074", "notApplied"},
      {"2026-03-03T09:12:31Z", "megan.bowen@contoso.example", "OfficeHome", "203.0.113.8", "GB", "0", "success"},
      {"2026-03-03T09:05:09Z", "alex.wilber@contoso.example", "Microsoft Teams", "203.0.113.8", "GB", "0", "success"},
      {"2026-03-03T08:58:51Z", "patti.fernandez@contoso.example", "OfficeHome", "203.0.113.8", "GB", "50126", "failure"},
      {"2026-03-03T08:58:40Z", "patti.fernandez@contoso.example", "OfficeHome", "203.0.113.8", "GB", "0", "success"},
  };
  for (const auto& row : kRows) r.rows.emplace_back(std::begin(row), std::end(row));
  r.elapsed_ms = 3.4;
  s.last_result = std::move(r);
  return s;
}

void ApplyDemoCommand(ShellState& state, const UiCommand& cmd) {
  if (std::holds_alternative<PauseCmd>(cmd)) {
    state.paused = true;
  } else if (std::holds_alternative<ResumeCmd>(cmd)) {
    state.paused = false;
  } else if (const auto* speed = std::get_if<SetSpeedCmd>(&cmd)) {
    if (speed->factor > 0) state.speed = speed->factor;
  } else if (std::holds_alternative<JumpToNextInjectCmd>(cmd)) {
    for (const InjectRow& next : kPendingInjects) {
      if (next.time > state.clock) {
        state.clock = next.time;
        state.injects.push_back(next);
        state.timeline.push_back({next.time, EventKind::Inject, next.title + " released"});
        break;
      }
    }
    state.has_next_inject = state.clock < kPendingInjects[std::size(kPendingInjects) - 1].time;
  } else if (const auto* act = std::get_if<RunResponderActionCmd>(&cmd)) {
    // The demo accepts every offered action at once; the real world validates, takes
    // simulated time and lets the attacker react.
    for (const EntityRow& e : state.entities) {
      if (e.id != act->target) continue;
      for (const ActionOffer& offer : e.actions) {
        if (offer.id != act->action) continue;
        const std::string text = offer.label + ": " + e.display;
        state.actions.push_back({state.clock, text + " (demo: not simulated)", offer.enabled, false, {}});
        state.timeline.push_back({state.clock, EventKind::Responder, text});
      }
    }
  } else if (const auto* q = std::get_if<RunQueryCmd>(&cmd)) {
    QueryResultView r;
    r.error = "Query not run: the KQL engine (engine/kql) is not connected to the desktop program yet. "
              "Query text received (" + std::to_string(q->text.size()) + " characters).";
    state.last_result = std::move(r);
  }
}

void AdvanceDemoClock(ShellState& state, double wall_seconds) {
  if (state.paused || wall_seconds <= 0) return;
  state.clock += static_cast<SimTimeMs>(wall_seconds * state.speed * 1000.0);
}

}  // namespace td::ui
