// The X display: probing it before SFML touches it, and opening it reliably.
// Lives alone in this file because <X11/Xlib.h> defines macros (None, Status, Bool) that
// collide with SFML and ImGui names.
#include <X11/Xlib.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "ui/platform/display_probe.h"

// SFML 2.5 calls std::abort() when XOpenDisplay fails, and it opens the display several times
// (GL context, window, cursors, clipboard). Under load Xvfb refuses some connections for a
// moment: connect() fails with EAGAIN (listen backlog full) or ECONNRESET; measured 7-12% of
// rapid opens on this project's machines. So the program defines XOpenDisplay itself, which the
// dynamic linker binds for libsfml-window too, and retries those transient errors before
// returning the failure. A display that does not exist fails at once (ENOENT, ECONNREFUSED).
extern "C" Display* XOpenDisplay(const char* display_name) {
  using OpenFn = Display* (*)(const char*);
  static const OpenFn real = reinterpret_cast<OpenFn>(dlsym(RTLD_NEXT, "XOpenDisplay"));
  if (!real) return nullptr;
  constexpr int kAttempts = 40;
  useconds_t backoff_us = 2000;
  for (int attempt = 1;; ++attempt) {
    errno = 0;
    Display* display = real(display_name);
    const int err = errno;
    if (display || attempt >= kAttempts) return display;
    if (err != EAGAIN && err != ECONNRESET && err != EINTR) return display;
    usleep(backoff_us);
    if (backoff_us < 50000) backoff_us *= 2;
  }
}

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
