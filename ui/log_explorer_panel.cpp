// Log explorer (centre tab): a KQL query editor and the last result as a table. Run with the
// button or Ctrl+Enter in the editor; both emit RunQueryCmd. Executing the query is the world's
// job (engine/kql is being written): this panel shows whatever ShellState::last_result holds.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"

namespace td::ui {
namespace {

void DrawResultTable(const QueryResultView& result) {
  const int ncols = static_cast<int>(result.columns.size());
  if (ncols == 0) {
    PlaceholderNote("The query returned no columns.");
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingFixedFit;
  // ImGui tables accept at most 64 columns.
  const int shown_cols = ncols < 64 ? ncols : 64;
  if (!ImGui::BeginTable("Result", shown_cols, kFlags, ImVec2(0, 0))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (int c = 0; c < shown_cols; ++c) ImGui::TableSetupColumn(result.columns[static_cast<size_t>(c)].c_str());
  ImGui::TableHeadersRow();
  PushFontOrDefault(CurrentFonts().mono);
  ImGuiListClipper clipper;  // only the visible rows are submitted: results can be large
  clipper.Begin(static_cast<int>(std::min<size_t>(result.RowCount(), INT32_MAX)));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      ImGui::TableNextRow();
      for (int c = 0; c < shown_cols; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::TextUnformatted(result.Cell(static_cast<size_t>(r), static_cast<size_t>(c)).c_str());
      }
    }
  }
  ImGui::PopFont();
  ImGui::EndTable();
}

}  // namespace

void DrawLogExplorer(const ShellState& state, UiState& ui, CommandSink& sink) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Query");
  ImGui::SameLine();
  ImGui::TextDisabled("KQL \u2022 Ctrl+Enter to run");

  // Run button on the right of the label row.
  const char* run_label = "\u25B6 Run###run_query";
  const float run_w = ImGui::CalcTextSize("\u25B6 Run").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - run_w);
  ImGui::PushStyleColor(ImGuiCol_Button, colors::kAccent);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors::kAccentHover);
  const bool run_clicked = ImGui::Button(run_label);
  ImGui::PopStyleColor(2);

  // Editor: in a multiline field without CtrlEnterForNewLine, Enter inserts a newline and
  // Ctrl+Enter ends editing and (with EnterReturnsTrue) returns true.
  PushFontOrDefault(CurrentFonts().mono);
  const float editor_h = ImGui::GetTextLineHeight() * 5.5f + ImGui::GetStyle().FramePadding.y * 2;
  if (ui.focus_query) ImGui::SetKeyboardFocusHere();  // after Ctrl+Enter: keep typing
  ui.focus_query = false;
  const bool ctrl_enter = ImGui::InputTextMultiline("###query", &ui.query_text, ImVec2(-1, editor_h),
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::PopFont();
  // Ctrl+Enter ends editing inside ImGui; ask for the focus back on the next frame.
  if (ctrl_enter) ui.focus_query = true;
  if ((run_clicked || ctrl_enter) && !ui.query_text.empty()) sink.Push(RunQueryCmd{ui.query_text});

  ImGui::Spacing();
  if (!state.last_result) {
    PlaceholderNote("Results appear here after a query runs.");
    return;
  }
  const QueryResultView& result = *state.last_result;
  if (!result.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(result.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    return;
  }
  ImGui::TextDisabled("%zu rows \u2022 %zu columns \u2022 %.1f ms", result.RowCount(), result.columns.size(),
                      result.elapsed_ms);
  DrawResultTable(result);
}

}  // namespace td::ui
