#include "ui/platform/gl_canvas.h"

#include <SFML/Window/Context.hpp>

#include <cstdlib>
#include <cstring>

namespace td::ui::platform {
namespace {

// OpenGL 3.0 / ARB_framebuffer_object entry points, loaded at run time (the GL headers of an
// OpenGL 2 program do not declare them as functions).
constexpr GLenum kFramebuffer = 0x8D40;
constexpr GLenum kReadFramebuffer = 0x8CA8;
constexpr GLenum kDrawFramebuffer = 0x8CA9;
constexpr GLenum kColorAttachment0 = 0x8CE0;
constexpr GLenum kFramebufferComplete = 0x8CD5;

using GenFramebuffers = void (*)(GLsizei, GLuint*);
using DeleteFramebuffers = void (*)(GLsizei, const GLuint*);
using BindFramebuffer = void (*)(GLenum, GLuint);
using FramebufferTexture2D = void (*)(GLenum, GLenum, GLenum, GLuint, GLint);
using CheckFramebufferStatus = GLenum (*)(GLenum);
using BlitFramebuffer = void (*)(GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLbitfield, GLenum);

struct Fbo {
  GenFramebuffers gen = nullptr;
  DeleteFramebuffers del = nullptr;
  BindFramebuffer bind = nullptr;
  FramebufferTexture2D texture = nullptr;
  CheckFramebufferStatus status = nullptr;
  BlitFramebuffer blit = nullptr;
};
Fbo g_fbo;  // the same entry points serve every context of one driver

template <typename F>
bool Load(F* out, const char* name) {
  *out = reinterpret_cast<F>(sf::Context::getFunction(name));
  return *out != nullptr;
}

}  // namespace

GlCanvas::~GlCanvas() { Release(); }

bool GlCanvas::Init() {
  if (!m_loaded) {
    // GLX hands out an address for any name: ask the context what it really has first.
    const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    const auto* extensions = reinterpret_cast<const char*>(glGetString(GL_EXTENSIONS));
    const bool gl3 = version && std::atoi(version) >= 3;
    const bool arb = extensions && std::strstr(extensions, "GL_ARB_framebuffer_object") != nullptr;
    if (!gl3 && !arb) return false;
    m_loaded = Load(&g_fbo.gen, "glGenFramebuffers") && Load(&g_fbo.del, "glDeleteFramebuffers") &&
               Load(&g_fbo.bind, "glBindFramebuffer") && Load(&g_fbo.texture, "glFramebufferTexture2D") &&
               Load(&g_fbo.status, "glCheckFramebufferStatus") && Load(&g_fbo.blit, "glBlitFramebuffer");
  }
  return m_loaded;
}

bool GlCanvas::Resize(unsigned width, unsigned height) {
  if (!m_loaded) return false;
  if (m_fbo != 0 && width == m_width && height == m_height) return false;
  Release();
  GLint previous_texture = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous_texture);
  glGenTextures(1, &m_texture);
  glBindTexture(GL_TEXTURE_2D, m_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, static_cast<GLsizei>(width), static_cast<GLsizei>(height), 0, GL_RGBA,
               GL_UNSIGNED_BYTE, nullptr);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous_texture));
  g_fbo.gen(1, &m_fbo);
  g_fbo.bind(kFramebuffer, m_fbo);
  g_fbo.texture(kFramebuffer, kColorAttachment0, GL_TEXTURE_2D, m_texture, 0);
  const bool complete = g_fbo.status(kFramebuffer) == kFramebufferComplete;
  g_fbo.bind(kFramebuffer, 0);
  if (!complete) {
    Release();
    return false;
  }
  m_width = width;
  m_height = height;
  return true;
}

void GlCanvas::Bind() const {
  if (m_fbo) g_fbo.bind(kFramebuffer, m_fbo);
}

void GlCanvas::Unbind() const {
  if (m_fbo) g_fbo.bind(kFramebuffer, 0);
}

void GlCanvas::CopyToBackBuffer() const {
  if (!m_fbo) return;
  const auto w = static_cast<GLint>(m_width), h = static_cast<GLint>(m_height);
  glDisable(GL_SCISSOR_TEST);
  g_fbo.bind(kReadFramebuffer, m_fbo);
  g_fbo.bind(kDrawFramebuffer, 0);
  g_fbo.blit(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  g_fbo.bind(kFramebuffer, 0);
}

void GlCanvas::Release() {
  if (m_fbo && g_fbo.del) g_fbo.del(1, &m_fbo);
  if (m_texture) glDeleteTextures(1, &m_texture);
  m_fbo = 0;
  m_texture = 0;
  m_width = m_height = 0;
}

}  // namespace td::ui::platform
