#include "imgui_harness.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "ui/fonts.h"
#include "ui/platform/sfml_imgui_input.h"
#include "ui/theme.h"

namespace td::ui::test {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/')) parts.push_back(part);
  return parts;
}

// Walks `path`, returning the innermost window and the ID seed after the last component.
ImGuiWindow* Resolve(const std::string& path, ImGuiID* id_out) {
  const auto parts = Split(path);
  if (parts.empty()) return nullptr;
  ImGuiWindow* window = ImGui::FindWindowByName(parts[0].c_str());
  if (!window) return nullptr;
  ImGuiID seed = window->ID;
  for (size_t i = 1; i < parts.size(); ++i) {
    const ImGuiID id = ImHashStr(parts[i].c_str(), 0, seed);
    char child_name[512];
    std::snprintf(child_name, sizeof child_name, "%s/%s_%08X", window->Name, parts[i].c_str(), id);
    if (ImGuiWindow* child = ImGui::FindWindowByName(child_name); child && i + 1 < parts.size()) {
      window = child;
      seed = child->ID;
    } else {
      seed = id;
    }
  }
  if (id_out) *id_out = seed;
  return window;
}

}  // namespace

ImGuiHarness::ImGuiHarness(std::function<void()> draw, ImVec2 display) : m_draw(std::move(draw)) {
  m_ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = display;
  io.DeltaTime = 1.0f / 60.0f;
  platform::SfmlImGuiInput().Install(io);  // the same key map as the real window
  std::string warning;
  SetCurrentFonts(LoadFonts(*io.Fonts, FindAssetsDir(TD_SOURCE_DIR "/assets", ""), 1.0f, &warning));
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; no GL texture needed
  ApplyTheme(ImGui::GetStyle(), 1.0f);
  MoveMouse(ImVec2(-FLT_MAX, -FLT_MAX));
  Frame(2);  // windows exist after the first frame; layout settles on the second
}

ImGuiHarness::~ImGuiHarness() {
  SetCurrentFonts(FontSet{});
  ImGui::DestroyContext(m_ctx);
}

void ImGuiHarness::Frame(int n) {
  for (int i = 0; i < n; ++i) {
    ImGui::NewFrame();
    m_draw();
    ImGui::Render();
  }
}

ImGuiID ImGuiHarness::Id(const std::string& path) const {
  ImGuiID id = 0;
  return Resolve(path, &id) ? id : 0;
}

ImGuiWindow* ImGuiHarness::WindowOf(const std::string& path) const { return Resolve(path, nullptr); }

bool ImGuiHarness::ItemRect(const std::string& path, ImRect* rect) {
  ImGuiID id = 0;
  ImGuiWindow* window = Resolve(path, &id);
  if (!window) return false;
  // Focus the window first, then the item: without the first step ImGui targets the window's
  // first item instead. The item records its rectangle when it is submitted as NavId.
  ImGui::FocusWindow(window);
  Frame();
  ImGui::SetFocusID(id, window);
  Frame();
  ImGuiContext& g = *GImGui;
  if (g.NavId != id || !g.NavIdIsAlive) return false;
  // ImGui 1.86 stores NavRectRel relative to the window's content start (DC.CursorStartPos:
  // position + padding + title/menu bar - scroll), not to window->Pos.
  const ImRect rel = window->NavRectRel[g.NavLayer];
  const ImVec2 origin = window->DC.CursorStartPos;
  *rect = ImRect(rel.Min.x + origin.x, rel.Min.y + origin.y, rel.Max.x + origin.x, rel.Max.y + origin.y);
  return true;
}

void ImGuiHarness::MoveMouse(ImVec2 pos) { ImGui::GetIO().MousePos = pos; }

bool ImGuiHarness::Click(const std::string& path, int button) {
  ImRect r;
  if (!ItemRect(path, &r)) return false;
  ImGuiIO& io = ImGui::GetIO();
  MoveMouse(r.GetCenter());
  Frame();
  // The item under the mouse must be the one asked for: a wrong rectangle or an overlapping
  // window fails here instead of clicking something else. (Disabled items do count as hovered
  // in 1.86; clicking them does nothing.)
  if (GImGui->HoveredId != Id(path)) return false;
  io.MouseDown[button] = true;
  Frame();
  io.MouseDown[button] = false;
  Frame();
  return true;
}

bool ImGuiHarness::WindowShown(const std::string& name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name.c_str());
  return w && w->Active;
}

std::string ImGuiHarness::PopupName(ImGuiID popup_id) {
  char name[32];
  std::snprintf(name, sizeof name, "##Popup_%08x", popup_id);
  return name;
}

void ImGuiHarness::Type(const char* utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  Frame();
}

void ImGuiHarness::PressKey(sf::Keyboard::Key key, bool ctrl) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = ctrl;
  io.KeysDown[key] = true;
  Frame();
  io.KeysDown[key] = false;
  io.KeyCtrl = false;
  Frame();
}

}  // namespace td::ui::test
