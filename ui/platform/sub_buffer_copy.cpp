#include "ui/platform/sub_buffer_copy.h"

#include <GL/glx.h>

#include <cstring>

namespace td::ui::platform {
namespace {

using CopyFn = void (*)(Display* display, GLXDrawable drawable, int x, int y, int width, int height);

}  // namespace

bool SubBufferCopy::Init() {
  m_copy = nullptr;
  Display* display = glXGetCurrentDisplay();
  const GLXDrawable drawable = glXGetCurrentDrawable();
  if (!display || !drawable) return false;
  const char* extensions = glXQueryExtensionsString(display, DefaultScreen(display));
  if (!extensions || !std::strstr(extensions, "GLX_MESA_copy_sub_buffer")) return false;
  auto fn = glXGetProcAddress(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA"));
  if (!fn) return false;
  m_copy = fn;
  m_display = display;
  m_drawable = drawable;
  return true;
}

void SubBufferCopy::Copy(int x, int y, int width, int height) const {
  if (m_copy && width > 0 && height > 0)
    reinterpret_cast<CopyFn>(m_copy)(static_cast<Display*>(m_display), m_drawable, x, y, width, height);
}

}  // namespace td::ui::platform
