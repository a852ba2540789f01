#pragma once
// Sub-commands of tenantdrill-sim. Each takes the arguments after its name and returns the exit
// code: 0 success, 1 a run-time failure, 2 bad input (usage, file, query).
#include <string>
#include <vector>

namespace td::cli {

using Args = std::vector<std::string>;

int CmdGenerate(const Args& args);   // cmd_generate.cpp
int CmdValidate(const Args& args);   // cmd_validate.cpp
int CmdBench(const Args& args);      // cmd_bench.cpp
int CmdBenchKql(const Args& args);   // cmd_bench_kql.cpp (bench kql: the KQL reference queries)
int CmdQuery(const Args& args);      // cmd_query.cpp (KQL over an output folder)
int CmdRun(const Args& args);        // cmd_run.cpp (play a scenario headless)
int CmdCoverage(const Args& args);   // cmd_coverage.cpp (detection rules over a scenario)
int CmdResume(const Args& args);     // cmd_resume.cpp (load a save, replay it, report)
int CmdSoak(const Args& args);       // cmd_soak.cpp (memory over a long fast-forward)
int CmdReview(const Args& args);     // cmd_posture.cpp (posture review)
int CmdCompare(const Args& args);    // cmd_posture.cpp (what-if: two postures)

}  // namespace td::cli
