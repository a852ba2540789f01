#include "ui/fonts.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace td::ui {
namespace {

namespace fs = std::filesystem;

FontSet g_current;

bool HasFonts(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "fonts" / "DejaVuSans.ttf", ec);
}

// Opens the file and checks the sfnt magic: Debian's libimgui asserts (aborts) on a file it
// cannot read or parse, so a missing or wrong file must be caught before it reaches ImGui.
bool Readable(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  unsigned char magic[4] = {};
  if (!f.read(reinterpret_cast<char*>(magic), 4)) return false;
  const bool truetype = magic[0] == 0 && magic[1] == 1 && magic[2] == 0 && magic[3] == 0;
  const bool apple = magic[0] == 't' && magic[1] == 'r' && magic[2] == 'u' && magic[3] == 'e';
  return truetype || apple;
}

}  // namespace

std::string FindAssetsDir(const std::string& override_dir, const std::string& exe_path) {
  if (!override_dir.empty()) return override_dir;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("TENANTDRILL_ASSETS"); env && *env) candidates.emplace_back(env);
  if (!exe_path.empty()) {
    std::error_code ec;
    fs::path exe = fs::weakly_canonical(fs::path(exe_path), ec);
    if (!ec) {
      candidates.push_back(exe.parent_path() / "assets");
      candidates.push_back(exe.parent_path().parent_path() / "share" / "tenantdrill" / "assets");
    }
  }
#ifdef TD_ASSETS_DIR
  candidates.emplace_back(TD_ASSETS_DIR);
#endif
  for (const auto& c : candidates)
    if (HasFonts(c)) return c.string();
  return {};
}

FontSet LoadFonts(ImFontAtlas& atlas, const std::string& assets_dir, float scale, std::string* warning) {
  atlas.Clear();
  FontSet set;
  set.pixel_size = kBaseFontPx * scale;
  const std::string sans = assets_dir + "/fonts/DejaVuSans.ttf";
  const std::string mono = assets_dir + "/fonts/DejaVuSansMono.ttf";

  // Latin plus General Punctuation (en dash, bullet, ellipsis) and a few arrows and geometric
  // shapes and dingbats (check marks) used by the shell. Ranges must outlive the atlas build: static.
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027,
                                    0x2190, 0x21FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0};
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;

  if (assets_dir.empty() || !Readable(sans) || !Readable(mono)) {
    if (warning) {
      *warning = assets_dir.empty()
                     ? "bundled fonts not found (looked for assets/fonts/DejaVuSans.ttf; set TENANTDRILL_ASSETS or --assets); using ImGui's built-in font"
                     : "cannot read " + (Readable(sans) ? mono : sans) + "; using ImGui's built-in font";
    }
    ImFontConfig def;
    def.SizePixels = 13.0f * scale;
    set.ui = set.mono = set.heading = atlas.AddFontDefault(&def);
    set.pixel_size = def.SizePixels;
    return set;
  }
  set.ui = atlas.AddFontFromFileTTF(sans.c_str(), set.pixel_size, &cfg, kRanges);
  set.mono = atlas.AddFontFromFileTTF(mono.c_str(), set.pixel_size, &cfg, kRanges);
  set.heading = atlas.AddFontFromFileTTF(sans.c_str(), set.pixel_size * 1.25f, &cfg, kRanges);
  set.bundled = true;
  return set;
}

const FontSet& CurrentFonts() { return g_current; }
void SetCurrentFonts(const FontSet& fonts) { g_current = fonts; }

void PushFontOrDefault(ImFont* f) { ImGui::PushFont(f ? f : ImGui::GetFont()); }

}  // namespace td::ui
