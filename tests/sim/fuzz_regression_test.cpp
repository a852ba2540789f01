// Fuzzing reproducers (docs/reliability.md): every input a fuzz target once crashed, hung or
// leaked on is kept under tests/regressions/<target>/ and fed through the same entry point as the
// fuzzer (fuzz/fuzz_entries.h). Beside each input, <input>.expect holds a piece of the clear error
// it must now get (an empty .expect: the input is valid and must be accepted).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

#include "fuzz/fuzz_entries.h"

namespace fs = std::filesystem;

namespace {
std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}
}  // namespace

TEST_CASE("fuzz reproducers get a clear error through the fuzzers' entry points") {
  const std::map<std::string, std::function<std::string(std::string_view)>> feeds = {
      {"template", td::fuzz::FeedTemplate}, {"scenario", td::fuzz::FeedScenario}, {"plan", td::fuzz::FeedPlan},
      {"save", td::fuzz::FeedSave},
      {"kql_parse", td::fuzz::FeedKqlSyntax}, {"kql_exec", td::fuzz::FeedKqlRun}};
  const fs::path root = fs::path(TD_SOURCE_DIR) / "tests" / "regressions";
  REQUIRE(fs::is_directory(root));
  int fed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    const std::string target = dir.path().filename().string();
    auto feed = feeds.find(target);
    REQUIRE_MESSAGE(feed != feeds.end(), "tests/regressions/" << target << " names no fuzz target");
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() == ".expect") continue;
      const fs::path expect_file = f.path().string() + ".expect";
      INFO(f.path().string());
      REQUIRE_MESSAGE(fs::exists(expect_file), "every reproducer needs a .expect beside it");
      const std::string expect = Trimmed(ReadAll(expect_file));
      const std::string got = feed->second(ReadAll(f.path()));
      if (expect.empty()) CHECK(got == "");
      else CHECK_MESSAGE(got.find(expect) != std::string::npos, "got: " << got);
      ++fed;
    }
  }
  MESSAGE(fed << " reproducers fed");
}
