// Placeholder until the KQL engine's command lands (replaced by the query command's owner).
#include <cstdio>
#include "sim/cli/commands.h"
namespace td::cli {
int CmdQuery(const Args&) {
  std::fprintf(stderr, "tenantdrill-sim query: not available in this build yet.\n");
  return 1;
}
}  // namespace td::cli
