#pragma once
// Our SFML -> Dear ImGui 1.86 input adapter. Translates sf::Event values into ImGuiIO (the 1.86
// API: KeysDown[]/KeyMap[], MouseDown[], MousePos, MouseWheel, AddInputCharacter,
// AddFocusEvent). Needs no window and no GL, so tests feed it synthetic events.
//
// ImGui 1.86 has no input queue: it samples KeysDown/MouseDown once per frame, so a press and a
// release delivered between two frames would be lost. The adapter latches presses: a button or
// key pressed during a frame reads as down for at least that frame, and its release is applied
// on the following NewFrame. Modifiers are latched the same way, so Ctrl+2 typed faster than a
// frame still arrives as Ctrl+2.
#include <imgui.h>

#include <SFML/Window/Cursor.hpp>
#include <SFML/Window/Event.hpp>

#include <array>

namespace td::ui::platform {

class SfmlImGuiInput {
 public:
  // Sets BackendPlatformName, BackendFlags and io.KeyMap (ImGui keys -> sf::Keyboard codes).
  void Install(ImGuiIO& io);

  // Feeds one SFML event into `io`. Returns true if the event was one the adapter uses.
  bool ProcessEvent(ImGuiIO& io, const sf::Event& event);

  // Call once before ImGui::NewFrame(): sets DisplaySize (pixels), DeltaTime (seconds; values
  // <= 0 become 1/60 s because ImGui asserts on them) and applies latched presses.
  void NewFrame(ImGuiIO& io, float display_w, float display_h, float delta_seconds);

 private:
  void ReleaseAll(ImGuiIO& io);
  void ApplyModifiers(ImGuiIO& io) const;
  bool Held(sf::Keyboard::Key k) const { return m_key_held[static_cast<size_t>(k)]; }

  std::array<bool, 5> m_mouse_held{};     // physical state from the last events
  std::array<bool, 5> m_mouse_latched{};  // pressed since the last NewFrame
  std::array<bool, sf::Keyboard::KeyCount> m_key_held{};
  std::array<bool, sf::Keyboard::KeyCount> m_key_latched{};
  std::array<bool, 4> m_mod_held{};     // Ctrl, Shift, Alt, Super
  std::array<bool, 4> m_mod_latched{};  // held at some point since the last NewFrame
};

// The ImGui mouse-button index of an SFML button, or -1 for buttons ImGui does not know.
int ImGuiMouseButton(sf::Mouse::Button button);

// True if `codepoint` from sf::Event::TextEntered is text ImGui should insert; false for C0 and
// C1 control characters (backspace, Ctrl+letter, DEL, ...) and values outside Unicode.
bool IsTextCodepoint(sf::Uint32 codepoint);

// The SFML system cursor that stands for an ImGui cursor (ImGuiMouseCursor_Arrow ... _NotAllowed).
sf::Cursor::Type CursorTypeFor(ImGuiMouseCursor cursor);

}  // namespace td::ui::platform
