// Entity explorer (left column): a search box over the entities the world lists, grouped by
// kind. Clicking a row emits SelectEntityCmd. The entity detail view and the responder-action
// context menu need td::sim::World and are not here yet (issue 6).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "ui/colors.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

bool ContainsNoCase(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

}  // namespace

// True if `row` matches the search text (case-insensitive, on display, kind and id).
bool EntityMatches(const EntityRow& row, std::string_view search) {
  return ContainsNoCase(row.display, search) || ContainsNoCase(row.kind, search) || ContainsNoCase(row.id, search);
}

void DrawEntityExplorer(const ShellState& state, UiState& ui, CommandSink& sink) {
  SectionHeader("ENTITIES", static_cast<int>(state.entities.size()));
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("###entity_search", "Search users, mailboxes, apps\u2026", &ui.entity_search);
  ImGui::Spacing();

  if (state.entities.empty()) {
    PlaceholderNote("No entities yet. The list fills from the simulated tenant once td::sim::World is connected.");
    return;
  }
  if (!ImGui::BeginChild("EntityList", ImVec2(0, 0), false)) {
    ImGui::EndChild();
    return;
  }
  std::string_view current_kind;
  int shown = 0;
  for (const EntityRow& row : state.entities) {
    if (!EntityMatches(row, ui.entity_search)) continue;
    if (row.kind != current_kind) {  // rows arrive grouped by kind
      current_kind = row.kind;
      if (shown > 0) ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
      ImGui::TextUnformatted(row.kind.c_str());
      ImGui::PopStyleColor();
    }
    ++shown;
    ImGui::PushID(row.id.c_str());
    if (ImGui::Selectable(row.display.c_str(), ui.selected_entity == row.id)) sink.Push(SelectEntityCmd{row.id});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.id.c_str());
    ImGui::PopID();
  }
  if (shown == 0) PlaceholderNote("No entity matches the search.");
  ImGui::EndChild();
}

}  // namespace td::ui
