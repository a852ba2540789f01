#pragma once
// The desktop platform layer: an sf::RenderWindow for the window and its OpenGL context, our
// SfmlImGuiInput for input, Debian's ImGui_ImplOpenGL2 renderer for drawing, sf::Clipboard for
// the clipboard and SFML system cursors for ImGui's mouse cursor.
//
// One frame:  PollEvents(); BeginFrame(); <ImGui calls>; RenderFrame(); [SaveScreenshot()]; Present();
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Clock.hpp>
#include <SFML/Window/Cursor.hpp>

#include <array>
#include <memory>
#include <string>

#include "ui/platform/display_probe.h"
#include "ui/platform/sfml_imgui_input.h"

namespace td::ui::platform {

struct WindowConfig {
  unsigned width = 1600;   // pixels
  unsigned height = 900;   // pixels
  std::string title = "TenantDrill";
  unsigned frame_limit = 60;  // frames per second; 0 = unlimited (Xvfb has no vsync: keep a limit)
};

class PlatformWindow {
 public:
  PlatformWindow() = default;
  PlatformWindow(const PlatformWindow&) = delete;
  PlatformWindow& operator=(const PlatformWindow&) = delete;
  ~PlatformWindow();

  // Opens the window, installs the input adapter, clipboard and renderer into the current ImGui
  // context (which must exist). Returns false with *error set on failure.
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
  // Swaps buffers (and sleeps for the frame limit, if any).
  void Present();

  // Frames per second; 0 = unlimited. Cheap to call every frame (only changes are applied).
  void SetFrameLimit(unsigned fps) {
    if (fps != m_frame_limit) m_window.setFramerateLimit(m_frame_limit = fps);
  }
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
  SfmlImGuiInput m_input;
  sf::Clock m_frame_clock;
  bool m_renderer_ready = false;
  bool m_close_requested = false;
  unsigned m_frame_limit = 0;
  int m_last_cursor = -2;  // ImGuiMouseCursor last applied; -2 = none yet
  std::array<std::unique_ptr<sf::Cursor>, ImGuiMouseCursor_COUNT> m_cursors;
  std::string m_clipboard_utf8;  // keeps the text ImGui reads from GetClipboardTextFn alive
};

}  // namespace td::ui::platform
