#pragma once
// Coverage of real detection content: runs every query of a Sentinel queries.json (the format of
// /work/shared/reference/detections/sentinel/queries.json: [{file, id, title, attack, tables,
// query}, ...]) over a store and counts how many parse, run, and return rows.
#include <string>
#include <utility>
#include <vector>

#include "engine/kql/kql_engine.h"

namespace td::engine::kql {

struct CoverageEntry {
  std::string file;
  std::string title;
  std::vector<std::string> tables;  // tables the rule reads (from queries.json)
  std::vector<std::string> attacks;
  bool tables_available = false;    // every table it reads is in the store
  bool parsed = false;
  bool ran = false;
  size_t rows = 0;
  SimTime fired_at = 0;             // the now() of the first run that returned rows
  std::string error;                // the first error, formatted with line and column
  std::string missing;              // the unsupported feature that stopped it, if any
};

struct CoverageReport {
  std::vector<CoverageEntry> entries;
  size_t total = 0, parsed = 0, ran = 0, fired = 0;
  size_t available = 0, available_ran = 0, available_fired = 0;  // rules whose tables all exist
  std::vector<std::pair<std::string, int>> missing;             // feature → rules it stops, most first
  std::string Format() const;                                    // a per-rule table and the totals
};

// Throws LoadError when the file cannot be read or is not in the expected format.
CoverageReport RunCoverage(const std::string& queries_json_path, const Engine& engine, const Limits& limits = {});

// As a scheduled analytic would run: each rule is run with now() at each of `nows` (e.g. the end
// of every simulated day) until one run returns rows. Uses the engine's views.
CoverageReport RunCoverage(const std::string& queries_json_path, const Engine& engine, const std::vector<SimTime>& nows,
                           const Limits& limits = {});

}  // namespace td::engine::kql
