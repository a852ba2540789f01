// Saves in the desktop program: Ctrl+S, Save as, Resume on the start screen, the banner of a
// refused file, and the hand-over of case notes between UiState and the world (which keeps them
// for autosaves). Panels only push commands; ui/live_session.cpp writes and loads
// (sim/save.h: atomic write, replay of the journal).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <SFML/Window/Keyboard.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "engine/load_error.h"
#include "sim/save.h"
#include "ui/colors.h"
#include "ui/panels.h"
#include "ui/save_panels.h"

namespace td::ui {

namespace fs = std::filesystem;

std::string DefaultSaveFolder() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/tenantdrill";
  if (const char* home = std::getenv("HOME"); home && *home == '/') return std::string(home) + "/.local/state/tenantdrill";
  return "tenantdrill-saves";
}

std::vector<SaveFileRow> ListSaves(const std::string& folder) {
  std::vector<std::pair<fs::file_time_type, SaveFileRow>> found;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".tdsave") continue;
    SaveFileRow row;
    row.path = it->path().string();
    row.autosave = it->path().filename().string().rfind("autosave-", 0) == 0;
    try {
      const sim::SaveData s = sim::ReadSaveFile(row.path);
      row.title = s.scenario.name;
      row.detail = "simulated " + engine::FormatIso(s.clock).substr(0, 16) + " UTC, " + std::to_string(s.journal.size()) +
                   " command(s)" + (row.autosave ? ", autosave" : "");
    } catch (const engine::LoadError& e) {
      row.ok = false;
      row.title = it->path().filename().string();
      row.detail = e.what();
    }
    found.emplace_back(it->last_write_time(ec), std::move(row));
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.path < b.second.path;
  });
  std::vector<SaveFileRow> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

void DrawSaveControls(const ShellState& state, UiState& ui, CommandSink& sink) {
  // A loaded save brings its case notes back into the notes tab.
  if (state.restore_generation != ui.restore_generation) {
    ui.restore_generation = state.restore_generation;
    ui.case_notes = ui.case_notes_sent = state.restored_case_notes;
  } else if (state.mode == ShellMode::Play && ui.case_notes != ui.case_notes_sent) {
    ui.case_notes_sent = ui.case_notes;
    sink.Push(SyncCaseNotesCmd{ui.case_notes});  // what an autosave (or the exit) writes
  }
  const ImGuiIO& io = ImGui::GetIO();
  if (state.mode == ShellMode::Play && io.KeyCtrl && ImGui::IsKeyPressed(static_cast<int>(sf::Keyboard::S), false))
    sink.Push(SaveExerciseCmd{"", ui.case_notes});
  if (state.save_banner.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + ImGui::GetFontSize() * 3.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.8f, ImGui::GetFontSize() * 48.0f), 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::kTopBarBg);
  ImGui::PushStyleColor(ImGuiCol_Border, colors::kFailure);
  if (ImGui::Begin(kSaveBannerName, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::TextUnformatted("SAVE FILE REFUSED");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", state.save_banner.c_str());
    ImGui::TextDisabled("Nothing was changed; the last good save is still there.");
    if (ImGui::Button("Dismiss###dismiss")) sink.Push(DismissSaveBannerCmd{});
  }
  ImGui::End();
  ImGui::PopStyleColor(2);
}

void DrawSaveSection(const ShellState& state, UiState& ui, CommandSink& sink) {
  SectionHeader("SAVE");
  if (ImGui::Button("Save (Ctrl+S)###save")) sink.Push(SaveExerciseCmd{"", ui.case_notes});
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.0f);
  ImGui::InputTextWithHint("###save_as_path", "path/drill.tdsave", &ui.save_as_path);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.save_as_path.empty());
  if (ImGui::Button("Save as###save_as")) sink.Push(SaveExerciseCmd{ui.save_as_path, ui.case_notes});
  ImGui::EndDisabled();
  if (!state.save_status.empty()) ImGui::TextWrapped("%s", state.save_status.c_str());
  ImGui::TextDisabled("Autosaves go to %s", state.save_folder.c_str());
}

void DrawResumeList(const ShellState& state, CommandSink& sink) {
  SectionHeader("RESUME A SAVED EXERCISE", static_cast<int>(state.saves.size()));
  if (state.saves.empty()) {
    ImGui::TextDisabled("No saves yet in %s.", state.save_folder.c_str());
    return;
  }
  for (size_t i = 0; i < state.saves.size(); ++i) {
    const SaveFileRow& r = state.saves[i];
    ImGui::PushID(("save" + std::to_string(i)).c_str());  // "save0": the newest
    ImGui::BeginDisabled(!r.ok);
    if (ImGui::Button("Resume###resume")) sink.Push(LoadSaveCmd{r.path});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (!r.ok) ImGui::PushStyleColor(ImGuiCol_Text, colors::kFailure);
    ImGui::TextUnformatted(r.title.c_str());
    if (!r.ok) ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", r.detail.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.path.c_str());
    ImGui::PopID();
  }
}

}  // namespace td::ui
