// Resource limits (issue 8): hostile inputs are refused or stopped with a clear message, within
// bounded time and memory. Elsewhere already: a 10^9-user tenant (template_test.cpp "users",
// scenario_test.cpp tenant.users) and nesting (template_test.cpp "deeply nested"). Fuzz
// reproducers are in fuzz_regression_test.cpp.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "engine/json_load.h"
#include "engine/kql/kql_engine.h"
#include "engine/load_error.h"
#include "sim/plan.h"
#include "sim/scenario.h"
#include "sim/tenant_template.h"
#include "scenario_test_util.h"

using namespace td;
namespace fs = std::filesystem;

namespace {
// Peak resident memory of this test process (ctest runs each test case in its own process).
size_t PeakRssMiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) / 1024;
  return 0;
}
double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
template <class F>
std::string LoadErrorOf(F&& f) {
  try {
    f();
  } catch (const engine::LoadError& e) {
    return e.what();
  }
  return "";
}
// A sparse file: `head`, then a string of `bytes` spaces' worth of nothing, then `tail`.
fs::path SparseJson(const std::string& name, const std::string& head, size_t bytes, const std::string& tail) {
  const fs::path p = fs::temp_directory_path() / ("td-reliability-" + std::to_string(::getpid()) + "-" + name);
  {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << head;
  }
  fs::resize_file(p, head.size() + bytes);
  std::ofstream(p, std::ios::binary | std::ios::app) << tail;
  return p;
}
}  // namespace

TEST_CASE("limits: a file holding a 100 MB string is refused by its size before it is read") {
  const size_t before = PeakRssMiB();
  const auto t0 = std::chrono::steady_clock::now();
  // The file size limit (64 MiB) applies to every loader; each names the file and the limit.
  const std::string head = R"({"schema": "tenantdrill/tenant@1", "name": ")";
  const fs::path p = SparseJson("big.json", head, size_t{100} << 20, "\"}");
  std::string err = LoadErrorOf([&] { sim::LoadTemplate(p.string()); });
  CHECK(err.find(p.string()) == 0);
  CHECK(err.find("the file is 100 MiB; files over 64 MiB are refused") != std::string::npos);
  CHECK(LoadErrorOf([&] { sim::LoadScenario(p.string()); }).find("files over 64 MiB are refused") != std::string::npos);
  const auto spec = test::ShippedScenario("aitm-session-theft");
  CHECK(LoadErrorOf([&] { sim::LoadPlan(p.string(), spec); }).find("files over 64 MiB are refused") != std::string::npos);
  fs::remove(p);
  CHECK(SecondsSince(t0) < 5.0);
  CHECK(PeakRssMiB() < before + 64);  // nothing of the 100 MB was read
}

TEST_CASE("limits: a plan of 10^7 actions is refused within bounded memory and time") {
  const auto spec = test::ShippedScenario("aitm-session-theft");
  // 10^7 actions in their shortest form ("{}") fit under the 64 MiB file limit: 30 MB of text.
  std::string text = R"({"schema": "tenantdrill/plan@1", "name": "huge", "actions": [)";
  const size_t n = 10'000'000;
  text.reserve(text.size() + 3 * n + 4);
  for (size_t i = 0; i < n; ++i) text += i ? ",{}" : "{}";
  text += "]}";
  const size_t before = PeakRssMiB();
  const auto t0 = std::chrono::steady_clock::now();
  std::string err = LoadErrorOf([&] { sim::ParsePlan(engine::ParseJsonText(text, "huge.json"), "huge.json", spec); });
  INFO(err.substr(0, 300));
  CHECK(err.find("huge.json") == 0);
  CHECK((err.find("values are refused") != std::string::npos || err.find("actions is refused") != std::string::npos));
  CHECK(SecondsSince(t0) < 10.0);
  CHECK(PeakRssMiB() < before + 256);
}

TEST_CASE("limits: a cross join of the two largest generated tables stops at the default budgets") {
  auto world = test::MakeWorld(test::ShippedTemplate("company-2000"), 1, 1);
  const engine::LogTable* big[2] = {nullptr, nullptr};
  for (const auto& t : world->Logs().Store().Tables()) {
    if (!big[0] || t->RowCount() > big[0]->RowCount()) { big[1] = big[0]; big[0] = t.get(); }
    else if (!big[1] || t->RowCount() > big[1]->RowCount()) big[1] = t.get();
  }
  REQUIRE(big[1] != nullptr);
  INFO(big[0]->Name() << " " << big[0]->RowCount() << " x " << big[1]->Name() << " " << big[1]->RowCount());
  REQUIRE(big[0]->RowCount() * big[1]->RowCount() > engine::kql::Limits{}.max_rows);
  engine::kql::Engine eng(world->Logs().Store(), world->Now());
  const std::string q = big[0]->Name() + " | extend k = 1 | join kind=inner (" + big[1]->Name() + " | extend k = 1) on k";
  const size_t before = PeakRssMiB();
  const auto t0 = std::chrono::steady_clock::now();
  engine::kql::QueryRun run = eng.Run(q);
  const double secs = SecondsSince(t0);
  REQUIRE_FALSE(run.Ok());
  INFO(run.error->message);
  CHECK(run.error->message.find("query stopped") == 0);
  CHECK((run.error->message.find("rows") != std::string::npos || run.error->message.find("memory budget") != std::string::npos));
  CHECK(secs < 15.0);
  CHECK(PeakRssMiB() < before + 3072);
  MESSAGE("cross join stopped after " << secs << " s, peak RSS +" << (PeakRssMiB() - before) << " MiB");
}
