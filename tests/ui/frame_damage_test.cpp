// FrameDamage (ui/platform/frame_damage.h) on real ImGui draw data from the headless harness:
// what changed between two frames, and nothing more, is what the renderer redraws.
#include <doctest/doctest.h>

#include <string>

#include "imgui_harness.h"
#include "ui/platform/frame_damage.h"

namespace td::ui::test {
namespace {

using platform::DamageRect;
using platform::FrameDamage;

// Two windows side by side: "Clock" shows `clock`, "Table" shows fixed rows.
struct TwoWindows {
  std::string clock = "09:00:00";
  bool popup = false;
  ImGuiHarness harness{[this] {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 100));
    ImGui::Begin("Clock", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted(clock.c_str());
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(0, 200));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("Table", nullptr, ImGuiWindowFlags_NoDecoration);
    for (int i = 0; i < 20; ++i) ImGui::Text("row %d", i);
    ImGui::End();
    if (popup) {
      ImGui::SetNextWindowPos(ImVec2(900, 300));
      ImGui::SetNextWindowSize(ImVec2(200, 100));
      ImGui::Begin("Tip", nullptr, ImGuiWindowFlags_NoDecoration);
      ImGui::TextUnformatted("tooltip");
      ImGui::End();
    }
  }};

  DamageRect Next(FrameDamage& d) {
    harness.Frame();
    return d.Update(*ImGui::GetDrawData());
  }
};

bool Inside(const DamageRect& r, float x0, float y0, float x1, float y1) {
  INFO("damage " << r.x0 << "," << r.y0 << " .. " << r.x1 << "," << r.y1);
  return r.x0 >= x0 && r.y0 >= y0 && r.x1 <= x1 && r.y1 <= y1;
}

}  // namespace

TEST_CASE("the first frame is damaged whole; an unchanged frame not at all") {
  TwoWindows w;
  FrameDamage d;
  w.harness.Frame(2);  // let ImGui settle the window sizes
  const DamageRect first = w.Next(d);
  CHECK(first.x0 == 0);
  CHECK(first.y0 == 0);
  CHECK(first.x1 == 1600);
  CHECK(first.y1 == 900);
  CHECK(w.Next(d).Empty());
  CHECK(w.Next(d).Empty());
}

TEST_CASE("a changed text damages its window only") {
  TwoWindows w;
  FrameDamage d;
  w.harness.Frame(2);
  w.Next(d);
  w.clock = "09:00:01";
  const DamageRect r = w.Next(d);
  REQUIRE_FALSE(r.Empty());
  CHECK(Inside(r, 0, 0, 400, 100));  // the Clock window, not the Table below it
  CHECK(r.Area() < 400.0f * 100.0f / 20);  // and of it only the last digit (same glyph count)
  w.clock = "10:00:00 and more";           // another glyph count: the whole Clock window at most
  const DamageRect longer = w.Next(d);
  CHECK(Inside(longer, 0, 0, 400, 100));
  CHECK(longer.Area() > r.Area());
  CHECK(w.Next(d).Empty());           // and the next frame, the same again, nothing
}

TEST_CASE("a window that appears, then goes, damages its area both times") {
  TwoWindows w;
  FrameDamage d;
  w.harness.Frame(2);
  w.Next(d);
  w.popup = true;
  const DamageRect shown = w.Next(d);
  REQUIRE_FALSE(shown.Empty());
  CHECK(Inside(shown, 900, 300, 1100, 400));
  w.popup = false;
  const DamageRect gone = w.Next(d);
  REQUIRE_FALSE(gone.Empty());
  CHECK(Inside(gone, 900, 300, 1100, 400));
}

TEST_CASE("Invalidate and a new display size damage everything") {
  TwoWindows w;
  FrameDamage d;
  w.harness.Frame(2);
  w.Next(d);
  d.Invalidate();
  CHECK(w.Next(d).Area() == doctest::Approx(1600.0 * 900.0));
  ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
  const DamageRect r = w.Next(d);
  CHECK(r.x1 == 1280);
  CHECK(r.y1 == 720);
}

TEST_CASE("ClipDrawData keeps commands inside the damage and empties the others") {
  TwoWindows w;
  w.harness.Frame(3);
  ImDrawData& data = *ImGui::GetDrawData();
  platform::ClipDrawData(data, DamageRect{0, 0, 400, 100});
  int kept = 0, emptied = 0;
  for (int i = 0; i < data.CmdListsCount; ++i) {
    for (const ImDrawCmd& c : data.CmdLists[i]->CmdBuffer) {
      if (c.ElemCount == 0) {
        ++emptied;
        continue;
      }
      ++kept;
      CHECK(c.ClipRect.x >= 0);
      CHECK(c.ClipRect.y >= 0);
      CHECK(c.ClipRect.z <= 400);
      CHECK(c.ClipRect.w <= 100);
    }
  }
  CHECK(kept > 0);     // the Clock window
  CHECK(emptied > 0);  // the Table window, below the damage
}

}  // namespace td::ui::test
