#pragma once
// Shared helpers for the sim tests: small worlds built from the shipped templates.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/byte_sink.h"
#include "engine/jsonl_writer.h"
#include "sim/assets.h"
#include "engine/json_load.h"
#include "sim/tenant_template.h"
#include "sim/world.h"

namespace td::test {

inline sim::TemplateSpec ShippedTemplate(const std::string& name) {
  auto spec = sim::LoadShippedTemplate(name);
  REQUIRE_MESSAGE(spec.has_value(), "no shipped template " << name);
  return *spec;
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

// (name, type) of the published schema (shared/reference/schemas), as the exporter must write it:
// without the billing columns, with the standard TenantId column where the list omits it.
inline std::vector<std::pair<std::string, std::string>> ReferenceSchema(const std::string& table) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(std::string(TD_SHARED_DIR) + "/reference/schemas/" + table + ".columns.csv");
  REQUIRE_MESSAGE(in.good(), "reference schema missing for " << table);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    auto c1 = line.find(','), c2 = line.find(',', c1 + 1);
    std::string name = line.substr(0, c1), type = line.substr(c1 + 1, c2 - c1 - 1);
    if (name.empty() || name == "_BilledSize" || name == "_IsBillable") continue;
    out.emplace_back(name, type);
  }
  bool has_tenant = false;
  for (const auto& c : out) has_tenant |= c.first == "TenantId";
  if (!has_tenant) out.emplace_back("TenantId", "string");
  return out;
}

}  // namespace td::test
