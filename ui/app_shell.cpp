#include "ui/app_shell.h"

#include <imgui.h>

#include <SFML/Window/Keyboard.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "ui/colors.h"
#include "ui/panels.h"
#include "ui/save_panels.h"
#include "ui/shortcuts.h"

namespace td::ui {
namespace {

// io.KeysDown is indexed by sf::Keyboard::Key (set up in ui/platform/sfml_imgui_input.cpp).
bool KeyPressed(sf::Keyboard::Key key) { return ImGui::IsKeyPressed(static_cast<int>(key), false); }

void HandleShortcuts(const ShellState& state, UiState& ui, CommandSink& sink) {
  const ImGuiIO& io = ImGui::GetIO();
  if (KeyPressed(sf::Keyboard::F1)) ui.show_help = !ui.show_help;  // widget state: no command
  if (!ui.confirm_action.empty() || ui.show_help) return;  // the dialog or the help owns the keyboard
  const bool typing = ImGui::IsAnyItemActive() || io.WantTextInput;
  if (state.query_running && !state.query_running->cancelling && KeyPressed(sf::Keyboard::Escape))
    sink.Push(CancelQueryCmd{});
  if (!typing && !io.KeyCtrl && state.mode == ShellMode::Play && state.has_next_inject && KeyPressed(sf::Keyboard::N))
    sink.Push(JumpToNextInjectCmd{});
  // Space toggles the clock unless a text field owns the keyboard.
  if (!ImGui::IsAnyItemActive() && !io.WantTextInput && !io.KeyCtrl && KeyPressed(sf::Keyboard::Space)) {
    if (state.paused)
      sink.Push(ResumeCmd{});
    else
      sink.Push(PauseCmd{});
  }
  if (KeyPressed(sf::Keyboard::F11)) {
    if (io.KeyShift)
      sink.Push(ToggleProjectorModeCmd{});  // larger type in this window
    else
      sink.Push(ToggleProjectorWindowCmd{});  // the second window, for the back of the room
  }
  if (KeyPressed(sf::Keyboard::F10) && state.mode == ShellMode::Play) sink.Push(ToggleFacilitatorModeCmd{});
  if (io.KeyCtrl) {  // Ctrl+1 .. Ctrl+5 pick a centre tab
    for (int i = 0; i < static_cast<int>(kCentreTabs.size()); ++i)
      if (KeyPressed(static_cast<sf::Keyboard::Key>(sf::Keyboard::Num1 + i)) && ui.active_tab != i)
        sink.Push(SelectTabCmd{i});
  }
}

void DrawCentre(const ShellState& state, UiState& ui, CommandSink& sink) {
  if (!ImGui::BeginTabBar("CentreTabs", ImGuiTabBarFlags_None)) return;
  for (int i = 0; i < static_cast<int>(kCentreTabs.size()); ++i) {
    ImGuiTabItemFlags flags = ImGuiTabItemFlags_None;
    if (ui.tab_change_requested && ui.active_tab == i) flags |= ImGuiTabItemFlags_SetSelected;
    if (!ImGui::BeginTabItem(kCentreTabs[static_cast<size_t>(i)], nullptr, flags)) continue;
    // The user clicked another tab: report it (the shell applies it after the frame).
    if (i != ui.active_tab && !ui.tab_change_requested) sink.Push(SelectTabCmd{i});
    ImGui::Spacing();
    switch (i) {
      case kTabLogExplorer: DrawLogExplorer(state, ui, sink); break;
      case kTabTimeline: DrawTimeline(state, ui); break;
      case kTabCaseNotes: DrawCaseNotes(ui); break;
      case kTabDebrief: DrawDebrief(state, ui, sink); break;
      case kTabSharedResponsibility: DrawSharedResponsibility(state, sink); break;
      default: break;
    }
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace

void DrawAppShell(const ShellState& state, UiState& ui, CommandSink& sink) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  constexpr ImGuiWindowFlags kHostFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  const bool host_visible = ImGui::Begin(kShellWindowName, nullptr, kHostFlags);
  ImGui::PopStyleVar();
  if (host_visible) {
    HandleShortcuts(state, ui, sink);
    DrawSaveControls(state, ui, sink);  // Ctrl+S, restored case notes, refused-save banner (ui/save_controller.cpp)
    const float em = ImGui::GetFontSize();
    const float gap = 6.0f;

    // Top bar: a full-width strip.
    const bool top_one_row = ImGui::GetContentRegionAvail().x - 2 * em * 0.8f >= TopBarSingleRowWidth(state);
    const float top_h = top_one_row ? em * 2.9f : em * 2.9f + ImGui::GetFrameHeightWithSpacing();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::kTopBarBg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 0.8f, em * 0.45f));
    if (ImGui::BeginChild("TopBar", ImVec2(0, top_h), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding))
      DrawTopBar(state, ui, sink);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();

    // Body: three columns with a small gutter, widths in font units so projector mode scales.
    ImGui::SetCursorPos(ImVec2(gap, top_h + gap));
    const ImVec2 avail(ImGui::GetContentRegionAvail().x - gap, ImGui::GetContentRegionAvail().y - gap);
    const float left_w = std::max(em * 12.0f, avail.x * 0.19f);
    const float right_w = std::max(em * 14.0f, avail.x * 0.25f);
    const float centre_w = std::max(em * 10.0f, avail.x - left_w - right_w - 2 * gap);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 0.6f, em * 0.5f));
    if (state.mode != ShellMode::Play) {
      if (ImGui::BeginChild("Start", ImVec2(avail.x, avail.y), false, ImGuiWindowFlags_AlwaysUseWindowPadding))
        DrawStartScreen(state, ui, sink);
      ImGui::EndChild();
      ImGui::PopStyleVar();
      ImGui::End();
      DrawHelpOverlay(ui);
      ui.tab_change_requested = false;
      return;
    }
    if (ui.facilitator_mode) {
      if (ImGui::BeginChild("Facilitator", ImVec2(left_w + gap + centre_w, avail.y), true)) DrawFacilitatorConsole(state, ui, sink);
      ImGui::EndChild();
    } else {
      if (ImGui::BeginChild("Left", ImVec2(left_w, avail.y), true)) DrawEntityExplorer(state, ui, sink);
      ImGui::EndChild();
      ImGui::SameLine(0, gap);
      if (ImGui::BeginChild("Centre", ImVec2(centre_w, avail.y), true)) DrawCentre(state, ui, sink);
      ImGui::EndChild();
    }
    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    // The vertical gap between the two boxes is the item spacing ImGui adds after a child.
    const float spacing_y = ImGui::GetStyle().ItemSpacing.y;
    const float inject_h = (avail.y - spacing_y) * 0.55f;
    if (ImGui::BeginChild("Injects", ImVec2(right_w, inject_h), true)) DrawInjectFeed(state);
    ImGui::EndChild();
    if (ImGui::BeginChild("Actions", ImVec2(right_w, avail.y - inject_h - spacing_y), true)) DrawActionLog(state);
    ImGui::EndChild();
    ImGui::EndGroup();
    ImGui::PopStyleVar();
  }
  ImGui::End();  // always paired with Begin, visible or not
  DrawConfirmAction(state, ui, sink);  // a modal above everything, when an action awaits confirmation
  DrawHelpOverlay(ui);                 // F1
  ui.tab_change_requested = false;
}

bool ApplyViewCommand(UiState& ui, const UiCommand& cmd) {
  if (const auto* tab = std::get_if<SelectTabCmd>(&cmd)) {
    if (tab->tab < 0 || tab->tab >= static_cast<int>(kCentreTabs.size()) || tab->tab == ui.active_tab) return false;
    ui.active_tab = tab->tab;
    ui.tab_change_requested = true;
    return true;
  }
  if (std::holds_alternative<ToggleProjectorModeCmd>(cmd)) {
    ui.projector_mode = !ui.projector_mode;
    return true;
  }
  if (std::holds_alternative<ToggleProjectorWindowCmd>(cmd)) {
    ui.projector_window = !ui.projector_window;
    return true;
  }
  if (const auto* req = std::get_if<RequestConfirmCmd>(&cmd)) {
    ui.confirm_entity = req->target;
    ui.confirm_action = req->action;
    return true;
  }
  if (std::holds_alternative<CloseConfirmCmd>(cmd) || std::holds_alternative<RunResponderActionCmd>(cmd)) {
    const bool was_open = !ui.confirm_action.empty();
    ui.confirm_entity.clear();
    ui.confirm_action.clear();
    return was_open;
  }
  if (std::holds_alternative<ToggleFacilitatorModeCmd>(cmd)) {
    ui.facilitator_mode = !ui.facilitator_mode;
    ui.projector_mode = ui.facilitator_mode;  // the console is read across a room
    return true;
  }
  if (std::holds_alternative<ToggleRevealTimelineCmd>(cmd)) {
    ui.reveal_attack_timeline = !ui.reveal_attack_timeline;
    return true;
  }
  if (std::holds_alternative<TogglePrepareCmd>(cmd)) {
    ui.prepare_open = !ui.prepare_open;
    return true;
  }
  if (const auto* f = std::get_if<AddQueryFilterCmd>(&cmd)) {
    while (!ui.query_text.empty() && (ui.query_text.back() == '\n' || ui.query_text.back() == ' '))
      ui.query_text.pop_back();
    ui.query_text += "\n" + QueryFilterClause(f->column, f->value, f->type);
    ui.focus_query = true;
    return true;
  }
  if (const auto* q = std::get_if<SetQueryTextCmd>(&cmd)) {
    ui.query_text = q->text;
    ui.focus_query = true;
    return true;
  }
  if (const auto* ent = std::get_if<SelectEntityCmd>(&cmd)) {
    if (ui.selected_entity == ent->id) return false;
    ui.selected_entity = ent->id;
    return true;
  }
  return false;
}

std::string QueryFilterClause(const std::string& column, const std::string& value, const std::string& type) {
  // Column names that are not plain identifiers are bracketed: ['Name with space'].
  bool plain = !column.empty() && !std::isdigit(static_cast<unsigned char>(column[0]));
  for (char c : column) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  const std::string col = plain ? column : "['" + column + "']";
  const bool numeric = type == "long" || type == "int" || type == "real" || type == "bool";
  if (numeric && !value.empty()) return "| where " + col + " == " + value;
  if (type == "datetime" && !value.empty()) return "| where " + col + " == datetime(" + value + ")";
  if (type == "timespan" && !value.empty()) return "| where " + col + " == timespan(" + value + ")";
  std::string lit = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') lit += '\\';
    if (c == '\n') { lit += "\\n"; continue; }
    lit += c;
  }
  lit += '"';
  if (type == "dynamic") return "| where tostring(" + col + ") == " + lit;
  return "| where " + col + " == " + lit;
}

std::string FormatClock(SimTimeMs t) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{t}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(tp - day)};
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %04d-%02u-%02u %02d:%02d:%02d UTC", kWeekdays[weekday{day}.c_encoding()],
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string FormatTimeOfDay(SimTimeMs t) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{t}};
  const hh_mm_ss hms{floor<seconds>(tp - floor<days>(tp))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string FormatSpeed(double factor) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gx", factor);
  return buf;
}

}  // namespace td::ui
