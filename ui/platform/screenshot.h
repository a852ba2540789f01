#pragma once
// Back-buffer capture for --screenshot and the e2e smoke test.
#include <SFML/Graphics/Image.hpp>

#include <string>

namespace td::ui::platform {

// Reads the current GL context's back buffer (width x height pixels at the origin) into an
// opaque, top-down sf::Image. Call after drawing and before swapping buffers.
sf::Image CaptureBackBuffer(unsigned width, unsigned height);

// Saves `image` as PNG. Checks the target directory first so the error says what is wrong;
// returns false with *error set on failure.
bool SavePng(const sf::Image& image, const std::string& path, std::string* error);

}  // namespace td::ui::platform
