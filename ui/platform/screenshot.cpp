#include "ui/platform/screenshot.h"

#include <SFML/OpenGL.hpp>

#include <filesystem>
#include <vector>

namespace td::ui::platform {

sf::Image CaptureBackBuffer(unsigned width, unsigned height) {
  std::vector<sf::Uint8> pixels(static_cast<size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, static_cast<GLsizei>(width), static_cast<GLsizei>(height), GL_RGBA, GL_UNSIGNED_BYTE,
               pixels.data());
  // The framebuffer's alpha is whatever blending left there; a screenshot is opaque.
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  sf::Image image;
  image.create(width, height, pixels.data());
  image.flipVertically();  // GL rows run bottom-up
  return image;
}

bool SavePng(const sf::Image& image, const std::string& path, std::string* error) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.extension() != ".png" && p.extension() != ".PNG") {
    if (error) *error = "screenshot path must end in .png: " + path;
    return false;
  }
  std::error_code ec;
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) {
    if (error) *error = "cannot write screenshot: directory does not exist: " + dir.string();
    return false;
  }
  if (!image.saveToFile(path)) {
    if (error) *error = "cannot write screenshot to " + path + " (permission denied or disk full?)";
    return false;
  }
  return true;
}

}  // namespace td::ui::platform
