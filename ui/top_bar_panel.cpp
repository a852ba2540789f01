// Top bar: product name, scenario, data-source warning chip (tests), simulated clock and its controls, score
// badge slot (filled once the world reports a score, i.e. in the debrief), projector toggle.
// One row when the window is wide enough, else two (projector mode on a 1600 px screen).
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

void Identity(const ShellState& state) {
  ImGui::AlignTextToFramePadding();
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAccentHover);
  ImGui::TextUnformatted("TenantDrill");
  ImGui::PopStyleColor();
  VerticalRule();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(state.scenario_title.empty() ? "No scenario loaded" : state.scenario_title.c_str());
  if (!state.data_source_note.empty()) {
    ImGui::SameLine();
    Chip(state.data_source_note.c_str(), colors::kAlert);
    if (ImGui::IsItemHovered() && !state.data_source_detail.empty())
      ImGui::SetTooltip("%s", state.data_source_detail.c_str());
  }
}

void ClockAndControls(const ShellState& state, CommandSink& sink) {
  ImGui::AlignTextToFramePadding();
  PushFontOrDefault(CurrentFonts().mono);
  ImGui::TextUnformatted(FormatClock(state.clock).c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::PushStyleColor(ImGuiCol_Text, state.exercise_over ? colors::kTextDim : state.paused ? colors::kAlert : colors::kSuccess);
  ImGui::TextUnformatted(state.exercise_over ? "\u25A0 ENDED" : state.paused ? "\u25CF PAUSED" : "\u25CF RUNNING");
  ImGui::PopStyleColor();
  ImGui::SameLine(0, ImGui::GetFontSize());

  // The "###" ids stay stable when labels change (tests find them by id).
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
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%g simulated seconds per second", factor);
    ImGui::SameLine();
  }
  ImGui::PopStyleVar();
  ImGui::SameLine(0, ImGui::GetFontSize() * 0.6f);
  ImGui::BeginDisabled(!state.has_next_inject);
  if (ImGui::Button("\u21E5 Next inject###next_inject")) sink.Push(JumpToNextInjectCmd{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(state.has_next_inject ? "Jump simulated time to the next inject" : "No inject is scheduled");
}

// Score badge slot and projector toggle, right-aligned on the current line.
void ScoreAndProjector(const ShellState& state, const UiState& ui, CommandSink& sink) {
  const std::string score = state.score ? "Score " + std::to_string(*state.score) + " / 100" : "Score \u2014";
  const ImGuiStyle& style = ImGui::GetStyle();
  float right_w = ImGui::CalcTextSize(score.c_str()).x + 2 * style.FramePadding.x + ImGui::GetFontSize() +
                  ImGui::CalcTextSize("Projector").x + 2 * style.FramePadding.x;
  if (state.mode == ShellMode::Play)
    right_w += ImGui::CalcTextSize("Facilitator").x + 2 * style.FramePadding.x + ImGui::GetFontSize() * 0.4f;
  const float used_x = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  const float x = ImGui::GetWindowContentRegionMax().x - right_w;
  if (x > used_x + ImGui::GetFontSize())
    ImGui::SameLine(x);
  else
    ImGui::SameLine(0, ImGui::GetFontSize());
  if (state.score) {
    Chip(score.c_str(), colors::kSuccess);
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", score.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The score appears after the debrief");
  }
  ImGui::SameLine(0, ImGui::GetFontSize());
  if (state.mode == ShellMode::Play) {
    if (ToggleButton("Facilitator###facilitator", ui.facilitator_mode)) sink.Push(ToggleFacilitatorModeCmd{});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Facilitator console: the attacker's time line and channels (F10)");
    ImGui::SameLine(0, ImGui::GetFontSize() * 0.4f);
  }
  if (ToggleButton("Projector###projector", ui.projector_mode)) sink.Push(ToggleProjectorModeCmd{});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger type for a projector (F11)");
}

}  // namespace

float TopBarSingleRowWidth(const ShellState& state) {
  // Everything but the title and the chip is about 68 em (five speeds, Facilitator, Projector).
  float w = ImGui::GetFontSize() * 68.0f + ImGui::CalcTextSize(state.scenario_title.c_str()).x;
  if (!state.data_source_note.empty()) w += ImGui::CalcTextSize(state.data_source_note.c_str()).x + ImGui::GetFontSize() * 1.5f;
  return w;
}

void DrawTopBar(const ShellState& state, const UiState& ui, CommandSink& sink) {
  const bool one_row = ImGui::GetContentRegionAvail().x >= TopBarSingleRowWidth(state);
  const float row_h = ImGui::GetFrameHeight();
  const float gap = ImGui::GetStyle().ItemSpacing.y;
  const float content_h = one_row ? row_h : 2 * row_h + gap;
  ImGui::SetCursorPosY((ImGui::GetWindowHeight() - content_h) * 0.5f);
  Identity(state);
  if (state.mode != ShellMode::Play) {
    ScoreAndProjector(state, ui, sink);
    return;
  }
  if (one_row) {
    VerticalRule();
    ClockAndControls(state, sink);
    ScoreAndProjector(state, ui, sink);
  } else {
    ScoreAndProjector(state, ui, sink);
    ClockAndControls(state, sink);
  }
}

}  // namespace td::ui
