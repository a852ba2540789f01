#include "ui/platform/sfml_window.h"

#include <backends/imgui_impl_opengl2.h>
#include <imgui.h>

#include <SFML/OpenGL.hpp>
#include <SFML/System/Err.hpp>
#include <SFML/System/Sleep.hpp>
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
  if (m_context && m_window.isOpen()) MakeCurrent();
  m_canvas.Release();
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
  // The frame limit is ours (Present): a frame that changed nothing is not swapped, and
  // SFML's limiter only sleeps inside display().
  m_frame_limit = config.frame_limit;
  m_window.setKeyRepeatEnabled(true);
  if (!m_window.setActive(true)) {
    if (error) *error = "cannot make the window's OpenGL context current";
    return false;
  }
  m_context = ImGui::GetCurrentContext();
  if (config.partial_redraw && m_sub_buffer.Init())
    m_mode = Mode::SubBuffer;
  else if (config.partial_redraw && m_canvas.Init())
    m_mode = Mode::Canvas;
  else
    m_mode = Mode::Whole;

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

void PlatformWindow::MakeCurrent() {
  if (m_context && ImGui::GetCurrentContext() != m_context) ImGui::SetCurrentContext(m_context);
  if (m_window.isOpen()) (void)m_window.setActive(true);
}

int PlatformWindow::PollEvents() {
  MakeCurrent();
  ImGuiIO& io = ImGui::GetIO();
  sf::Event event;
  int count = 0;
  while (m_window.pollEvent(event)) {
    ++count;
    if (event.type == sf::Event::Closed) m_close_requested = true;
    // The window may have been uncovered or resized: show the whole canvas again.
    if (event.type == sf::Event::Resized || event.type == sf::Event::GainedFocus ||
        event.type == sf::Event::MouseEntered)
      m_needs_swap = true;
    m_input.ProcessEvent(io, event);
  }
  return count;
}

void PlatformWindow::BeginFrame() {
  MakeCurrent();
  const sf::Vector2u size = m_window.getSize();
  m_input.NewFrame(ImGui::GetIO(), static_cast<float>(size.x), static_cast<float>(size.y),
                   m_frame_clock.restart().asSeconds());
  ImGui_ImplOpenGL2_NewFrame();
  ImGui::NewFrame();
}

void PlatformWindow::RenderFrame() {
  MakeCurrent();
  if (!ImGui::GetDrawData() || !ImGui::GetDrawData()->Valid) ImGui::Render();
  UpdateMouseCursor();
  ImDrawData* data = ImGui::GetDrawData();
  const sf::Vector2u size = m_window.getSize();
  const auto w = static_cast<GLsizei>(size.x), h = static_cast<GLsizei>(size.y);
  if (m_mode == Mode::Canvas && m_canvas.Resize(size.x, size.y)) m_damage.Invalidate();
  if (m_mode == Mode::Canvas && !m_canvas.Ready()) m_mode = Mode::Whole;  // the driver refused the FBO
  if (m_mode == Mode::Whole) {
    m_last_damage = {0, 0, static_cast<float>(size.x), static_cast<float>(size.y)};
    glViewport(0, 0, w, h);
    glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL2_RenderDrawData(data);
    m_needs_swap = true;
    return;
  }
  m_last_damage = m_damage.Update(*data);
  if (!m_last_damage.Empty()) {
    const DamageRect& d = m_last_damage;
    ClipDrawData(*data, d);
    if (m_mode == Mode::Canvas) m_canvas.Bind();
    glViewport(0, 0, w, h);
    glEnable(GL_SCISSOR_TEST);
    const auto x0 = static_cast<GLint>(d.x0 - data->DisplayPos.x), y1 = static_cast<GLint>(d.y1 - data->DisplayPos.y);
    glScissor(x0, h - y1, static_cast<GLsizei>(d.x1 - d.x0), static_cast<GLsizei>(d.y1 - d.y0));
    glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    ImGui_ImplOpenGL2_RenderDrawData(data);
    if (m_mode == Mode::Canvas) {
      m_canvas.Unbind();
      m_needs_swap = true;
    }
  }
  if (m_mode == Mode::Canvas && m_needs_swap) m_canvas.CopyToBackBuffer();
  // SFML reports no Expose events: a part of the window uncovered by another is shown again
  // within two seconds (one whole copy, a few ms under the software renderer).
  if (m_whole_clock.getElapsedTime() >= sf::seconds(2)) m_needs_swap = true;
  if (m_needs_swap) m_whole_clock.restart();
  if (m_mode == Mode::SubBuffer) {
    // What Present() shows: this frame's damage, or everything when the window needs it.
    m_to_show = m_needs_swap ? DamageRect{0, 0, static_cast<float>(size.x), static_cast<float>(size.y)}
                             : DamageRect{m_last_damage.x0 - data->DisplayPos.x, m_last_damage.y0 - data->DisplayPos.y,
                                          m_last_damage.x1 - data->DisplayPos.x, m_last_damage.y1 - data->DisplayPos.y};
  }
}

const char* PlatformWindow::RedrawMethod() const {
  switch (m_mode) {
    case Mode::SubBuffer: return "redrawing and copying only what changed (GLX_MESA_copy_sub_buffer)";
    case Mode::Canvas: return "redrawing what changed into a canvas, blit and swap";
    default: return "redrawing whole frames";
  }
}

std::string PlatformWindow::RendererName() const {
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  return std::string(renderer ? renderer : "unknown renderer") + ", OpenGL " + (version ? version : "?");
}

void PlatformWindow::FinishGl() {
  MakeCurrent();
  glFinish();
}

void PlatformWindow::Present() {
  MakeCurrent();
  if (m_mode == Mode::SubBuffer) {
    // The back buffer is never swapped: it keeps the whole picture for the next frame.
    const int h = static_cast<int>(m_window.getSize().y);
    const DamageRect& r = m_to_show;
    if (!r.Empty())
      m_sub_buffer.Copy(static_cast<int>(r.x0), h - static_cast<int>(r.y1), static_cast<int>(r.x1 - r.x0),
                        static_cast<int>(r.y1 - r.y0));
    m_to_show = {};
  } else if (m_needs_swap) {
    m_window.display();
  }
  m_needs_swap = false;
  if (m_frame_limit > 0) {
    const sf::Time frame = sf::seconds(1.0f / static_cast<float>(m_frame_limit));
    const sf::Time spent = m_limit_clock.getElapsedTime();
    if (spent < frame) sf::sleep(frame - spent);
  }
  m_limit_clock.restart();
}

void PlatformWindow::RebuildFontTexture() {
  MakeCurrent();
  m_damage.Invalidate();
  ImGui_ImplOpenGL2_DestroyFontsTexture();
  ImGui_ImplOpenGL2_CreateFontsTexture();
}

bool PlatformWindow::SaveScreenshot(const std::string& path, std::string* error) {
  MakeCurrent();
  if (m_mode == Mode::Canvas) m_canvas.CopyToBackBuffer();  // the whole picture, not only what the last frame redrew
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
