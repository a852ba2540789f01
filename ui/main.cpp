// tenantdrill: the desktop program. Everything but argument handoff lives in td_ui (ui/app.cpp).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "engine/kql/kql_engine.h"
#include "ui/app.h"
#include "ui/app_options.h"

int main(int argc, char** argv) {
  td::engine::kql::KeepFreedMemoryForQueries();
  const td::ui::ParsedArgs parsed = td::ui::ParseArgs(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "tenantdrill: %s\n", parsed.error.c_str());
    return td::ui::kExitUsage;
  }
  try {
    return td::ui::RunApp(parsed.options, argc > 0 ? argv[0] : nullptr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tenantdrill: internal error: %s\n", e.what());
    return td::ui::kExitFailure;
  }
}
