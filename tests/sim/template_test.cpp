// Tenant template loading: every shipped template is valid; every kind of mistake is explained.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim_test_util.h"

using namespace td;
using nlohmann::json;

namespace {
std::string ErrorOf(const std::string& text) {
  try {
    json doc = engine::ParseJsonText(text, "t.json");
    sim::ParseTemplate(doc, "t.json");
  } catch (const engine::LoadError& e) {
    return e.what();
  }
  return "";
}
std::string Base() { return std::string(sim::EmbeddedAsset("scenarios/tenants/small-business-50.json")); }
std::string With(const std::string& key, const std::string& value) {
  json doc = json::parse(Base());
  doc[key] = json::parse(value);
  return doc.dump(2);
}
}  // namespace

TEST_CASE("the three shipped templates load and cover 50, 2,000 and 10,000 users") {
  CHECK(test::ShippedTemplate("small-business-50").users == 50);
  CHECK(test::ShippedTemplate("company-2000").users == 2000);
  CHECK(test::ShippedTemplate("enterprise-10000").users == 10000);
}

TEST_CASE("malformed JSON is reported with line and column") {
  std::string text = Base();
  text.insert(text.find("\"users\""), "oops ");
  std::string err = ErrorOf(text);
  CHECK(err.find("t.json at line 7, column") != std::string::npos);
  CHECK(err.find("not valid JSON") != std::string::npos);
}

TEST_CASE("a missing field is reported with its JSON pointer") {
  json doc = json::parse(Base());
  doc.erase("domain");
  std::string err = ErrorOf(doc.dump());
  CHECK(err.find("/domain: the required field \"domain\" is missing") != std::string::npos);
}

TEST_CASE("a 10^9-user tenant is refused with the limit") {
  std::string err = ErrorOf(With("users", "1000000000"));
  CHECK(err.find("/users") != std::string::npos);
  CHECK(err.find("the limit is 20000 users") != std::string::npos);
}

TEST_CASE("wrong types, out-of-range values, typos and real domains each get their sentence, all at once") {
  json doc = json::parse(Base());
  doc["users"] = "fifty";
  doc["domain"] = "northwind.com";
  doc["departments"][1]["share"] = 7;
  doc["setings"] = json::object();
  doc["settings"]["user_consent"] = "alowed";
  std::string err = ErrorOf(doc.dump());
  CHECK(err.find("5 problems") == std::string::npos);  // the summary lists them line by line
  CHECK(err.find("/users: expected a whole number but found a string") != std::string::npos);
  CHECK(err.find("/domain: \"northwind.com\" must be a name under the reserved .example domain") != std::string::npos);
  CHECK(err.find("/departments/1/share: the value 7 is outside the allowed range") != std::string::npos);
  CHECK(err.find("/setings: unknown field \"setings\". Did you mean \"settings\"?") != std::string::npos);
  CHECK(err.find("/settings/user_consent: \"alowed\" is not one of") != std::string::npos);
  CHECK(err.find("Did you mean \"allowed\"?") != std::string::npos);
}

TEST_CASE("deeply nested and oversized documents are refused before parsing") {
  std::string deep(100000, '[');
  CHECK(ErrorOf(deep).find("nested deeper than 64 levels") != std::string::npos);
  engine::JsonLimits small;
  small.max_bytes = 100;
  CHECK_THROWS_AS(engine::ParseJsonText(Base(), "t.json", small), engine::LoadError);
}
