// Entity explorer (left column): a search box over the entities the world lists, grouped by
// kind. Clicking a row emits SelectEntityCmd; right-clicking opens the responder actions the
// world offers on it (EntityRow::actions). Below the list, the selected entity's details as the
// world describes them (ShellState::selected_detail).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

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

// Right-click menu of an entity: the responder actions the world offers on it. Choosing one
// opens the confirmation (ui/confirm_action_panel.cpp); nothing happens before Confirm.
void DrawEntityContextMenu(const EntityRow& row, CommandSink& sink) {
  if (!ImGui::BeginPopupContextItem("###actions")) return;
  ImGui::TextDisabled("%s", row.display.c_str());
  ImGui::Separator();
  if (row.actions.empty()) ImGui::TextDisabled("No responder actions offered for this entity.");
  for (const ActionOffer& offer : row.actions) {
    ImGui::PushID(offer.id.c_str());
    if (ImGui::MenuItem(offer.label.c_str(), nullptr, false, offer.enabled))
      sink.Push(RequestConfirmCmd{offer.id, row.id});
    if (!offer.enabled && !offer.disabled_reason.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", offer.disabled_reason.c_str());
    ImGui::PopID();
  }
  ImGui::EndPopup();
}

// What the tenant says about the selected entity (the world fills it; read-only).
void DrawEntityDetail(const EntityDetail& d) {
  ImGui::Spacing();
  SectionHeader("DETAILS");
  if (!ImGui::BeginChild("EntityDetail", ImVec2(0, 0), false)) {
    ImGui::EndChild();
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAccentHover);
  ImGui::TextWrapped("%s", d.title.c_str());
  ImGui::PopStyleColor();
  if (ImGui::BeginTable("Facts", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    FactRows(d.facts, colors::kAlert);
    ImGui::EndTable();
  }
  ImGui::EndChild();
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
    PlaceholderNote("No entities yet: start an exercise.");
    return;
  }
  // One display line per kind header or matching entity, then only the visible lines are
  // submitted (ImGuiListClipper): a drill tenant lists thousands of users and mailboxes.
  struct Line {
    int entity;       // index into state.entities
    bool header;      // true: the kind heading above the group that starts at `entity`
  };
  std::vector<Line> lines;
  std::string_view current_kind;
  for (int i = 0; i < static_cast<int>(state.entities.size()); ++i) {
    const EntityRow& row = state.entities[static_cast<size_t>(i)];
    if (!EntityMatches(row, ui.entity_search)) continue;
    if (lines.empty() || row.kind != current_kind) {  // rows arrive grouped by kind
      current_kind = row.kind;
      lines.push_back({i, true});
    }
    lines.push_back({i, false});
  }
  if (lines.empty()) {
    PlaceholderNote("No entity matches the search.");
    return;
  }
  const bool detail = state.selected_detail && state.selected_detail->id == ui.selected_entity;
  const float list_h = detail ? ImGui::GetContentRegionAvail().y * 0.5f : 0.0f;
  if (!ImGui::BeginChild("EntityList", ImVec2(0, list_h), false)) {
    ImGui::EndChild();
    return;
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(lines.size()));
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const Line& line = lines[static_cast<size_t>(n)];
      const EntityRow& row = state.entities[static_cast<size_t>(line.entity)];
      if (line.header) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors::kTextDim);
        ImGui::TextUnformatted(row.kind.c_str());
        ImGui::PopStyleColor();
        continue;
      }
      // Rows sit indented under their kind heading (uniform heights keep the clipper exact).
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 0.75f);
      ImGui::PushID(row.id.c_str());
      if (ImGui::Selectable(row.display.c_str(), ui.selected_entity == row.id)) sink.Push(SelectEntityCmd{row.id});
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.id.c_str());
      DrawEntityContextMenu(row, sink);
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  if (detail) DrawEntityDetail(*state.selected_detail);
}

}  // namespace td::ui
