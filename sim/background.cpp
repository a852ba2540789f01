#include "sim/background.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "engine/hash.h"
#include "engine/radix_sort.h"
#include "engine/random.h"
#include "sim/catalog.h"

namespace td::sim {

using engine::kDay;
using engine::kHour;
using engine::kMinute;
using engine::RandomStream;

namespace {

// Working-day shape: a lunch dip around the middle, a few early and late touches.
// One engine draw gives the two uniforms (32 bits each); deterministic arithmetic on the bits.
SimTime PickWorkTime(RandomStream& r, SimTime start, SimTime len) {
  const uint64_t bits = r.Next();
  const double u = static_cast<double>(bits & 0xffffffffu) * 0x1p-32;
  const double v = static_cast<double>(bits >> 32) * 0x1p-32;
  double x = (u + v) / 2;            // triangular: busy middle
  if (std::fabs(x - 0.5) < 0.04 && (bits & 0xff) < 154) x = static_cast<double>(r.Next() >> 11) * 0x1p-53;  // lunch dip
  return start + static_cast<SimTime>(x * static_cast<double>(len));
}

}  // namespace

bool SessionUsable(const Tenant& t, uint32_t session, SimTime now) {
  if (session == kNone || session >= t.sessions.size()) return false;
  const Session& s = t.sessions[session];
  const User& u = t.users[s.user];
  return !s.revoked && u.enabled && s.started >= u.tokens_valid_after && now < s.refresh_expires;
}

void Background::PlanDay(const Tenant& t, SimTime day_start, int64_t day_index, std::vector<Intent>& out) const {
  RandomStream r(m_seed, "background", static_cast<uint64_t>(day_index));
  const auto local = engine::ToCivil(day_start + t.settings.utc_offset_min * kMinute + 12 * kHour);
  const bool weekend = local.weekday == 0 || local.weekday == 6;
  const auto& a = m_activity;
  const auto nusers = static_cast<uint32_t>(t.users.size());
  for (uint32_t ui = 0; ui < nusers; ++ui) {
    const User& u = t.users[ui];
    if (u.activity <= 0) continue;
    if (!u.enabled) {
      // A blocked user still tries to start the day, and fails.
      out.push_back({day_start + (u.start_min - t.settings.utc_offset_min) * kMinute, ui, IntentKind::DayStartSignIn, 0, 0, 0});
      continue;
    }
    double factor = u.activity;
    if (weekend) {
      if (!u.works_weekends && !r.Chance(a.weekend_factor * 2)) {
        // A quick phone check on some weekend days.
        if (u.mobile_device != kNone && r.Chance(0.3)) {
          SimTime when = day_start + (10 + r.UniformInt(0, 10)) * kHour + r.UniformInt(0, 59) * kMinute;
          out.push_back({when, ui, IntentKind::MobileSignIn, 0, 0, 0});
          out.push_back({when + r.UniformInt(1, 20) * kMinute, ui, IntentKind::MailRead, 1, 0, 0});
        }
        continue;
      }
      factor *= 0.4;
    }
    const SimTime start = day_start + (u.start_min - t.settings.utc_offset_min + r.UniformInt(-20, 20)) * kMinute +
                          r.UniformInt(0, 59) * engine::kSecond;
    const SimTime len = (u.day_len_min + r.UniformInt(-30, 30)) * kMinute;
    const uint8_t failure = r.Chance(a.signin_failure_rate) ? static_cast<uint8_t>(r.UniformInt(1, 3)) : 0;
    out.push_back({start, ui, IntentKind::DayStartSignIn, failure, 0, 0});
    if (u.mobile_device != kNone && r.Chance(0.35))
      out.push_back({PickWorkTime(r, start, len), ui, IntentKind::MobileSignIn, 0, 0, 0});
    auto emit = [&](double per_day, IntentKind kind) {
      int64_t n = r.Poisson(per_day * factor);
      for (int64_t k = 0; k < n; ++k) {
        SimTime when = PickWorkTime(r, start + kMinute, len);
        const uint64_t bits = r.Next();  // one draw gives the three kind-specific values
        out.push_back({when, ui, kind, static_cast<uint8_t>(bits), static_cast<uint16_t>(bits >> 8),
                       static_cast<uint32_t>((bits >> 24) & 0x7fffffff)});
      }
    };
    emit(a.token_refreshes_per_day, IntentKind::TokenRefresh);
    emit(a.mail_reads_per_day, IntentKind::MailRead);
    emit(a.mail_sends_per_day, IntentKind::MailSend);
    emit(a.file_ops_per_day, IntentKind::FileOp);
    if (u.roles && !u.emergency_access) {
      int64_t n = r.Poisson(static_cast<double>(a.admin_changes_per_day) * factor / 3.0);
      for (int64_t k = 0; k < n; ++k)
        out.push_back({PickWorkTime(r, start, len), ui, IntentKind::AdminChange, static_cast<uint8_t>(r.UniformInt(0, 255)),
                       0, static_cast<uint32_t>(r.UniformInt(0, nusers - 2))});
    }
  }
  // The line-of-business connector syncs hourly, all day.
  for (int h = 0; h < 24; ++h)
    out.push_back({day_start + h * kHour + 5 * kMinute + r.UniformInt(0, 120) * engine::kSecond, kNone,
                   IntentKind::LobAppSignIn, 0, 0, 0});
  // Decoys: benign rules and deliberate forwarding are set up on the first day.
  if (day_index == 0) {
    const int rule_users = static_cast<int>(std::lround(a.legit_rule_share * nusers));
    for (int k = 0; k < rule_users; ++k) {
      auto ui = static_cast<uint32_t>(engine::Mix64(m_seed, 0xdec0, static_cast<uint64_t>(k)) % nusers);
      if (t.users[ui].emergency_access) continue;
      out.push_back({day_start + (10 * 60 - t.settings.utc_offset_min + r.UniformInt(0, 360)) * kMinute, ui,
                     IntentKind::DecoyRule, static_cast<uint8_t>(k % 4), 0, 0});
    }
    for (int k = 0; k < a.external_forwarders && nusers > 2; ++k) {
      auto ui = static_cast<uint32_t>(engine::Mix64(m_seed, 0xf0f0, static_cast<uint64_t>(k)) % (nusers - 1));
      out.push_back({day_start + (11 * 60 - t.settings.utc_offset_min + r.UniformInt(0, 300)) * kMinute, ui,
                     IntentKind::DecoyForward, 0, 0, 0});
    }
  }
  // Stable order by time: sort packed (time offset, index) keys, then permute.
  // Scratch buffers are reused across days: the plan keeps its capacity, nothing is zero-filled.
  const SimTime base = day_start - kDay;
  std::vector<uint64_t>& keys = m_keys;
  keys.resize(out.size());
  for (size_t i = 0; i < out.size(); ++i)
    keys[i] = (static_cast<uint64_t>(std::max<SimTime>(0, out[i].time - base)) << 24) | i;
  engine::RadixSortHighBits(keys, 24);
  m_sorted.resize(out.size());
  for (size_t i = 0; i < keys.size(); ++i) m_sorted[i] = out[keys[i] & 0xffffff];
  std::copy(m_sorted.begin(), m_sorted.end(), out.begin());
}

void Background::SucceedSignIn(Tenant& t, TenantLogs& logs, uint32_t ui, SimTime now, bool mobile, uint32_t source) {
  User& u = t.users[ui];
  if (!u.enabled) return;
  const uint32_t device = mobile ? u.mobile_device : u.device;
  const bool at_office = source == u.office && source != kNone;
  const uint32_t app = mobile ? kAppIndex<app::kOutlookMobile>
                              : ((m_counter++ % 3) == 0 ? kAppIndex<app::kOfficeHome> : (m_counter % 3) == 1 ? kAppIndex<app::kOutlookWeb> : kAppIndex<app::kTeams>);
  const bool has_mfa = u.methods.size() > 1;
  const MfaMethod method = has_mfa ? u.methods[1].kind : MfaMethod::Password;
  const bool phish_resistant = method == MfaMethod::Fido2 || method == MfaMethod::WindowsHello;
  // MFA is asked outside the trusted offices (a common CA set-up).
  const bool mfa_required = t.settings.mfa != MfaStrength::None && !at_office;
  SignInFact f;
  f.time = now;
  f.user = ui;
  f.app = app;
  f.resource = (mobile ? kAppIndex<app::kExchange> : kAppIndex<app::kGraph>);
  f.source = source;
  f.device = device;
  f.method = method;
  f.correlation = logs.NextCorrelation();
  f.result = SignInResult::kSuccess;
  if (phish_resistant) f.flags |= kSfPhishResistant;
  else if (mfa_required && has_mfa) f.flags |= kSfMfaPerformed;
  if (t.settings.cae) f.flags |= kSfCae;
  const uint32_t s = t.OpenSession(ui, device, source, app, now, (f.flags & (kSfMfaPerformed | kSfPhishResistant)) != 0, false);
  f.session = s;
  logs.SignIn(f);
  auto& slot = mobile ? m_mobile_session_of_user : m_session_of_user;
  if (slot.size() < t.users.size()) slot.resize(t.users.size(), kNone);
  slot[ui] = s;
}

void Background::SignInFlow(Tenant& t, TenantLogs& logs, engine::Scheduler& sched, uint32_t ui, SimTime now, uint8_t failure, bool mobile) {
  User& u = t.users[ui];
  const uint32_t device = mobile ? u.mobile_device : u.device;
  const bool at_office = !mobile && u.office != kNone && (engine::Mix64(m_seed, ui, static_cast<uint64_t>(now / kDay)) % 100) < 70;
  const uint32_t source = mobile ? u.mobile : at_office ? u.office : u.home;
  const bool has_mfa = u.methods.size() > 1;
  const MfaMethod method = has_mfa ? u.methods[1].kind : MfaMethod::Password;
  const bool phish_resistant = method == MfaMethod::Fido2 || method == MfaMethod::WindowsHello;
  const bool mfa_required = t.settings.mfa != MfaStrength::None && !at_office;
  SignInFact f;
  f.time = now;
  f.user = ui;
  f.app = mobile ? kAppIndex<app::kOutlookMobile> : kAppIndex<app::kOfficeHome>;
  f.resource = (mobile ? kAppIndex<app::kExchange> : kAppIndex<app::kGraph>);
  f.source = source;
  f.device = device;
  f.session = static_cast<uint32_t>(t.sessions.size());  // a failed sign-in still shows a session id
  f.method = method;
  f.correlation = logs.NextCorrelation();
  SimTime retry = 0;
  uint32_t retry_source = source;
  if (!u.enabled) {
    f.result = SignInResult::kAccountDisabled;
  } else if (t.SourceBlocked(source) || !t.PassesStrongAuth(ui, method)) {
    f.result = SignInResult::kCaBlocked;  // a responder's Conditional Access policy: collateral
  } else if (failure == 1) {  // mistyped password, then success
    f.result = SignInResult::kBadPassword;
    retry = 40 * engine::kSecond;
  } else if (failure == 2 && mfa_required && has_mfa && !phish_resistant) {  // declined push, then approved
    f.result = SignInResult::kMfaDenied;
    retry = 75 * engine::kSecond;
  } else if (failure == 3 && !mobile && !t.devices[device].compliant) {  // CA: compliant device required
    f.result = SignInResult::kCaBlocked;
    retry = 20 * kMinute;
    retry_source = u.home;
  } else {
    SucceedSignIn(t, logs, ui, now, mobile, source);
    return;
  }
  logs.SignIn(f);
  if (retry > 0)
    sched.At(now + retry, [this, &t, &logs, ui, mobile, retry_source](SimTime when) { SucceedSignIn(t, logs, ui, when, mobile, retry_source); });
}

uint32_t Background::CurrentSession(Tenant& t, TenantLogs& logs, uint32_t ui, SimTime now, bool mobile) {
  auto& slot = mobile ? m_mobile_session_of_user : m_session_of_user;
  if (slot.size() < t.users.size()) slot.resize(t.users.size(), kNone);
  uint32_t s = slot[ui];
  if (SessionUsable(t, s, now)) return s;
  if (!t.users[ui].enabled) return kNone;
  if (s != kNone) {
    // The client tries its refresh token, is refused, and the user signs in again.
    SignInFact f;
    f.time = now;
    f.user = ui;
    f.app = t.sessions[s].app;
    f.resource = kAppIndex<app::kExchange>;
    f.source = t.sessions[s].source;
    f.device = t.sessions[s].device;
    f.session = s;
    f.result = SignInResult::kTokenRevoked;
    f.flags = kSfRefreshToken;
    f.correlation = logs.NextCorrelation();
    f.interactive = false;
    logs.SignIn(f);
  }
  const User& u = t.users[ui];
  SucceedSignIn(t, logs, ui, now, mobile, mobile ? u.mobile : u.home);
  return SessionUsable(t, slot[ui], now) ? slot[ui] : kNone;
}

void Background::EnsureLobApp(Tenant& t) {
  if (m_lob_sp != kNone) return;
  App app;
  app.app_id = engine::Guid(engine::Mix64(m_seed, 0x10b));
  app.display_name = "HR Directory Sync";
  app.publisher = t.settings.organization;
  app.reply_urls = {"https://hr-sync.internal.example/callback"};
  t.apps.push_back(app);
  ServicePrincipal sp;
  sp.object_id = engine::Guid(engine::Mix64(m_seed, 0x10c));
  sp.app = static_cast<uint32_t>(t.apps.size() - 1);
  sp.has_secret = true;
  sp.credential_key_id = engine::Guid(engine::Mix64(m_seed, 0x10d));
  t.sps.push_back(sp);
  m_lob_sp = static_cast<uint32_t>(t.sps.size() - 1);
  NetSource src;
  src.ip = "203.0.113.200";
  src.asn = 64510;
  src.asn_name = "Example Cloud Hosting";
  src.kind = SourceKind::Cloud;
  src.location = 0;
  m_lob_source = t.AddSource(src);
}

void Background::Execute(Tenant& t, TenantLogs& logs, engine::Scheduler& sched, const Intent& in) {
  const SimTime now = in.time;
  if (in.kind == IntentKind::LobAppSignIn) {
    EnsureLobApp(t);
    const ServicePrincipal& sp = t.sps[m_lob_sp];
    SpSignInFact f;
    f.time = now;
    f.sp = m_lob_sp;
    f.resource = kAppIndex<app::kGraph>;
    f.source = m_lob_source;
    f.result = sp.enabled && !sp.deleted ? SignInResult::kSuccess : SignInResult::kAccountDisabled;
    f.correlation = logs.NextCorrelation();
    logs.SpSignIn(f);
    return;
  }
  User& u = t.users[in.user];
  if (!u.enabled) {
    if (in.kind == IntentKind::DayStartSignIn) SignInFlow(t, logs, sched, in.user, now, 0, false);
    return;  // a blocked user gets no further work done today
  }
  const uint8_t mail_gate = u.plan == M365Plan::E5 ? 0 : static_cast<uint8_t>(kFeatMailAuditStandard);
  switch (in.kind) {
    case IntentKind::DayStartSignIn: SignInFlow(t, logs, sched, in.user, now, in.a, false); break;
    case IntentKind::MobileSignIn:
      if (u.mobile_device != kNone) SignInFlow(t, logs, sched, in.user, now, 0, true);
      break;
    case IntentKind::TokenRefresh: {
      uint32_t s = CurrentSession(t, logs, in.user, now, false);
      if (s == kNone) break;
      static constexpr uint32_t kClientIdx[] = {kAppIndex<app::kOffice>, kAppIndex<app::kTeams>, kAppIndex<app::kOneDriveSync>, kAppIndex<app::kOffice>};
      static constexpr uint32_t kResourceIdx[] = {kAppIndex<app::kExchange>, kAppIndex<app::kGraph>, kAppIndex<app::kSharePoint>, kAppIndex<app::kGraph>};
      const int k = in.a % 4;
      SignInFact f;
      f.time = now;
      f.user = in.user;
      f.app = kClientIdx[k];
      f.resource = kResourceIdx[k];
      Session& sess = t.sessions[s];
      if (t.SourceBlocked(sess.source)) {
        f.source = sess.source;
        f.device = sess.device;
        f.session = s;
        f.result = SignInResult::kCaBlocked;
        f.flags = kSfRefreshToken;
        f.correlation = logs.NextCorrelation();
        f.interactive = false;
        logs.SignIn(f);
        break;
      }
      f.source = sess.source;
      f.device = sess.device;
      f.session = s;
      f.flags = static_cast<uint8_t>(kSfRefreshToken | (sess.mfa ? kSfMfaByClaim : 0) | (t.settings.cae ? kSfCae : 0));
      f.correlation = logs.NextCorrelation();
      f.interactive = false;
      logs.SignIn(f);
      sess.access_expires = now + 75 * kMinute;
      sess.refresh_expires = std::max(sess.refresh_expires, now + 14 * kDay);
      break;
    }
    case IntentKind::MailRead: {
      const bool mobile = in.a == 1 && u.mobile_device != kNone;
      uint32_t s = CurrentSession(t, logs, in.user, now, mobile);
      if (s == kNone) break;
      OfficeFact f;
      f.time = now;
      f.op = OfficeOp::MailItemsAccessed;
      f.user = in.user;
      f.mailbox = u.mailbox;
      f.source = t.sessions[s].source;
      f.session = s;
      f.client_app = mobile ? kAppIndex<app::kOutlookMobile> : (in.b % 3 == 0 ? kAppIndex<app::kOutlookWeb> : kAppIndex<app::kOffice>);
      f.detail = in.b % 10 < 7 ? 0 : in.b % 10 < 9 ? 5 : 2;
      f.count = 1 + in.c % 4;
      f.gate = mail_gate;
      logs.Office(f);
      break;
    }
    case IntentKind::MailSend: {
      uint32_t s = CurrentSession(t, logs, in.user, now, false);
      if (s == kNone) break;
      OfficeFact f;
      f.time = now;
      f.op = OfficeOp::Send;
      f.user = in.user;
      f.mailbox = u.mailbox;
      f.source = t.sessions[s].source;
      f.session = s;
      f.client_app = in.b % 3 == 0 ? kAppIndex<app::kOutlookWeb> : kAppIndex<app::kOffice>;
      f.detail = in.c % kBenignSubjectCount;
      f.gate = mail_gate;
      logs.Office(f);
      break;
    }
    case IntentKind::FileOp: {
      uint32_t s = CurrentSession(t, logs, in.user, now, false);
      if (s == kNone) break;
      // Team site of the department (mostly) or the user's own OneDrive.
      const uint32_t site = in.a % 4 == 0 && u.onedrive != kNone ? u.onedrive : u.team_site;
      if (site == kNone || t.sites[site].file_count == 0) break;
      const uint32_t file = t.sites[site].first_file + in.c % t.sites[site].file_count;
      static constexpr OfficeOp kOps[] = {OfficeOp::FileAccessed, OfficeOp::FileAccessed, OfficeOp::FileAccessed,
                                          OfficeOp::FilePreviewed, OfficeOp::FileModified, OfficeOp::FileDownloaded,
                                          OfficeOp::FileUploaded, OfficeOp::FileAccessed};
      OfficeFact f;
      f.time = now;
      f.op = in.b % 97 == 0 ? OfficeOp::SharingSet : kOps[in.b % 8];
      f.user = in.user;
      f.object = file;
      f.source = t.sessions[s].source;
      f.session = s;
      f.client_app = kAppIndex<app::kSharePoint>;
      logs.Office(f);
      break;
    }
    case IntentKind::AdminChange: {
      uint32_t target = in.c >= in.user ? in.c + 1 : in.c;
      if (target >= t.users.size() || t.users[target].emergency_access) break;
      AuditFact f;
      f.time = now;
      f.actor = in.user;
      f.target = target;
      f.source = u.office != kNone ? u.office : u.home;
      f.actor_device = u.device;
      f.correlation = logs.NextCorrelation();
      std::string modified;
      const int k = in.a % 5;
      if ((u.roles & (kRoleHelpdeskAdmin | kRoleUserAdmin | kRoleGlobalAdmin)) && k == 0) {
        f.op = AuditOp::ResetUserPassword;
        t.users[target].password_version++;
      } else if (k == 1 && t.groups.size() > 1) {
        f.op = AuditOp::AddMemberToGroup;
        f.target2 = 1 + in.a % static_cast<uint32_t>(t.groups.size() - 1);
        modified = "[{\"displayName\":\"Group.ObjectID\",\"oldValue\":null,\"newValue\":\"\\\"" + t.groups[f.target2].object_id +
                   "\\\"\"},{\"displayName\":\"Group.DisplayName\",\"oldValue\":null,\"newValue\":\"\\\"" + t.groups[f.target2].name + "\\\"\"}]";
      } else {
        f.op = AuditOp::UpdateUser;
        static constexpr const char* kProps[] = {"JobTitle", "Department", "TelephoneNumber", "OfficeLocation", "Manager"};
        const char* prop = kProps[in.a % 5];
        modified = std::string("[{\"displayName\":\"") + prop + "\",\"oldValue\":\"[]\",\"newValue\":\"[\\\"" +
                   (std::string(prop) == "JobTitle" ? t.users[target].job_title : std::string("updated")) +
                   "\\\"]\"},{\"displayName\":\"Included Updated Properties\",\"oldValue\":null,\"newValue\":\"\\\"" + prop + "\\\"\"}]";
      }
      f.modified = modified;
      logs.Audit(f);
      break;
    }
    case IntentKind::DecoyRule: {
      Mailbox& mb = t.mailboxes[u.mailbox];
      static constexpr const char* kNames[] = {"Newsletters", "Receipts", "Project Falcon", "Team updates"};
      static constexpr const char* kFolders[] = {"Newsletters", "Receipts", "Projects", "Team"};
      static constexpr const char* kFrom[] = {"news@industry-digest.example", "receipts@travel-desk.example",
                                              "falcon@fabrikam-supplies.example", "allstaff@"};
      InboxRule rule;
      rule.name = kNames[in.a % 4];
      rule.identity = u.upn + "\\" + engine::Guid(engine::Mix64(m_seed, in.user, 0x70)).substr(0, 8);
      std::string from = kFrom[in.a % 4];
      if (from.back() == '@') from += t.settings.domain;
      rule.params = {{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"From", from},
                     {"MoveToFolder", kFolders[in.a % 4]}, {"Name", rule.name}, {"StopProcessingRules", "True"}};
      rule.created = now;
      mb.rules.push_back(rule);
      std::string params = "[";
      for (size_t i = 0; i < rule.params.size(); ++i) {
        if (i) params += ",";
        params += "{\"Name\":";
        engine::AppendJsonString(params, rule.params[i].name);
        params += ",\"Value\":";
        engine::AppendJsonString(params, rule.params[i].value);
        params += "}";
      }
      params += "]";
      OfficeFact f;
      f.time = now;
      f.op = OfficeOp::NewInboxRule;
      f.user = in.user;
      f.mailbox = u.mailbox;
      f.source = u.office != kNone ? u.office : u.home;
      f.client_app = kAppIndex<app::kOutlookWeb>;
      f.object = logs.Intern("NAMPR06A003.prod.outlook.com/Microsoft Exchange Hosted Organizations/" + t.settings.initial_domain + "/" +
                             u.upn + "\\" + rule.name);
      f.detail = logs.Intern(params);
      logs.Office(f);
      break;
    }
    case IntentKind::DecoyForward: {
      Mailbox& mb = t.mailboxes[u.mailbox];
      std::string personal = u.given_name;
      std::transform(personal.begin(), personal.end(), personal.begin(), [](char ch) { return static_cast<char>(std::tolower(static_cast<unsigned char>(ch))); });
      mb.forwarding_smtp = personal + ".home@personal-mail.example";
      mb.deliver_and_forward = true;
      OfficeFact f;
      f.time = now;
      f.op = OfficeOp::SetMailbox;
      f.user = in.user;
      f.mailbox = u.mailbox;
      f.source = u.home;
      f.client_app = kAppIndex<app::kOutlookWeb>;
      f.object = logs.Intern(u.upn);
      f.detail = logs.Intern("[{\"Name\":\"Identity\",\"Value\":\"" + u.upn + "\"},{\"Name\":\"ForwardingSmtpAddress\",\"Value\":\"smtp:" +
                             mb.forwarding_smtp + "\"},{\"Name\":\"DeliverToMailboxAndForward\",\"Value\":\"True\"}]");
      logs.Office(f);
      break;
    }
    case IntentKind::LobAppSignIn: break;
  }
}

}  // namespace td::sim
