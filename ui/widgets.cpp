// Small widgets shared by the panels (declared in ui/panels.h).
#include <imgui.h>

#include <cstdio>

#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {

void SectionHeader(const char* text, int count) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
  if (count >= 0)
    ImGui::Text("%s  (%d)", text, count);
  else
    ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  ImGui::Separator();
}

void Chip(const char* text, unsigned int colour) {
  // A filled rounded rectangle behind dark text, laid out as one item as tall as a button so
  // it lines up with buttons and frame-aligned text on the same line.
  const ImVec2 pad(ImGui::GetFontSize() * 0.45f, ImGui::GetStyle().FramePadding.y);
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 box(size.x + 2 * pad.x, size.y + 2 * pad.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + box.x, pos.y + box.y), colour, ImGui::GetFontSize() * 0.25f);
  dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), colors::kTopBarBg, text);
  ImGui::Dummy(box);
}

void KindTag(EventKind kind) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::ForKind(kind));
  ImGui::TextUnformatted(colors::LabelForKind(kind));
  ImGui::PopStyleColor();
}

void FactRows(const std::vector<FactRow>& facts, unsigned int warn_colour) {
  for (const FactRow& f : facts) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
    ImGui::TextWrapped("%s", f.label.c_str());
    ImGui::PopStyleColor();
    ImGui::TableSetColumnIndex(1);
    if (f.warn) ImGui::PushStyleColor(ImGuiCol_Text, warn_colour);
    ImGui::TextWrapped("%s", f.value.c_str());
    if (f.warn) ImGui::PopStyleColor();
  }
}

void PlaceholderNote(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace td::ui
