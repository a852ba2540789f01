// The JSONL loader: schema file, type inference, dictionary-encoded strings, time order, clear
// errors with file and line.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/kql/jsonl_loader.h"
#include "engine/kql/kql_engine.h"

using namespace td::engine;

namespace {

std::filesystem::path TempDir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("td_kql_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p / "logs");
  return p;
}

void Write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream f(p);
  f << text;
}

}  // namespace

TEST_CASE("kql loader: a folder with _schema.json loads typed, time-ordered tables") {
  auto dir = TempDir("schema");
  Write(dir / "logs" / "_schema.json", R"({"SigninLogs": [
    {"name": "TimeGenerated", "type": "datetime"}, {"name": "UserPrincipalName", "type": "string"},
    {"name": "ResultType", "type": "string"}, {"name": "LocationDetails", "type": "dynamic"},
    {"name": "IsInteractive", "type": "bool"}, {"name": "DurationMs", "type": "long"}, {"name": "Score", "type": "real"}]})");
  Write(dir / "logs" / "SigninLogs.jsonl",
        R"({"TimeGenerated":"2026-03-02T10:00:00.0000000Z","UserPrincipalName":"b@x.com","ResultType":"0","LocationDetails":{"countryOrRegion":"US"},"IsInteractive":true,"DurationMs":20,"Score":0.5}
{"TimeGenerated":"2026-03-02T09:00:00.1230000Z","UserPrincipalName":"a@x.com","ResultType":"50126","LocationDetails":{"countryOrRegion":"NG"},"IsInteractive":false,"DurationMs":10}
)");
  LogStore store;
  auto loaded = kql::LoadJsonlFolder(dir.string(), store);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded["SigninLogs"] == 2);
  kql::Engine engine(store, FromCivil(2026, 3, 3));
  auto run = engine.Run("SigninLogs | project TimeGenerated, UserPrincipalName, c = tostring(LocationDetails.countryOrRegion), IsInteractive, DurationMs, Score");
  REQUIRE(run.Ok());
  REQUIRE(run.result.RowCount() == 2);
  CHECK(run.result.Text(0, 0) == "2026-03-02T09:00:00.1230000Z");  // sorted by time
  CHECK(run.result.Text(0, 1) == "a@x.com");
  CHECK(run.result.Text(0, 2) == "NG");
  CHECK(run.result.Text(0, 3) == "false");
  CHECK(run.result.Text(1, 4) == "20");
  CHECK(run.result.Text(0, 5) == "");  // missing → null
  CHECK(run.result.Text(1, 5) == "0.5");
  std::vector<std::string> types;
  for (const auto& c : run.result.columns) types.push_back(c.type);
  CHECK(types == std::vector<std::string>{"datetime", "string", "string", "bool", "long", "real"});
  // Time filters use the time field.
  auto ex = engine.Explain("SigninLogs | where TimeGenerated > datetime(2026-03-02T09:30:00Z)");
  REQUIRE(ex.Ok());
  CHECK(ex.result.RowCount() == 1);
  CHECK(kql::Engine::FormatPlan(ex.plan).find("time range by binary search") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("kql loader: without a schema, types are inferred") {
  std::istringstream in(R"({"TimeGenerated":"2026-03-02T09:00:00Z","CreatedDateTime":"2026-03-02T08:00:00Z","Note":"2026-03-02T08:00:00Z","N":1,"R":1.5,"B":true,"D":[1,2],"S":"x"}
{"TimeGenerated":"2026-03-02T10:00:00Z","N":2,"R":2,"S":"y"}
)");
  LogStore store;
  CHECK(kql::LoadJsonlTable(store, "T", in, "T.jsonl", nullptr) == 2);
  kql::Engine engine(store, 0);
  auto run = engine.Run("T | getschema | project ColumnName, ColumnType");
  REQUIRE(run.Ok());
  std::vector<std::string> got;
  for (size_t r = 0; r < run.result.RowCount(); ++r) got.push_back(run.result.Text(r, 0) + ":" + run.result.Text(r, 1));
  CHECK(got == std::vector<std::string>{"TimeGenerated:datetime", "CreatedDateTime:datetime", "Note:string", "N:long",
                                        "R:real", "B:bool", "D:dynamic", "S:string"});
  run = engine.Run("T | summarize sum(N), sum(R), make_list(S)");
  REQUIRE(run.Ok());
  CHECK(run.result.Text(0, 0) == "3");
  CHECK(run.result.Text(0, 1) == "3.5");
  CHECK(run.result.Text(0, 2) == R"(["x","y"])");
}

TEST_CASE("kql loader: malformed lines and schemas are errors with file and line") {
  std::istringstream bad("{\"a\":1}\n\n{\"a\": oops}\n");
  LogStore store;
  try {
    kql::LoadJsonlTable(store, "T", bad, "logs/T.jsonl", nullptr);
    FAIL("expected a LoadError");
  } catch (const LoadError& e) {
    CHECK(e.File() == "logs/T.jsonl");
    CHECK(e.Place() == "line 3");
    CHECK(std::string(e.what()).find("not valid JSON") != std::string::npos);
  }
  std::istringstream arr("[1,2]\n");
  CHECK_THROWS_AS(kql::LoadJsonlTable(store, "U", arr, "U.jsonl", nullptr), LoadError);
  auto dir = TempDir("badschema");
  Write(dir / "logs" / "_schema.json", R"({"T": [{"name": "a", "type": "strng"}]})");
  Write(dir / "logs" / "T.jsonl", "{\"a\":\"x\"}\n");
  try {
    LogStore s2;
    kql::LoadJsonlFolder(dir.string(), s2);
    FAIL("expected a LoadError");
  } catch (const LoadError& e) {
    CHECK(e.Place() == "/T/0/type");
    CHECK(std::string(e.what()).find("unknown type 'strng'") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
  LogStore s3;
  CHECK_THROWS_AS(kql::LoadJsonlFolder("/nonexistent/folder", s3), LoadError);
}
