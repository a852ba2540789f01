// "Prepare the tenant" (start screen): before the attack starts, the trainee changes the
// tenant's posture decisions (sim::Decisions) within a budget (sim::kDefaultPrepBudget). Each
// option shows what it costs over the scenario's own choice; the world refuses a change over
// budget and says so. Starting the exercise applies the prepared posture.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

int CostOf(const PrepDecisionView& d, const std::string& value) {
  for (const PrepOptionView& o : d.options)
    if (o.value == value) return o.cost;
  return 0;
}

}  // namespace

void DrawPreparePanel(const ShellState& state, CommandSink& sink) {
  const PrepView& p = state.prep;
  SectionHeader("PREPARE THE TENANT");
  if (!p.available) {
    PlaceholderNote(p.message.empty() ? "This scenario's posture cannot be prepared." : p.message.c_str());
    return;
  }
  ImGui::TextWrapped("Months before the incident: change the decisions the customer owns. Each upgrade costs budget "
                     "points over the scenario's own choice; the attack then meets the prepared tenant.");
  const int left = p.budget - p.used;
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "%d of %d points used, %d left", p.used, p.budget, left);
  ImGui::ProgressBar(p.budget > 0 ? static_cast<float>(p.used) / static_cast<float>(p.budget) : 0.0f,
                     ImVec2(ImGui::GetFontSize() * 22.0f, 0), overlay);
  ImGui::SameLine();
  if (ImGui::Button("Reset###prep_reset")) sink.Push(ResetPrepCmd{});
  if (!p.message.empty()) {
    const bool refused = p.message.rfind("Refused", 0) == 0 || p.message.rfind("Cannot", 0) == 0;
    ImGui::PushStyleColor(ImGuiCol_Text, refused ? colors::kFailure : colors::kSuccess);
    ImGui::TextWrapped("%s", p.message.c_str());
    ImGui::PopStyleColor();
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("PrepDecisions", 2, kFlags)) return;
  ImGui::TableSetupColumn("Decision", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Options (extra cost)", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableHeadersRow();
  for (const PrepDecisionView& d : p.decisions) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextWrapped("%s", d.title.c_str());
    ImGui::TextDisabled("%s, owner: %s", d.area.c_str(), d.owner.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", d.explanation.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::PushID(d.id.c_str());
    ImGui::BeginDisabled(!d.preparable);
    const int base_cost = CostOf(d, d.base_value);
    for (const PrepOptionView& o : d.options) {
      const int extra = std::max(0, o.cost - base_cost);
      char label[160];
      if (o.value == d.base_value)
        std::snprintf(label, sizeof label, "%s (as is)###%s", o.label.c_str(), o.value.c_str());
      else
        std::snprintf(label, sizeof label, "%s (+%d)###%s", o.label.c_str(), extra, o.value.c_str());
      if (ImGui::RadioButton(label, o.value == d.chosen_value) && o.value != d.chosen_value)
        sink.Push(SetPrepChoiceCmd{d.id, o.value});
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", o.effect.c_str());
    }
    ImGui::EndDisabled();
    if (!d.preparable) ImGui::TextDisabled("fixed by the scenario (cannot be prepared)");
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace td::ui
