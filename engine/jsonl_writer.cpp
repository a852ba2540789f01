#include "engine/jsonl_writer.h"

namespace td::engine {

void AppendRowJson(std::string& out, const LogTable& table, size_t row, Cell& cell) {
  const auto& cols = table.Columns();
  out.push_back('{');
  for (size_t c = 0; c < cols.size(); ++c) {
    if (c) out.push_back(',');
    out.push_back('"');
    out += cols[c].name;
    out += "\":";
    table.ReadCell(c, row, cell);
    if (cell.kind == Cell::Kind::Null && (cols[c].type == ColumnType::String || cols[c].type == ColumnType::Guid))
      out += "\"\"";  // Log Analytics exports empty strings, not nulls, for string columns
    else
      AppendCellJson(out, cell, cols[c].type);
  }
  out.push_back('}');
}

size_t WriteJsonl(const TableView& view, ByteSink& sink, void (*progress)(size_t, void*), void* ctx) {
  Cell cell;
  size_t n = 0;
  view.ForEachRow([&](size_t row) {
    AppendRowJson(sink.Buffer(), view.Table(), row, cell);
    sink.Buffer().push_back('\n');
    sink.MaybeFlush();
    if (++n % 8192 == 0 && progress) progress(n, ctx);
  });
  return n;
}

}  // namespace td::engine
