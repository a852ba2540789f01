// tenantdrill-sim: the headless command-line program.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "engine/kql/kql_engine.h"
#include "engine/load_error.h"
#include "sim/cli/cli_util.h"
#include "sim/cli/commands.h"
#include "sim/version.h"

namespace {

constexpr const char* kUsage =
    "tenantdrill-sim: TenantDrill's headless simulator (identity incident-response drills for a\n"
    "synthetic Microsoft 365 / Entra ID tenant).\n"
    "\n"
    "usage: tenantdrill-sim <command> [options]     (tenantdrill-sim <command> --help for details)\n"
    "\n"
    "commands:\n"
    "  generate   build a tenant from a template and write its logs for D simulated days\n"
    "  run        play a scenario (attack, injects) headless and write its logs\n"
    "  resume     load a saved exercise, replay it and report where it stands\n"
    "  validate   check a scenario or tenant template and list every problem\n"
    "  query      run a KQL query over the logs of a generate/run output folder\n"
    "  coverage   run the public Sentinel rules over a scenario as Sentinel schedules them\n"
    "  bench      measure generation and export speed (bench generate), KQL speed (bench kql)\n"
    "  review     assess a tenant posture against the shipped scenarios: exposure, 30/60/90-day plan\n"
    "  compare    the same attack under two postures, side by side (what-if)\n"
    "  soak       fast-forward a scenario for months and print memory at intervals\n"
    "  version    print the program version\n"
    "\n"
    "exit codes: 0 success, 1 run-time failure, 2 bad input (usage, file, query)\n";

struct Command {
  const char* name;
  int (*fn)(const td::cli::Args&);
};
constexpr Command kCommands[] = {{"generate", td::cli::CmdGenerate}, {"validate", td::cli::CmdValidate}, {"run", td::cli::CmdRun}, {"coverage", td::cli::CmdCoverage},
                                 {"query", td::cli::CmdQuery},       {"bench", td::cli::CmdBench},
                                 {"soak", td::cli::CmdSoak},         {"resume", td::cli::CmdResume},
                                 {"review", td::cli::CmdReview},     {"compare", td::cli::CmdCompare}};

}  // namespace

int main(int argc, char** argv) {
  td::engine::kql::KeepFreedMemoryForQueries();
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  if (cmd == "version" || cmd == "--version") {
    std::printf("%s %s\n", td::sim::kProgramName, td::sim::kVersion);
    return 0;
  }
  td::cli::Args args(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (cmd != c.name) continue;
    try {
      return c.fn(args);
    } catch (const td::cli::UsageError& e) {
      std::fprintf(stderr, "tenantdrill-sim %s: %s\nRun 'tenantdrill-sim %s --help' for the options.\n", c.name,
                   e.message.c_str(), c.name);
      return 2;
    } catch (const td::engine::LoadError& e) {
      std::fprintf(stderr, "tenantdrill-sim %s: %s\n", c.name, e.what());
      return 2;
    } catch (const std::bad_alloc&) {
      std::fprintf(stderr, "tenantdrill-sim %s: out of memory. Use a smaller template or fewer days.\n", c.name);
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "tenantdrill-sim %s: %s\n", c.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "tenantdrill-sim: unknown command \"%s\".\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
