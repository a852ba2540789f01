#pragma once
// The entry points the fuzz targets (fuzz/fuzz_*.cpp) and the regression suite
// (tests/sim/fuzz_regression_test.cpp) share: each feeds raw bytes to one loader or the query
// engine exactly as a user's file or query bar would. They return "" when the input was accepted
// and the clear error message when it was refused; anything else escaping (another exception, a
// sanitizer report, a hang) is a bug.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/json_load.h"
#include "engine/kql/kql_engine.h"
#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim/plan.h"
#include "sim/save.h"
#include "sim/scenario.h"
#include "sim/tenant_gen.h"
#include "sim/tenant_template.h"
#include "sim/world.h"

namespace td::fuzz {

// Templates small enough to be built on every input (building is where shares and counts bite).
inline constexpr int kBuildUsersAtMost = 60;

// A tenant template file: parsed, validated and (when small) built.
inline std::string FeedTemplate(std::string_view bytes) {
  try {
    sim::TemplateSpec spec = sim::ParseTemplate(engine::ParseJsonText(bytes, "fuzz.json"), "fuzz.json");
    if (spec.users <= kBuildUsersAtMost) (void)sim::BuildTenant(spec, 1);
    return {};
  } catch (const engine::LoadError& e) {
    return e.what();
  }
}

// A scenario file (its tenant is a shipped template or a file path it names).
inline std::string FeedScenario(std::string_view bytes) {
  try {
    (void)sim::ParseScenario(engine::ParseJsonText(bytes, "fuzz.json"), "fuzz.json");
    return {};
  } catch (const engine::LoadError& e) {
    return e.what();
  }
}

inline const std::vector<sim::ScenarioSpec>& ShippedScenarios() {
  static const std::vector<sim::ScenarioSpec> specs = [] {
    std::vector<sim::ScenarioSpec> out;
    for (const char* name : {"aitm-session-theft", "bec-invoice-fraud", "finance-chain", "oauth-consent-persistence"}) {
      const std::string file = std::string("scenarios/") + name + ".json";
      out.push_back(sim::ParseScenario(engine::ParseJsonText(sim::EmbeddedAsset(file), file), file));
    }
    return out;
  }();
  return specs;
}

// A response plan, validated against each shipped scenario (roles, events and injects differ).
inline std::string FeedPlan(std::string_view bytes) {
  std::string first_error;
  try {
    const nlohmann::json doc = engine::ParseJsonText(bytes, "fuzz.json");
    for (const auto& spec : ShippedScenarios()) {
      try {
        (void)sim::ParsePlan(doc, "fuzz.json", spec);
      } catch (const engine::LoadError& e) {
        if (first_error.empty()) first_error = e.what();
      }
    }
  } catch (const engine::LoadError& e) {
    return e.what();
  }
  return first_error;
}

// A saved exercise: the document (sim::ParseSave) and the scenario it plays (its embedded scenario,
// template and posture texts parsed and applied by sim::SavedScenario). Replay is not fuzzed: it
// builds a world per input.
inline std::string FeedSave(std::string_view bytes) {
  try {
    const sim::SaveData save = sim::ParseSave(bytes, "fuzz.tdsave");
    (void)sim::SavedScenario(save);
    return {};
  } catch (const engine::LoadError& e) {
    return e.what();
  }
}

// The query bar's syntax check.
inline std::string FeedKqlSyntax(std::string_view query) {
  auto err = engine::kql::Engine::CheckSyntax(query);
  return err ? err->Format(query) : std::string();
}

// One generated day of the small-business-50 tenant: every table the generator writes.
struct KqlWorld {
  std::unique_ptr<sim::World> world;
  std::unique_ptr<engine::kql::Engine> engine;
  KqlWorld() {
    const engine::SimTime start = engine::FromCivil(2026, 3, 2);
    world = std::make_unique<sim::World>(*sim::LoadShippedTemplate("small-business-50"), 7, start);
    world->AdvanceTo(start + engine::kDay);
    engine = std::make_unique<engine::kql::Engine>(world->Logs().Store(), start + engine::kDay);
  }
};

inline const engine::kql::Engine& KqlEngine() {
  static const KqlWorld w;
  return *w.engine;
}

// Budgets small enough that a fuzzed cross join stops in well under a second.
inline engine::kql::Limits FuzzLimits() {
  engine::kql::Limits l;
  l.max_rows = 200'000;
  l.max_bytes = size_t{64} << 20;
  l.max_result_rows = 50'000;
  return l;
}

// A query run over the generated day (Explain on odd lengths: it runs the query too and times it).
inline std::string FeedKqlRun(std::string_view query) {
  const auto& eng = KqlEngine();
  engine::kql::QueryRun run = (query.size() & 1) ? eng.Explain(query, FuzzLimits()) : eng.Run(query, FuzzLimits());
  if (!run.Ok()) return run.error->Format(query);
  (void)run.result.ToCsv();
  return {};
}

}  // namespace td::fuzz
