#pragma once
// Writes the visible rows of a table view as JSON Lines in the Log Analytics layout: one object a
// row, the table's column names as keys, datetimes as ISO-8601 strings with 7 fraction digits.
#include <cstddef>

#include "engine/byte_sink.h"
#include "engine/log_store.h"

namespace td::engine {

// Returns the number of rows written. progress(rows_done) is called every few thousand rows.
size_t WriteJsonl(const TableView& view, ByteSink& sink, void (*progress)(size_t, void*) = nullptr, void* ctx = nullptr);
// One row as a JSON object (no newline).
void AppendRowJson(std::string& out, const LogTable& table, size_t row, Cell& scratch);

}  // namespace td::engine
