#include "sim/exercise.h"
#include "sim/response_state.h"

#include <algorithm>

#include "engine/hash.h"
#include "engine/json_load.h"
#include "engine/random.h"
#include "sim/alert_tables.h"
#include "sim/catalog.h"

namespace td::sim {

using engine::kDay;
using engine::kHour;
using engine::kMinute;
using engine::kSecond;

const char* ToString(ChannelKind k) {
  switch (k) {
    case ChannelKind::StolenSession: return "stolen_session";
    case ChannelKind::AttackerMfaMethod: return "attacker_mfa_method";
    case ChannelKind::OAuthGrant: return "oauth_grant";
    case ChannelKind::InboxRule: return "inbox_rule";
    case ChannelKind::LegacyProtocol: return "legacy_protocol";
    default: return "mailbox_forwarding";
  }
}

const char* Survives(ChannelKind k) {
  switch (k) {
    case ChannelKind::StolenSession: return "an inbox-rule or forwarding clean-up; a password reset or session revocation leaves already-issued access tokens working until they expire (about an hour) unless Continuous Access Evaluation is on";
    case ChannelKind::AttackerMfaMethod: return "session revocation and a password reset (the attacker signs in again, or resets the password through self-service with its own method)";
    case ChannelKind::OAuthGrant: return "a password reset, session revocation and MFA clean-up: the app holds its own refresh token";
    case ChannelKind::InboxRule: return "every identity remediation: the rule keeps hiding mail until it is removed";
    case ChannelKind::LegacyProtocol: return "session revocation and MFA clean-up: basic authentication (IMAP, SMTP AUTH) with the captured password needs neither a session nor MFA";
    default: return "every identity remediation: mail keeps flowing out until forwarding is cleared or external forwarding is blocked tenant-wide";
  }
}

const char* ClosedBy(ChannelKind k) {
  switch (k) {
    case ChannelKind::StolenSession: return "revoke sessions (revokeSignInSessions), reset the password, or block sign-in";
    case ChannelKind::AttackerMfaMethod: return "remove the attacker's authentication method";
    case ChannelKind::OAuthGrant: return "revoke the app's delegated grant, or disable/delete its service principal";
    case ChannelKind::InboxRule: return "remove (after exporting) the inbox rule";
    case ChannelKind::LegacyProtocol: return "reset the password, block sign-in, or block legacy authentication with Conditional Access";
    default: return "clear mailbox forwarding, or block external auto-forwarding tenant-wide";
  }
}

// [SECTION] The attacker

class Exercise::Attacker {
 public:
  Attacker(Exercise& ex, uint64_t seed) : m_ex(ex), m_rng(seed, "attacker") {}

  void ScheduleChain() {
    for (const auto& step : m_ex.m_spec.chain) {
      const StepSpec* s = &step;
      m_ex.m_world->Scheduler().At(m_ex.Start() + step.at, [this, s](SimTime now) { RunStep(*s, now); });
    }
  }

  std::vector<AttackEvent> timeline;
  std::vector<Channel> channels;
  AttackMetrics metrics;
  bool fraud_stopped = false;

  void RefreshChannels(SimTime now) {
    Tenant& t = Ten();
    for (auto& c : channels) {
      if (!c.Open()) continue;
      std::string why;
      switch (c.kind) {
        case ChannelKind::StolenSession: {
          const Session& s = t.sessions[c.object];
          const User& u = t.users[s.user];
          if (s.revoked || s.started < u.tokens_valid_after) why = "sessions revoked or password reset";
          else if (!u.enabled) why = "sign-in blocked";
          break;
        }
        case ChannelKind::AttackerMfaMethod:
          if (t.users[c.user].methods[c.object].removed) why = "authentication method removed";
          break;
        case ChannelKind::OAuthGrant: {
          const Grant& g = t.grants[c.object];
          const ServicePrincipal& sp = t.sps[g.sp];
          if (g.revoked) why = "delegated grant revoked";
          else if (sp.deleted) why = "service principal deleted";
          else if (!sp.enabled) why = "service principal disabled";
          break;
        }
        case ChannelKind::InboxRule: {
          const InboxRule& r = t.mailboxes[t.users[c.user].mailbox].rules[c.object];
          if (r.removed) why = "inbox rule removed";
          else if (!r.enabled) why = "inbox rule disabled";
          break;
        }
        case ChannelKind::MailboxForwarding:
          if (t.mailboxes[t.users[c.user].mailbox].forwarding_smtp.empty()) why = "mailbox forwarding cleared";
          break;
        case ChannelKind::LegacyProtocol:
          if (t.users[c.user].password_version != c.object) why = "password reset";
          else if (!t.users[c.user].enabled) why = "sign-in blocked";
          else if (t.settings.legacy_auth_blocked) why = "legacy authentication blocked";
          break;
      }
      if (!why.empty()) {
        c.closed = now;
        c.closed_reason = why;
      }
    }
  }

  void RunStep(const StepSpec& step, SimTime now) {
    const std::string& tech = step.technique;
    if (tech == "aitm_phish") AitmPhish(step, m_ex.RoleUser(step.target), now, false);
    else if (tech == "session_replay") SessionReplay(step, now);
    else if (tech == "register_mfa") RegisterMfa(step, now);
    else if (tech == "inbox_rule") CreateInboxRule(step, now);
    else if (tech == "mailbox_forwarding") SetForwarding(step, now);
    else if (tech == "mail_collection") CollectMail(step, now);
    else if (tech == "consent_phish") ConsentPhish(step, now);
    else if (tech == "bec_fraud") BecFraud(step, now);
    else if (tech == "internal_phish") InternalPhish(step, now);
    StartOperating(now);
  }

 private:
  struct Victim {
    uint32_t user;
    uint32_t session = kNone;     // current attacker session
    uint32_t password_version = 0;
    bool knows_password = false;  // captured through the AiTM proxy or handed over in-band
    int method = -1;              // attacker's method index in the user's methods
    uint32_t grant = kNone;
  };

  Tenant& Ten() { return m_ex.m_world->GetTenant(); }
  TenantLogs& Logs() { return m_ex.m_world->Logs(); }
  engine::Scheduler& Sched() { return m_ex.m_world->Scheduler(); }

  void Event(SimTime when, const char* name, const char* attack_id, std::string detail, uint32_t user = kNone, uint32_t source = kNone) {
    AttackEvent e{when, name, attack_id, std::move(detail), user, source};
    timeline.push_back(e);
    m_ex.OnAttackEvent(e);
  }

  Victim* FindVictim(uint32_t user) {
    for (auto& v : m_victims) if (v.user == user) return &v;
    return nullptr;
  }
  Victim& AddVictim(uint32_t user) {
    if (Victim* v = FindVictim(user)) return *v;
    m_victims.push_back(Victim{user});
    m_victims.back().password_version = Ten().users[user].password_version;
    metrics.identities_compromised++;
    return m_victims.back();
  }

  uint32_t Src(const StepSpec& step, const char* key) { return m_ex.RoleSource(step.params.Text(key)); }

  uint32_t KitDevice(const std::string& ua) {
    Device d;
    d.os = "Windows 10";
    d.browser = "Chrome 120.0.0";
    d.user_agent = ua;
    return Ten().AddDevice(d);
  }
  uint32_t AttackerDevice() {
    if (m_attacker_device == kNone) {
      Device d;
      d.os = "Windows 10";
      d.browser = "Chrome 119.0.0";
      d.user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36";
      m_attacker_device = Ten().AddDevice(d);
    }
    return m_attacker_device;
  }

  bool PhishingResistant(uint32_t user) {
    const User& u = Ten().users[user];
    if (Ten().settings.mfa == MfaStrength::PhishingResistant) return true;
    for (const auto& m : u.methods)
      if (!m.removed && !m.attacker && (m.kind == MfaMethod::Fido2 || m.kind == MfaMethod::WindowsHello)) return true;
    return false;
  }

  uint64_t NextMessageKey() { return engine::Mix64(m_ex.m_seed, 0x3a11, m_message++); }

  void DeliverLure(uint32_t victim, SimTime now, const std::string& sender, const std::string& subject, uint64_t key, bool internal_sender, uint32_t sender_user) {
    EmailFact mail;
    mail.time = now;
    mail.message_key = key;
    mail.sender_user = internal_sender ? sender_user : kNone;
    mail.external_sender = internal_sender ? std::string_view() : std::string_view(sender);
    mail.recipient_user = victim;
    mail.subject = subject;
    mail.url_count = 1;
    AppendEmail(Logs(), mail);
  }

  // AiTM: click, sign-in through the proxy, session stolen.
  void AitmPhish(const StepSpec& step, uint32_t victim, SimTime now, bool internal) {
    if (victim == kNone) return;
    const uint32_t proxy = Src(step, "proxy");
    const std::string subject = step.params.Text("lure_subject", "Action required: review the shared invoice");
    const std::string sender = step.params.Text("lure_sender", "docs-share@secure-file-portal.example");
    const SimTime click_after = engine::ParseIsoDuration(step.params.Text("click_after", "PT25M")).value_or(25 * kMinute);
    const uint64_t key = NextMessageKey();
    m_lures.emplace_back(key, subject);
    if (!internal) {
      DeliverLure(victim, now, sender, subject, key, false, kNone);
      Event(now, "phish_delivered", "T1566.002", "Phishing mail \"" + subject + "\" delivered to " + Ten().users[victim].upn + " from " + sender + ".", victim);
    }
    const SimTime click = now + click_after;
    const std::string ua = step.params.Text("user_agent", Ten().devices[Ten().users[victim].device].user_agent);
    Sched().At(click, [this, victim, proxy, key, ua](SimTime when) { AitmClickAndSignIn(victim, proxy, key, ua, when); });
  }

  void AitmClickAndSignIn(uint32_t victim, uint32_t proxy, uint64_t key, const std::string& ua, SimTime now) {
    User& u = Ten().users[victim];
    if (std::find(m_ex.m_purged.begin(), m_ex.m_purged.end(), key) != m_ex.m_purged.end()) {
      Event(now, "click_prevented", "", "The phishing mail had been purged from " + u.upn + "'s mailbox before they clicked.", victim);
      return;
    }
    UrlClickFact click;
    click.time = now;
    click.user = victim;
    click.message_key = key;
    const std::string url = "https://secure-file-portal.example/s/" + engine::Guid(key).substr(0, 8);
    click.url = url;
    click.source = u.office != kNone ? u.office : u.home;
    AppendUrlClick(Logs(), click);
    metrics.phish_clicks++;
    Event(now, "phish_clicked", "T1204.001", u.upn + " clicked the phishing link.", victim);
    if (!u.enabled) return;
    const SimTime t = now + 40 * kSecond;
    SignInFact f;
    f.time = t;
    f.user = victim;
    f.app = kAppIndex<app::kOfficeHome>;
    f.resource = kAppIndex<app::kGraph>;
    f.source = proxy;
    f.device = KitDevice(ua);
    f.correlation = Logs().NextCorrelation();
    const bool p2 = Ten().settings.entra == EntraTier::P2;
    if (Ten().SourceBlocked(proxy) || !Ten().PassesStrongAuth(victim, MfaMethod::AuthenticatorPush)) {
      f.result = SignInResult::kCaBlocked;
      f.session = static_cast<uint32_t>(Ten().sessions.size());
      Logs().SignIn(f);
      Event(t, "aitm_failed", "T1557", "Conditional Access blocked " + u.upn + "'s sign-in through the AiTM proxy " + Ten().sources[proxy].ip + ".", victim, proxy);
      return;
    }
    if (Ten().settings.device_compliance) {
      // Conditional Access requires a compliant device: the proxy's browser is not one.
      f.result = SignInResult::kDeviceNotCompliant;
      f.session = static_cast<uint32_t>(Ten().sessions.size());
      Logs().SignIn(f);
      Event(t, "aitm_failed", "T1557", "Conditional Access required a compliant device: " + u.upn + "'s sign-in through the AiTM proxy " +
            Ten().sources[proxy].ip + " failed (53000), no session was issued.", victim, proxy);
      return;
    }
    if (PhishingResistant(victim)) {
      // FIDO2 / Windows Hello are bound to the real sign-in origin: the proxy cannot relay them.
      f.result = SignInResult::kPhishResistantRequired;
      f.session = static_cast<uint32_t>(Ten().sessions.size());
      Logs().SignIn(f);
      Event(t, "aitm_failed", "T1557", "The AiTM proxy could not satisfy phishing-resistant MFA for " + u.upn + ": the sign-in failed.", victim, proxy);
      return;
    }
    const MfaMethod method = u.methods.size() > 1 ? u.methods[1].kind : MfaMethod::AuthenticatorPush;
    f.method = method;
    f.flags = static_cast<uint8_t>(kSfMfaPerformed | (p2 ? 2u << 2 : 0u));
    f.risk_event = RiskEvent::UnfamiliarFeatures;
    const uint32_t s = Ten().OpenSession(victim, f.device, proxy, f.app, t, true, true);
    f.session = s;
    Logs().SignIn(f);
    Victim& v = AddVictim(victim);
    v.session = s;
    v.password_version = u.password_version;
    v.knows_password = true;
    m_legacy_source = proxy;
    channels.push_back({ChannelKind::StolenSession, victim, s, t, -1, "", "Session cookie of " + u.upn + " stolen through the AiTM proxy " + Ten().sources[proxy].ip});
    Event(t, "session_stolen", "T1557", u.upn + " signed in through the AiTM proxy " + Ten().sources[proxy].ip + "; password and session cookie captured (MFA satisfied).", victim, proxy);
    // Identity Protection: the offline "attacker in the middle" detection lands hours later.
    const SimTime detect = t + (3 + static_cast<SimTime>(m_rng.UniformInt(0, 4))) * kHour;
    RiskEventFact re;
    re.time = detect;
    re.activity_time = t;
    re.user = victim;
    re.type = RiskEvent::AttackerInTheMiddle;
    re.level = 3;
    re.source = proxy;
    re.correlation = f.correlation;
    AppendRiskEvent(Logs(), re);
    RiskyUserFact ru;
    ru.time = detect;
    ru.user = victim;
    ru.level = 3;
    AppendRiskyUser(Logs(), ru);
    SecurityAlertFact al;
    al.time = detect + 2 * kMinute;
    al.start = t;
    al.end = t;
    al.product = AlertProduct::IdentityProtection;
    al.name = "Attacker in the Middle";
    al.severity = "High";
    al.description = "The authentication session of this user was likely stolen by an adversary-in-the-middle phishing proxy.";
    al.tactics = "CredentialAccess";
    al.techniques = "[\"T1557\"]";
    al.user = victim;
    al.source = proxy;
    AppendSecurityAlert(Logs(), al);
    if (p2)
      Sched().At(detect, [this, victim, proxy](SimTime when) {
        Event(when, "risk_detected", "T1557", "Entra ID Protection: attacker-in-the-middle risk detection for " + Ten().users[victim].upn + ".", victim, proxy);
      });
  }

  Victim* Primary() { return m_victims.empty() ? nullptr : &m_victims.front(); }

  void SessionReplay(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    m_replay_source = Src(step, "from");
    Access(*v, now, true);
  }

  // Uses the victim's stolen session from the attacker's infrastructure; falls back to the
  // attacker's MFA method. Returns the session used, or kNone.
  uint32_t SessionAccess(Victim& v, SimTime now, bool first_replay) {
    Tenant& t = Ten();
    User& u = t.users[v.user];
    const uint32_t src = m_replay_source != kNone ? m_replay_source : t.sessions[v.session == kNone ? 0 : v.session].source;
    if (v.session != kNone) {
      Session& s = t.sessions[v.session];
      // Token protection: Exchange Online accepts only tokens bound to the registered device they
      // were issued to; the attacker's machine is not that device.
      const bool unbound = t.settings.token_protection;
      const bool ca_block = t.SourceBlocked(src) || !t.PassesStrongAuth(v.user, MfaMethod::AuthenticatorPush) || unbound;
      const bool valid = !s.revoked && s.started >= u.tokens_valid_after && u.enabled && now < s.refresh_expires && !ca_block;
      if (valid) {
        SignInFact f;
        f.time = now;
        f.user = v.user;
        f.app = first_replay ? kAppIndex<app::kOfficeHome> : kAppIndex<app::kOutlookWeb>;
        f.resource = kAppIndex<app::kExchange>;
        f.source = src;
        f.device = AttackerDevice();
        f.session = v.session;
        f.flags = static_cast<uint8_t>(kSfMfaByClaim | (first_replay ? 0 : kSfRefreshToken));
        f.correlation = Logs().NextCorrelation();
        f.interactive = first_replay;
        if (first_replay) {
          f.risk_event = RiskEvent::AnomalousToken;
          if (t.settings.entra == EntraTier::P2) f.flags |= 3u << 2;
        }
        Logs().SignIn(f);
        s.access_expires = now + 75 * kMinute;
        if (first_replay) {
          Event(now, "session_replayed", "T1550.004", "The stolen session of " + u.upn + " was replayed from " + t.sources[src].ip +
                " (same SessionId, MFA satisfied by claim in the token).", v.user, src);
          RiskEventFact re;
          re.time = now + 2 * kHour + static_cast<SimTime>(m_rng.UniformInt(0, 90)) * kMinute;
          re.activity_time = now;
          re.user = v.user;
          re.type = RiskEvent::AnomalousToken;
          re.level = 3;
          re.source = src;
          re.correlation = f.correlation;
          AppendRiskEvent(Logs(), re);
        }
        return v.session;
      }
      // Already-issued access tokens keep working until they expire, unless CAE revokes them.
      if (!t.settings.cae && now < s.access_expires && u.enabled && !unbound) return v.session;
      SignInFact f;
      f.time = now;
      f.user = v.user;
      f.app = kAppIndex<app::kOutlookWeb>;
      f.resource = kAppIndex<app::kExchange>;
      f.source = src;
      f.device = AttackerDevice();
      f.session = v.session;
      f.flags = kSfRefreshToken;
      f.result = !u.enabled ? SignInResult::kAccountDisabled : ca_block ? SignInResult::kCaBlocked : SignInResult::kTokenRevoked;
      f.correlation = Logs().NextCorrelation();
      f.interactive = false;
      Logs().SignIn(f);
      Event(now, "replay_refused", "T1550.004", "The attacker's replay of " + u.upn + "'s session was refused (" +
            std::string(Describe(f.result).code) + (unbound && u.enabled ? ": token protection, the token is not bound to this device" : "") + ").", v.user, src);
      v.session = kNone;
    }
    // Fallback: the attacker's own authentication method.
    if (v.method >= 0 && !u.methods[static_cast<size_t>(v.method)].removed && u.enabled) {
      if (t.SourceBlocked(src) || !t.PassesStrongAuth(v.user, MfaMethod::AuthenticatorPush) || t.settings.token_protection ||
          t.settings.device_compliance) {
        SignInFact f;
        f.time = now;
        f.user = v.user;
        f.app = kAppIndex<app::kOfficeHome>;
        f.resource = kAppIndex<app::kGraph>;
        f.source = src;
        f.device = AttackerDevice();
        f.session = static_cast<uint32_t>(t.sessions.size());
        f.result = SignInResult::kCaBlocked;
        f.correlation = Logs().NextCorrelation();
        Logs().SignIn(f);
        return kNone;
      }
      if (v.password_version != u.password_version) {
        // Self-service password reset with the attacker's method: the user is locked out.
        AuditFact a;
        a.time = now;
        a.op = AuditOp::ResetPasswordSelfService;
        a.actor = v.user;
        a.target = v.user;
        a.source = src;
        a.actor_device = AttackerDevice();
        a.correlation = Logs().NextCorrelation();
        Logs().Audit(a);
        u.password_version++;
        u.tokens_valid_after = now;
        v.password_version = u.password_version;
        Event(now, "sspr_takeover", "T1098", "The attacker reset " + u.upn + "'s password through self-service with its own authenticator.", v.user, src);
      }
      SignInFact f;
      f.time = now + kSecond;
      f.user = v.user;
      f.app = kAppIndex<app::kOfficeHome>;
      f.resource = kAppIndex<app::kGraph>;
      f.source = src;
      f.device = AttackerDevice();
      f.method = MfaMethod::AuthenticatorPush;
      f.flags = kSfMfaPerformed;
      f.correlation = Logs().NextCorrelation();
      const uint32_t s = Ten().OpenSession(v.user, f.device, src, f.app, f.time, true, true);
      f.session = s;
      Logs().SignIn(f);
      v.session = s;
      channels.push_back({ChannelKind::StolenSession, v.user, s, f.time, -1, "", "New attacker session for " + u.upn + " opened with the attacker's registered authenticator"});
      Event(f.time, "signin_with_attacker_mfa", "T1078.004", "The attacker signed in as " + u.upn + " with its own registered authenticator.", v.user, src);
      return s;
    }
    return kNone;
  }

  bool GrantActive(const Victim& v) {
    if (v.grant == kNone) return false;
    const Grant& g = Ten().grants[v.grant];
    const ServicePrincipal& sp = Ten().sps[g.sp];
    return !g.revoked && sp.enabled && !sp.deleted && Ten().users[v.user].enabled;
  }

  // Legacy authentication (IMAP, SMTP AUTH; user agent BAV2ROPC): the captured password alone,
  // no session and no MFA. Only where the tenant has not blocked legacy authentication.
  uint32_t LegacyDevice() {
    if (m_legacy_device == kNone) {
      Device d;
      d.os = "";
      d.browser = "";
      d.user_agent = "BAV2ROPC";
      d.client = ClientKind::Legacy;
      m_legacy_device = Ten().AddDevice(d);
    }
    return m_legacy_device;
  }
  bool LegacyAccess(Victim& v, SimTime now) {
    Tenant& t = Ten();
    const User& u = t.users[v.user];
    if (t.settings.legacy_auth_blocked || !v.knows_password || v.password_version != u.password_version || !u.enabled) return false;
    const uint32_t src = m_replay_source != kNone ? m_replay_source : m_legacy_source;
    if (src == kNone || t.SourceBlocked(src)) return false;
    m_legacy_source = src;
    SignInFact f;
    f.time = now;
    f.user = v.user;
    f.app = kAppIndex<app::kExchange>;
    f.resource = kAppIndex<app::kExchange>;
    f.source = src;
    f.device = LegacyDevice();
    f.session = static_cast<uint32_t>(t.sessions.size());
    f.correlation = Logs().NextCorrelation();
    Logs().SignIn(f);
    bool open = false;
    for (const auto& c : channels) open |= c.kind == ChannelKind::LegacyProtocol && c.user == v.user && c.Open();
    if (!open) {
      channels.push_back({ChannelKind::LegacyProtocol, v.user, u.password_version, now, -1, "",
                          "IMAP with " + u.upn + "'s captured password (legacy authentication, no MFA) from " + t.sources[src].ip});
      Event(now, "legacy_signin", "T1078.004", "The attacker signed in as " + u.upn + " over IMAP with the captured password: legacy "
            "authentication is not blocked, so no MFA was asked.", v.user, src);
    }
    return true;
  }

  enum class Via { None, Session, App, Legacy };
  Via Access(Victim& v, SimTime now, bool first_replay = false) {
    if (SessionAccess(v, now, first_replay) != kNone) return Via::Session;
    if (GrantActive(v)) return Via::App;
    if (LegacyAccess(v, now)) return Via::Legacy;
    return Via::None;
  }

  void ReadMail(Victim& v, Via via, SimTime now, uint32_t items, uint32_t source) {
    Tenant& t = Ten();
    const User& u = t.users[v.user];
    const uint8_t gate = u.plan == M365Plan::E5 ? 0 : static_cast<uint8_t>(kFeatMailAuditStandard);
    uint32_t left = items;
    SimTime when = now;
    while (left > 0) {
      const uint32_t batch = std::min<uint32_t>(left, 10 + static_cast<uint32_t>(m_rng.UniformInt(0, 15)));
      OfficeFact f;
      f.time = when;
      f.op = OfficeOp::MailItemsAccessed;
      f.user = via == Via::App ? v.user : v.user;
      f.mailbox = u.mailbox;
      f.source = source;
      f.session = via == Via::Session ? v.session : kNone;
      f.client_app = via == Via::App ? t.grants[v.grant].sp == kNone ? kNone : t.sps[t.grants[v.grant].sp].app : kAppIndex<app::kOutlookWeb>;
      f.detail = static_cast<uint32_t>(m_rng.UniformInt(0, 2) == 0 ? 2 : 0);
      f.count = batch;
      f.gate = gate;
      Logs().Office(f);
      if (via == Via::App) {
        GraphRequestFact g;
        g.time = when;
        g.user = v.user;
        g.app = t.sps[t.grants[v.grant].sp].app;
        g.sp = t.grants[v.grant].sp;
        g.source = source;
        const std::string uri = "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages?$top=" + std::to_string(batch);
        g.uri = uri;
        g.scopes = t.grants[v.grant].scopes;
        g.user_agent = "python-requests/2.31.0";
        AppendGraphRequest(Logs(), g);
      }
      left -= batch;
      when += 2 * kMinute + static_cast<SimTime>(m_rng.UniformInt(0, 60)) * kSecond;
    }
    metrics.mail_items_exposed += items;
  }

  void StartOperating(SimTime now) {
    if (m_operating) return;
    m_operating = true;
    ScheduleTick(now + 30 * kMinute);
  }
  void ScheduleTick(SimTime when) {
    if (when >= m_ex.End()) return;
    Sched().At(when, [this](SimTime now) { Tick(now); });
  }

  // The attacker's working loop: use any open channel for its goals; fall back when one closes.
  void Tick(SimTime now) {
    RefreshChannels(now);
    const std::string& goals = m_ex.m_spec.attacker_goals;
    bool any_access = false;
    for (auto& v : m_victims) {
      Via via = Access(v, now);
      if (via == Via::None) continue;
      any_access = true;
      if (goals.find("read_mail") != std::string::npos) {
        const uint32_t src = via == Via::App ? m_app_source : via == Via::Legacy ? m_legacy_source
                             : (m_replay_source != kNone ? m_replay_source : Ten().sessions[v.session].source);
        ReadMail(v, via, now, 5 + static_cast<uint32_t>(m_rng.UniformInt(0, 25)), src);
      }
    }
    Forwarded(now);
    RefreshChannels(now);
    if (!any_access && goals.find("keep_access") != std::string::npos && m_rephish == 0 && !m_victims.empty() && m_proxy_for_rephish != kNone) {
      // Every identity channel is closed: phish the same person again a day later.
      ++m_rephish;
      const uint32_t victim = m_victims.front().user;
      Event(now, "access_lost", "", "The attacker lost its access to " + Ten().users[victim].upn + " and prepares a new phish.", victim);
      StepSpec again;
      again.technique = "aitm_phish";
      again.params.text["proxy"] = m_proxy_role;
      again.params.text["lure_subject"] = "Your mailbox storage is full - action needed";
      again.params.text["click_after"] = "PT3H";
      Sched().At(now + kDay, [this, again, victim](SimTime when) { AitmPhish(again, victim, when, false); });
    }
    ScheduleTick(now + (45 + static_cast<SimTime>(m_rng.UniformInt(0, 75))) * kMinute);
  }

  void Forwarded(SimTime now) {
    Tenant& t = Ten();
    for (auto& c : channels) {
      if (!c.Open() || c.kind != ChannelKind::MailboxForwarding) continue;
      const Mailbox& mb = t.mailboxes[t.users[c.user].mailbox];
      const bool allowed = t.settings.forwarding == ForwardingPolicy::On;
      const uint32_t n = static_cast<uint32_t>(m_rng.UniformInt(1, 4));
      EmailFact mail;
      mail.time = now + kMinute;
      mail.message_key = NextMessageKey();
      mail.sender_user = c.user;
      mail.external_recipient = mb.forwarding_smtp;
      const std::string subject = "FW: " + std::string(BenignSubject(static_cast<uint32_t>(m_rng.UniformInt(0, 23))));
      mail.subject = subject;
      mail.delivery_action = allowed ? "Delivered" : "Blocked";
      mail.delivery_location = allowed ? "External" : "Failed";
      AppendEmail(Logs(), mail);
      if (allowed) metrics.mail_items_exposed += n;
      else if (!m_forward_block_logged) {
        m_forward_block_logged = true;
        Event(now, "forwarding_blocked", "T1114.003", "Automatic external forwarding from " + t.users[c.user].upn +
              " was refused by the tenant's outbound policy (the rule fires, the delivery fails).", c.user);
      }
    }
  }

  void RegisterMfa(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    m_replay_source = Src(step, "from");
    if (Access(*v, now) != Via::Session) return;
    User& u = Ten().users[v->user];
    const bool phone = step.params.Text("method", "authenticator") == "phone";
    AuthMethod m{phone ? MfaMethod::Sms : MfaMethod::AuthenticatorPush, phone ? "+1 555 0199" : "Authenticator on SM-A536B",
                 engine::Guid(engine::Mix64(m_ex.m_seed, 0x3f4, v->user)), true, false};
    u.methods.push_back(m);
    v->method = static_cast<int>(u.methods.size() - 1);
    AuditFact a;
    a.time = now;
    a.op = AuditOp::UserRegisteredSecurityInfo;
    a.actor = v->user;
    a.target = v->user;
    a.source = m_replay_source;
    a.actor_device = AttackerDevice();
    a.correlation = Logs().NextCorrelation();
    Logs().Audit(a);
    a.time = now + 2 * kSecond;
    a.op = AuditOp::UpdateUser;
    const std::string modified = phone
        ? "[{\"displayName\":\"StrongAuthenticationUserDetails\",\"oldValue\":\"[]\",\"newValue\":\"[{\\\"PhoneNumber\\\":\\\"+1 5550199\\\"}]\"},{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"StrongAuthenticationUserDetails\\\"\"}]"
        : "[{\"displayName\":\"StrongAuthenticationPhoneAppDetail\",\"oldValue\":\"[]\",\"newValue\":\"[{\\\"DeviceName\\\":\\\"SM-A536B\\\",\\\"DeviceTag\\\":\\\"SoftwareTokenActivated\\\",\\\"PhoneAppVersion\\\":\\\"6.2401.0119\\\",\\\"AuthenticationType\\\":3}]\"},{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"StrongAuthenticationPhoneAppDetail\\\"\"}]";
    a.modified = modified;
    Logs().Audit(a);
    channels.push_back({ChannelKind::AttackerMfaMethod, v->user, static_cast<uint32_t>(v->method), now, -1, "",
                        "Attacker-registered " + std::string(phone ? "phone" : "authenticator app") + " on " + u.upn});
    Event(now, "mfa_registered", "T1098.005", "The attacker registered its own " + std::string(phone ? "phone number" : "authenticator app") + " on " + u.upn + ".", v->user, m_replay_source);
  }

  std::string ParamsJson(const std::vector<InboxRuleParam>& ps) {
    std::string o = "[";
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i) o += ",";
      o += "{\"Name\":";
      engine::AppendJsonString(o, ps[i].name);
      o += ",\"Value\":";
      engine::AppendJsonString(o, ps[i].value);
      o += "}";
    }
    return o + "]";
  }

  void CreateInboxRule(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    m_replay_source = Src(step, "from");
    if (Access(*v, now) == Via::None) return;
    AddRule(*v, now, step.params.Text("name", "."), step.params.Text("keywords", "invoice;payment;bank;security;phishing;hacked;password"),
            step.params.Text("from_address"), step.params.Text("action", "move"), step.params.Text("folder", "RSS Feeds"));
  }

  void AddRule(Victim& v, SimTime now, const std::string& name, const std::string& keywords, const std::string& from_address,
               const std::string& action, const std::string& folder) {
    Tenant& t = Ten();
    User& u = t.users[v.user];
    Mailbox& mb = t.mailboxes[u.mailbox];
    InboxRule r;
    r.name = name;
    r.identity = u.upn + "\\" + engine::Guid(engine::Mix64(m_ex.m_seed, 0x1a1e, mb.rules.size())).substr(0, 8);
    // OWA order: AlwaysDeleteOutlookRulesBlob, Force, conditions/actions, Name, more, StopProcessingRules.
    r.params = {{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}};
    if (!from_address.empty()) r.params.push_back({"From", from_address});
    else r.params.push_back({"SubjectOrBodyContainsWords", keywords});
    if (action == "delete") r.params.push_back({"DeleteMessage", "True"});
    else r.params.push_back({"MoveToFolder", folder});
    r.params.push_back({"Name", name});
    r.params.push_back({"MarkAsRead", "True"});
    r.params.push_back({"StopProcessingRules", "True"});
    r.attacker = true;
    r.created = now;
    mb.rules.push_back(r);
    OfficeFact f;
    f.time = now;
    f.op = OfficeOp::NewInboxRule;
    f.user = v.user;
    f.mailbox = u.mailbox;
    f.source = m_replay_source;
    f.session = v.session;
    f.client_app = kAppIndex<app::kOutlookWeb>;
    f.object = Logs().Intern("NAMPR06A003.prod.outlook.com/Microsoft Exchange Hosted Organizations/" + t.settings.initial_domain + "/" + u.upn + "\\" + name);
    f.detail = Logs().Intern(ParamsJson(r.params));
    Logs().Office(f);
    channels.push_back({ChannelKind::InboxRule, v.user, static_cast<uint32_t>(mb.rules.size() - 1), now, -1, "",
                        "Inbox rule \"" + name + "\" in " + u.upn + "'s mailbox hiding " + (from_address.empty() ? "mail about " + keywords : "mail from " + from_address)});
    Event(now, "rule_created", "T1564.008", "The attacker created the inbox rule \"" + name + "\" in " + u.upn + "'s mailbox (" +
          (action == "delete" ? "delete" : "move to " + folder) + ").", v.user, m_replay_source);
    SecurityAlertFact al;
    al.time = now + 35 * kMinute;
    al.start = now;
    al.end = now;
    al.product = AlertProduct::DefenderForCloudApps;
    al.name = "Suspicious inbox manipulation rule";
    al.severity = "Medium";
    al.description = "A suspicious inbox rule was set on a user's inbox: it may move or delete messages to hide an attacker's activity.";
    al.tactics = "DefenseEvasion";
    al.techniques = "[\"T1564.008\"]";
    al.user = v.user;
    al.source = m_replay_source;
    al.mailbox = u.mailbox;
    AppendSecurityAlert(Logs(), al);
  }

  void SetForwarding(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    m_replay_source = Src(step, "from");
    if (Access(*v, now) == Via::None) return;
    Tenant& t = Ten();
    User& u = t.users[v->user];
    Mailbox& mb = t.mailboxes[u.mailbox];
    mb.forwarding_smtp = m_ex.RoleAddress(step.params.Text("to"));
    mb.deliver_and_forward = true;
    mb.forwarding_by_attacker = true;
    OfficeFact f;
    f.time = now;
    f.op = OfficeOp::SetMailbox;
    f.user = v->user;
    f.mailbox = u.mailbox;
    f.source = m_replay_source;
    f.session = v->session;
    f.client_app = kAppIndex<app::kOutlookWeb>;
    f.object = Logs().Intern(u.upn);
    f.detail = Logs().Intern("[{\"Name\":\"Identity\",\"Value\":\"" + u.upn + "\"},{\"Name\":\"ForwardingSmtpAddress\",\"Value\":\"smtp:" +
                             mb.forwarding_smtp + "\"},{\"Name\":\"DeliverToMailboxAndForward\",\"Value\":\"True\"}]");
    Logs().Office(f);
    channels.push_back({ChannelKind::MailboxForwarding, v->user, u.mailbox, now, -1, "", "Forwarding of " + u.upn + "'s mail to " + mb.forwarding_smtp});
    Event(now, "forwarding_set", "T1114.003", "The attacker set external forwarding of " + u.upn + "'s mailbox to " + mb.forwarding_smtp + ".", v->user, m_replay_source);
    RiskEventFact re;
    re.time = now + 4 * kHour;
    re.activity_time = now;
    re.user = v->user;
    re.type = RiskEvent::SuspiciousInboxForwarding;
    re.level = 2;
    re.source = m_replay_source;
    AppendRiskEvent(Logs(), re);
    SecurityAlertFact al;
    al.time = now + 20 * kMinute;
    al.start = now;
    al.end = now;
    al.product = AlertProduct::DefenderXdr;
    al.name = "Suspicious email forwarding activity";
    al.severity = "Medium";
    al.description = "A user set up a forwarding of their mail to an external address, a common step of business e-mail compromise.";
    al.tactics = "Collection, Exfiltration";
    al.techniques = "[\"T1114.003\"]";
    al.user = v->user;
    al.source = m_replay_source;
    al.mailbox = u.mailbox;
    AppendSecurityAlert(Logs(), al);
  }

  void CollectMail(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    const uint32_t src = Src(step, "from");
    m_replay_source = src;
    Via via = Access(*v, now);
    if (via == Via::None) return;
    const User& u = Ten().users[v->user];
    std::string kw = step.params.Text("keywords", "invoice;payment;wire");
    SimTime when = now;
    for (size_t p = 0; p <= kw.size();) {
      size_t q = kw.find(';', p);
      std::string word = kw.substr(p, q == std::string::npos ? std::string::npos : q - p);
      OfficeFact f;
      f.time = when;
      f.op = OfficeOp::SearchQueryInitiatedExchange;
      f.user = v->user;
      f.mailbox = u.mailbox;
      f.source = src;
      f.session = v->session;
      f.client_app = kAppIndex<app::kOutlookWeb>;
      f.detail = Logs().Intern(word) | kPoolSubject;
      f.gate = u.plan == M365Plan::E5 ? 0 : static_cast<uint8_t>(kFeatMailAuditStandard);
      Logs().Office(f);
      when += 40 * kSecond;
      if (q == std::string::npos) break;
      p = q + 1;
    }
    const auto items = static_cast<uint32_t>(step.params.Number("items", 60));
    ReadMail(*v, via, when + kMinute, items, src);
    Event(now, "mail_collected", "T1114.002", "The attacker searched " + u.upn + "'s mailbox for \"" + kw + "\" and read " + std::to_string(items) + " messages.", v->user, src);
  }

  void ConsentPhish(const StepSpec& step, SimTime now) {
    const uint32_t victim = m_ex.RoleUser(step.target);
    const uint32_t app = m_ex.RoleApp(step.params.Text("app"));
    if (victim == kNone || app == kNone) return;
    Tenant& t = Ten();
    User& u = t.users[victim];
    m_app_source = Src(step, "from");
    const std::string scopes = step.params.Text("scopes", "offline_access Mail.Read Mail.Send User.Read");
    const std::string subject = step.params.Text("lure_subject", "You have a secure document waiting");
    const uint64_t key = NextMessageKey();
    DeliverLure(victim, now, "no-reply@mail-organizer.example", subject, key, false, kNone);
    Event(now, "phish_delivered", "T1566.002", "Consent-phishing mail \"" + subject + "\" delivered to " + u.upn + ".", victim);
    const SimTime click = now + 35 * kMinute;
    UrlClickFact c;
    c.time = click;
    c.user = victim;
    c.message_key = key;
    c.url = "https://mail-organizer.example/start";
    c.source = u.office != kNone ? u.office : u.home;
    AppendUrlClick(Logs(), c);
    metrics.phish_clicks++;
    // The victim signs in to the app from their own network: a normal-looking sign-in.
    SignInFact f;
    f.time = click + 30 * kSecond;
    f.user = victim;
    f.app = app;
    f.resource = kAppIndex<app::kGraph>;
    f.source = c.source;
    f.device = u.device;
    f.flags = kSfMfaPerformed;
    f.method = u.methods.size() > 1 ? u.methods[1].kind : MfaMethod::AuthenticatorPush;
    f.correlation = Logs().NextCorrelation();
    f.session = t.OpenSession(victim, u.device, c.source, app, f.time, true, false);
    Logs().SignIn(f);
    const SimTime consent_time = f.time + 20 * kSecond;
    const uint32_t corr = Logs().NextCorrelation();
    const bool risky_scopes = scopes.find("Mail.") != std::string::npos || scopes.find("Files.") != std::string::npos;
    if (t.settings.consent == ConsentPolicy::AdminOnly || (t.settings.consent == ConsentPolicy::VerifiedLowRisk && (risky_scopes || !t.apps[app].verified_publisher))) {
      AuditFact a;
      a.time = consent_time;
      a.op = AuditOp::ConsentToApplication;
      a.actor = victim;
      a.target = kNone;
      a.source = c.source;
      a.actor_device = u.device;
      a.correlation = corr;
      a.success = false;
      a.modified = "[{\"displayName\":\"ConsentContext.IsAdminConsent\",\"oldValue\":null,\"newValue\":\"\\\"False\\\"\"},{\"displayName\":\"MethodExecutionResult.\",\"oldValue\":null,\"newValue\":\"\\\"Microsoft.Online.Security.userConsentBlockedForRiskyAppsException\\\"\"}]";
      Logs().Audit(a);
      Event(consent_time, "consent_blocked", "T1528", "The tenant's user-consent policy stopped " + u.upn + " from consenting to \"" + t.apps[app].display_name +
            "\"; an admin-consent request was raised instead.", victim);
      return;
    }
    // First use of the app in this tenant: its service principal is created.
    uint32_t sp = t.SpOfApp(app);
    if (sp == kNone) {
      ServicePrincipal nsp;
      nsp.object_id = engine::Guid(engine::Mix64(m_ex.m_seed, 0x5b, app));
      nsp.app = app;
      nsp.created = consent_time;
      t.sps.push_back(nsp);
      sp = static_cast<uint32_t>(t.sps.size() - 1);
      AuditFact a;
      a.time = consent_time;
      a.op = AuditOp::AddServicePrincipal;
      a.actor = victim;
      a.target = sp;
      a.source = c.source;
      a.actor_device = u.device;
      a.correlation = corr;
      const std::string mod = "[{\"displayName\":\"AccountEnabled\",\"oldValue\":null,\"newValue\":\"[true]\"},{\"displayName\":\"AppAddress\",\"oldValue\":null,\"newValue\":\"[{\\\"AddressType\\\":0,\\\"Address\\\":\\\"" +
                              t.apps[app].reply_urls[0] + "\\\",\\\"ReplyAddressClientType\\\":1,\\\"ReplyAddressIndex\\\":null,\\\"IsReplyAddressDefault\\\":false}]\"},{\"displayName\":\"AppPrincipalId\",\"oldValue\":null,\"newValue\":\"[\\\"" +
                              t.apps[app].app_id + "\\\"]\"},{\"displayName\":\"DisplayName\",\"oldValue\":null,\"newValue\":\"[\\\"" + t.apps[app].display_name +
                              "\\\"]\"},{\"displayName\":\"ServicePrincipalName\",\"oldValue\":null,\"newValue\":\"[\\\"" + t.apps[app].app_id +
                              "\\\"]\"},{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"AccountEnabled, AppAddress, AppPrincipalId, DisplayName, ServicePrincipalName\\\"\"},{\"displayName\":\"TargetId.ServicePrincipalNames\",\"oldValue\":null,\"newValue\":\"\\\"" +
                              t.apps[app].app_id + "\\\"\"}]";
      a.modified = mod;
      Logs().Audit(a);
    }
    Grant g;
    g.sp = sp;
    g.user = victim;
    g.scopes = scopes;
    g.id = engine::Guid(engine::Mix64(m_ex.m_seed, 0x6a, t.grants.size()));
    g.created = consent_time;
    t.grants.push_back(g);
    const uint32_t grant = static_cast<uint32_t>(t.grants.size() - 1);
    const uint32_t graph_sp = t.SpOfApp(kAppIndex<app::kGraph>);
    AuditFact a;
    a.actor = victim;
    a.source = c.source;
    a.actor_device = u.device;
    a.correlation = corr;
    a.time = consent_time + 4;
    a.op = AuditOp::AddDelegatedPermissionGrant;
    a.target = graph_sp;  // the resource service principal
    const std::string grant_mod = "[{\"displayName\":\"DelegatedPermissionGrant.Scope\",\"oldValue\":null,\"newValue\":\"\\\" " + scopes +
                                  "\\\"\"},{\"displayName\":\"DelegatedPermissionGrant.ConsentType\",\"oldValue\":null,\"newValue\":\"\\\"Principal\\\"\"},{\"displayName\":\"ServicePrincipal.ObjectID\",\"oldValue\":null,\"newValue\":\"\\\"" +
                                  t.sps[graph_sp].object_id + "\\\"\"},{\"displayName\":\"ServicePrincipal.AppId\",\"oldValue\":null,\"newValue\":\"\\\"00000003-0000-0000-c000-000000000000\\\"\"},{\"displayName\":\"TargetId.ServicePrincipalNames\",\"oldValue\":null,\"newValue\":\"\\\"https://graph.microsoft.com\\\"\"}]";
    a.modified = grant_mod;
    Logs().Audit(a);
    a.time = consent_time + 8;
    a.op = AuditOp::AddAppRoleAssignmentGrantToUser;
    a.target = sp;
    const std::string role_mod = "[{\"displayName\":\"AppRole.Id\",\"oldValue\":null,\"newValue\":\"\\\"00000000-0000-0000-0000-000000000000\\\"\"},{\"displayName\":\"User.ObjectID\",\"oldValue\":null,\"newValue\":\"\\\"" +
                                 u.object_id + "\\\"\"},{\"displayName\":\"User.UPN\",\"oldValue\":null,\"newValue\":\"\\\"" + u.upn + "\\\"\"},{\"displayName\":\"User.PUID\",\"oldValue\":null,\"newValue\":\"\\\"" + u.puid + "\\\"\"}]";
    a.modified = role_mod;
    Logs().Audit(a);
    a.time = consent_time + 13;
    a.op = AuditOp::ConsentToApplication;
    a.target = sp;
    const std::string perms = "[] => [[Id: " + g.id + ", ClientId: " + t.sps[sp].object_id + ", PrincipalId: " + u.object_id + ", ResourceId: " +
                              t.sps[graph_sp].object_id + ", ConsentType: Principal, Scope:  " + scopes + ", CreatedDateTime: , LastModifiedDateTime ]]; ";
    std::string perms_json;
    engine::AppendJsonEscaped(perms_json, "\"" + perms + "\"");
    const std::string consent_mod = "[{\"displayName\":\"ConsentContext.IsAdminConsent\",\"oldValue\":null,\"newValue\":\"\\\"False\\\"\"},{\"displayName\":\"ConsentContext.IsAppOnly\",\"oldValue\":null,\"newValue\":\"\\\"False\\\"\"},{\"displayName\":\"ConsentContext.OnBehalfOfAll\",\"oldValue\":null,\"newValue\":\"\\\"False\\\"\"},{\"displayName\":\"ConsentContext.Tags\",\"oldValue\":null,\"newValue\":\"\\\"WindowsAzureActiveDirectoryIntegratedApp\\\"\"},{\"displayName\":\"ConsentAction.Permissions\",\"oldValue\":null,\"newValue\":\"" +
                                    perms_json + "\"},{\"displayName\":\"TargetId.ServicePrincipalNames\",\"oldValue\":null,\"newValue\":\"\\\"" + t.apps[app].app_id + "\\\"\"}]";
    a.modified = consent_mod;
    Logs().Audit(a);
    Victim& v = AddVictim(victim);
    v.grant = grant;
    channels.push_back({ChannelKind::OAuthGrant, victim, grant, consent_time, -1, "",
                        "Delegated grant (" + scopes + ") of " + u.upn + " to the app \"" + t.apps[app].display_name + "\""});
    Event(consent_time, "consent_granted", "T1528", u.upn + " consented to \"" + t.apps[app].display_name + "\" (" + scopes + "); the app now reads mail through Graph.", victim, c.source);
  }

  void BecFraud(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    const uint32_t src = Src(step, "from");
    m_replay_source = src;
    Via via = Access(*v, now);
    Tenant& t = Ten();
    const User& u = t.users[v->user];
    if (via == Via::None) {
      Event(now, "fraud_failed", "T1657", "The attacker had no access to " + u.upn + "'s mailbox left and could not send the fraudulent mail.", v->user);
      return;
    }
    const std::string to = m_ex.RoleAddress(step.params.Text("to"));
    const std::string subject = step.params.Text("subject", "Updated bank details for outstanding invoice INV-20431");
    const double amount = step.params.Number("amount_usd", 48500);
    const SimTime deadline = engine::ParseIsoDuration(step.params.Text("deadline", "P2D")).value_or(2 * kDay);
    // Replies from the fraud target are hidden first.
    bool hides = false;
    for (const auto& r : t.mailboxes[u.mailbox].rules) hides |= r.attacker && !r.removed;
    if (!hides) AddRule(*v, now, "..", "", to.substr(to.find('@')), "delete", "");
    OfficeFact f;
    f.time = now + kMinute;
    f.op = OfficeOp::Send;
    f.user = v->user;
    f.mailbox = u.mailbox;
    f.source = via == Via::App ? m_app_source : src;
    f.session = v->session;
    f.client_app = via == Via::App ? t.sps[t.grants[v->grant].sp].app : kAppIndex<app::kOutlookWeb>;
    f.detail = Logs().Intern(subject) | kPoolSubject;
    f.gate = u.plan == M365Plan::E5 ? 0 : static_cast<uint8_t>(kFeatMailAuditStandard);
    Logs().Office(f);
    EmailFact mail;
    mail.time = now + kMinute;
    mail.message_key = NextMessageKey();
    mail.sender_user = v->user;
    mail.external_recipient = to;
    mail.subject = subject;
    mail.attachment_count = 1;
    mail.delivery_location = "External";
    AppendEmail(Logs(), mail);
    Event(now + kMinute, "fraud_sent", "T1657", "From " + u.upn + "'s mailbox the attacker sent \"" + subject + "\" to " + to + ": $" +
          std::to_string(static_cast<long long>(amount)) + " at stake.", v->user, src);
    Sched().At(now + kMinute + deadline, [this, amount, to](SimTime when) {
      if (fraud_stopped) {
        Event(when, "payment_held", "", "The payment to the attacker's account was held: the fraud was stopped in time.");
      } else {
        metrics.fraud_loss_usd += amount;
        Event(when, "payment_lost", "T1657", "Payment of $" + std::to_string(static_cast<long long>(amount)) + " was made to the attacker's account by " + to + ".");
      }
    });
  }

  void InternalPhish(const StepSpec& step, SimTime now) {
    Victim* v = FindVictim(m_ex.RoleUser(step.target));
    if (!v) return;
    const uint32_t src = Src(step, "from");
    m_replay_source = src;
    Via via = Access(*v, now);
    Tenant& t = Ten();
    const User& sender = t.users[v->user];
    if (via == Via::None) return;
    const std::string subject = step.params.Text("subject", "Updated payment approval workflow - please review");
    const uint32_t recipients = static_cast<uint32_t>(step.params.Number("recipients", 200));
    const uint32_t clicks = static_cast<uint32_t>(step.params.Number("clicks", 3));
    // Colleagues: same department first, then the rest, in a seeded order.
    std::vector<uint32_t> pool;
    for (uint32_t i = 0; i < t.users.size(); ++i)
      if (i != v->user && !t.users[i].emergency_access && t.users[i].department == sender.department) pool.push_back(i);
    for (uint32_t i = 0; i < t.users.size(); ++i)
      if (i != v->user && !t.users[i].emergency_access && t.users[i].department != sender.department) pool.push_back(i);
    const size_t n = std::min<size_t>(recipients, pool.size());
    for (size_t i = 0; i < n && i < pool.size(); ++i) std::swap(pool[i], pool[i + static_cast<size_t>(m_rng.UniformInt(0, static_cast<int64_t>(pool.size() - i - 1)))]);
    pool.resize(n);
    OfficeFact f;
    f.time = now;
    f.op = OfficeOp::Send;
    f.user = v->user;
    f.mailbox = sender.mailbox;
    f.source = src;
    f.session = v->session;
    f.client_app = kAppIndex<app::kOutlookWeb>;
    f.detail = Logs().Intern(subject) | kPoolSubject;
    f.gate = sender.plan == M365Plan::E5 ? 0 : static_cast<uint8_t>(kFeatMailAuditStandard);
    Logs().Office(f);
    const uint64_t key = NextMessageKey();
    for (uint32_t r : pool) {
      m_lures.emplace_back(engine::Mix64(key, r), subject);
      EmailFact mail;
      mail.time = now + 5 * kSecond;
      mail.message_key = engine::Mix64(key, r);
      mail.sender_user = v->user;
      mail.sender_source = src;
      mail.recipient_user = r;
      mail.subject = subject;
      mail.url_count = 1;
      AppendEmail(Logs(), mail);
    }
    metrics.phish_recipients += static_cast<uint32_t>(n);
    Event(now, "internal_phish_sent", "T1534", "From " + sender.upn + " the attacker sent \"" + subject + "\" to " + std::to_string(n) + " colleagues.", v->user, src);
    StepSpec aitm;
    aitm.technique = "aitm_phish";
    aitm.params.text["proxy"] = step.params.Text("proxy");
    const uint32_t k = std::min<uint32_t>(clicks, static_cast<uint32_t>(n));
    for (uint32_t i = 0; i < k; ++i) {
      aitm.params.text["click_after"] = "PT" + std::to_string(20 + m_rng.UniformInt(0, 160)) + "M";
      const uint32_t r = pool[i];
      // The click goes through the same AiTM kit as the first victim's.
      const SimTime click = now + engine::ParseIsoDuration(aitm.params.text["click_after"]).value_or(kHour);
      const uint32_t proxy = m_ex.RoleSource(aitm.params.text["proxy"]);
      const uint64_t mk = engine::Mix64(key, r);
      const std::string ua = t.devices[t.users[r].device].user_agent;
      Sched().At(click, [this, r, proxy, mk, ua](SimTime when) { AitmClickAndSignIn(r, proxy, mk, ua, when); });
    }
  }

  void LearnPassword(uint32_t user) {
    if (Victim* v = FindVictim(user)) {
      v->password_version = Ten().users[user].password_version;
      v->knows_password = true;
    }
  }
  bool IsVictim(uint32_t user) { return FindVictim(user) != nullptr; }
  std::vector<uint64_t> MessageKeysOf(const std::string& subject) const {
    std::vector<uint64_t> out;
    for (const auto& [key, subj] : m_lures) if (subj == subject) out.push_back(key);
    return out;
  }
  std::vector<std::pair<uint64_t, std::string>> m_lures;  // message keys of delivered lures and their subjects

  friend class Exercise;
  Exercise& m_ex;
  engine::RandomStream m_rng;
  std::vector<Victim> m_victims;
  uint32_t m_replay_source = kNone;
  uint32_t m_app_source = kNone;
  uint32_t m_attacker_device = kNone;
  uint32_t m_legacy_device = kNone;
  uint32_t m_legacy_source = kNone;   // where the attacker's legacy-protocol sign-ins come from
  uint64_t m_message = 0;
  bool m_operating = false;
  bool m_forward_block_logged = false;
  int m_rephish = 0;
 public:
  uint32_t m_proxy_for_rephish = kNone;
  std::string m_proxy_role;
};

// [SECTION] Exercise

Exercise::Exercise(const ScenarioSpec& spec, std::optional<uint64_t> seed_override)
    : m_spec(spec), m_seed(seed_override.value_or(spec.seed)), m_response(std::make_unique<ResponseState>()) {
  m_world = std::make_unique<World>(m_spec.tenant, m_seed, m_spec.start - m_spec.baseline);
  BindRoles();
  m_attacker = std::make_unique<Attacker>(*this, m_seed);
  for (const auto& step : m_spec.chain)
    if (step.technique == "aitm_phish" && m_attacker->m_proxy_role.empty()) {
      m_attacker->m_proxy_role = step.params.Text("proxy");
      m_attacker->m_proxy_for_rephish = RoleSource(m_attacker->m_proxy_role);
    }
  m_attacker->ScheduleChain();
  ScheduleInjects();
}

Exercise::~Exercise() = default;
Exercise::ResponseState& Exercise::Response() { return *m_response; }
const Exercise::ResponseState& Exercise::Response() const { return *m_response; }

void Exercise::BindRoles() {
  Tenant& t = m_world->GetTenant();
  std::vector<uint32_t> taken;
  for (const auto& r : m_spec.roles) {
    uint32_t idx = kNone;
    switch (r.kind) {
      case RoleKind::User: {
        std::vector<uint32_t> pool;
        for (uint32_t i = 0; i < t.users.size(); ++i) {
          const User& u = t.users[i];
          if (u.emergency_access || u.roles != 0 || std::find(taken.begin(), taken.end(), i) != taken.end()) continue;
          if (!r.department.empty() && u.department != r.department) continue;
          pool.push_back(i);
        }
        if (!pool.empty()) {
          const size_t k = static_cast<size_t>(engine::Mix64(m_seed, engine::Fnv1a64(r.name), static_cast<uint64_t>(r.pick)) % pool.size());
          idx = pool[k];
          taken.push_back(idx);
        }
        break;
      }
      case RoleKind::Source: {
        Location l;
        l.city = r.city;
        l.state = r.state;
        l.country = r.country;
        l.lat = r.lat;
        l.lon = r.lon;
        NetSource s;
        s.ip = r.ip;
        s.asn = r.asn;
        s.asn_name = r.asn_name;
        s.kind = r.kind_word == "cloud" ? SourceKind::Cloud : r.kind_word == "tor" ? SourceKind::Tor : r.kind_word == "residential" ? SourceKind::Home : SourceKind::Vps;
        s.location = t.AddLocation(l);
        idx = t.AddSource(s);
        break;
      }
      case RoleKind::App: {
        App a;
        a.app_id = engine::Guid(engine::Mix64(m_seed, 0xa99, engine::Fnv1a64(r.name)));
        a.display_name = r.display_name;
        a.publisher = r.publisher;
        a.multi_tenant = true;
        a.attacker = true;
        a.reply_urls = {r.reply_url};
        t.apps.push_back(a);
        idx = static_cast<uint32_t>(t.apps.size() - 1);
        break;
      }
      case RoleKind::External: idx = 0; break;
    }
    m_roles.emplace_back(r.name, idx);
  }
}

void Exercise::ScheduleInjects() {
  const size_t n = m_spec.injects.size();
  m_inject_released.assign(n, false);
  m_inject_out.assign(n, 0);
  m_inject_held.assign(n, 0);
  m_inject_due.assign(n, -1);
  m_inject_text.clear();
  for (const InjectSpec& in : m_spec.injects) m_inject_text.emplace_back(in.subject, in.message);
  for (size_t i = 0; i < n; ++i) {
    const InjectSpec& in = m_spec.injects[i];
    if (in.at < 0) continue;
    m_inject_due[i] = Start() + in.at;
    m_world->Scheduler().At(Start() + in.at, [this, i](SimTime now) {
      if (m_inject_released[i]) return;
      m_inject_released[i] = true;
      ReleaseInject(i, now);
    });
  }
}

void Exercise::ReleaseInject(size_t i, SimTime now) {
  if (m_inject_out[i] || m_inject_held[i]) return;
  m_inject_out[i] = 1;
  const InjectSpec& s = m_spec.injects[i];
  m_injects.push_back({now, s.id, s.from, s.channel, m_inject_text[i].first, m_inject_text[i].second});
  Notify(s.id, now);
}

SimTime Exercise::AlertSeenAt(const InjectSpec& in, SimTime due) const {
  if (in.channel != "alert") return due;
  const TenantSettings& s = m_world->GetTenant().settings;
  if (s.alert_queue == AlertQueue::Always) return due;
  if (s.alert_queue == AlertQueue::Unmonitored) return due + 3 * engine::kDay;  // seen at the next weekly review
  // Business hours: Monday to Friday, 08:00-18:00 in the tenant's time zone.
  const SimTime offset = static_cast<SimTime>(s.utc_offset_min) * kMinute;
  SimTime local = due + offset;
  for (int i = 0; i < 8; ++i) {
    const SimTime day = local >= 0 ? local / engine::kDay : (local - engine::kDay + 1) / engine::kDay;
    const int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7);  // 0 = Monday (1970-01-01 was a Thursday)
    const SimTime tod = local - day * engine::kDay;
    if (weekday < 5 && tod < 18 * kHour) return std::max(local, day * engine::kDay + 8 * kHour) - offset;
    local = (day + 1) * engine::kDay;
  }
  return due;
}

void Exercise::OnAttackEvent(const AttackEvent& e) {
  // Events stamped in the future (a later detection) reach listeners when they happen.
  if (e.time > m_world->Now()) {
    const std::string name = e.name;
    m_world->Scheduler().At(e.time, [this, name](SimTime when) { Notify(name, when); });
  } else {
    Notify(e.name, e.time);
  }
  for (size_t i = 0; i < m_spec.injects.size(); ++i) {
    const InjectSpec& in = m_spec.injects[i];
    if (in.on != e.name || m_inject_released[i]) continue;
    m_inject_released[i] = true;
    const SimTime when = AlertSeenAt(in, std::max(e.time + in.delay, m_world->Now()));
    if (when >= End()) continue;
    m_inject_due[i] = when;
    m_world->Scheduler().At(when, [this, i](SimTime now) { ReleaseInject(i, now); });
  }
}

// [SECTION] Facilitator inject control

engine::Result<size_t> Exercise::FindInject(const std::string& id) const {
  std::vector<std::string> ids;
  for (size_t i = 0; i < m_spec.injects.size(); ++i) {
    if (m_spec.injects[i].id == id) return i;
    ids.push_back(m_spec.injects[i].id);
  }
  if (ids.empty()) return engine::Error{"this scenario has no injects (asked for \"" + id + "\")."};
  const std::string near = engine::ClosestMatch(id, ids);
  std::string all;
  for (const auto& s : ids) all += (all.empty() ? "" : ", ") + s;
  return engine::Error{"no inject \"" + id + "\" in this scenario" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                       "; its injects are: " + all + "."};
}

engine::Status Exercise::HoldInject(const std::string& id) {
  auto i = FindInject(id);
  if (!i) return engine::Status::Fail("hold inject: " + i.ErrorMessage());
  if (m_inject_out[i.Value()]) return engine::Status::Fail("hold inject: \"" + id + "\" was already released; only a future inject can be held.");
  if (m_inject_held[i.Value()]) return engine::Status::Fail("hold inject: \"" + id + "\" is already held; release it with \"release now\".");
  if (m_world->Now() >= End()) return engine::Status::Fail("hold inject: the exercise is over.");
  m_inject_held[i.Value()] = 1;
  return {};
}

engine::Status Exercise::ReleaseInjectNow(const std::string& id) {
  auto i = FindInject(id);
  if (!i) return engine::Status::Fail("release inject: " + i.ErrorMessage());
  const size_t k = i.Value();
  if (m_inject_out[k]) return engine::Status::Fail("release inject: \"" + id + "\" was already released.");
  if (m_world->Now() >= End()) return engine::Status::Fail("release inject: the exercise is over.");
  m_inject_held[k] = 0;
  m_inject_released[k] = true;  // its condition, if it fires later, does not release it again
  if (m_inject_due[k] < 0 || m_inject_due[k] > m_world->Now()) m_inject_due[k] = m_world->Now();
  ReleaseInject(k, m_world->Now());
  return {};
}

engine::Status Exercise::EditInject(const std::string& id, const std::string& subject, const std::string& message) {
  auto i = FindInject(id);
  if (!i) return engine::Status::Fail("edit inject: " + i.ErrorMessage());
  if (m_inject_out[i.Value()]) return engine::Status::Fail("edit inject: \"" + id + "\" was already released; edit an inject before it is released.");
  if (subject.empty()) return engine::Status::Fail("edit inject: the subject must not be empty.");
  m_inject_text[i.Value()] = {subject, message};
  return {};
}

std::vector<InjectStatus> Exercise::InjectControl() const {
  std::vector<InjectStatus> out;
  for (size_t i = 0; i < m_spec.injects.size(); ++i) {
    const InjectSpec& in = m_spec.injects[i];
    InjectStatus s;
    s.id = in.id;
    s.due = m_inject_due[i];
    s.on = in.on;
    s.held = m_inject_held[i] != 0;
    s.released = m_inject_out[i] != 0;
    s.subject = m_inject_text[i].first;
    s.message = m_inject_text[i].second;
    s.edited = s.subject != in.subject || s.message != in.message;
    s.from = in.from;
    s.channel = in.channel;
    out.push_back(std::move(s));
  }
  return out;
}

void Exercise::AdvanceTo(SimTime t, const std::function<void(double)>& progress) {
  // Channels are re-checked by the events that change them (responder actions as they complete,
  // the attacker's own ticks), never at the end of an advance: the close times must not depend on
  // how the clock was sliced (the desktop program advances in frame-sized steps, a replay in one).
  m_world->AdvanceTo(std::min(t, End()), progress);
}

uint32_t Exercise::RoleEntity(const std::string& role, RoleKind kind) const {
  const RoleSpec* r = m_spec.FindRole(role);
  if (!r || r->kind != kind) return kNone;
  for (const auto& [n, i] : m_roles) if (n == role) return i;
  return kNone;
}
uint32_t Exercise::RoleUser(const std::string& role) const { return RoleEntity(role, RoleKind::User); }
uint32_t Exercise::RoleSource(const std::string& role) const { return RoleEntity(role, RoleKind::Source); }
uint32_t Exercise::RoleApp(const std::string& role) const { return RoleEntity(role, RoleKind::App); }
std::string Exercise::RoleAddress(const std::string& role) const {
  const RoleSpec* r = m_spec.FindRole(role);
  return r && r->kind == RoleKind::External ? r->address : std::string();
}
std::vector<std::string> Exercise::RoleNames() const {
  std::vector<std::string> out;
  for (const auto& r : m_spec.roles) out.push_back(r.name);
  return out;
}
std::string Exercise::DescribeRole(const std::string& role) const {
  const RoleSpec* r = m_spec.FindRole(role);
  if (!r) return role + " (undefined)";
  const Tenant& t = m_world->GetTenant();
  switch (r->kind) {
    case RoleKind::User: {
      uint32_t u = RoleUser(role);
      return u == kNone ? role + " = (no matching user)" : role + " = " + t.users[u].upn + " (" + t.users[u].department + ")";
    }
    case RoleKind::Source: {
      uint32_t s = RoleSource(role);
      return role + " = " + t.sources[s].ip + " (AS" + std::to_string(t.sources[s].asn) + " " + t.sources[s].asn_name + ", " + r->country + ")";
    }
    case RoleKind::App: return role + " = app \"" + r->display_name + "\" (" + t.apps[RoleApp(role)].app_id + ")";
    default: return role + " = " + r->address;
  }
}

const std::vector<AttackEvent>& Exercise::Timeline() const { return m_attacker->timeline; }
const std::vector<Channel>& Exercise::Channels() const { return m_attacker->channels; }
const AttackMetrics& Exercise::Metrics() const { return m_attacker->metrics; }
void Exercise::StopFraud(SimTime when, const std::string& how) {
  if (m_attacker->fraud_stopped) return;
  m_attacker->fraud_stopped = true;
  m_attacker->timeline.push_back({when, "fraud_stopped", "", how});
}
bool Exercise::FraudStopped() const { return m_attacker->fraud_stopped; }
void Exercise::AttackerLearnsPassword(uint32_t user) { m_attacker->LearnPassword(user); }
bool Exercise::IsCompromised(uint32_t user) const { return m_attacker->IsVictim(user); }
size_t Exercise::PurgeMessages(const std::string& subject) {
  auto keys = m_attacker->MessageKeysOf(subject);
  m_purged.insert(m_purged.end(), keys.begin(), keys.end());
  return keys.size();
}
void Exercise::RefreshChannels() { m_attacker->RefreshChannels(m_world->Now()); }

}  // namespace td::sim
