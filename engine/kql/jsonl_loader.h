#pragma once
// Loads exported logs (DIR/logs/<Table>.jsonl, one JSON object per line) into a LogStore so the
// KQL engine can query a `generate`/`run` output folder. Strings and dynamic values are
// dictionary-encoded in the store's string pool; datetimes are parsed to ms; rows are sorted by
// TimeGenerated. Column types come from DIR/logs/_schema.json when present, else are inferred.
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "engine/load_error.h"
#include "engine/log_store.h"

namespace td::engine::kql {

struct JsonlColumn {
  std::string name;
  ColumnType type = ColumnType::String;
};

using JsonlSchema = std::map<std::string, std::vector<JsonlColumn>>;  // table → columns in order

// Reads {"<Table>": [{"name": "...", "type": "string|datetime|dynamic|bool|int|long|real|guid"}, ...]}.
// Throws LoadError naming the file and the JSON pointer of a bad entry.
JsonlSchema ReadJsonlSchema(const std::string& path);

// Loads one table from a stream of JSON lines. `columns` may be null (types are then inferred:
// objects/arrays → dynamic; ISO strings → datetime when the column is TimeGenerated or its name
// ends with Time/DateTime; integers → long; other numbers → real). Throws LoadError with the file
// label and line for a malformed line. Returns the number of rows.
size_t LoadJsonlTable(LogStore& store, const std::string& table, std::istream& in, const std::string& file_label,
                      const std::vector<JsonlColumn>* columns);

// Loads every DIR/logs/*.jsonl (or DIR/*.jsonl when DIR has no logs/ folder). Returns table → rows.
std::map<std::string, size_t> LoadJsonlFolder(const std::string& dir, LogStore& store);

}  // namespace td::engine::kql
