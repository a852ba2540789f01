// Facilitator inject control: every scenario inject with its state (upcoming, held, released),
// and Hold / Release now / Edit for the ones not yet released. Edits happen in UiState buffers
// and reach the world only as EditInjectCmd; the world validates and journals every command.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/app_shell.h"
#include "ui/colors.h"
#include "ui/panels.h"
#include "ui/save_panels.h"

namespace td::ui {
namespace {

std::string When(const InjectControlRow& r) {
  if (r.due >= 0) return FormatClock(r.due).substr(9, 8);  // "03 11:30"
  return "on " + r.on;
}

void Editor(UiState& ui, CommandSink& sink) {
  ImGui::PushID("edit");
  ImGui::TextDisabled("Subject");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("###subject", &ui.inject_edit_subject);
  ImGui::TextDisabled("Message");
  ImGui::InputTextMultiline("###message", &ui.inject_edit_message, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
  if (ImGui::Button("Save edit###save")) {
    sink.Push(EditInjectCmd{ui.inject_edit_id, ui.inject_edit_subject, ui.inject_edit_message});
    ui.inject_edit_id.clear();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel###cancel")) ui.inject_edit_id.clear();
  ImGui::PopID();
}

}  // namespace

void DrawInjectControl(const ShellState& state, UiState& ui, CommandSink& sink) {
  size_t open = 0;
  for (const InjectControlRow& r : state.inject_control) open += !r.released;
  SectionHeader("INJECTS (HOLD, RELEASE, EDIT)", static_cast<int>(open));
  if (state.inject_control.empty()) PlaceholderNote("This scenario has no injects.");
  for (const InjectControlRow& r : state.inject_control) {
    ImGui::PushID(r.id.c_str());
    if (r.released) {
      ImGui::TextDisabled("\u2713 %s  %s  released", When(r).c_str(), r.id.c_str());
      ImGui::PopID();
      continue;
    }
    if (r.held) {
      ImGui::PushStyleColor(ImGuiCol_Text, colors::kAlert);
      ImGui::Text("\u23F8 HELD  %s  %s", When(r).c_str(), r.id.c_str());
      ImGui::PopStyleColor();
    } else {
      ImGui::Text("%s  %s", When(r).c_str(), r.id.c_str());
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s", r.subject.c_str(), r.edited ? "  (edited)" : "");
    if (!r.held && ImGui::SmallButton("Hold###hold")) sink.Push(HoldInjectCmd{r.id});
    if (!r.held) ImGui::SameLine();
    if (ImGui::SmallButton("Release now###release")) sink.Push(ReleaseInjectCmd{r.id});
    ImGui::SameLine();
    if (ImGui::SmallButton("Edit###edit")) {
      ui.inject_edit_id = r.id;
      ui.inject_edit_subject = r.subject;
      ui.inject_edit_message = r.message;
    }
    if (ui.inject_edit_id == r.id) Editor(ui, sink);
    ImGui::PopID();
  }
  ImGui::Spacing();
  DrawSaveSection(state, ui, sink);
}

}  // namespace td::ui
