#include "sim/journal.h"

#include "sim/exercise.h"

namespace td::sim {

const char* ToString(CommandKind k) {
  switch (k) {
    case CommandKind::Action: return "action";
    case CommandKind::HoldInject: return "hold_inject";
    case CommandKind::ReleaseInject: return "release_inject";
    default: return "edit_inject";
  }
}

engine::Status ApplyCommand(Exercise& ex, const WorldCommand& cmd) {
  switch (cmd.kind) {
    case CommandKind::Action: {
      auto r = sim::Respond(ex, cmd.action);
      if (!r) return engine::Status::Fail(r.ErrorMessage());
      return {};
    }
    case CommandKind::HoldInject: return ex.HoldInject(cmd.inject);
    case CommandKind::ReleaseInject: return ex.ReleaseInjectNow(cmd.inject);
    case CommandKind::EditInject: return ex.EditInject(cmd.inject, cmd.subject, cmd.message);
  }
  return engine::Status::Fail("unknown command.");
}

engine::Status Journal::Apply(Exercise& ex, WorldCommand cmd) {
  cmd.at = ex.GetWorld().Now();
  engine::Status st = ApplyCommand(ex, cmd);
  if (st) m_entries.push_back(std::move(cmd));
  return st;
}

engine::Result<ActionRecord> Journal::Respond(Exercise& ex, const ActionRequest& request) {
  auto r = sim::Respond(ex, request);
  if (r) {
    WorldCommand cmd;
    cmd.at = r.Value().requested;
    cmd.kind = CommandKind::Action;
    cmd.action = request;
    m_entries.push_back(std::move(cmd));
  }
  return r;
}

engine::Status Journal::Replay(Exercise& ex, const std::vector<WorldCommand>& entries, size_t* failed) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const WorldCommand& c = entries[i];
    auto fail = [&](const std::string& why) {
      if (failed) *failed = i;
      return engine::Status::Fail(why);
    };
    if (c.at < ex.GetWorld().Now())
      return fail("the command is at " + engine::FormatIso(c.at) + ", before the previous one (" + engine::FormatIso(ex.GetWorld().Now()) +
                  "); commands must be in time order.");
    if (c.at > ex.End())
      return fail("the command is at " + engine::FormatIso(c.at) + ", after the exercise's end (" + engine::FormatIso(ex.End()) + ").");
    ex.AdvanceTo(c.at);
    engine::Status st = ApplyCommand(ex, c);
    if (!st) return fail("replaying it was refused: " + st.ErrorMessage());
    m_entries.push_back(c);
  }
  return {};
}

}  // namespace td::sim
