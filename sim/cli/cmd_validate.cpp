// tenantdrill-sim validate: checks a TenantDrill file and lists every problem.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/json_load.h"
#include "engine/load_error.h"
#include "sim/posture.h"
#include "sim/cli/cli_util.h"
#include "sim/tenant_template.h"

namespace td::cli {

namespace {
constexpr const char* kHelp =
    "usage: tenantdrill-sim validate FILE...\n"
    "\n"
    "Checks each file and lists every problem with its place (line and column for JSON syntax,\n"
    "a JSON pointer such as /departments/2/share for content) and what to do. The kind of file is\n"
    "taken from its \"schema\" field: tenantdrill/scenario@1 (scenarios), tenantdrill/tenant@1 (tenant templates), tenantdrill/posture@1 (postures).\n"
    "Exit code 0 when every file is valid, 2 otherwise.\n";
}  // namespace

int CmdValidate(const Args& args) {
  Options opt(args, {}, {"help"});
  if (opt.Has("help")) { std::fputs(kHelp, stdout); return 0; }
  if (opt.Positional().empty()) throw UsageError{"name at least one file to validate."};
  int rc = 0;
  for (const auto& path : opt.Positional()) {
    try {
      nlohmann::json doc = engine::LoadJsonFile(path);
      std::string schema = doc.is_object() && doc.contains("schema") && doc["schema"].is_string() ? doc["schema"].get<std::string>() : "";
      if (schema == "tenantdrill/scenario@1") {
        sim::ScenarioSpec sc = sim::ParseScenario(doc, path);
        std::printf("%s: valid scenario \"%s\" (%zu attack steps, %zu injects, %zu roles, tenant \"%s\" with %d users)\n", path.c_str(),
                    sc.title.c_str(), sc.chain.size(), sc.injects.size(), sc.roles.size(), sc.tenant.name.c_str(), sc.tenant.users);
      } else if (schema == "tenantdrill/tenant@1") {
        sim::TemplateSpec t = sim::ParseTemplate(doc, path);
        std::printf("%s: valid tenant template \"%s\" (%d users, %s)\n", path.c_str(), t.name.c_str(), t.users, t.domain.c_str());
      } else if (schema == "tenantdrill/posture@1") {
        sim::Posture p = sim::ParsePosture(doc, path);
        std::printf("%s: valid posture \"%s\" (%zu decisions, %d budget points)\n", path.c_str(), p.title.c_str(), p.choices.size(),
                    sim::PostureCost(p));
      } else {
        std::fprintf(stderr, "%s at /schema: %s. Add \"schema\": \"tenantdrill/scenario@1\" to a scenario, \"tenantdrill/tenant@1\" to a tenant template or \"tenantdrill/posture@1\" to a posture.\n", path.c_str(),
                     schema.empty() ? "the file names no schema" : ("unknown schema \"" + schema + "\"").c_str());
        rc = 2;
      }
    } catch (const engine::LoadError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      rc = 2;
    }
  }
  return rc;
}

}  // namespace td::cli
