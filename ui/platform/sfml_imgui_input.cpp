#include "ui/platform/sfml_imgui_input.h"

#include <cfloat>

namespace td::ui::platform {
namespace {

constexpr float kFallbackDelta = 1.0f / 60.0f;

bool ValidKey(sf::Keyboard::Key key) { return key >= 0 && key < sf::Keyboard::KeyCount; }

bool IsModifier(sf::Keyboard::Key k) {
  switch (k) {
    case sf::Keyboard::LControl: case sf::Keyboard::RControl:
    case sf::Keyboard::LShift: case sf::Keyboard::RShift:
    case sf::Keyboard::LAlt: case sf::Keyboard::RAlt:
    case sf::Keyboard::LSystem: case sf::Keyboard::RSystem:
      return true;
    default:
      return false;
  }
}

}  // namespace

int ImGuiMouseButton(sf::Mouse::Button button) {
  switch (button) {
    case sf::Mouse::Left: return 0;
    case sf::Mouse::Right: return 1;
    case sf::Mouse::Middle: return 2;
    case sf::Mouse::XButton1: return 3;
    case sf::Mouse::XButton2: return 4;
    default: return -1;
  }
}

bool IsTextCodepoint(sf::Uint32 c) {
  if (c < 0x20 || c == 0x7F) return false;       // C0 controls, DEL
  if (c >= 0x80 && c < 0xA0) return false;       // C1 controls
  if (c >= 0xD800 && c <= 0xDFFF) return false;  // lone surrogates
  return c <= 0x10FFFF;
}

sf::Cursor::Type CursorTypeFor(ImGuiMouseCursor cursor) {
  switch (cursor) {
    case ImGuiMouseCursor_TextInput: return sf::Cursor::Text;
    case ImGuiMouseCursor_ResizeAll: return sf::Cursor::SizeAll;
    case ImGuiMouseCursor_ResizeNS: return sf::Cursor::SizeVertical;
    case ImGuiMouseCursor_ResizeEW: return sf::Cursor::SizeHorizontal;
    case ImGuiMouseCursor_ResizeNESW: return sf::Cursor::SizeBottomLeftTopRight;
    case ImGuiMouseCursor_ResizeNWSE: return sf::Cursor::SizeTopLeftBottomRight;
    case ImGuiMouseCursor_Hand: return sf::Cursor::Hand;
    case ImGuiMouseCursor_NotAllowed: return sf::Cursor::NotAllowed;
    default: return sf::Cursor::Arrow;
  }
}

void SfmlImGuiInput::Install(ImGuiIO& io) {
  io.BackendPlatformName = "tenantdrill_sfml";
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
  io.KeyMap[ImGuiKey_Tab] = sf::Keyboard::Tab;
  io.KeyMap[ImGuiKey_LeftArrow] = sf::Keyboard::Left;
  io.KeyMap[ImGuiKey_RightArrow] = sf::Keyboard::Right;
  io.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
  io.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
  io.KeyMap[ImGuiKey_PageUp] = sf::Keyboard::PageUp;
  io.KeyMap[ImGuiKey_PageDown] = sf::Keyboard::PageDown;
  io.KeyMap[ImGuiKey_Home] = sf::Keyboard::Home;
  io.KeyMap[ImGuiKey_End] = sf::Keyboard::End;
  io.KeyMap[ImGuiKey_Insert] = sf::Keyboard::Insert;
  io.KeyMap[ImGuiKey_Delete] = sf::Keyboard::Delete;
  io.KeyMap[ImGuiKey_Backspace] = sf::Keyboard::Backspace;
  io.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
  io.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Enter;
  io.KeyMap[ImGuiKey_Escape] = sf::Keyboard::Escape;
  io.KeyMap[ImGuiKey_KeyPadEnter] = -1;  // SFML 2.5 reports keypad Enter as Enter
  io.KeyMap[ImGuiKey_A] = sf::Keyboard::A;
  io.KeyMap[ImGuiKey_C] = sf::Keyboard::C;
  io.KeyMap[ImGuiKey_V] = sf::Keyboard::V;
  io.KeyMap[ImGuiKey_X] = sf::Keyboard::X;
  io.KeyMap[ImGuiKey_Y] = sf::Keyboard::Y;
  io.KeyMap[ImGuiKey_Z] = sf::Keyboard::Z;
}

bool SfmlImGuiInput::ProcessEvent(ImGuiIO& io, const sf::Event& event) {
  switch (event.type) {
    case sf::Event::MouseMoved:
      io.MousePos = ImVec2(static_cast<float>(event.mouseMove.x), static_cast<float>(event.mouseMove.y));
      return true;
    case sf::Event::MouseLeft:
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      return true;
    case sf::Event::MouseButtonPressed:
    case sf::Event::MouseButtonReleased: {
      const int b = ImGuiMouseButton(event.mouseButton.button);
      if (b < 0) return false;
      const auto i = static_cast<size_t>(b);
      const bool down = event.type == sf::Event::MouseButtonPressed;
      io.MousePos = ImVec2(static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y));
      m_mouse_held[i] = down;
      if (down) {
        m_mouse_latched[i] = true;
        io.MouseDown[i] = true;
      }
      return true;
    }
    case sf::Event::MouseWheelScrolled:
      if (event.mouseWheelScroll.wheel == sf::Mouse::HorizontalWheel)
        io.MouseWheelH += event.mouseWheelScroll.delta;
      else
        io.MouseWheel += event.mouseWheelScroll.delta;
      return true;
    case sf::Event::KeyPressed:
    case sf::Event::KeyReleased: {
      const bool down = event.type == sf::Event::KeyPressed;
      if (ValidKey(event.key.code)) {
        const auto k = static_cast<size_t>(event.key.code);
        m_key_held[k] = down;
        if (down) {
          m_key_latched[k] = true;
          io.KeysDown[k] = true;
        }
      }
      std::array<bool, 4> mods{event.key.control, event.key.shift, event.key.alt, event.key.system};
      if (ValidKey(event.key.code) && IsModifier(event.key.code)) {
        // X11 reports the modifier state from before the event, so a Ctrl release would still
        // say "control": derive modifiers from the modifier keys we saw instead.
        mods = {Held(sf::Keyboard::LControl) || Held(sf::Keyboard::RControl),
                Held(sf::Keyboard::LShift) || Held(sf::Keyboard::RShift),
                Held(sf::Keyboard::LAlt) || Held(sf::Keyboard::RAlt),
                Held(sf::Keyboard::LSystem) || Held(sf::Keyboard::RSystem)};
      }
      for (size_t i = 0; i < mods.size(); ++i) {
        m_mod_held[i] = mods[i];
        if (mods[i]) m_mod_latched[i] = true;  // Ctrl+2 typed within one frame keeps its Ctrl
      }
      ApplyModifiers(io);
      return true;
    }
    case sf::Event::TextEntered:
      if (IsTextCodepoint(event.text.unicode)) io.AddInputCharacter(event.text.unicode);
      return true;
    case sf::Event::GainedFocus:
      io.AddFocusEvent(true);
      return true;
    case sf::Event::LostFocus:
      ReleaseAll(io);
      io.AddFocusEvent(false);
      return true;
    default:
      return false;
  }
}

void SfmlImGuiInput::NewFrame(ImGuiIO& io, float display_w, float display_h, float delta_seconds) {
  io.DisplaySize = ImVec2(display_w, display_h);
  io.DeltaTime = delta_seconds > 0.0f ? delta_seconds : kFallbackDelta;
  // A press seen since the last frame reads as down for this frame; a release only takes
  // effect now, after ImGui has seen the press.
  for (size_t i = 0; i < m_mouse_held.size(); ++i) {
    io.MouseDown[i] = m_mouse_held[i] || m_mouse_latched[i];
    m_mouse_latched[i] = false;
  }
  for (size_t k = 0; k < m_key_held.size(); ++k) {
    io.KeysDown[k] = m_key_held[k] || m_key_latched[k];
    m_key_latched[k] = false;
  }
  ApplyModifiers(io);
  m_mod_latched.fill(false);
}

void SfmlImGuiInput::ApplyModifiers(ImGuiIO& io) const {
  io.KeyCtrl = m_mod_held[0] || m_mod_latched[0];
  io.KeyShift = m_mod_held[1] || m_mod_latched[1];
  io.KeyAlt = m_mod_held[2] || m_mod_latched[2];
  io.KeySuper = m_mod_held[3] || m_mod_latched[3];
}

void SfmlImGuiInput::ReleaseAll(ImGuiIO& io) {
  // A window that loses focus never hears the releases: drop everything held.
  m_mouse_held.fill(false);
  m_key_held.fill(false);
  m_mod_held.fill(false);
  m_mod_latched.fill(false);
  ApplyModifiers(io);
}

}  // namespace td::ui::platform
