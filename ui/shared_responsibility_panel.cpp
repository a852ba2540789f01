// Shared responsibility (centre tab): for each evidence source and control of the running
// exercise's tenant, what Microsoft provides, what the customer decides, who owns it and whether
// this tenant has it (sim::SharedResponsibility); then the tenant's posture decisions with their
// explanation and owner (sim::PostureOf). The posture review (ui/posture_panel.cpp) sits at the
// top: its button, and its results once it has run.
// Owners are chips with their name written on them: meaning never rests on colour alone.
#include <imgui.h>

#include <string>

#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

constexpr ImU32 kOwnerMicrosoft = IM_COL32(110, 168, 230, 255);
constexpr ImU32 kOwnerCustomer = IM_COL32(236, 150, 90, 255);
constexpr ImU32 kOwnerShared = IM_COL32(120, 200, 190, 255);

}  // namespace

void OwnerChip(const std::string& owner) {
  if (owner == "microsoft") Chip("Microsoft", kOwnerMicrosoft);
  else if (owner == "customer") Chip("customer", kOwnerCustomer);
  else Chip("shared", kOwnerShared);
}

namespace {

void Rows(const char* id, const std::vector<ResponsibilityView>& rows, const char* header, const char* kind) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, 5, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn(header, ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthFixed, em * 6.0f);
  ImGui::TableSetupColumn("Microsoft provides", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("The customer decides", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("This tenant", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableHeadersRow();
  for (const ResponsibilityView& r : rows) {
    if (r.kind != kind) continue;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextWrapped("%s", r.item.c_str());
    ImGui::TableSetColumnIndex(1);
    OwnerChip(r.owner);
    ImGui::TableSetColumnIndex(2);
    ImGui::TextWrapped("%s", r.microsoft.c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextWrapped("%s", r.customer.c_str());
    ImGui::TableSetColumnIndex(4);
    ImGui::PushStyleColor(ImGuiCol_Text, r.available ? colors::kSuccess : colors::kFailure);
    const char* word = r.available ? "available" : "missing";
    const bool say_status = !r.status.empty() && r.status != word;
    ImGui::TextWrapped("%s %s%s%s", r.available ? "\u2713" : "\u2717", word, say_status ? ": " : "", say_status ? r.status.c_str() : "");
    ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

void Decisions(const std::vector<PostureDecisionView>& decisions) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("PostureDecisions", 4, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("Decision", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthFixed, em * 6.0f);
  ImGui::TableSetupColumn("This tenant's choice", ImGuiTableColumnFlags_WidthStretch, 1.1f);
  ImGui::TableSetupColumn("Why it matters", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableHeadersRow();
  for (const PostureDecisionView& d : decisions) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextWrapped("%s", d.title.c_str());
    ImGui::TextDisabled("%s", d.area.c_str());
    ImGui::TableSetColumnIndex(1);
    OwnerChip(d.owner);
    ImGui::TableSetColumnIndex(2);
    ImGui::TextWrapped("%s", d.value_label.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
    ImGui::TextWrapped("%s", d.effect.c_str());
    ImGui::PopStyleColor();
    ImGui::TableSetColumnIndex(3);
    ImGui::TextWrapped("%s", d.explanation.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void DrawSharedResponsibility(const ShellState& state, CommandSink& sink) {
  SectionHeader("SHARED RESPONSIBILITY");
  if (!ImGui::BeginChild("SharedBody", ImVec2(0, 0), false)) {
    ImGui::EndChild();
    return;
  }
  ImGui::TextWrapped("Microsoft runs the platform and provides the tools; the tenant's own decisions, made long before "
                     "the incident, decide which evidence exists and whether containment works.");
  if (!state.posture_title.empty()) ImGui::TextDisabled("Posture: %s", state.posture_title.c_str());
  DrawPostureReviewControls(state, sink);
  DrawPostureReview(state);  // the results, once a review has run, right under its button
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Owners:");
  for (const char* o : {"microsoft", "customer", "shared"}) {
    ImGui::SameLine();
    OwnerChip(o);
  }
  if (state.responsibility.empty()) {
    PlaceholderNote("No exercise is running.");
  } else {
    ImGui::Spacing();
    size_t missing = 0;
    for (const ResponsibilityView& r : state.responsibility) missing += !r.available;
    SectionHeader("EVIDENCE AND CONTROLS", static_cast<int>(state.responsibility.size()));
    ImGui::PushStyleColor(ImGuiCol_Text, missing ? colors::kAlert : colors::kSuccess);
    ImGui::Text("%zu of %zu available to this tenant", state.responsibility.size() - missing, state.responsibility.size());
    ImGui::PopStyleColor();
    Rows("Evidence", state.responsibility, "Evidence source", "evidence");
    ImGui::Spacing();
    Rows("Controls", state.responsibility, "Control", "control");
  }
  ImGui::Spacing();
  SectionHeader("THE TENANT'S POSTURE DECISIONS", static_cast<int>(state.posture.size()));
  Decisions(state.posture);
  ImGui::EndChild();
}

}  // namespace td::ui
