#pragma once
// Files embedded into the binary at build time (assets/, scenarios/tenants/), by their path
// relative to the source tree, e.g. "assets/names/given.txt".
#include <string>
#include <string_view>
#include <vector>

namespace td::sim {

// The file's text, or an empty view when nothing of that name was embedded.
std::string_view EmbeddedAsset(std::string_view path);
std::vector<std::string_view> EmbeddedAssetNames();
// The names (without ".json") of the embedded JSON files directly in `folder` ("scenarios/tenants"),
// sorted.
std::vector<std::string> EmbeddedJsonNames(std::string_view folder);
// Non-empty, non-comment lines of an embedded text list.
std::vector<std::string_view> EmbeddedLines(std::string_view path);

}  // namespace td::sim
