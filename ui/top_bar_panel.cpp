// Top bar: product name, scenario, demo-data warning, simulated clock and its controls, score
// badge slot (filled once the world reports a score, i.e. in the debrief), projector toggle.
#include <imgui.h>

#include <string>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

// A button drawn in the accent colour when `on` (the selected speed, projector mode).
bool ToggleButton(const char* label, bool on) {
  if (on) {
    ImGui::PushStyleColor(ImGuiCol_Button, colors::kAccent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors::kAccentHover);
  }
  const bool pressed = ImGui::Button(label);
  if (on) ImGui::PopStyleColor(2);
  return pressed;
}

void VerticalRule() {
  ImGui::SameLine(0, ImGui::GetFontSize() * 0.9f);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x, p.y + h * 0.85f), colors::kBorder);
  ImGui::Dummy(ImVec2(1, h));
  ImGui::SameLine(0, ImGui::GetFontSize() * 0.9f);
}

}  // namespace

void DrawTopBar(const ShellState& state, const UiState& ui, CommandSink& sink) {
  const float frame_h = ImGui::GetFrameHeight();
  ImGui::SetCursorPosY((ImGui::GetWindowHeight() - frame_h) * 0.5f);

  // Identity: product and scenario.
  ImGui::AlignTextToFramePadding();
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAccentHover);
  ImGui::TextUnformatted("TenantDrill");
  ImGui::PopStyleColor();
  VerticalRule();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(state.scenario_title.empty() ? "No scenario loaded" : state.scenario_title.c_str());
  if (!state.data_source_note.empty()) {
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetStyle().FramePadding.y - ImGui::GetFontSize() * 0.1f);
    Chip(state.data_source_note.c_str(), colors::kAlert);
  }
  VerticalRule();

  // Clock and its state.
  ImGui::AlignTextToFramePadding();
  PushFontOrDefault(CurrentFonts().mono);
  ImGui::TextUnformatted(FormatClock(state.clock).c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::PushStyleColor(ImGuiCol_Text, state.paused ? colors::kAlert : colors::kSuccess);
  ImGui::TextUnformatted(state.paused ? "\u25CF PAUSED" : "\u25CF RUNNING");
  ImGui::PopStyleColor();
  ImGui::SameLine(0, ImGui::GetFontSize());

  // Clock controls. The "###" ids stay stable when labels change (tests find them by id).
  if (state.paused) {
    if (ImGui::Button("\u25B6 Play###pause_play")) sink.Push(ResumeCmd{});
  } else {
    if (ImGui::Button("\u2016 Pause###pause_play")) sink.Push(PauseCmd{});
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pause or run simulated time (Space)");
  ImGui::SameLine(0, ImGui::GetFontSize() * 0.6f);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, 0));
  for (double factor : state.speed_choices) {
    const std::string label = FormatSpeed(factor) + "###speed_" + FormatSpeed(factor);
    if (ToggleButton(label.c_str(), factor == state.speed) && factor != state.speed) sink.Push(SetSpeedCmd{factor});
    ImGui::SameLine();
  }
  ImGui::PopStyleVar();
  ImGui::SameLine(0, ImGui::GetFontSize() * 0.6f);
  ImGui::BeginDisabled(!state.has_next_inject);
  if (ImGui::Button("\u21E5 Next inject###next_inject")) sink.Push(JumpToNextInjectCmd{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(state.has_next_inject ? "Jump simulated time to the next inject" : "No inject is scheduled");

  // Right-aligned: score badge slot and projector toggle (wraps left of them if space is short).
  const float used_x = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  const char* projector_label = "Projector###projector";
  const std::string score = state.score ? "Score " + std::to_string(*state.score) + " / 100" : "Score —";
  const float pad = ImGui::GetStyle().FramePadding.x;
  const float right_w = ImGui::CalcTextSize(score.c_str()).x + ImGui::CalcTextSize("Projector").x + 4 * pad +
                        ImGui::GetFontSize();
  const float x = ImGui::GetWindowContentRegionMax().x - right_w;
  ImGui::SameLine(x > used_x + ImGui::GetFontSize() ? x : 0.0f, x > used_x + ImGui::GetFontSize() ? -1.0f : ImGui::GetFontSize());
  if (state.score) {
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetStyle().FramePadding.y - ImGui::GetFontSize() * 0.1f);
    Chip(score.c_str(), colors::kSuccess);
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", score.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The score appears after the debrief");
  }
  ImGui::SameLine(0, ImGui::GetFontSize());
  if (ToggleButton(projector_label, ui.projector_mode)) sink.Push(ToggleProjectorModeCmd{});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger type for a projector (F11)");
}

}  // namespace td::ui
