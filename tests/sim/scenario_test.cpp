// Scenarios: every shipped one validates, plays deterministically, matches its golden run and runs
// on any template; bad scenario files get their clear error.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/hash.h"
#include "engine/load_error.h"
#include "sim/export.h"
#include "sim/ground_truth.h"
#include "scenario_test_util.h"

using namespace td;
using nlohmann::json;

namespace {
const char* const kScenarios[] = {"aitm-session-theft", "oauth-consent-persistence", "bec-invoice-fraud", "finance-chain"};

// A compact digest of a run: the ground truth plus each table's row count and content hash.
std::string Digest(const sim::Exercise& ex) {
  std::string out = sim::GroundTruthJson(ex);
  engine::ByteSink sink(nullptr, size_t(1) << 40);
  for (const auto& t : ex.GetWorld().Logs().Store().Tables()) {
    std::string text = test::TableText(ex.GetWorld(), t->Name());
    char line[160];
    std::snprintf(line, sizeof line, "%s rows=%zu fnv=%016llx\n", t->Name().c_str(),
                  static_cast<size_t>(std::count(text.begin(), text.end(), '\n')), static_cast<unsigned long long>(engine::Fnv1a64(text)));
    out += line;
  }
  return out;
}

std::string ErrorOf(json doc) {
  try {
    sim::ParseScenario(doc, "s.json");
  } catch (const engine::LoadError& e) {
    return e.what();
  }
  return "";
}
json Base() { return json::parse(sim::EmbeddedAsset("scenarios/aitm-session-theft.json")); }
}  // namespace

TEST_CASE("every shipped scenario's no-response run matches its golden digest") {
  for (const char* name : kScenarios) {
    const std::string label = name;
    CAPTURE(label);
    sim::Exercise ex(test::ShippedScenario(name));
    ex.RunToEnd();
    const std::string digest = Digest(ex);
    const std::string path = std::string(TD_SOURCE_DIR) + "/tests/golden/" + name + ".txt";
    if (std::getenv("TD_UPDATE_GOLDEN")) {
      std::ofstream(path, std::ios::binary) << digest;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << path << " (run the tests with TD_UPDATE_GOLDEN=1 to create it)");
    std::string golden((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_MESSAGE(digest == golden, "the run of " << name << " changed; if intended, regenerate with TD_UPDATE_GOLDEN=1 and review the diff");
  }
}

TEST_CASE("same scenario and seed give the same attack; another seed gives another") {
  auto spec = test::ShippedScenario("aitm-session-theft");
  sim::Exercise a(spec), b(spec), c(spec, 43);
  a.RunToEnd();
  b.RunToEnd();
  c.RunToEnd();
  CHECK(Digest(a) == Digest(b));
  CHECK(Digest(a) != Digest(c));
}

TEST_CASE("each scenario runs on any tenant template") {
  for (const char* name : kScenarios) {
    for (const char* tmpl : {"small-business-50", "enterprise-10000"}) {
      const std::string label = std::string(name) + " on " + tmpl;
      CAPTURE(label);
      auto spec = test::ShippedScenario(name);
      sim::UseTemplate(spec, test::ShippedTemplate(tmpl));
      if (spec.tenant.users > 300) spec.tenant.users = 300;
      spec.tenant.settings.mdo_p2 = true;
      spec.baseline = engine::kDay;
      sim::Exercise ex(spec);
      ex.RunToEnd();
      CHECK(ex.Metrics().identities_compromised >= 1);
      CHECK(ex.Timeline().size() >= 3);
    }
  }
}

TEST_CASE("scenario mistakes each get their pointer and sentence") {
  json d = Base();
  d["attack"][1]["technique"] = "sesion_replay";
  CHECK(ErrorOf(d).find("/attack/1/technique: unknown technique \"sesion_replay\". Did you mean \"session_replay\"?") != std::string::npos);
  d = Base();
  d["attack"][0]["target"] = "nobody";
  CHECK(ErrorOf(d).find("/attack/0/target: no role named \"nobody\"") != std::string::npos);
  d = Base();
  d["attack"][0]["params"].erase("proxy");
  CHECK(ErrorOf(d).find("/attack/0/params/proxy: the technique \"aitm_phish\" needs \"proxy\"") != std::string::npos);
  d = Base();
  d["attack"][0]["params"]["proxy"] = "patient_zero";
  CHECK(ErrorOf(d).find("is a user role; this needs a source role") != std::string::npos);
  d = Base();
  d["roles"]["aitm_proxy"]["ip"] = "8.8.8.8";
  CHECK(ErrorOf(d).find("/roles/aitm_proxy/ip: \"8.8.8.8\" is not in a documentation range") != std::string::npos);
  d = Base();
  d["duration"] = "P90D";
  CHECK(ErrorOf(d).find("/duration: an exercise longer than 30 days is refused") != std::string::npos);
  d = Base();
  d["attack"][2]["at"] = "P5D";
  CHECK(ErrorOf(d).find("/attack/2/at: the step is after the end of the exercise") != std::string::npos);
  d = Base();
  d["roles"]["patient_zero"]["department"] = "Finanse";
  CHECK(ErrorOf(d).find("Did you mean \"Finance\"?") != std::string::npos);
  d = Base();
  d["tenant"]["template"] = "no-such-template";
  CHECK(ErrorOf(d).find("/tenant/template") != std::string::npos);
  d = Base();
  d["injects"][0].erase("at");
  CHECK(ErrorOf(d).find("/injects/0: an inject needs \"at\" (a time) or \"on\"") != std::string::npos);
  d = Base();
  d["tenant"]["users"] = 1000000000;
  CHECK(ErrorOf(d).find("/tenant/users") != std::string::npos);
  for (const char* name : kScenarios) CHECK_NOTHROW(test::ShippedScenario(name));
}
