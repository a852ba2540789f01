#include "engine/log_store.h"

#include "engine/radix_sort.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstring>

namespace td::engine {

namespace {
constexpr std::array<std::string_view, 8> kTypeNames = {"bool", "int", "long", "real",
                                                        "string", "datetime", "guid", "dynamic"};
}

std::string_view TypeName(ColumnType t) { return kTypeNames[static_cast<size_t>(t)]; }

std::optional<ColumnType> ParseTypeName(std::string_view s) {
  for (size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == s) return static_cast<ColumnType>(i);
  if (s == "boolean") return ColumnType::Bool;
  if (s == "double") return ColumnType::Real;
  if (s == "date") return ColumnType::DateTime;
  if (s == "uniqueid") return ColumnType::Guid;
  return std::nullopt;
}

void FieldVector::GrowBuffer(size_t at_least) {
  m_bytes.resize(std::max<size_t>({at_least, m_bytes.size() * 2, 4096}));
}

uint8_t* FieldVector::Grow(size_t n) {
  if (m_size + n * m_width + 8 > m_bytes.size()) GrowBuffer(m_size + n * m_width + 8);
  uint8_t* p = m_bytes.data() + m_size;
  m_size += n * m_width;
  return p;
}

ColumnDef TimeColumn(std::string name, int field) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = ColumnType::DateTime;
  d.key_field = field;
  d.by_key = [](uint64_t k, Cell& c) { c.SetDateTime(static_cast<SimTime>(k)); };
  return d;
}

ColumnDef LongColumn(std::string name, int field, ColumnType type) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = type;
  d.key_field = field;
  if (type == ColumnType::Bool)
    d.by_key = [](uint64_t k, Cell& c) { c.SetBool(k != 0); };
  else
    d.by_key = [](uint64_t k, Cell& c) { c.SetLong(static_cast<int64_t>(k)); };
  return d;
}

ColumnDef PoolColumn(std::string name, int field, const StringPool* pool, ColumnType type) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = type;
  d.key_field = field;
  d.pool = pool;
  if (type == ColumnType::Dynamic)
    d.by_key = [pool](uint64_t k, Cell& c) { c.SetJson(pool->Get(static_cast<uint32_t>(k))); };
  else
    d.by_key = [pool](uint64_t k, Cell& c) { c.SetString(pool->Get(static_cast<uint32_t>(k))); };
  return d;
}

ColumnDef ConstColumn(std::string name, ColumnType type, std::string value) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = type;
  auto v = std::make_shared<std::string>(std::move(value));
  if (type == ColumnType::Dynamic)
    d.by_row = [v](const LogTable&, size_t, Cell& c) { c.SetJson(*v); };
  else if (type == ColumnType::Bool)
    d.by_row = [v](const LogTable&, size_t, Cell& c) { c.SetBool(*v == "true"); };
  else if (type == ColumnType::Int || type == ColumnType::Long) {
    int64_t n = 0;
    std::from_chars(v->data(), v->data() + v->size(), n);
    d.by_row = [n](const LogTable&, size_t, Cell& c) { c.SetLong(n); };
  } else
    d.by_row = [v](const LogTable&, size_t, Cell& c) { c.SetString(*v); };
  return d;
}

ColumnDef NullColumn(std::string name, ColumnType type) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = type;
  d.by_row = [](const LogTable&, size_t, Cell& c) { c.SetNull(); };
  return d;
}

ColumnDef KeyedColumn(std::string name, ColumnType type, int field, uint64_t domain,
                      std::function<void(uint64_t, Cell&)> fn) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = type;
  d.key_field = field;
  d.key_domain = domain;
  d.by_key = std::move(fn);
  return d;
}

ColumnDef RowColumn(std::string name, ColumnType type, std::function<void(const LogTable&, size_t, Cell&)> fn) {
  ColumnDef d;
  d.name = std::move(name);
  d.type = type;
  d.by_row = std::move(fn);
  return d;
}

ColumnDef RowColumnOf(std::string name, ColumnType type, std::vector<int> fields,
                      std::function<void(const LogTable&, size_t, Cell&)> fn) {
  ColumnDef d = RowColumn(std::move(name), type, std::move(fn));
  d.row_fields = std::move(fields);
  return d;
}

LogTable::LogTable(std::string name, std::vector<FieldSpec> fields)
    : m_name(std::move(name)), m_specs(std::move(fields)) {
  assert(!m_specs.empty() && m_specs[0].width == 8 && "field 0 of a log table must be the 8-byte time");
  m_fields.reserve(m_specs.size());
  for (const auto& s : m_specs) {
    assert((s.width == 1 || s.width == 2 || s.width == 4 || s.width == 8) && "field width must be 1, 2, 4 or 8");
    m_fields.emplace_back(s.width);
  }
}

int LogTable::FindField(std::string_view name) const {
  for (size_t i = 0; i < m_specs.size(); ++i)
    if (m_specs[i].name == name) return static_cast<int>(i);
  return -1;
}

void LogTable::AddColumn(ColumnDef def) {
  assert((def.by_key || def.by_row) && "a column needs a reader");
  assert(FindColumn(def.name) < 0 && "duplicate column name");
#ifndef NDEBUG
  size_t bytes = 0;
  for (int f : def.row_fields) {
    assert(f > 0 && static_cast<size_t>(f) < m_specs.size() && "row_fields: a stored field other than the time");
    bytes += m_specs[static_cast<size_t>(f)].width;
  }
  assert(bytes <= 8 && "row_fields: at most 8 bytes together");
#endif
  m_columns.push_back(std::move(def));
}

int LogTable::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < m_columns.size(); ++i)
    if (m_columns[i].name == name) return static_cast<int>(i);
  return -1;
}

void LogTable::ReadCell(size_t col, size_t row, Cell& out) const {
  const ColumnDef& d = m_columns[col];
  if (d.by_key)
    d.by_key(m_fields[static_cast<size_t>(d.key_field)].Get(row), out);
  else
    d.by_row(*this, row, out);
}

void LogTable::Stage(std::span<const uint64_t> values) {
  assert(values.size() == m_fields.size() && "Stage() needs one value per field");
  const size_t rows = RowCount();
  if (m_staged.empty() && (rows == 0 || Time(rows - 1) <= static_cast<SimTime>(values[0]))) {
    for (size_t f = 0; f < m_fields.size(); ++f) m_fields[f].Push(values[f]);
    return;
  }
  m_staged.insert(m_staged.end(), values.begin(), values.end());
}

void LogTable::Reserve(size_t rows) {
  for (auto& f : m_fields) f.Reserve(rows);
}

void LogTable::CommitStaged() {
  const size_t nf = m_fields.size();
  const size_t n = m_staged.size() / nf;
  if (n == 0) return;
  const uint64_t* st = m_staged.data();
  // Order by (time, staging order). Batches usually arrive sorted; otherwise sort packed keys
  // (time offset << 24 | index): a plain integer sort that is still deterministic and stable.
  m_order.resize(n);
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; ++i)
    sorted = static_cast<int64_t>(st[(i - 1) * nf]) <= static_cast<int64_t>(st[i * nf]);
  if (sorted || n >= (1u << 24)) {
    for (size_t i = 0; i < n; ++i) m_order[i] = static_cast<uint32_t>(i);
    if (!sorted)
      std::stable_sort(m_order.begin(), m_order.end(), [st, nf](uint32_t a, uint32_t b) {
        return static_cast<int64_t>(st[a * nf]) < static_cast<int64_t>(st[b * nf]);
      });
  } else {
    int64_t lo = static_cast<int64_t>(st[0]), hi = lo;
    for (size_t i = 1; i < n; ++i) {
      lo = std::min(lo, static_cast<int64_t>(st[i * nf]));
      hi = std::max(hi, static_cast<int64_t>(st[i * nf]));
    }
    if (static_cast<uint64_t>(hi - lo) < (1ull << 39)) {
      std::vector<uint64_t> keys(n);
      for (size_t i = 0; i < n; ++i) keys[i] = (static_cast<uint64_t>(static_cast<int64_t>(st[i * nf]) - lo) << 24) | i;
      RadixSortHighBits(keys, 24);
      for (size_t i = 0; i < n; ++i) m_order[i] = static_cast<uint32_t>(keys[i] & 0xffffff);
    } else {
      for (size_t i = 0; i < n; ++i) m_order[i] = static_cast<uint32_t>(i);
      std::stable_sort(m_order.begin(), m_order.end(), [st, nf](uint32_t a, uint32_t b) {
        return static_cast<int64_t>(st[a * nf]) < static_cast<int64_t>(st[b * nf]);
      });
    }
  }
  const SimTime first = static_cast<SimTime>(st[m_order[0] * nf]);
  const size_t old_rows = RowCount();
  if (old_rows == 0 || Time(old_rows - 1) <= first) {
    // Row by row into every field: one pass over the staging buffer.
    uint8_t* dst[32];
    uint8_t width[32];
    assert(nf <= 32 && "a log table has at most 32 stored fields");
    for (size_t f = 0; f < nf; ++f) {
      dst[f] = m_fields[f].Grow(n);
      width[f] = m_fields[f].Width();
    }
    for (size_t i = 0; i < n; ++i) {
      const uint64_t* src = st + static_cast<size_t>(m_order[i]) * nf;
      for (size_t f = 0; f < nf; ++f) {
        const uint64_t v = src[f];
        switch (width[f]) {
          case 1: *dst[f] = static_cast<uint8_t>(v); break;
          case 2: { auto x = static_cast<uint16_t>(v); std::memcpy(dst[f], &x, 2); break; }
          case 4: { auto x = static_cast<uint32_t>(v); std::memcpy(dst[f], &x, 4); break; }
          default: std::memcpy(dst[f], &v, 8); break;
        }
        dst[f] += width[f];
      }
    }
  } else {
    // Rare path: merge the staged rows into the stored tail (stored rows first on equal times).
    const size_t cut = UpperBound(first);
    std::vector<uint64_t> tail((old_rows - cut) * nf);
    for (size_t r = cut; r < old_rows; ++r)
      for (size_t f = 0; f < nf; ++f) tail[(r - cut) * nf + f] = m_fields[f].Get(r);
    for (auto& fv : m_fields) fv.Truncate(cut);
    size_t a = 0, b = 0;
    const size_t na = old_rows - cut;
    while (a < na || b < n) {
      const uint64_t* src;
      if (b >= n || (a < na && static_cast<int64_t>(tail[a * nf]) <= static_cast<int64_t>(st[m_order[b] * nf])))
        src = &tail[(a++) * nf];
      else
        src = &st[m_order[b++] * nf];
      for (size_t f = 0; f < nf; ++f) m_fields[f].Push(src[f]);
    }
  }
  m_staged.clear();
}

size_t LogTable::LowerBound(SimTime t) const {
  size_t lo = 0, hi = RowCount();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (Time(mid) < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

size_t LogTable::UpperBound(SimTime t) const {
  size_t lo = 0, hi = RowCount();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (Time(mid) <= t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

size_t LogTable::ResidentBytes() const {
  size_t b = 0;
  for (const auto& f : m_fields) b += f.CapacityBytes();
  return b;
}

TableView::TableView(const LogTable& table, const Visibility& vis)
    : m_table(&table), m_gate_field(table.GateField()), m_features(vis.features),
      m_table_visible((table.TableGate() & ~vis.features) == 0) {
  m_begin = table.LowerBound(vis.from);
  m_end = vis.to == std::numeric_limits<SimTime>::max() ? table.RowCount() : table.UpperBound(vis.to);
  if (m_end < m_begin) m_end = m_begin;
}

size_t TableView::CountVisible() const {
  size_t n = 0;
  ForEachRow([&](size_t) { ++n; });
  return n;
}

LogTable& LogStore::Add(std::unique_ptr<LogTable> table) {
  assert(!Find(table->Name()) && "duplicate table name");
  m_tables.push_back(std::move(table));
  return *m_tables.back();
}

LogTable* LogStore::Find(std::string_view name) {
  for (auto& t : m_tables) if (t->Name() == name) return t.get();
  return nullptr;
}
const LogTable* LogStore::Find(std::string_view name) const {
  for (const auto& t : m_tables) if (t->Name() == name) return t.get();
  return nullptr;
}
size_t LogStore::TotalRows() const {
  size_t n = 0;
  for (const auto& t : m_tables) n += t->RowCount();
  return n;
}
size_t LogStore::ResidentBytes() const {
  size_t n = m_strings.ResidentBytes();
  for (const auto& t : m_tables) n += t->ResidentBytes();
  return n;
}
void LogTable::Compact() {
  for (auto& f : m_fields) f.ShrinkToFit();
  m_staged.shrink_to_fit();
  m_order.shrink_to_fit();
}

void LogStore::Compact() {
  for (auto& t : m_tables) t->Compact();
}

void LogStore::CommitAll() {
  for (auto& t : m_tables) t->CommitStaged();
}

namespace {
// True when any of the 8 bytes needs escaping in JSON: < 0x20, '"' or '\\' (SWAR test).
inline bool NeedsEscape8(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const uint64_t lt20 = (x - kOnes * 0x20) & ~x & kHigh;
  const uint64_t q = x ^ (kOnes * '"');
  const uint64_t bs = x ^ (kOnes * '\\');
  const uint64_t zq = (q - kOnes) & ~q & kHigh;
  const uint64_t zb = (bs - kOnes) & ~bs & kHigh;
  return (lt20 | zq | zb) != 0;
}
}  // namespace

void AppendJsonEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  // Fast path: skip clean 8-byte blocks (almost every log string is clean).
  while (i + 8 <= s.size()) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if (NeedsEscape8(x)) break;
    i += 8;
  }
  size_t run = 0;
  for (; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += "\\u00"; out.push_back(kHex[c >> 4]); out.push_back(kHex[c & 15]); break;
    }
  }
  out.append(s.data() + run, s.size() - run);
}

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  AppendJsonEscaped(out, s);
  out.push_back('"');
}

namespace {
void AppendNumber(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
void AppendReal(std::string& out, double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
}  // namespace

void AppendCellJson(std::string& out, const Cell& c, ColumnType type) {
  switch (c.kind) {
    case Cell::Kind::Null: out += "null"; return;
    case Cell::Kind::Bool: out += c.i ? "true" : "false"; return;
    case Cell::Kind::Long:
      if (type == ColumnType::String) { out.push_back('"'); AppendNumber(out, c.i); out.push_back('"'); }
      else AppendNumber(out, c.i);
      return;
    case Cell::Kind::Real: AppendReal(out, c.r); return;
    case Cell::Kind::DateTime: out.push_back('"'); AppendIso7(out, c.i); out.push_back('"'); return;
    case Cell::Kind::String: AppendJsonString(out, c.s); return;
    case Cell::Kind::Json:
      if (type == ColumnType::Dynamic) out.append(c.s);
      else AppendJsonString(out, c.s);  // a JSON-looking string column stays a string
      return;
  }
}

void AppendCellText(std::string& out, const Cell& c, ColumnType) {
  switch (c.kind) {
    case Cell::Kind::Null: return;
    case Cell::Kind::Bool: out += c.i ? "true" : "false"; return;
    case Cell::Kind::Long: AppendNumber(out, c.i); return;
    case Cell::Kind::Real: AppendReal(out, c.r); return;
    case Cell::Kind::DateTime: AppendIso7(out, c.i); return;
    case Cell::Kind::String:
    case Cell::Kind::Json: out.append(c.s); return;
  }
}

}  // namespace td::engine
