#pragma once
// Program identity shown by --version and written into reports and saves.
namespace td::sim {
inline constexpr const char* kProgramName = "TenantDrill";
inline constexpr const char* kVersion = "0.1.0";
}  // namespace td::sim
