#pragma once
// Helpers for the scenario tests: play shipped scenarios, read rows back, apply the state changes
// that containment actions make (the responder commands of issue 4 perform exactly these).
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/json_load.h"
#include "sim/assets.h"
#include "sim/exercise.h"
#include "sim_test_util.h"

namespace td::test {

inline sim::ScenarioSpec ShippedScenario(const std::string& name) {
  auto text = sim::EmbeddedAsset("scenarios/" + name + ".json");
  REQUIRE_MESSAGE(!text.empty(), "no shipped scenario " << name);
  return sim::ParseScenario(engine::ParseJsonText(text, name + ".json"), name + ".json");
}

inline std::vector<nlohmann::json> RowsOf(const sim::World& w, const std::string& table) {
  std::vector<nlohmann::json> out;
  std::istringstream in(TableText(w, table));
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

inline bool HasEvent(const sim::Exercise& ex, const std::string& name, engine::SimTime after = 0) {
  for (const auto& e : ex.Timeline())
    if (e.name == name && e.time >= after) return true;
  return false;
}

inline engine::SimTime At(const sim::Exercise& ex, const char* iso_duration) {
  return ex.Start() + *engine::ParseIsoDuration(iso_duration);
}

// Containment state changes.
inline void RevokeSessions(sim::Exercise& ex, uint32_t user) {
  ex.GetWorld().GetTenant().users[user].tokens_valid_after = ex.GetWorld().Now();
  ex.RefreshChannels();
}
inline void ResetPassword(sim::Exercise& ex, uint32_t user) {
  auto& u = ex.GetWorld().GetTenant().users[user];
  u.password_version++;
  u.tokens_valid_after = ex.GetWorld().Now();
  ex.RefreshChannels();
}
inline void RemoveAttackerMethods(sim::Exercise& ex, uint32_t user) {
  for (auto& m : ex.GetWorld().GetTenant().users[user].methods)
    if (m.attacker) m.removed = true;
  ex.RefreshChannels();
}
inline void RemoveAttackerRules(sim::Exercise& ex, uint32_t user) {
  auto& t = ex.GetWorld().GetTenant();
  for (auto& r : t.mailboxes[t.users[user].mailbox].rules)
    if (r.attacker) r.removed = true;
  ex.RefreshChannels();
}
inline void ClearForwarding(sim::Exercise& ex, uint32_t user) {
  auto& t = ex.GetWorld().GetTenant();
  t.mailboxes[t.users[user].mailbox].forwarding_smtp.clear();
  ex.RefreshChannels();
}
inline void RevokeGrants(sim::Exercise& ex, uint32_t user) {
  for (auto& g : ex.GetWorld().GetTenant().grants)
    if (g.user == user) g.revoked = true;
  ex.RefreshChannels();
}

}  // namespace td::test
