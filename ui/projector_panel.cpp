// Projector view (second window, F11): what the back of the room should read. The main
// window's fonts are not used: the projector's ImGui context has its own, larger atlas, made
// current by the frame loop (SetCurrentFonts) before this is drawn.
#include "ui/projector_panel.h"

#include <imgui.h>

#include <algorithm>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

void ClockLine(const ShellState& state) {
  PushFontOrDefault(CurrentFonts().heading);
  ImGui::PushStyleColor(ImGuiCol_Text, state.paused ? colors::kTextDim : colors::kSuccess);
  ImGui::TextUnformatted(FormatClock(state.clock).c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  if (state.exercise_over)
    ImGui::TextDisabled("ENDED");
  else if (state.paused)
    ImGui::TextDisabled("PAUSED");
  else
    ImGui::TextDisabled("running at %s", FormatSpeed(state.speed).c_str());
}

void Injects(const ShellState& state) {
  SectionHeader("LATEST INJECTS", static_cast<int>(state.injects.size()));
  if (state.injects.empty()) {
    PlaceholderNote("No inject yet.");
    return;
  }
  const int n = static_cast<int>(state.injects.size());
  for (int i = n - 1; i >= std::max(0, n - kProjectorInjects); --i) {
    const InjectRow& in = state.injects[static_cast<size_t>(i)];
    ImGui::PushID(i);
    PushFontOrDefault(CurrentFonts().mono);
    ImGui::TextDisabled("%s", FormatTimeOfDay(in.time).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kInject);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(in.title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (i == n - 1 && !in.body.empty()) {  // the newest in full
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(in.body.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    ImGui::PopID();
  }
}

void AttackTimeline(const ShellState& state) {
  SectionHeader("THE ATTACKER'S TIME LINE", static_cast<int>(state.attack_timeline.size()));
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("ProjectorTimeline", 2, kFlags)) return;
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9.5f);
  ImGui::TableSetupColumn("Event", ImGuiTableColumnFlags_WidthStretch);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(state.attack_timeline.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TimelineRow& row = state.attack_timeline[static_cast<size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      PushFontOrDefault(CurrentFonts().mono);
      ImGui::TextDisabled("%s", FormatClock(row.time).substr(4, 16).c_str());
      ImGui::PopFont();
      ImGui::TableSetColumnIndex(1);
      ImGui::PushStyleColor(ImGuiCol_Text, colors::ForKind(row.kind));
      ImGui::TextUnformatted(row.text.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace

void DrawProjectorView(const ShellState& state, const UiState& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  const float em = ImGui::GetFontSize();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.2f, em * 0.9f));
  const bool visible = ImGui::Begin(kProjectorWindowName, nullptr, kFlags);
  ImGui::PopStyleVar();
  if (visible) {
    PushFontOrDefault(CurrentFonts().heading);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(state.scenario_title.empty() ? "TenantDrill" : state.scenario_title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (state.mode != ShellMode::Play) {
      ImGui::Spacing();
      PlaceholderNote(state.mode == ShellMode::Loading ? "The exercise is being prepared\u2026"
                                                       : "The exercise has not started yet.");
    } else {
      ClockLine(state);
      ImGui::Spacing();
      if (ui.reveal_attack_timeline) {
        // Injects above, the attacker's time line below (the part the room came for).
        if (ImGui::BeginChild("ProjectorInjects", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.35f)))
          Injects(state);
        ImGui::EndChild();
        AttackTimeline(state);
      } else {
        Injects(state);
      }
    }
  }
  ImGui::End();
}

}  // namespace td::ui
