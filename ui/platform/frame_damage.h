#pragma once
// Which part of the window changed between two frames of Dear ImGui draw data, so the renderer
// redraws only that rectangle (ui/platform/gl_canvas.h keeps the rest of the previous frame).
//
// ImGui gives each window, child window, popup and tooltip its own ImDrawList. A list whose
// vertices, indices or commands differ from the previous frame's list of the same owner, a list
// that appeared and one that went away damage the box of what they draw, old and new: for each
// command, the box of the vertices its triangles use, cut to its clip rectangle. If the order of the lists changed
// (a window came to the front), or the display size did, the whole display is damaged. Redrawing
// repaints every list inside the damaged rectangle, so what lies under a closed popup comes back.
//
// When a list changed only in its vertices (same commands and indices: a clock's digits, a
// hover colour), only the triangles that use a changed vertex count, old and new. A running
// clock then redraws a few glyphs, not the window.
// Pure CPU, no GL: tested headless (tests/ui/frame_damage_test.cpp).
#include <imgui.h>

#include <string>
#include <vector>

namespace td::ui::platform {

// A rectangle in display coordinates (ImDrawData::DisplayPos based), x0 <= x1, y0 <= y1.
struct DamageRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool Empty() const { return x1 <= x0 || y1 <= y0; }
  float Area() const { return Empty() ? 0.0f : (x1 - x0) * (y1 - y0); }
};

class FrameDamage {
 public:
  // Compares `data` (after ImGui::Render()) with the frame given last time and remembers it.
  // Returns what must be redrawn: empty when the frame looks the same, the whole display after
  // Invalidate() or on the first frame.
  DamageRect Update(const ImDrawData& data);
  // The next Update() damages the whole display (new font texture, new render target).
  void Invalidate() { m_valid = false; }

 private:
  struct ListCopy {
    std::string owner;
    std::vector<ImDrawVert> vtx;
    std::vector<ImDrawIdx> idx;
    std::vector<ImDrawCmd> cmd;
    DamageRect bounds;  // the box of what the list draws
  };
  std::vector<ListCopy> m_prev;
  ImVec2 m_display_pos{0, 0}, m_display_size{0, 0};
  bool m_valid = false;
};

// Clips every command of `data` to `rect`: commands that fall outside it get ElemCount 0 (the
// renderer skips them), the others a clip rectangle inside it. Call after FrameDamage::Update
// (which must see the unclipped data) and before rendering.
void ClipDrawData(ImDrawData& data, const DamageRect& rect);

}  // namespace td::ui::platform
