#pragma once
// The desktop platform layer: an sf::RenderWindow for the window and its OpenGL context, our
// SfmlImGuiInput for input, Debian's ImGui_ImplOpenGL2 renderer for drawing, sf::Clipboard for
// the clipboard and SFML system cursors for ImGui's mouse cursor.
//
// One frame:  PollEvents(); BeginFrame(); <ImGui calls>; RenderFrame(); [SaveScreenshot()]; Present();
//
// Several windows (the projector view) each have their own ImGui context and GL context: every
// call first makes this window's pair current (MakeCurrent), and leaves it current.
//
// Drawing: each frame's draw data is compared with the last one (FrameDamage); only the changed
// rectangle is redrawn, and only it is shown. Two ways, the first the driver allows:
//   1. into the back buffer, which is never swapped (so it keeps the last frame), then that
//      rectangle is copied to the window (SubBufferCopy, GLX_MESA_copy_sub_buffer);
//   2. into a persistent canvas (GlCanvas, an FBO), blitted whole to the back buffer and swapped.
// A frame that changed nothing shows nothing new. Under Mesa's software renderer this is what
// keeps a frame short: rasterising 1600x900 whole takes tens of ms, a full blit about ten.
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Clock.hpp>
#include <SFML/Window/Cursor.hpp>

#include <array>
#include <memory>
#include <string>

#include "ui/platform/display_probe.h"
#include "ui/platform/frame_damage.h"
#include "ui/platform/gl_canvas.h"
#include "ui/platform/sfml_imgui_input.h"
#include "ui/platform/sub_buffer_copy.h"

namespace td::ui::platform {

struct WindowConfig {
  unsigned width = 1600;   // pixels
  unsigned height = 900;   // pixels
  std::string title = "TenantDrill";
  unsigned frame_limit = 60;  // frames per second; 0 = unlimited (Xvfb has no vsync: keep a limit)
  // Redraw only what changed since the last frame into a persistent canvas (frame_damage.h,
  // gl_canvas.h); false draws every frame whole (--full-redraw, or a GL without FBOs).
  bool partial_redraw = true;
};

class PlatformWindow {
 public:
  PlatformWindow() = default;
  PlatformWindow(const PlatformWindow&) = delete;
  PlatformWindow& operator=(const PlatformWindow&) = delete;
  ~PlatformWindow();

  // Opens the window, installs the input adapter, clipboard and renderer into the current ImGui
  // context (which must exist; the window keeps using that context). Returns false with *error
  // set on failure.
  bool Open(const WindowConfig& config, std::string* error);
  bool IsOpen() const { return m_window.isOpen(); }
  bool CloseRequested() const { return m_close_requested; }

  // Feeds pending SFML events into ImGui; a window-close request sets CloseRequested().
  // Returns the number of events seen.
  int PollEvents();
  // Delta time, display size, latched input, renderer and ImGui::NewFrame().
  void BeginFrame();
  // ImGui::Render() unless the caller already did, clears the back buffer and draws ImGui's
  // draw data into it.
  void RenderFrame();
  // Waits until the GL has drawn everything (glFinish). Only for measuring (--bench-frames):
  // a software renderer rasterises lazily, so without it the drawing is charged to Present().
  void FinishGl();
  // Swaps buffers if the frame changed anything, then sleeps for the frame limit (if any).
  void Present();
  // Shows the whole window again at the next Present() (another window that covered it closed).
  // Every few seconds this happens anyway: SFML reports no Expose events.
  void ShowWhole() { m_needs_swap = true; }
  // Makes this window's ImGui context and GL context current.
  void MakeCurrent();
  // What the last RenderFrame() redrew (display pixels; empty: nothing changed), and whether
  // it drew into the persistent canvas (false: whole frames into the back buffer).
  DamageRect LastDamage() const { return m_last_damage; }
  bool PartialRedraw() const { return m_mode != Mode::Whole; }
  // "copying the changed rectangle", "canvas and swap" or "whole frames".
  const char* RedrawMethod() const;

  // Frames per second; 0 = unlimited. Cheap to call every frame.
  void SetFrameLimit(unsigned fps) { m_frame_limit = fps; }
  // Re-uploads the font atlas after fonts were reloaded (projector mode, --font-scale).
  void RebuildFontTexture();
  // Writes the back buffer (call after RenderFrame, before Present) to a PNG file.
  bool SaveScreenshot(const std::string& path, std::string* error);
  sf::Vector2u Size() const { return m_window.getSize(); }
  // GL_RENDERER and GL_VERSION of the window's context, e.g. "llvmpipe (LLVM 15.0.6, 256 bits), 2.1 Mesa".
  std::string RendererName() const;

 private:
  void UpdateMouseCursor();

  sf::RenderWindow m_window;
  ImGuiContext* m_context = nullptr;  // the ImGui context this window feeds and draws
  SfmlImGuiInput m_input;
  sf::Clock m_frame_clock;
  sf::Clock m_limit_clock;            // since the last Present(), for the frame limit
  sf::Clock m_whole_clock;            // since the window was last shown whole
  enum class Mode { SubBuffer, Canvas, Whole };
  Mode m_mode = Mode::Whole;
  SubBufferCopy m_sub_buffer;
  GlCanvas m_canvas;
  FrameDamage m_damage;
  DamageRect m_last_damage;
  DamageRect m_to_show;               // SubBuffer: what Present() copies to the window
  bool m_needs_swap = true;           // the window must be shown whole (first frame, events)
  bool m_renderer_ready = false;
  bool m_close_requested = false;
  unsigned m_frame_limit = 0;
  int m_last_cursor = -2;  // ImGuiMouseCursor last applied; -2 = none yet
  std::array<std::unique_ptr<sf::Cursor>, ImGuiMouseCursor_COUNT> m_cursors;
  std::string m_clipboard_utf8;  // keeps the text ImGui reads from GetClipboardTextFn alive
};

}  // namespace td::ui::platform
