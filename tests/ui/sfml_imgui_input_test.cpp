// The SFML -> ImGui adapter fed synthetic sf::Event values: no window, no display.
#include <doctest/doctest.h>

#include <imgui.h>

#include "ui/platform/sfml_imgui_input.h"

namespace td::ui::platform {
namespace {

// An ImGui context whose IO the adapter writes; frames are not run (only IO is checked),
// except where ImGui's own processing of the input is the point.
struct AdapterFixture {
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  SfmlImGuiInput input;
  AdapterFixture() {
    io.IniFilename = nullptr;
    input.Install(io);
  }
  ~AdapterFixture() { ImGui::DestroyContext(ctx); }

  void Feed(const sf::Event& e) { input.ProcessEvent(io, e); }
  void NewFrame(float dt = 1.0f / 60.0f) { input.NewFrame(io, 800, 600, dt); }
};

sf::Event Key(sf::Event::EventType type, sf::Keyboard::Key code, bool ctrl = false, bool shift = false) {
  sf::Event e{};
  e.type = type;
  e.key.code = code;
  e.key.control = ctrl;
  e.key.shift = shift;
  e.key.alt = false;
  e.key.system = false;
  return e;
}

sf::Event Mouse(sf::Event::EventType type, sf::Mouse::Button button, int x, int y) {
  sf::Event e{};
  e.type = type;
  e.mouseButton.button = button;
  e.mouseButton.x = x;
  e.mouseButton.y = y;
  return e;
}

sf::Event Text(sf::Uint32 c) {
  sf::Event e{};
  e.type = sf::Event::TextEntered;
  e.text.unicode = c;
  return e;
}

}  // namespace

TEST_CASE("Install maps ImGui's named keys to SFML key codes") {
  AdapterFixture f;
  CHECK(f.io.KeyMap[ImGuiKey_Enter] == sf::Keyboard::Enter);
  CHECK(f.io.KeyMap[ImGuiKey_Backspace] == sf::Keyboard::Backspace);
  CHECK(f.io.KeyMap[ImGuiKey_Tab] == sf::Keyboard::Tab);
  CHECK(f.io.KeyMap[ImGuiKey_LeftArrow] == sf::Keyboard::Left);
  CHECK(f.io.KeyMap[ImGuiKey_A] == sf::Keyboard::A);
  CHECK(f.io.KeyMap[ImGuiKey_Z] == sf::Keyboard::Z);
  CHECK(f.io.KeyMap[ImGuiKey_KeyPadEnter] == -1);
  for (int k = 0; k < ImGuiKey_COUNT; ++k) CHECK(f.io.KeyMap[k] < 512);
  CHECK((f.io.BackendFlags & ImGuiBackendFlags_HasMouseCursors) != 0);
  CHECK(std::string(f.io.BackendPlatformName) == "tenantdrill_sfml");
}

TEST_CASE("key press and release set KeysDown and modifiers") {
  AdapterFixture f;
  f.Feed(Key(sf::Event::KeyPressed, sf::Keyboard::Enter, /*ctrl=*/true));
  f.NewFrame();
  CHECK(f.io.KeysDown[sf::Keyboard::Enter]);
  CHECK(f.io.KeyCtrl);
  CHECK_FALSE(f.io.KeyShift);
  f.Feed(Key(sf::Event::KeyReleased, sf::Keyboard::Enter, /*ctrl=*/true));
  f.NewFrame();
  CHECK_FALSE(f.io.KeysDown[sf::Keyboard::Enter]);
}

TEST_CASE("releasing Ctrl clears KeyCtrl even though X11 reports the old modifier state") {
  AdapterFixture f;
  f.Feed(Key(sf::Event::KeyPressed, sf::Keyboard::LControl, /*ctrl=*/false));  // state before the press
  CHECK(f.io.KeyCtrl);
  f.Feed(Key(sf::Event::KeyReleased, sf::Keyboard::LControl, /*ctrl=*/true));  // state before the release
  f.NewFrame();
  CHECK(f.io.KeyCtrl);  // latched: it was held during this frame
  f.NewFrame();
  CHECK_FALSE(f.io.KeyCtrl);
}

TEST_CASE("a shortcut typed within one frame keeps its modifier (xdotool key ctrl+2)") {
  AdapterFixture f;
  f.Feed(Key(sf::Event::KeyPressed, sf::Keyboard::LControl, false));
  f.Feed(Key(sf::Event::KeyPressed, sf::Keyboard::Num2, /*ctrl=*/true));
  f.Feed(Key(sf::Event::KeyReleased, sf::Keyboard::Num2, /*ctrl=*/true));
  f.Feed(Key(sf::Event::KeyReleased, sf::Keyboard::LControl, /*ctrl=*/true));
  f.NewFrame();
  CHECK(f.io.KeysDown[sf::Keyboard::Num2]);
  CHECK(f.io.KeyCtrl);
  f.NewFrame();
  CHECK_FALSE(f.io.KeysDown[sf::Keyboard::Num2]);
  CHECK_FALSE(f.io.KeyCtrl);
}

TEST_CASE("a key pressed and released within one frame is still seen for one frame") {
  AdapterFixture f;
  f.Feed(Key(sf::Event::KeyPressed, sf::Keyboard::Space));
  f.Feed(Key(sf::Event::KeyReleased, sf::Keyboard::Space));
  f.NewFrame();
  CHECK(f.io.KeysDown[sf::Keyboard::Space]);
  f.NewFrame();
  CHECK_FALSE(f.io.KeysDown[sf::Keyboard::Space]);
}

TEST_CASE("a click (press and release) within one frame is latched for one frame") {
  AdapterFixture f;
  f.Feed(Mouse(sf::Event::MouseButtonPressed, sf::Mouse::Left, 120, 45));
  f.Feed(Mouse(sf::Event::MouseButtonReleased, sf::Mouse::Left, 120, 45));
  f.NewFrame();
  CHECK(f.io.MouseDown[0]);
  CHECK(f.io.MousePos.x == 120.0f);
  CHECK(f.io.MousePos.y == 45.0f);
  f.NewFrame();
  CHECK_FALSE(f.io.MouseDown[0]);
}

TEST_CASE("a latched click makes ImGui report a click") {
  AdapterFixture f;
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  f.io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  f.NewFrame();
  ImGui::NewFrame();
  ImGui::Render();
  f.Feed(Mouse(sf::Event::MouseButtonPressed, sf::Mouse::Right, 10, 10));
  f.Feed(Mouse(sf::Event::MouseButtonReleased, sf::Mouse::Right, 10, 10));
  f.NewFrame();
  ImGui::NewFrame();
  CHECK(ImGui::IsMouseClicked(ImGuiMouseButton_Right));
  ImGui::Render();
  f.NewFrame();
  ImGui::NewFrame();
  CHECK(ImGui::IsMouseReleased(ImGuiMouseButton_Right));
  ImGui::Render();
}

TEST_CASE("held buttons stay down across frames until released") {
  AdapterFixture f;
  f.Feed(Mouse(sf::Event::MouseButtonPressed, sf::Mouse::Middle, 5, 5));
  f.NewFrame();
  f.NewFrame();
  CHECK(f.io.MouseDown[2]);
  f.Feed(Mouse(sf::Event::MouseButtonReleased, sf::Mouse::Middle, 5, 5));
  f.NewFrame();
  CHECK_FALSE(f.io.MouseDown[2]);
}

TEST_CASE("mouse move, leave and wheel") {
  AdapterFixture f;
  sf::Event move{};
  move.type = sf::Event::MouseMoved;
  move.mouseMove.x = 300;
  move.mouseMove.y = 200;
  f.Feed(move);
  CHECK(f.io.MousePos.x == 300.0f);
  CHECK(f.io.MousePos.y == 200.0f);

  sf::Event wheel{};
  wheel.type = sf::Event::MouseWheelScrolled;
  wheel.mouseWheelScroll.wheel = sf::Mouse::VerticalWheel;
  wheel.mouseWheelScroll.delta = -1.5f;
  f.Feed(wheel);
  wheel.mouseWheelScroll.wheel = sf::Mouse::HorizontalWheel;
  wheel.mouseWheelScroll.delta = 2.0f;
  f.Feed(wheel);
  CHECK(f.io.MouseWheel == -1.5f);
  CHECK(f.io.MouseWheelH == 2.0f);

  sf::Event left{};
  left.type = sf::Event::MouseLeft;
  f.Feed(left);
  CHECK(f.io.MousePos.x == -FLT_MAX);
}

TEST_CASE("text input keeps printable characters and drops control characters") {
  AdapterFixture f;
  for (sf::Uint32 c : {sf::Uint32{'a'}, sf::Uint32{0x08}, sf::Uint32{0x7F}, sf::Uint32{0x01}, sf::Uint32{'\r'},
                       sf::Uint32{0x1B}, sf::Uint32{0x9B}, sf::Uint32{0x00E9}, sf::Uint32{0x20AC}, sf::Uint32{' '}})
    f.Feed(Text(c));
  REQUIRE(f.io.InputQueueCharacters.Size == 4);
  CHECK(f.io.InputQueueCharacters[0] == 'a');
  CHECK(f.io.InputQueueCharacters[1] == 0x00E9);
  CHECK(f.io.InputQueueCharacters[2] == 0x20AC);
  CHECK(f.io.InputQueueCharacters[3] == ' ');
}

TEST_CASE("IsTextCodepoint") {
  CHECK(IsTextCodepoint('x'));
  CHECK(IsTextCodepoint(0x1F600));
  CHECK_FALSE(IsTextCodepoint('\t'));
  CHECK_FALSE(IsTextCodepoint(0x7F));
  CHECK_FALSE(IsTextCodepoint(0x85));
  CHECK_FALSE(IsTextCodepoint(0xD800));
  CHECK_FALSE(IsTextCodepoint(0x110000));
}

TEST_CASE("losing focus releases held keys and buttons") {
  AdapterFixture f;
  f.Feed(Key(sf::Event::KeyPressed, sf::Keyboard::LShift));
  f.Feed(Mouse(sf::Event::MouseButtonPressed, sf::Mouse::Left, 1, 1));
  f.NewFrame();
  CHECK(f.io.KeyShift);
  sf::Event lost{};
  lost.type = sf::Event::LostFocus;
  f.Feed(lost);
  f.NewFrame();
  CHECK_FALSE(f.io.KeyShift);
  CHECK_FALSE(f.io.MouseDown[0]);
  CHECK_FALSE(f.io.KeysDown[sf::Keyboard::LShift]);
}

TEST_CASE("NewFrame sets the display size and never a zero delta time") {
  AdapterFixture f;
  f.NewFrame(0.0f);
  CHECK(f.io.DeltaTime > 0.0f);
  CHECK(f.io.DisplaySize.x == 800.0f);
  f.NewFrame(-1.0f);
  CHECK(f.io.DeltaTime > 0.0f);
  f.NewFrame(0.02f);
  CHECK(f.io.DeltaTime == doctest::Approx(0.02f));
}

TEST_CASE("ImGui mouse cursors map to SFML system cursors") {
  CHECK(CursorTypeFor(ImGuiMouseCursor_TextInput) == sf::Cursor::Text);
  CHECK(CursorTypeFor(ImGuiMouseCursor_Hand) == sf::Cursor::Hand);
  CHECK(CursorTypeFor(ImGuiMouseCursor_ResizeEW) == sf::Cursor::SizeHorizontal);
  CHECK(CursorTypeFor(ImGuiMouseCursor_Arrow) == sf::Cursor::Arrow);
  CHECK(ImGuiMouseButton(sf::Mouse::Right) == 1);
  CHECK(ImGuiMouseButton(sf::Mouse::XButton2) == 4);
}

}  // namespace td::ui::platform
