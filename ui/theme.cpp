#include "ui/theme.h"

#include "ui/colors.h"

namespace td::ui {

void ApplyTheme(ImGuiStyle& style, float scale) {
  using colors::ToVec4;
  style = ImGuiStyle();
  ImGui::StyleColorsDark(&style);

  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(8, 6);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.CellPadding = ImVec2(6, 3);
  style.ScrollbarSize = 12;
  style.WindowRounding = 0;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 4;
  style.TabRounding = 4;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.FrameBorderSize = 0;

  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = ToVec4(colors::kText);
  c[ImGuiCol_TextDisabled] = ToVec4(colors::kTextDim);
  c[ImGuiCol_WindowBg] = ToVec4(colors::kWindowBg);
  c[ImGuiCol_ChildBg] = ToVec4(colors::kPanelBg);
  c[ImGuiCol_PopupBg] = ToVec4(colors::kPanelBg);
  c[ImGuiCol_Border] = ToVec4(colors::kBorder);
  c[ImGuiCol_FrameBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.13f, 0.15f, 0.18f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.15f, 0.17f, 0.21f, 1.0f);
  c[ImGuiCol_TitleBg] = ToVec4(colors::kTopBarBg);
  c[ImGuiCol_TitleBgActive] = ToVec4(colors::kTopBarBg);
  c[ImGuiCol_MenuBarBg] = ToVec4(colors::kTopBarBg);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.23f, 0.28f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.27f, 0.32f, 0.40f, 1.0f);  // distinct from a selected toggle
  c[ImGuiCol_ButtonActive] = ToVec4(colors::kAccentActive);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.30f, 0.44f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.36f, 0.52f, 1.0f);
  c[ImGuiCol_HeaderActive] = ToVec4(colors::kAccentActive);
  c[ImGuiCol_Separator] = ToVec4(colors::kBorder);
  c[ImGuiCol_Tab] = ImVec4(0.14f, 0.16f, 0.19f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.22f, 0.29f, 0.39f, 1.0f);  // hover must not look selected
  c[ImGuiCol_TabActive] = ToVec4(colors::kAccent);
  c[ImGuiCol_TabUnfocused] = c[ImGuiCol_Tab];
  c[ImGuiCol_TabUnfocusedActive] = ToVec4(colors::kAccentActive);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.15f, 0.17f, 0.21f, 1.0f);
  c[ImGuiCol_TableBorderStrong] = ToVec4(colors::kBorder);
  c[ImGuiCol_TableBorderLight] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.025f);
  c[ImGuiCol_CheckMark] = ToVec4(colors::kAccentHover);
  c[ImGuiCol_SliderGrab] = ToVec4(colors::kAccent);
  c[ImGuiCol_SliderGrabActive] = ToVec4(colors::kAccentHover);
  c[ImGuiCol_TextSelectedBg] = ImVec4(0.25f, 0.45f, 0.75f, 0.45f);
  c[ImGuiCol_NavHighlight] = ToVec4(colors::kAccentHover);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.55f);  // darken, not wash out, behind dialogs

  style.ScaleAllSizes(scale);
}

}  // namespace td::ui
