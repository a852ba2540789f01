#pragma once
// [SECTION] Column types and cells
// [SECTION] Stored fields
// [SECTION] Columns (stored, keyed, derived)
// [SECTION] LogTable
// [SECTION] Views (retention and licence gating)
// [SECTION] LogStore
//
// The columnar log store. A row holds facts (about eight integers: time, user, app, source,
// session, result, flags …); every output column is a function of them. A column that depends on
// one fact only (UserPrincipalName from the user) is "keyed": a filter on it can be evaluated once
// per key and then become an integer scan. Rows are kept in time order per table.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim_clock.h"
#include "engine/string_pool.h"

namespace td::engine {

// [SECTION] Column types and cells

// The Kusto scalar types of the real table schemas.
enum class ColumnType : uint8_t { Bool, Int, Long, Real, String, DateTime, Guid, Dynamic };
std::string_view TypeName(ColumnType t);                     // "bool", "int", "long", "real", …
std::optional<ColumnType> ParseTypeName(std::string_view s);  // inverse of TypeName

// One cell as read from a column. Reading reuses `scratch`, so it allocates nothing once warm.
struct Cell {
  enum class Kind : uint8_t { Null, Bool, Long, Real, DateTime, String, Json };
  Kind kind = Kind::Null;
  int64_t i = 0;         // Bool (0/1), Long, DateTime (ms since epoch)
  double r = 0;          // Real
  std::string_view s;    // String text, or JSON text for dynamic values
  std::string scratch;   // storage a column may compose `s` in

  void SetNull() { kind = Kind::Null; }
  void SetBool(bool b) { kind = Kind::Bool; i = b; }
  void SetLong(int64_t v) { kind = Kind::Long; i = v; }
  void SetReal(double v) { kind = Kind::Real; r = v; }
  void SetDateTime(SimTime t) { kind = Kind::DateTime; i = t; }
  void SetString(std::string_view v) { kind = Kind::String; s = v; }   // v must outlive the read
  void SetJson(std::string_view v) { kind = Kind::Json; s = v; }       // v: valid JSON text
  // Compose into scratch: call BeginScratch(), append to scratch, then FinishString/FinishJson.
  std::string& BeginScratch() { scratch.clear(); return scratch; }
  void FinishString() { kind = Kind::String; s = scratch; }
  void FinishJson() { kind = Kind::Json; s = scratch; }
};

// [SECTION] Stored fields

struct FieldSpec {
  std::string name;
  uint8_t width;  // bytes per value: 1, 2, 4 or 8
};

class FieldVector {
 public:
  explicit FieldVector(uint8_t width) : m_width(width) {}
  uint64_t Get(size_t row) const {
    const uint8_t* p = m_bytes.data() + row * m_width;
    switch (m_width) {
      case 1: return *p;
      case 2: { uint16_t v; __builtin_memcpy(&v, p, 2); return v; }
      case 4: { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
      default: { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }
    }
  }
  // Appends one value: one bounds check and one 8-byte copy (the buffer keeps 8 spare bytes, and
  // little-endian order puts the low bytes first).
  void Push(uint64_t v) {
    if (m_size + 8 > m_bytes.size()) GrowBuffer(m_size + 8);
    __builtin_memcpy(m_bytes.data() + m_size, &v, 8);
    m_size += m_width;
  }
  uint8_t Width() const { return m_width; }
  size_t Size() const { return m_size / m_width; }
  const uint8_t* Data() const { return m_bytes.data(); }
  size_t CapacityBytes() const { return m_bytes.capacity(); }
  void Reserve(size_t rows) { if (rows * m_width + 8 > m_bytes.size()) GrowBuffer(rows * m_width + 8); }
  void Truncate(size_t rows) { m_size = rows * m_width; }
  void ShrinkToFit() { m_bytes.resize(m_size + 8); m_bytes.shrink_to_fit(); }
  // Appends room for n values and returns where the first goes (bulk appends).
  uint8_t* Grow(size_t n);

 private:
  void GrowBuffer(size_t at_least);
  uint8_t m_width;
  size_t m_size = 0;             // bytes in use
  std::vector<uint8_t> m_bytes;  // m_size bytes of values, then spare room
};

// [SECTION] Columns

class LogTable;

struct ColumnDef {
  std::string name;
  ColumnType type = ColumnType::String;
  // Keyed column: the value is by_key(Field(key_field, row)). key_domain bounds the keys
  // (0 = unbounded, e.g. a timestamp); pool is set when the key is a code into that pool.
  int key_field = -1;
  uint64_t key_domain = 0;
  const StringPool* pool = nullptr;
  std::function<void(uint64_t key, Cell& out)> by_key;
  // Keyed columns of any table that share a nonzero key_space read equal keys as equal values
  // and distinct keys as distinct values (e.g. SessionId in SigninLogs and OfficeActivity both
  // keyed by the session number): a query may then join or compare them on the raw keys.
  uint64_t key_space = 0;
  // Derived column: any function of the row's facts.
  std::function<void(const LogTable& table, size_t row, Cell& out)> by_row;
  // Optional, for a derived column: the stored fields by_row reads (never field 0, at most 8
  // bytes together). Rows equal on these fields have equal values, so a query may filter or
  // group on the packed fields and compute the value once per distinct packing.
  std::vector<int> row_fields;
};

// Helpers that build common columns.
ColumnDef TimeColumn(std::string name, int field);                       // datetime = field value
ColumnDef LongColumn(std::string name, int field, ColumnType type = ColumnType::Long);
ColumnDef PoolColumn(std::string name, int field, const StringPool* pool, ColumnType type = ColumnType::String);
ColumnDef ConstColumn(std::string name, ColumnType type, std::string value);  // same string on every row
ColumnDef NullColumn(std::string name, ColumnType type);                 // always empty
ColumnDef KeyedColumn(std::string name, ColumnType type, int field, uint64_t domain,
                      std::function<void(uint64_t, Cell&)> fn);
ColumnDef RowColumn(std::string name, ColumnType type,
                    std::function<void(const LogTable&, size_t, Cell&)> fn);
// A derived column that reads only `fields` (see ColumnDef::row_fields).
ColumnDef RowColumnOf(std::string name, ColumnType type, std::vector<int> fields,
                      std::function<void(const LogTable&, size_t, Cell&)> fn);

// [SECTION] LogTable

class LogTable {
 public:
  // Field 0 must be the row time (width 8, ms since epoch).
  LogTable(std::string name, std::vector<FieldSpec> fields);

  const std::string& Name() const { return m_name; }
  size_t RowCount() const { return m_fields.empty() ? 0 : m_fields[0].Size(); }
  size_t FieldCount() const { return m_fields.size(); }
  int FindField(std::string_view name) const;
  const FieldSpec& FieldInfo(size_t f) const { return m_specs[f]; }
  uint64_t Field(size_t f, size_t row) const { return m_fields[f].Get(row); }
  const FieldVector& FieldData(size_t f) const { return m_fields[f]; }
  SimTime Time(size_t row) const { return static_cast<SimTime>(m_fields[0].Get(row)); }

  void AddColumn(ColumnDef def);
  const std::vector<ColumnDef>& Columns() const { return m_columns; }
  int FindColumn(std::string_view name) const;  // -1 when absent (exact, case-sensitive)
  void ReadCell(size_t col, size_t row, Cell& out) const;

  // Rows may be staged in any order; CommitStaged sorts them by (time, staging order) and
  // appends them, merging into the tail if a staged row is older than the newest stored row.
  // Appends a row: straight into the fields when it is not older than the newest stored row
  // (the common case), else staged until CommitStaged merges it in.
  void Stage(std::span<const uint64_t> values);  // values.size() == FieldCount()
  size_t StagedCount() const { return m_staged.size() / m_fields.size(); }
  void CommitStaged();
  void Reserve(size_t rows);

  size_t LowerBound(SimTime t) const;  // first row with time >= t
  size_t UpperBound(SimTime t) const;  // first row with time > t

  // Licence gating: rows carry a feature mask in gate_field; a view shows a row only when the
  // viewer owns every feature bit. table_gate applies to the whole table.
  void SetGateField(int field) { m_gate_field = field; }
  int GateField() const { return m_gate_field; }
  void SetTableGate(uint32_t mask) { m_table_gate = mask; }
  uint32_t TableGate() const { return m_table_gate; }

  size_t ResidentBytes() const;  // bytes held by the stored fields
  void Compact();

 private:
  std::string m_name;
  std::vector<FieldSpec> m_specs;
  std::vector<FieldVector> m_fields;
  std::vector<ColumnDef> m_columns;
  std::vector<uint64_t> m_staged;
  std::vector<uint32_t> m_order;  // scratch for CommitStaged
  int m_gate_field = -1;
  uint32_t m_table_gate = 0;
};

// [SECTION] Views

struct Visibility {
  SimTime from = std::numeric_limits<SimTime>::min();  // inclusive
  SimTime to = std::numeric_limits<SimTime>::max();    // inclusive ("now")
  uint32_t features = ~0u;                             // licence features the viewer owns
};

// The rows of a table a viewer may see: a time range (binary search) plus the gate mask.
class TableView {
 public:
  TableView(const LogTable& table, const Visibility& vis);
  const LogTable& Table() const { return *m_table; }
  bool TableVisible() const { return m_table_visible; }
  size_t Begin() const { return m_begin; }
  size_t End() const { return m_end; }
  bool RowVisible(size_t row) const {
    return m_gate_field < 0 || (static_cast<uint32_t>(m_table->Field(static_cast<size_t>(m_gate_field), row)) & ~m_features) == 0;
  }
  template <typename F>
  void ForEachRow(F&& f) const {
    if (!m_table_visible) return;
    for (size_t r = m_begin; r < m_end; ++r)
      if (RowVisible(r)) f(r);
  }
  size_t CountVisible() const;

 private:
  const LogTable* m_table;
  size_t m_begin = 0, m_end = 0;
  int m_gate_field;
  uint32_t m_features;
  bool m_table_visible;
};

// [SECTION] LogStore

class LogStore {
 public:
  LogTable& Add(std::unique_ptr<LogTable> table);
  LogTable* Find(std::string_view name);
  const LogTable* Find(std::string_view name) const;
  const std::vector<std::unique_ptr<LogTable>>& Tables() const { return m_tables; }
  size_t TotalRows() const;
  size_t ResidentBytes() const;
  void CommitAll();  // CommitStaged on every table
  void Compact();    // releases spare capacity (after a long generation)
  StringPool& Strings() { return m_strings; }  // shared pool for composite strings
  const StringPool& Strings() const { return m_strings; }

 private:
  std::vector<std::unique_ptr<LogTable>> m_tables;
  StringPool m_strings;
};

// JSON text helpers used by exports and by columns that compose JSON.
void AppendJsonString(std::string& out, std::string_view s);  // quoted and escaped
void AppendJsonEscaped(std::string& out, std::string_view s); // escaped, no quotes
// Writes a cell as a JSON value as Log Analytics exports it (datetime as ISO string, dynamic raw).
void AppendCellJson(std::string& out, const Cell& cell, ColumnType type);
// Writes a cell as plain text (CSV / table output).
void AppendCellText(std::string& out, const Cell& cell, ColumnType type);

}  // namespace td::engine
