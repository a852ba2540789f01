#pragma once
// Shared helpers for the sim tests: small worlds built from the shipped templates.
#include <memory>
#include <string>

#include "engine/byte_sink.h"
#include "engine/jsonl_writer.h"
#include "sim/assets.h"
#include "engine/json_load.h"
#include "sim/tenant_template.h"
#include "sim/world.h"

namespace td::test {

inline sim::TemplateSpec ShippedTemplate(const std::string& name) {
  auto text = sim::EmbeddedAsset("scenarios/tenants/" + name + ".json");
  return sim::ParseTemplate(engine::ParseJsonText(text, name), name);
}

inline constexpr engine::SimTime kStart = 1772409600000;  // 2026-03-02T00:00:00Z, a Monday

inline std::unique_ptr<sim::World> MakeWorld(const sim::TemplateSpec& spec, uint64_t seed, int days) {
  auto w = std::make_unique<sim::World>(spec, seed, kStart);
  w->AdvanceTo(kStart + days * engine::kDay);
  return w;
}

// Every visible row of a table as JSON lines.
inline std::string TableText(const sim::World& w, const std::string& table) {
  const engine::LogTable* t = w.Logs().Store().Find(table);
  engine::TableView v(*t, w.Logs().ViewFor(*t, w.Now()));
  engine::ByteSink sink(nullptr, size_t(1) << 40);
  engine::WriteJsonl(v, sink);
  return sink.Buffer();
}

}  // namespace td::test
