// DisplayAvailable (declared in ui/platform/sfml_window.h) lives alone in this file because
// <X11/Xlib.h> defines macros (None, Status, Bool) that collide with SFML and ImGui names.
#include <X11/Xlib.h>

#include <cstdlib>
#include <string>

namespace td::ui::platform {

bool DisplayAvailable(std::string* reason) {
  const char* name = std::getenv("DISPLAY");
  if (!name || !*name) {
    if (reason) *reason = "no display: DISPLAY is not set (run under X11 or xvfb-run; for headless use run tenantdrill-sim)";
    return false;
  }
  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    if (reason) *reason = std::string("no display: cannot open X display \"") + name + "\" (is the X server or Xvfb running?)";
    return false;
  }
  XCloseDisplay(display);
  return true;
}

}  // namespace td::ui::platform
