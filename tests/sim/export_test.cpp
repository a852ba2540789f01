// Export: real schemas, determinism, the UAL CSV, and the folder appearing whole or not at all.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/load_error.h"
#include "sim/export.h"
#include "sim_test_util.h"

using namespace td;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
fs::path TempDir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("tdtest-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}
}  // namespace

TEST_CASE("every exported table has exactly the columns and types of the real schema") {
  auto spec = test::ShippedTemplate("company-2000");
  spec.users = 300;
  auto w = test::MakeWorld(spec, 1, 2);
  for (const char* table : {"SigninLogs", "AADNonInteractiveUserSignInLogs", "AADServicePrincipalSignInLogs", "AuditLogs", "OfficeActivity"}) {
    CAPTURE(table);
    const engine::LogTable* t = w->Logs().Store().Find(table);
    REQUIRE(t != nullptr);
    auto ref = test::ReferenceSchema(table);
    REQUIRE(t->Columns().size() == ref.size());
    for (size_t i = 0; i < ref.size(); ++i) {
      CHECK(t->Columns()[i].name == ref[i].first);
      CHECK(engine::TypeName(t->Columns()[i].type) == ref[i].second);
    }
    // And the JSON values have the JSON type the column type implies.
    std::istringstream in(test::TableText(*w, table));
    std::string line;
    REQUIRE(std::getline(in, line));
    json row = json::parse(line);
    for (const auto& [name, type] : ref) {
      CAPTURE(name);
      const json& v = row.at(name);
      if (type == "string") CHECK(v.is_string());
      if (type == "datetime") CHECK((v.is_null() || engine::ParseIso(v.get<std::string>()).has_value()));
      if (type == "bool") CHECK((v.is_boolean() || v.is_null()));
      if (type == "dynamic") CHECK((v.is_object() || v.is_array() || v.is_null()));
    }
  }
}

TEST_CASE("the minimum field sets of M365-LOGS section 6 are filled in") {
  auto w = test::MakeWorld(test::ShippedTemplate("small-business-50"), 1, 1);
  std::istringstream in(test::TableText(*w, "SigninLogs"));
  std::string line;
  std::getline(in, line);
  json r = json::parse(line);
  for (const char* col : {"TimeGenerated", "CreatedDateTime", "Id", "OriginalRequestId", "CorrelationId", "SessionId",
                          "UniqueTokenIdentifier", "UserPrincipalName", "UserId", "UserDisplayName", "UserType", "AppDisplayName",
                          "AppId", "ResourceDisplayName", "IPAddress", "AutonomousSystemNumber", "Location", "UserAgent",
                          "ClientAppUsed", "ResultType", "ConditionalAccessStatus", "AuthenticationRequirement",
                          "AuthenticationDetails", "AuthenticationProcessingDetails", "AuthenticationProtocol", "IncomingTokenType",
                          "TokenIssuerType", "RiskLevelDuringSignIn", "RiskLevelAggregated", "RiskState", "RiskDetail",
                          "RiskEventTypes_V2", "NetworkLocationDetails", "HomeTenantId", "ResourceTenantId", "AADTenantId",
                          "OperationName", "Category", "Type"}) {
    CAPTURE(col);
    CHECK_FALSE(r.at(col).get<std::string>().empty());
  }
  CHECK(r["LocationDetails"].contains("countryOrRegion"));
  CHECK(r["DeviceDetail"].contains("operatingSystem"));
  CHECK(r["Status"].contains("errorCode"));
  CHECK(r["ConditionalAccessPolicies"].is_array());
  CHECK(r["ResultType"] == "0");
  CHECK(r["OperationName"] == "Sign-in activity");
}

TEST_CASE("same template and seed give byte-identical exports; another seed differs") {
  auto spec = test::ShippedTemplate("small-business-50");
  auto dump = [&](uint64_t seed) {
    auto w = test::MakeWorld(spec, seed, 3);
    engine::ByteSink sink(nullptr, size_t(1) << 40);
    sim::ExportToSinks(*w, sink);
    return sink.Buffer();
  };
  std::string a = dump(11), b = dump(11), c = dump(12);
  CHECK(a.size() > 100000);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("export writes one JSONL per table, the schema, and the UAL in the Purview CSV layout") {
  auto w = test::MakeWorld(test::ShippedTemplate("small-business-50"), 1, 2);
  fs::path dir = TempDir("export");
  auto st = sim::ExportLogs(*w, dir.string());
  for (const char* f : {"SigninLogs.jsonl", "AADNonInteractiveUserSignInLogs.jsonl", "AADServicePrincipalSignInLogs.jsonl",
                        "AuditLogs.jsonl", "OfficeActivity.jsonl", "UnifiedAuditLog.csv", "_schema.json"})
    CHECK_MESSAGE(fs::exists(dir / "logs" / f), f);
  CHECK_FALSE(fs::exists(dir / ".logs.partial"));
  json schema = json::parse(Slurp(dir / "logs" / "_schema.json"));
  CHECK(schema["SigninLogs"][0]["name"].is_string());
  std::istringstream ual(Slurp(dir / "logs" / "UnifiedAuditLog.csv"));
  std::string header;
  std::getline(ual, header);
  CHECK(header == "CreationDate,UserIds,Operations,AuditData");
  size_t office_rows = 0;
  for (const auto& t : st.tables) if (t.table == "OfficeActivity") office_rows = t.rows;
  size_t lines = 0;
  bool saw_mail_items = false;
  for (std::string line; std::getline(ual, line); ++lines) {
    auto q = line.find(",\"{");
    REQUIRE(q != std::string::npos);
    std::string quoted = line.substr(q + 2, line.size() - q - 3), data;
    for (size_t k = 0; k < quoted.size(); ++k) {  // CSV: a doubled quote is one quote
      data.push_back(quoted[k]);
      if (quoted[k] == '"') ++k;
    }
    json rec = json::parse(data);
    CHECK(rec["RecordType"].is_number_integer());
    CHECK(rec["UserType"].is_number_integer());
    CHECK(rec["CreationTime"].get<std::string>().size() == 19);  // no offset, no fraction
    if (rec["Operation"] == "MailItemsAccessed") {
      saw_mail_items = true;
      CHECK(rec["RecordType"] == 50);
      CHECK(rec.contains("SessionId"));
      CHECK(rec["AppAccessContext"].contains("AADSessionId"));
    }
  }
  CHECK(saw_mail_items);
  CHECK(lines >= office_rows);
  fs::remove_all(dir);
}

TEST_CASE("an unwritable output folder is refused with a clear error and no partial output") {
  auto w = test::MakeWorld(test::ShippedTemplate("small-business-50"), 1, 1);
  fs::path dir = TempDir("ro");
  fs::create_directories(dir);
  { std::ofstream(dir / "file") << "x"; }
  // A path below a regular file cannot be created.
  CHECK_THROWS_AS(sim::ExportLogs(*w, (dir / "file" / "out").string()), engine::LoadError);
  try {
    sim::ExportLogs(*w, (dir / "file" / "out").string());
  } catch (const engine::LoadError& e) {
    CHECK(std::string(e.what()).find("output folder") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir / "file" / "out"));
  fs::remove_all(dir);
}

TEST_CASE("a second export replaces the first only when complete") {
  auto w = test::MakeWorld(test::ShippedTemplate("small-business-50"), 1, 1);
  fs::path dir = TempDir("replace");
  sim::ExportLogs(*w, dir.string());
  auto first = fs::file_size(dir / "logs" / "OfficeActivity.jsonl");
  w->AdvanceTo(w->Now() + engine::kDay);
  sim::ExportLogs(*w, dir.string());
  CHECK(fs::file_size(dir / "logs" / "OfficeActivity.jsonl") > first);
  CHECK_FALSE(fs::exists(dir / ".logs.old"));
  fs::remove_all(dir);
}
