#pragma once
// Benign background activity: users keep working hours in the tenant's time zone (lighter
// weekends), sign in, refresh tokens, read and send mail, work with files; admins change the
// directory; a line-of-business app signs in with its secret; a few users keep benign inbox rules
// and forward externally on purpose (decoys for the trainee).
//
// Each simulated day is planned at once from the stream ("background", day) as a list of intents
// sorted by time; the World carries them out one by one, interleaved with scheduled events, so a
// blocked user's later sign-ins fail and a revoked session must be re-established.
#include <cstdint>
#include <vector>

#include "engine/scheduler.h"
#include "sim/log_tables.h"
#include "sim/tenant.h"
#include "sim/tenant_template.h"

namespace td::sim {

enum class IntentKind : uint8_t { DayStartSignIn, MobileSignIn, TokenRefresh, MailRead, MailSend, FileOp, AdminChange, LobAppSignIn, DecoyRule, DecoyForward };

struct Intent {
  SimTime time;
  uint32_t user;   // actor (kNone for the line-of-business app)
  IntentKind kind;
  uint8_t a;       // kind-specific small value (app choice, op, failure mode …)
  uint16_t b;      // kind-specific
  uint32_t c;      // kind-specific (file, target user …)
};

class Background {
 public:
  Background(const TemplateSpec& spec, uint64_t seed) : m_activity(spec.activity), m_seed(seed) {}
  // Plans the day that starts at day_start (UTC midnight of the tenant's local day).
  void PlanDay(const Tenant& tenant, SimTime day_start, int64_t day_index, std::vector<Intent>& out) const;
  // Carries out one intent: changes tenant state (sessions) and appends log rows, all at the
  // intent's time; what happens later (a retry after a failed sign-in) is scheduled, so rows
  // always arrive in time order.
  void Execute(Tenant& tenant, TenantLogs& logs, engine::Scheduler& scheduler, const Intent& intent);

 private:
  uint32_t CurrentSession(Tenant& t, TenantLogs& logs, uint32_t user, SimTime now, bool mobile);
  void SignInFlow(Tenant& t, TenantLogs& logs, engine::Scheduler& sched, uint32_t user, SimTime now, uint8_t failure, bool mobile);
  void SucceedSignIn(Tenant& t, TenantLogs& logs, uint32_t user, SimTime now, bool mobile, uint32_t source);
  void EnsureLobApp(Tenant& t);

  ActivitySpec m_activity;
  uint64_t m_seed;
  std::vector<uint32_t> m_session_of_user;  // current desktop session per user (kNone: none)
  std::vector<uint32_t> m_mobile_session_of_user;
  uint32_t m_lob_sp = kNone;
  uint32_t m_lob_source = kNone;
  uint64_t m_counter = 0;  // deterministic variety within Execute
  mutable std::vector<uint64_t> m_keys;    // PlanDay scratch
  mutable std::vector<Intent> m_sorted;    // PlanDay scratch
};

// The user's current valid session is kept in Background; the attack code asks the world for it.
bool SessionUsable(const Tenant& t, uint32_t session, SimTime now);

}  // namespace td::sim
