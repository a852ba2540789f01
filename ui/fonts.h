#pragma once
// The bundled DejaVu fonts (assets/fonts/) loaded into ImGui's font atlas.
#include <imgui.h>

#include <string>

namespace td::ui {

// Pixel sizes before --font-scale. 17 px reads well at a desk; projector mode multiplies by
// kProjectorFontFactor so the back row of a training room can read the log explorer.
inline constexpr float kBaseFontPx = 17.0f;
inline constexpr float kProjectorFontFactor = 1.5f;

struct FontSet {
  ImFont* ui = nullptr;       // DejaVu Sans: labels, text
  ImFont* mono = nullptr;     // DejaVu Sans Mono: queries, log rows, clock
  ImFont* heading = nullptr;  // DejaVu Sans, larger: scenario title, panel headings
  float pixel_size = 0;       // the size `ui` was built at
  bool bundled = false;       // false: the bundled fonts were missing and ImGui's default is used
};

// The directory holding fonts/DejaVuSans.ttf: `override_dir` if non-empty, else the first of
// $TENANTDRILL_ASSETS, <exe dir>/assets, <exe dir>/../share/tenantdrill/assets and the source
// tree's assets/ that contains the fonts. Empty if none does.
std::string FindAssetsDir(const std::string& override_dir, const std::string& exe_path);

// Clears `atlas` and loads the fonts at kBaseFontPx * scale. If the TTF files cannot be read,
// falls back to ImGui's built-in font and sets *warning to a sentence saying which file was
// missing. Does not build the atlas texture (the renderer does, or FontAtlasBuild in tests).
FontSet LoadFonts(ImFontAtlas& atlas, const std::string& assets_dir, float scale, std::string* warning);

// The fonts of the current frame, set by the frame loop (null members fall back to the
// current font), used by panels to PushFont.
const FontSet& CurrentFonts();
void SetCurrentFonts(const FontSet& fonts);

// PushFont(f ? f : current font); always balanced with ImGui::PopFont().
void PushFontOrDefault(ImFont* f);

}  // namespace td::ui
