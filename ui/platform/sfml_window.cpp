#include "ui/platform/sfml_window.h"

#include <backends/imgui_impl_opengl2.h>
#include <imgui.h>

#include <SFML/OpenGL.hpp>
#include <SFML/System/Err.hpp>
#include <SFML/Window/Clipboard.hpp>

#include <sstream>

#include "ui/platform/screenshot.h"

namespace td::ui::platform {
namespace {

const char* GetClipboardText(void* user_data) {
  auto* storage = static_cast<std::string*>(user_data);
  const sf::String text = sf::Clipboard::getString();
  const std::basic_string<sf::Uint8> utf8 = text.toUtf8();
  storage->assign(utf8.begin(), utf8.end());
  return storage->c_str();
}

void SetClipboardText(void*, const char* text) {
  sf::Clipboard::setString(sf::String::fromUtf8(text, text + std::char_traits<char>::length(text)));
}

}  // namespace

PlatformWindow::~PlatformWindow() {
  if (m_renderer_ready) {
    ImGui_ImplOpenGL2_Shutdown();
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = nullptr;
    io.SetClipboardTextFn = nullptr;
    io.GetClipboardTextFn = nullptr;
    io.ClipboardUserData = nullptr;
  }
  if (m_window.isOpen()) m_window.close();
}

bool PlatformWindow::Open(const WindowConfig& config, std::string* error) {
  IM_ASSERT(ImGui::GetCurrentContext() != nullptr && "create the ImGui context before PlatformWindow::Open");
  if (!DisplayAvailable(error)) return false;
  sf::ContextSettings gl;
  gl.depthBits = 0;
  gl.stencilBits = 0;
  gl.majorVersion = 2;
  gl.minorVersion = 1;
  {
    // SFML's Window::create always switches vsync off, which under Xvfb prints "Setting vertical
    // sync not supported". Hold sf::err() while creating and pass on everything else.
    std::ostringstream sfml_log;
    std::streambuf* previous = sf::err().rdbuf(sfml_log.rdbuf());
    m_window.create(sf::VideoMode(config.width, config.height),
                    sf::String::fromUtf8(config.title.begin(), config.title.end()), sf::Style::Default, gl);
    sf::err().rdbuf(previous);
    std::istringstream lines(sfml_log.str());
    for (std::string line; std::getline(lines, line);)
      if (!line.empty() && line != "Setting vertical sync not supported") sf::err() << line << '\n';
  }
  if (!m_window.isOpen()) {
    if (error) *error = "cannot open a window with an OpenGL context";
    return false;
  }
  // No setVerticalSyncEnabled: vsync is off by default, and under Xvfb the call only prints
  // "Setting vertical sync not supported". The frame limit paces us.
  m_frame_limit = config.frame_limit;
  m_window.setFramerateLimit(config.frame_limit);
  m_window.setKeyRepeatEnabled(true);
  if (!m_window.setActive(true)) {
    if (error) *error = "cannot make the window's OpenGL context current";
    return false;
  }

  ImGuiIO& io = ImGui::GetIO();
  m_input.Install(io);
  io.SetClipboardTextFn = SetClipboardText;
  io.GetClipboardTextFn = GetClipboardText;
  io.ClipboardUserData = &m_clipboard_utf8;
  if (!ImGui_ImplOpenGL2_Init()) {
    if (error) *error = "cannot initialise the OpenGL 2 renderer";
    return false;
  }
  m_renderer_ready = true;
  m_frame_clock.restart();
  return true;
}

int PlatformWindow::PollEvents() {
  ImGuiIO& io = ImGui::GetIO();
  sf::Event event;
  int count = 0;
  while (m_window.pollEvent(event)) {
    ++count;
    if (event.type == sf::Event::Closed) m_close_requested = true;
    m_input.ProcessEvent(io, event);
  }
  return count;
}

void PlatformWindow::BeginFrame() {
  const sf::Vector2u size = m_window.getSize();
  m_input.NewFrame(ImGui::GetIO(), static_cast<float>(size.x), static_cast<float>(size.y),
                   m_frame_clock.restart().asSeconds());
  ImGui_ImplOpenGL2_NewFrame();
  ImGui::NewFrame();
}

void PlatformWindow::RenderFrame() {
  if (!ImGui::GetDrawData() || !ImGui::GetDrawData()->Valid) ImGui::Render();
  UpdateMouseCursor();
  const sf::Vector2u size = m_window.getSize();
  glViewport(0, 0, static_cast<GLsizei>(size.x), static_cast<GLsizei>(size.y));
  glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
}

std::string PlatformWindow::RendererName() const {
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  return std::string(renderer ? renderer : "unknown renderer") + ", OpenGL " + (version ? version : "?");
}

void PlatformWindow::Present() { m_window.display(); }

void PlatformWindow::RebuildFontTexture() {
  ImGui_ImplOpenGL2_DestroyFontsTexture();
  ImGui_ImplOpenGL2_CreateFontsTexture();
}

bool PlatformWindow::SaveScreenshot(const std::string& path, std::string* error) {
  const sf::Vector2u size = m_window.getSize();
  return SavePng(CaptureBackBuffer(size.x, size.y), path, error);
}

void PlatformWindow::UpdateMouseCursor() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.ConfigFlags & ImGuiConfigFlags_NoMouseCursorChange) return;
  const ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  if (cursor == m_last_cursor) return;
  m_last_cursor = cursor;
  if (cursor == ImGuiMouseCursor_None) {
    m_window.setMouseCursorVisible(false);
    return;
  }
  auto& slot = m_cursors[static_cast<size_t>(cursor)];
  if (!slot) {
    slot = std::make_unique<sf::Cursor>();
    if (!slot->loadFromSystem(CursorTypeFor(cursor)) && !slot->loadFromSystem(sf::Cursor::Arrow)) {
      slot.reset();  // no system cursors: keep whatever the window shows
      m_window.setMouseCursorVisible(true);
      return;
    }
  }
  m_window.setMouseCursorVisible(true);
  m_window.setMouseCursor(*slot);
}

}  // namespace td::ui::platform
