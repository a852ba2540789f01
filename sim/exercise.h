#pragma once
// [SECTION] Attack time line and channels (the ground truth)
// [SECTION] Facilitator inject control
// [SECTION] Exercise
//
// An exercise: a scenario played on a world. Roles are bound to entities when the world is
// built; the attack chain is scheduled; the attacker is an agent with goals (read mail, keep
// access, get paid, spread) that operates through whatever access channel is still open and
// falls back to another when one is closed. Randomness only through named streams.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/result.h"
#include "sim/scenario.h"
#include "sim/world.h"

namespace td::sim {

// [SECTION] Attack time line and channels

struct AttackEvent {
  SimTime time = 0;
  std::string name;       // "phish_delivered", "session_stolen", "rule_created", "fraud_sent" …
  std::string attack_id;  // MITRE ATT&CK id
  std::string detail;     // one sentence for the debrief
  uint32_t user = kNone;
  uint32_t source = kNone;
};

enum class ChannelKind : uint8_t { StolenSession, AttackerMfaMethod, OAuthGrant, InboxRule, MailboxForwarding, LegacyProtocol };
const char* ToString(ChannelKind k);
// Which remediations a channel survives (teaching text for the ground truth).
const char* Survives(ChannelKind k);
const char* ClosedBy(ChannelKind k);

struct Channel {
  ChannelKind kind;
  uint32_t user = kNone;     // the identity or mailbox owner it rides on
  uint32_t object = kNone;   // session, method index, grant, rule index
  SimTime opened = 0;
  SimTime closed = -1;       // -1 while open
  std::string closed_reason;
  std::string description;
  bool Open() const { return closed < 0; }
};

struct ReleasedInject {
  SimTime time;
  std::string id, from, channel, subject, message;
};

struct AttackMetrics {
  uint64_t mail_items_exposed = 0;   // messages read by the attacker or forwarded to it
  uint64_t files_exfiltrated = 0;
  double fraud_loss_usd = 0;
  uint32_t identities_compromised = 0;
  uint32_t phish_recipients = 0;
  uint32_t phish_clicks = 0;
};

// [SECTION] Facilitator inject control

// One scenario inject as the facilitator console sees it (Exercise::InjectControl()).
struct InjectStatus {
  std::string id;
  SimTime due = -1;          // when it is (or was) due; -1 while it waits for its condition
  std::string on;            // the condition (attacker event) of a conditional inject
  bool held = false;         // held by the facilitator: not released when due
  bool released = false;     // in Injects()
  bool edited = false;       // subject or message changed by the facilitator
  std::string from, channel, subject, message;  // as it will be (or was) released
};

// [SECTION] Exercise

class Exercise {
 public:
  // seed_override: the --seed of the command line (the scenario's seed when absent).
  Exercise(const ScenarioSpec& spec, std::optional<uint64_t> seed_override = std::nullopt);
  ~Exercise();
  Exercise(const Exercise&) = delete;
  Exercise& operator=(const Exercise&) = delete;

  const ScenarioSpec& Spec() const { return m_spec; }
  World& GetWorld() { return *m_world; }
  const World& GetWorld() const { return *m_world; }
  SimTime Start() const { return m_spec.start; }
  SimTime End() const { return m_spec.start + m_spec.duration; }
  uint64_t Seed() const { return m_seed; }
  void AdvanceTo(SimTime t, const std::function<void(double)>& progress = {});
  void RunToEnd(const std::function<void(double)>& progress = {}) { AdvanceTo(End(), progress); }

  // Role bindings (kNone when the role is absent or of another kind).
  uint32_t RoleUser(const std::string& role) const;
  uint32_t RoleSource(const std::string& role) const;
  uint32_t RoleApp(const std::string& role) const;
  std::string RoleAddress(const std::string& role) const;
  std::string DescribeRole(const std::string& role) const;  // "patient_zero = amy.lee@… (Finance)"
  std::vector<std::string> RoleNames() const;

  const std::vector<AttackEvent>& Timeline() const;
  const std::vector<Channel>& Channels() const;
  const AttackMetrics& Metrics() const;
  const std::vector<ReleasedInject>& Injects() const { return m_injects; }
  // Marks the BEC fraud as stopped (the payment is held): set by the responder's notification.
  void StopFraud(SimTime when, const std::string& how);
  bool FraudStopped() const;
  // Re-checks every channel against the tenant state now (called after each responder action).
  void RefreshChannels();
  // A password handed over in-band (mailed to the compromised mailbox) is read by the attacker.
  void AttackerLearnsPassword(uint32_t user);
  bool IsCompromised(uint32_t user) const;
  // Purges delivered lures with this subject; clicks still to come do not happen. Returns how many.
  size_t PurgeMessages(const std::string& subject);
  // Called for every attacker event and every released inject (name = event or inject id), at
  // the time it happens: response plans and the UI react to them.
  using Listener = std::function<void(const std::string& name, SimTime when)>;
  void Listen(Listener l) { m_listeners.push_back(std::move(l)); }
  // Facilitator inject control: world commands (journaled and replayed like responder actions,
  // see sim/journal.h). Each applies at the current simulated time; an unknown id, an inject
  // already released, or a finished exercise is refused with a sentence and changes nothing.
  // Hold: the inject is not released when due (nor when its condition fires) until released.
  engine::Status HoldInject(const std::string& id);
  // Releases a held or future inject now (into Injects(), listeners notified).
  engine::Status ReleaseInjectNow(const std::string& id);
  // Changes the subject and message of an inject not yet released (subject must not be empty).
  engine::Status EditInject(const std::string& id, const std::string& subject, const std::string& message);
  // Every scenario inject, in scenario order, with its state.
  std::vector<InjectStatus> InjectControl() const;
  // Responder state kept with the exercise (sim/response.cpp).
  struct ResponseState;
  ResponseState& Response();
  const ResponseState& Response() const;

  class Attacker;

 private:
  void BindRoles();
  uint32_t RoleEntity(const std::string& role, RoleKind kind) const;
  void ScheduleInjects();
  void OnAttackEvent(const AttackEvent& e);
  // When an inject due at `due` reaches the responders: alert-channel injects wait for whoever
  // watches the tenant's alert queue (settings alert_queue).
  SimTime AlertSeenAt(const InjectSpec& in, SimTime due) const;
  void ReleaseInject(size_t i, SimTime now);     // unless held or already released
  engine::Result<size_t> FindInject(const std::string& id) const;

  ScenarioSpec m_spec;
  uint64_t m_seed;
  std::unique_ptr<World> m_world;
  std::unique_ptr<Attacker> m_attacker;
  std::vector<std::pair<std::string, uint32_t>> m_roles;   // role name -> entity index
  std::vector<ReleasedInject> m_injects;
  std::vector<bool> m_inject_released;          // scheduled (time known) or released: not re-triggered
  std::vector<uint8_t> m_inject_out;             // released into m_injects
  std::vector<uint8_t> m_inject_held;            // held by the facilitator
  std::vector<SimTime> m_inject_due;             // due time once known, else -1
  std::vector<std::pair<std::string, std::string>> m_inject_text;  // subject, message (editable)
  std::vector<uint64_t> m_purged;
  std::vector<Listener> m_listeners;
  void Notify(const std::string& name, SimTime when) {
    for (auto& l : m_listeners) l(name, when);
  }
  std::unique_ptr<ResponseState> m_response;
};

}  // namespace td::sim
