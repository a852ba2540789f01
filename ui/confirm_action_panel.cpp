// The confirmation of a responder action (DESIGN.md: "always with a confirmation that shows the
// target, the scope and the Graph/PowerShell equivalent"). Opens when UiState names an action
// awaiting confirmation; Confirm emits RunResponderActionCmd, Cancel or Escape CloseConfirmCmd.
// What the action does is the world's business: this dialog only shows the world's ActionOffer.
#include <imgui.h>

#include <string>

#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

const EntityRow* FindEntity(const ShellState& state, const std::string& id) {
  for (const EntityRow& e : state.entities)
    if (e.id == id) return &e;
  return nullptr;
}

const ActionOffer* FindOffer(const EntityRow& entity, const std::string& id) {
  for (const ActionOffer& a : entity.actions)
    if (a.id == id) return &a;
  return nullptr;
}

// One row of the details table. Code rows (Graph, PowerShell) are monospace, wrapped in full,
// with a Copy button so a facilitator can paste the real command into a console.
void Field(const char* label, const std::string& value, bool code) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("%s", label);
  ImGui::TableSetColumnIndex(1);
  if (!code) {
    ImGui::TextWrapped("%s", value.c_str());
    return;
  }
  PushFontOrDefault(CurrentFonts().mono);
  ImGui::TextWrapped("%s", value.empty() ? "\u2014 (no equivalent)" : value.c_str());
  ImGui::PopFont();
  ImGui::TableSetColumnIndex(2);
  if (!value.empty()) {
    ImGui::PushID(label);
    if (ImGui::SmallButton("Copy###copy")) ImGui::SetClipboardText(value.c_str());
    ImGui::PopID();
  }
}

}  // namespace

void DrawConfirmAction(const ShellState& state, const UiState& ui, CommandSink& sink) {
  if (ui.confirm_action.empty()) return;
  const EntityRow* entity = FindEntity(state, ui.confirm_entity);
  const ActionOffer* offer = entity ? FindOffer(*entity, ui.confirm_action) : nullptr;
  if (!offer || !offer->enabled) {  // the world withdrew the offer since the menu was opened
    sink.Push(CloseConfirmCmd{});
    return;
  }
  if (!ImGui::IsPopupOpen(kConfirmDialogName)) ImGui::OpenPopup(kConfirmDialogName);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 42.0f, 0));
  if (!ImGui::BeginPopupModal(kConfirmDialogName, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove))
    return;

  ImGui::PushStyleColor(ImGuiCol_Text, colors::kResponder);
  ImGui::TextUnformatted(offer->label.c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
  ImGui::Spacing();
  if (ImGui::BeginTable("Details", 3, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("copy", ImGuiTableColumnFlags_WidthFixed);
    Field("Target", entity->display + "  (" + entity->id + ")", false);
    Field("Scope", offer->scope, false);
    Field("Graph", offer->graph, true);
    Field("PowerShell", offer->powershell, true);
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextDisabled("The action takes simulated time; the attacker may react.");
  ImGui::Spacing();

  const float button_w = ImGui::GetFontSize() * 7.0f;
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - 2 * button_w - ImGui::GetStyle().ItemSpacing.x);
  ImGui::PushStyleColor(ImGuiCol_Button, colors::kAccent);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors::kAccentHover);
  const bool confirm = ImGui::Button("Confirm###confirm", ImVec2(button_w, 0));
  ImGui::PopStyleColor(2);
  ImGui::SameLine();
  const bool cancel = ImGui::Button("Cancel###cancel", ImVec2(button_w, 0)) ||
                      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (confirm) {
    sink.Push(RunResponderActionCmd{offer->id, entity->id});
    ImGui::CloseCurrentPopup();
  } else if (cancel) {
    sink.Push(CloseConfirmCmd{});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace td::ui
