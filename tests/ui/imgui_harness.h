#pragma once
// A headless Dear ImGui context for panel tests: no window, no GL. Builds the font atlas from
// the bundled fonts, runs NewFrame/Render with a caller-supplied draw function, and drives
// input the way a user would: find an item by its ID path, move the mouse over it, press and
// release over separate frames, type text, press keys (indices are sf::Keyboard codes, the
// same key map as the real adapter).
#include <imgui.h>
#include <imgui_internal.h>

#include <SFML/Window/Keyboard.hpp>

#include <functional>
#include <string>

namespace td::ui::test {

class ImGuiHarness {
 public:
  // `draw` is called between NewFrame and Render on every frame.
  explicit ImGuiHarness(std::function<void()> draw, ImVec2 display = ImVec2(1600, 900));
  ~ImGuiHarness();
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  void Frame(int n = 1);

  // The ID of an item from a path "Window/Child/.../label": the first component names a
  // top-level window; each later component enters a child window of that name if one exists,
  // else is hashed like PushID(component) / a widget label ("###id" labels work as in ImGui).
  ImGuiID Id(const std::string& path) const;
  // The window that owns the last child-window component of `path` (where the item lives).
  ImGuiWindow* WindowOf(const std::string& path) const;

  // Screen rectangle of the item at `path`, found through keyboard-navigation focus (see
  // STACK.md). Returns false if the item was not submitted.
  bool ItemRect(const std::string& path, ImRect* rect);
  // Hover, press, release over three frames at the item's centre (button 0 left, 1 right).
  // False if the item was not submitted or another item is under its centre.
  bool Click(const std::string& path, int button = 0);
  // True if the (top-level or popup) window of this name was drawn in the last frame.
  static bool WindowShown(const std::string& name);
  // The window name ImGui gives the popup with this ID (BeginPopupContextItem, BeginPopup).
  static std::string PopupName(ImGuiID popup_id);
  void MoveMouse(ImVec2 pos);
  // Queue UTF-8 text and run a frame.
  void Type(const char* utf8);
  // Press and release a key (sf::Keyboard code) with optional Ctrl, over two frames.
  void PressKey(sf::Keyboard::Key key, bool ctrl = false);

 private:
  std::function<void()> m_draw;
  ImGuiContext* m_ctx = nullptr;
};

}  // namespace td::ui::test
