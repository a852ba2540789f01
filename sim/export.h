#pragma once
// Exports a world's logs as a tenant's viewer would see them at the world's "now": one JSON Lines
// file per table (DIR/logs/<Table>.jsonl), DIR/logs/_schema.json (column names and types), and
// the raw Unified Audit Log in the Purview export CSV layout (DIR/logs/UnifiedAuditLog.csv).
// The folder appears complete or not at all: files are written to a temporary folder that is
// renamed into place at the end.
#include <functional>
#include <string>
#include <vector>

#include "engine/byte_sink.h"
#include "sim/world.h"

namespace td::sim {

struct TableExportStats {
  std::string table;
  size_t rows = 0;
  size_t bytes = 0;
};

struct ExportStats {
  std::vector<TableExportStats> tables;
  size_t rows = 0;
  size_t bytes = 0;
};

// Throws engine::LoadError (naming the folder and what to do) when DIR cannot be written.
ExportStats ExportLogs(const World& world, const std::string& out_dir,
                       const std::function<void(const std::string& table, size_t rows)>& progress = {});
// Writes every export into sinks without touching the disk (benchmarks): returns the same stats.
ExportStats ExportToSinks(const World& world, engine::ByteSink& sink);

// One unified audit record (AuditData JSON) for an OfficeActivity or AuditLogs row.
void AppendUalRecord(std::string& out, const World& world, const engine::LogTable& table, size_t row);
// CSV writer for the Purview export: CreationDate,UserIds,Operations,AuditData.
size_t WriteUalCsv(const World& world, engine::ByteSink& sink);

}  // namespace td::sim
