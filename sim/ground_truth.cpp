#include "sim/ground_truth.h"

#include <nlohmann/json.hpp>

namespace td::sim {

std::string GroundTruthJson(const Exercise& ex) {
  using nlohmann::ordered_json;
  const Tenant& t = ex.GetWorld().GetTenant();
  ordered_json j;
  j["scenario"] = ex.Spec().id;
  j["title"] = ex.Spec().title;
  j["seed"] = ex.Seed();
  j["start"] = engine::FormatIso(ex.Start());
  j["end"] = engine::FormatIso(ex.End());
  ordered_json roles = ordered_json::object();
  for (const auto& r : ex.RoleNames()) roles[r] = ex.DescribeRole(r);
  j["roles"] = roles;
  ordered_json tl = ordered_json::array();
  for (const auto& e : ex.Timeline()) {
    ordered_json ev;
    ev["time"] = engine::FormatIso(e.time);
    ev["event"] = e.name;
    ev["attack_id"] = e.attack_id;
    ev["detail"] = e.detail;
    if (e.user != kNone) ev["user"] = t.users[e.user].upn;
    if (e.source != kNone) ev["ip"] = t.sources[e.source].ip;
    tl.push_back(ev);
  }
  j["attack_timeline"] = tl;
  ordered_json ch = ordered_json::array();
  for (const auto& c : ex.Channels()) {
    ordered_json o;
    o["kind"] = ToString(c.kind);
    o["user"] = c.user < t.users.size() ? t.users[c.user].upn : "";
    o["description"] = c.description;
    o["opened"] = engine::FormatIso(c.opened);
    o["open"] = c.Open();
    if (!c.Open()) {
      o["closed"] = engine::FormatIso(c.closed);
      o["closed_because"] = c.closed_reason;
    }
    o["survives"] = Survives(c.kind);
    o["closed_by"] = ClosedBy(c.kind);
    ch.push_back(o);
  }
  j["channels"] = ch;
  const AttackMetrics& m = ex.Metrics();
  j["metrics"] = {{"mail_items_exposed", m.mail_items_exposed}, {"files_exfiltrated", m.files_exfiltrated},
                  {"fraud_loss_usd", m.fraud_loss_usd}, {"identities_compromised", m.identities_compromised},
                  {"phish_recipients", m.phish_recipients}, {"phish_clicks", m.phish_clicks}};
  ordered_json inj = ordered_json::array();
  for (const auto& i : ex.Injects())
    inj.push_back({{"time", engine::FormatIso(i.time)}, {"id", i.id}, {"from", i.from}, {"channel", i.channel}, {"subject", i.subject}, {"message", i.message}});
  j["injects"] = inj;
  return j.dump(2) + "\n";
}

}  // namespace td::sim
