#pragma once
// The desktop program's frame loop: window, fonts, theme, shell, commands, screenshot, bench.
#include "ui/app_options.h"

namespace td::ui {

// Runs the program with parsed options; returns the process exit code (see app_options.h).
// `exe_path` is argv[0], used to find the bundled assets. Errors are one-line messages on
// stderr prefixed "tenantdrill: ".
int RunApp(const AppOptions& options, const char* exe_path);

}  // namespace td::ui
