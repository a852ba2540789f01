#pragma once
// Showing part of a frame: GLX_MESA_copy_sub_buffer copies a rectangle of the back buffer to the
// window without swapping. The back buffer is then never swapped, so it keeps every frame's
// pixels, and a frame that redrew a strip (frame_damage.h) sends only that strip to the X
// server. Mesa has it on every driver, including the software renderer under Xvfb, where a
// whole-window swap or blit costs more than the rest of the frame.
//
// Init() (with the window's GL context current) returns false without the extension; the
// window then falls back to the canvas (gl_canvas.h) and swapping.
namespace td::ui::platform {

class SubBufferCopy {
 public:
  bool Init();
  bool Ready() const { return m_copy != nullptr; }
  // Copies the rectangle (GL window coordinates: origin bottom-left, pixels) to the window.
  void Copy(int x, int y, int width, int height) const;

 private:
  void (*m_copy)() = nullptr;       // glXCopySubBufferMESA (typed in the .cpp, away from Xlib's macros)
  void* m_display = nullptr;        // Display* of the current context
  unsigned long m_drawable = 0;     // GLXDrawable of the window
};

}  // namespace td::ui::platform
