#pragma once
// A persistent off-screen image of the window (an OpenGL framebuffer object with a colour
// texture). The renderer draws only the damaged rectangle of each frame into it (see
// frame_damage.h); the rest keeps the previous frame. Presenting copies the whole canvas to the
// back buffer (one blit) before the swap, so the back buffer's contents after a swap (undefined
// on most drivers) never matter.
//
// Needs framebuffer objects with blit (OpenGL 3.0 or ARB_framebuffer_object, which Mesa's
// llvmpipe has); Init() returns false without them and the caller draws every frame whole into
// the back buffer instead. The window's GL context must be current for every call.
#include <SFML/OpenGL.hpp>

namespace td::ui::platform {

class GlCanvas {
 public:
  GlCanvas() = default;
  GlCanvas(const GlCanvas&) = delete;
  GlCanvas& operator=(const GlCanvas&) = delete;
  ~GlCanvas();

  // Loads the framebuffer functions; false when the GL has none (use the back buffer).
  bool Init();
  bool Ready() const { return m_fbo != 0; }
  // (Re)creates the image at `width` x `height` pixels; true when it was recreated (its contents
  // are then undefined: redraw everything). False and !Ready() when the driver refuses.
  bool Resize(unsigned width, unsigned height);
  // Directs drawing into the canvas / back to the window's back buffer.
  void Bind() const;
  void Unbind() const;
  // Copies the canvas to the window's back buffer (the canvas must be unbound).
  void CopyToBackBuffer() const;
  // Frees the GL objects (the context must be current); the destructor does it too.
  void Release();

 private:
  GLuint m_fbo = 0, m_texture = 0;
  unsigned m_width = 0, m_height = 0;
  bool m_loaded = false;
};

}  // namespace td::ui::platform
