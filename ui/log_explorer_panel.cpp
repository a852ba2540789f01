// Log explorer (centre tab): a KQL query editor and the last result as a table. Run with the
// button or Ctrl+Enter in the editor; both emit RunQueryCmd. The world runs it on engine/kql over
// what the tenant keeps; this panel shows ShellState::last_result: an error with a caret under its
// place in the editor, or the rows (click a cell to filter on it, right-click to copy or act on it),
// with a query history and a CSV export. While a query runs (on a worker thread) a progress line
// with Cancel sits above the previous result.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ui/colors.h"
#include "ui/fonts.h"
#include "ui/panels.h"
#include "ui/result_chart.h"

namespace td::ui {
namespace {

const CellActionRule* RuleForColumn(const ShellState& state, const std::string& column) {
  for (const CellActionRule& rule : state.cell_actions)
    for (const std::string& c : rule.columns)
      if (c == column) return &rule;
  return nullptr;
}

// Right-click menu of a result cell: filter on it, copy it, or act on it (an IP, a subject, a user).
void CellMenu(const ShellState& state, const QueryResultView& result, size_t col, const std::string& value,
              CommandSink& sink) {
  if (!ImGui::BeginPopupContextItem("###cell_menu")) return;
  const std::string& column = result.columns[col];
  const std::string type = col < result.column_types.size() ? result.column_types[col] : std::string();
  ImGui::TextDisabled("%s", value.size() > 60 ? (value.substr(0, 60) + "\u2026").c_str() : value.c_str());
  ImGui::Separator();
  if (ImGui::MenuItem("Add filter###filter")) sink.Push(AddQueryFilterCmd{column, value, type});
  if (ImGui::MenuItem("Copy value###copy")) ImGui::SetClipboardText(value.c_str());
  if (const CellActionRule* rule = RuleForColumn(state, column); rule && !value.empty()) {
    ImGui::Separator();
    for (const auto& [id, label] : rule->actions) {
      ImGui::PushID(id.c_str());
      if (ImGui::MenuItem(label.c_str())) sink.Push(RequestConfirmCmd{id, rule->target_prefix + value});
      ImGui::PopID();
    }
  }
  ImGui::EndPopup();
}

void DrawResultTable(const ShellState& state, const QueryResultView& result, CommandSink& sink) {
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
  std::string label;
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      ImGui::TableNextRow();
      ImGui::PushID(r);
      for (int c = 0; c < shown_cols; ++c) {
        ImGui::TableSetColumnIndex(c);
        const std::string text = result.Cell(static_cast<size_t>(r), static_cast<size_t>(c));
        // Long cells (JSON) are cut for the table; the menu and the filter use the full text.
        label.assign(text, 0, std::min<size_t>(text.size(), 160));
        label += "###c";
        label += std::to_string(c);
        if (ImGui::Selectable(label.c_str(), false)) {
          const size_t col = static_cast<size_t>(c);
          sink.Push(AddQueryFilterCmd{result.columns[col], text,
                                      col < result.column_types.size() ? result.column_types[col] : std::string()});
        }
        ImGui::PushID(c);
        CellMenu(state, result, static_cast<size_t>(c), text, sink);
        ImGui::PopID();
      }
      ImGui::PopID();
    }
  }
  ImGui::PopFont();
  ImGui::EndTable();
}

// A red underline under the place of a query error, inside the editor's rectangle.
void ErrorCaret(const std::string& text, const QueryResultView& result, ImVec2 min, ImVec2 max) {
  if (result.error_line <= 0 || result.error_column <= 0) return;
  size_t begin = 0;
  for (int line = 1; line < result.error_line; ++line) {
    begin = text.find('\n', begin);
    if (begin == std::string::npos) return;
    ++begin;
  }
  const size_t end = std::min(text.find('\n', begin), text.size());
  const size_t col = std::min(begin + static_cast<size_t>(result.error_column - 1), end);
  const size_t len = std::max<size_t>(1, std::min(static_cast<size_t>(result.error_length), end > col ? end - col : 1));
  PushFontOrDefault(CurrentFonts().mono);
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  const float line_h = ImGui::GetTextLineHeight();
  const float x0 = min.x + pad.x + ImGui::CalcTextSize(text.data() + begin, text.data() + col).x;
  const float w = std::max(ImGui::CalcTextSize("x").x, col < end ? ImGui::CalcTextSize(text.data() + col, text.data() + std::min(col + len, end)).x : 0.0f);
  const float y = min.y + pad.y + line_h * static_cast<float>(result.error_line);
  ImGui::PopFont();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  dl->AddLine(ImVec2(x0, y), ImVec2(x0 + w, y), colors::kFailure, 2.0f);
  dl->AddTriangleFilled(ImVec2(x0, y + 1), ImVec2(x0 - 4, y + 6), ImVec2(x0 + 4, y + 6), colors::kFailure);
  dl->PopClipRect();
}

void HistoryCombo(const ShellState& state, CommandSink& sink) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (!ImGui::BeginCombo("###history", "History", ImGuiComboFlags_HeightLarge)) return;
  if (state.query_history.empty()) ImGui::TextDisabled("No query run yet.");
  for (int i = static_cast<int>(state.query_history.size()) - 1; i >= 0; --i) {
    const std::string& q = state.query_history[static_cast<size_t>(i)];
    std::string one_line = q;
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    if (one_line.size() > 90) one_line = one_line.substr(0, 90) + "\u2026";
    ImGui::PushID(i);
    if (ImGui::Selectable(one_line.c_str())) sink.Push(SetQueryTextCmd{q});
    ImGui::PopID();
  }
  ImGui::EndCombo();
}

// While a query runs on its worker thread: how long, and a Cancel button (Escape too).
void QueryProgressLine(const QueryProgress& q, CommandSink& sink) {
  ImGui::AlignTextToFramePadding();
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kAlert);
  ImGui::Text("%s %.1f s", q.cancelling ? "Cancelling…" : "Running…", q.elapsed_ms / 1000.0);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::BeginDisabled(q.cancelling);
  if (ImGui::Button("Cancel###cancel_query")) sink.Push(CancelQueryCmd{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (q.waiting_commands > 0)
    ImGui::TextDisabled("the clock holds still until the query ends; %zu action(s) will run then", q.waiting_commands);
  else
    ImGui::TextDisabled("the clock holds still until the query ends (Escape cancels)");
}

}  // namespace

void DrawLogExplorer(const ShellState& state, UiState& ui, CommandSink& sink) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Query");
  ImGui::SameLine();
  ImGui::TextDisabled("KQL \u2022 Ctrl+Enter to run");

  // History and the Run button on the right of the label row.
  const char* run_label = "\u25B6 Run###run_query";
  const float run_w = ImGui::CalcTextSize("\u25B6 Run").x + ImGui::GetStyle().FramePadding.x * 2;
  const float hist_w = ImGui::GetFontSize() * 9.0f + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - run_w - hist_w);
  HistoryCombo(state, sink);
  ImGui::SameLine();
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
  const ImVec2 editor_min = ImGui::GetItemRectMin(), editor_max = ImGui::GetItemRectMax();
  ImGui::PopFont();
  // Ctrl+Enter ends editing inside ImGui; ask for the focus back on the next frame.
  if (ctrl_enter) ui.focus_query = true;
  if ((run_clicked || ctrl_enter) && !ui.query_text.empty()) sink.Push(RunQueryCmd{ui.query_text});

  // The caret under an error, while the editor still holds the query that failed.
  if (state.last_result && !state.last_result->error.empty() && !state.query_history.empty() &&
      state.query_history.back() == ui.query_text)
    ErrorCaret(ui.query_text, *state.last_result, editor_min, editor_max);

  ImGui::Spacing();
  if (state.query_running) QueryProgressLine(*state.query_running, sink);
  if (!state.last_result) {
    if (state.query_running) return;
    PlaceholderNote("Results appear here after a query runs. Each table shows what this tenant keeps: its "
                    "retention and licences decide which rows exist.");
    return;
  }
  const QueryResultView& result = *state.last_result;
  if (!result.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    PushFontOrDefault(CurrentFonts().mono);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(result.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::PopStyleColor();
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%zu rows \u2022 %zu columns \u2022 %.1f ms \u2022 click a cell to filter, right-click to act",
                      result.RowCount(), result.columns.size(), result.elapsed_ms);
  // Export on the right of the status line.
  const float export_w = ImGui::CalcTextSize("Export CSV").x + ImGui::GetStyle().FramePadding.x * 2;
  const float path_w = ImGui::GetFontSize() * 12.0f;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + ImGui::GetFontSize(),
                           ImGui::GetWindowContentRegionMax().x - export_w - path_w - ImGui::GetStyle().ItemSpacing.x));
  ImGui::SetNextItemWidth(path_w);
  ImGui::InputTextWithHint("###export_path", "file.csv", &ui.export_path);
  ImGui::SameLine();
  if (ImGui::Button("Export CSV###export")) sink.Push(ExportResultCmd{ui.export_path});
  if (!state.notice.empty()) ImGui::TextDisabled("%s", state.notice.c_str());
  if (result.chart) DrawResultChart(*result.chart);
  DrawResultTable(state, result, sink);
}

}  // namespace td::ui
