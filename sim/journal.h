#pragma once
// The journal: every world-changing command of an exercise with the simulated time it was applied
// at (responder actions, use_hint included, and the facilitator's inject hold / release / edit).
// The CLI and the desktop program apply commands through a Journal, so a save holds the commands
// and loading replays them (AdvanceTo(at), then apply) onto a freshly built exercise: same
// scenario + seed + journal = the same world, byte for byte (docs/save-format.md).
// Response plans are not journaled: their actions are scheduled by the plan, which a save keeps.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/result.h"
#include "sim/response.h"

namespace td::sim {

enum class CommandKind : uint8_t { Action, HoldInject, ReleaseInject, EditInject };
const char* ToString(CommandKind k);  // "action", "hold_inject", "release_inject", "edit_inject"

struct WorldCommand {
  engine::SimTime at = 0;     // simulated time it was applied at (set by Journal::Apply)
  CommandKind kind = CommandKind::Action;
  ActionRequest action;       // kind == Action
  std::string inject;         // inject id (the inject commands)
  std::string subject, message;  // kind == EditInject
};

class Journal {
 public:
  // Applies the command to the exercise at its current time and records it when accepted (a
  // refused command changes nothing and is not recorded). Returns the refusal sentence.
  engine::Status Apply(Exercise& ex, WorldCommand cmd);
  // Responder action through the journal; the record as sim::Respond returns it.
  engine::Result<ActionRecord> Respond(Exercise& ex, const ActionRequest& request);
  const std::vector<WorldCommand>& Entries() const { return m_entries; }
  void Clear() { m_entries.clear(); }

  // Replays journal entries in order on a fresh exercise: advances to each entry's time and applies
  // it. The first entry that is out of time order, beyond the exercise's end, or refused stops the
  // replay: *failed is its index and the Status says why. On success the entries are recorded.
  engine::Status Replay(Exercise& ex, const std::vector<WorldCommand>& entries, size_t* failed = nullptr);

 private:
  std::vector<WorldCommand> m_entries;
};

// Applies one command without recording it (what Journal::Apply does after validation).
engine::Status ApplyCommand(Exercise& ex, const WorldCommand& cmd);

}  // namespace td::sim
