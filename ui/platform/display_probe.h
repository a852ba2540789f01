#pragma once
// The X display probe (ui/platform/display_probe.cpp). Kept free of SFML and Xlib headers.
#include <string>

namespace td::ui::platform {

// True if an X display can be opened. SFML 2.5 aborts the process when it cannot open one, so
// ask Xlib first; on false, *reason says why in one sentence starting "no display".
bool DisplayAvailable(std::string* reason);

}  // namespace td::ui::platform
