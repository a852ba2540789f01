// Start screen: the scenarios on the left, the chosen one on the right (title, summary,
// briefing, its tenant's licences and what each log table keeps), and Start. The scenario's
// roles are not shown: who is compromised is what the trainee has to find out.
// While the tenant's history is generated the same window shows a progress bar.
#include <imgui.h>

#include <algorithm>

#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"
#include "ui/save_panels.h"

namespace td::ui {
namespace {

void FactsTable(const char* id, const std::vector<FactRow>& facts) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 15.0f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  for (const FactRow& f : facts) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", f.label.c_str());
    ImGui::TableSetColumnIndex(1);
    if (f.warn) ImGui::PushStyleColor(ImGuiCol_Text, colors::kAlert);
    ImGui::TextWrapped("%s", f.value.c_str());
    if (f.warn) ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

void Card(const ScenarioCard& c, const ShellState& state, const UiState& ui, CommandSink& sink) {
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAccentHover);
  ImGui::TextUnformatted(c.title.c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
  if (!c.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::TextWrapped("This scenario did not load:\n%s", c.error.c_str());
    ImGui::PopStyleColor();
    return;
  }
  ImGui::Spacing();
  ImGui::TextWrapped("%s", c.summary.c_str());
  ImGui::Spacing();
  SectionHeader("BRIEFING");
  ImGui::TextWrapped("%s", c.briefing.c_str());
  ImGui::Spacing();
  const float button_w = ImGui::GetFontSize() * 12.0f;
  ImGui::PushStyleColor(ImGuiCol_Button, colors::kAccent);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors::kAccentHover);
  if (ImGui::Button("\u25B6 Start exercise###start", ImVec2(button_w, ImGui::GetFrameHeight() * 1.3f)))
    sink.Push(StartExerciseCmd{});
  ImGui::PopStyleColor(2);
  ImGui::SameLine();
  if (ImGui::Button(ui.prepare_open ? "Hide preparation###prepare" : "Prepare the tenant###prepare",
                    ImVec2(0, ImGui::GetFrameHeight() * 1.3f)))
    sink.Push(TogglePrepareCmd{});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("The clock starts paused; press Space or Play when the team is ready.");
  ImGui::Spacing();
  if (ui.prepare_open) {  // preparation mode (ui/prepare_panel.cpp) in place of the tenant facts
    if (ImGui::BeginChild("Prepare", ImVec2(0, 0), false)) DrawPreparePanel(state, sink);
    ImGui::EndChild();
    return;
  }
  if (c.tenant.empty()) return;
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginGroup();
  SectionHeader("THE TENANT");
  if (ImGui::BeginChild("TenantFacts", ImVec2(half, 0), false)) FactsTable("tenant", c.tenant);
  ImGui::EndChild();
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  SectionHeader("WHAT THE LOGS KEEP");
  if (ImGui::BeginChild("Retention", ImVec2(half, 0), false)) FactsTable("retention", c.retention);
  ImGui::EndChild();
  ImGui::EndGroup();
}

}  // namespace

void DrawStartScreen(const ShellState& state, const UiState& ui, CommandSink& sink) {
  const float em = ImGui::GetFontSize();
  if (state.mode == ShellMode::Loading) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::SetCursorPos(ImVec2(avail.x * 0.25f, avail.y * 0.4f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(state.scenario_title.c_str());
    ImGui::TextDisabled("%s", state.loading_text.c_str());
    ImGui::ProgressBar(static_cast<float>(state.loading_progress), ImVec2(avail.x * 0.5f, 0));
    ImGui::EndGroup();
    return;
  }
  if (!state.start_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(state.start_error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::Spacing();
  }
  const float list_w = std::max(em * 16.0f, ImGui::GetContentRegionAvail().x * 0.24f);
  if (ImGui::BeginChild("ScenarioList", ImVec2(list_w, 0), true)) {
    SectionHeader("SCENARIOS", static_cast<int>(state.scenarios.size()));
    for (int i = 0; i < static_cast<int>(state.scenarios.size()); ++i) {
      const ScenarioCard& c = state.scenarios[static_cast<size_t>(i)];
      ImGui::PushID(i);
      if (!c.error.empty()) ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
      if (ImGui::Selectable(c.title.c_str(), i == state.chosen_scenario) && i != state.chosen_scenario)
        sink.Push(ChooseScenarioCmd{i});
      if (!c.error.empty()) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.name.c_str());
      ImGui::PopID();
    }
    ImGui::Spacing();
    DrawResumeList(state, sink);  // autosaves and saves (ui/save_controller.cpp)
  }
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("ScenarioCard", ImVec2(0, 0), true)) {
    if (state.chosen_scenario >= 0 && state.chosen_scenario < static_cast<int>(state.scenarios.size()))
      Card(state.scenarios[static_cast<size_t>(state.chosen_scenario)], state, ui, sink);
    else
      PlaceholderNote("Choose a scenario on the left.");
  }
  ImGui::EndChild();
}

}  // namespace td::ui
