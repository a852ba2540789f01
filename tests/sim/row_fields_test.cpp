// A derived column that declares the stored fields it reads (ColumnDef::row_fields) lets the KQL
// engine filter and group it once per distinct packing of those fields. The declaration is a
// promise: here every such column of every table, on every shipped scenario's attack run, is
// checked to give one text per packing. A column whose reader starts to read another field
// without its declaration being updated fails this test.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "scenario_test_util.h"

using namespace td;

TEST_CASE("derived columns read only the fields they declare, on every shipped scenario") {
  size_t checked_columns = 0;
  for (const char* name : {"aitm-session-theft", "oauth-consent-persistence", "bec-invoice-fraud", "finance-chain"}) {
    CAPTURE(name);
    sim::Exercise ex(test::ShippedScenario(name));
    ex.RunToEnd();
    const engine::LogStore& store = ex.GetWorld().Logs().Store();
    for (const auto& table : store.Tables()) {
      for (size_t c = 0; c < table->Columns().size(); ++c) {
        const engine::ColumnDef& d = table->Columns()[c];
        if (d.row_fields.empty()) continue;
        CAPTURE(table->Name());
        CAPTURE(d.name);
        REQUIRE(d.by_row);
        unsigned bits = 0;
        for (int f : d.row_fields) {
          REQUIRE(f > 0);
          REQUIRE(static_cast<size_t>(f) < table->FieldCount());
          bits += table->FieldInfo(static_cast<size_t>(f)).width * 8u;
        }
        REQUIRE(bits <= 64);
        ++checked_columns;
        std::map<std::vector<uint64_t>, std::string> seen;
        engine::Cell cell;
        std::string text;
        for (size_t r = 0; r < table->RowCount(); ++r) {
          std::vector<uint64_t> key;
          for (int f : d.row_fields) key.push_back(table->Field(static_cast<size_t>(f), r));
          table->ReadCell(c, r, cell);
          text.assign(1, static_cast<char>('0' + static_cast<int>(cell.kind)));
          engine::AppendCellText(text, cell, d.type);
          auto [it, fresh] = seen.emplace(std::move(key), text);
          if (!fresh && it->second != text) {
            FAIL_CHECK("row " << r << " reads '" << text << "' where an earlier row with the same fields read '" << it->second << "'");
            break;
          }
        }
      }
    }
  }
  CHECK(checked_columns >= 4 * 15);  // OfficeActivity declares 15 per scenario
}
