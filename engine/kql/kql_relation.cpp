// Relation helpers: reading cells (store or computed), narrowing, gathering, materialising.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_exec.h"

namespace td::engine::kql {

namespace {
constexpr size_t kMaxKeyCache = 1 << 16;  // distinct keys whose decoded value a column keeps
}  // namespace

VType VTypeOf(ColumnType t) {
  switch (t) {
    case ColumnType::Bool: return VType::Bool;
    case ColumnType::Int:
    case ColumnType::Long: return VType::Long;
    case ColumnType::Real: return VType::Real;
    case ColumnType::DateTime: return VType::DateTime;
    case ColumnType::Dynamic: return VType::Dynamic;
    case ColumnType::String:
    case ColumnType::Guid: return VType::String;
  }
  return VType::String;
}

int Relation::Find(std::string_view name) const {
  for (size_t i = 0; i < cols.size(); ++i)
    if (cols[i].name == name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Relation::Names() const {
  std::vector<std::string> v;
  v.reserve(cols.size());
  for (const auto& c : cols) v.push_back(c.name);
  return v;
}

bool RawKeyOf(const Relation& rel, const RelColumn& rc, RawKey& out) {
  const ColumnDef* d = rel.DefOf(rc);
  if (!d || !rc.alts.empty()) return false;
  const SourceRows& sr = rel.srcs[static_cast<size_t>(rc.set)];
  std::vector<int> fields;
  uint64_t domain = 0;
  if (d->by_key && d->key_field > 0) {
    fields.push_back(d->key_field);
    domain = d->key_domain ? d->key_domain : d->pool ? d->pool->Size() : 0;
  } else if (!d->by_key && d->by_row && !d->row_fields.empty()) {
    fields = d->row_fields;
  } else {
    return false;
  }
  RawKey k;
  unsigned shift = 0;
  for (int f : fields) {
    if (f <= 0 || static_cast<size_t>(f) >= sr.table->FieldCount()) return false;
    const FieldVector& fv = sr.table->FieldData(static_cast<size_t>(f));
    if (shift + fv.Width() * 8u > 64) return false;
    k.parts.push_back({fv.Data(), fv.Width(), static_cast<uint8_t>(shift)});
    shift += fv.Width() * 8u;
  }
  if (sr.HasNull()) return false;
  k.sr = &sr;
  k.set = rc.set;
  k.fields = std::move(fields);
  k.domain = domain;
  out = std::move(k);
  return true;
}

size_t Relation::MaterializedColumns() const {
  size_t k = 0;
  for (const auto& c : cols) k += c.set < 0;
  return k;
}

namespace {

const Value& ReadStore(const SourceRows& sr, uint32_t row, int src,
                       const std::shared_ptr<std::unordered_map<uint64_t, Value>>& key_cache, Cell& cell, Value& tmp) {
  const LogTable* table = sr.table;
  const ColumnDef& def = table->Columns()[static_cast<size_t>(src)];
  if (key_cache) {
    const uint64_t key = table->Field(static_cast<size_t>(def.key_field), row);
    auto it = key_cache->find(key);
    if (it != key_cache->end()) return it->second;
    table->ReadCell(static_cast<size_t>(src), row, cell);
    if (key_cache->size() < kMaxKeyCache) return key_cache->emplace(key, FromCell(cell, def.type)).first->second;
    tmp = FromCell(cell, def.type);
    return tmp;
  }
  table->ReadCell(static_cast<size_t>(src), row, cell);
  tmp = FromCell(cell, def.type);
  return tmp;
}

}  // namespace

const Value& Relation::Get(size_t c, size_t r, Value& tmp) const {
  const RelColumn& col = cols[c];
  if (col.set < 0) return col.data[r];
  const SourceRows& sr = srcs[static_cast<size_t>(col.set)];
  const uint32_t row = sr.Row(r);
  if (row != UINT32_MAX) return ReadStore(sr, row, col.src, col.key_cache, cell, tmp);
  for (const auto& alt : col.alts) {
    const SourceRows& asr = srcs[static_cast<size_t>(alt.set)];
    const uint32_t arow = asr.Row(r);
    if (arow != UINT32_MAX) return ReadStore(asr, arow, alt.src, alt.key_cache, cell, tmp);
  }
  tmp = Value::Null();  // a null row from an outer join, or a union leg without this column
  return tmp;
}

namespace {

// A column as another relation over other rows holds it: its name, type and store source, no
// computed values.
RelColumn ColumnShape(const RelColumn& c) {
  RelColumn nc;
  nc.name = c.name;
  nc.type = c.type;
  nc.type_name = c.type_name;
  nc.set = c.set;
  nc.src = c.src;
  nc.key_cache = c.key_cache;
  nc.alts = c.alts;
  return nc;
}

}  // namespace

Relation Subset(const Relation& in, std::vector<uint32_t>&& idx) {
  // A single source that is a whole range from row 0: the positions are the row ids, moved in.
  if (in.srcs.size() == 1 && in.srcs[0].identity && in.srcs[0].base == 0 && in.MaterializedColumns() == 0) {
    Relation out;
    out.n = idx.size();
    out.srcs.resize(1);
    out.srcs[0].table = in.srcs[0].table;
    out.srcs[0].Fresh() = std::move(idx);
    out.cols.reserve(in.cols.size());
    for (const auto& c : in.cols) out.cols.push_back(ColumnShape(c));
    return out;
  }
  return Subset(in, static_cast<const std::vector<uint32_t>&>(idx));
}

Relation Subset(const Relation& in, const std::vector<uint32_t>& idx) {
  Relation out;
  out.n = idx.size();
  out.srcs.resize(in.srcs.size());
  for (size_t s = 0; s < in.srcs.size(); ++s) {
    out.srcs[s].table = in.srcs[s].table;
    const SourceRows& from = in.srcs[s];
    auto& to = out.srcs[s].Fresh();
    if (from.identity && from.base == 0) {
      to = idx;  // row k of the input is store row k: the positions are the row ids
      continue;
    }
    to.resize(idx.size());
    if (from.identity) {
      for (size_t k = 0; k < idx.size(); ++k) to[k] = from.base + idx[k];
    } else {
      const uint32_t* rows = from.Data();
      for (size_t k = 0; k < idx.size(); ++k) to[k] = rows[idx[k]];
    }
  }
  out.cols.reserve(in.cols.size());
  for (const auto& c : in.cols) {
    RelColumn nc = ColumnShape(c);
    if (c.set < 0) {
      nc.data.reserve(idx.size());
      for (uint32_t k : idx) nc.data.push_back(c.data[k]);
    }
    out.cols.push_back(std::move(nc));
  }
  return out;
}

Relation Gather(const Relation& in, const std::vector<int64_t>& idx) {
  Relation out;
  out.n = idx.size();
  out.srcs.resize(in.srcs.size());
  for (size_t s = 0; s < in.srcs.size(); ++s) {
    out.srcs[s].table = in.srcs[s].table;
    const SourceRows& from = in.srcs[s];
    auto& to = out.srcs[s].Fresh();
    to.resize(idx.size());
    for (size_t k = 0; k < idx.size(); ++k) to[k] = idx[k] < 0 ? UINT32_MAX : from.Row(static_cast<size_t>(idx[k]));
  }
  out.cols.reserve(in.cols.size());
  for (const auto& c : in.cols) {
    RelColumn nc = ColumnShape(c);
    if (c.set < 0) {
      nc.data.reserve(idx.size());
      for (int64_t k : idx) nc.data.push_back(k < 0 ? Value::Null() : c.data[static_cast<size_t>(k)]);
    }
    out.cols.push_back(std::move(nc));
  }
  return out;
}

std::vector<Value> ColumnValues(const Relation& rel, size_t c) {
  std::vector<Value> out;
  out.reserve(rel.n);
  Value tmp;
  for (size_t r = 0; r < rel.n; ++r) out.push_back(rel.Get(c, r, tmp));
  return out;
}

void MaterializeAll(Relation& rel) {
  for (size_t c = 0; c < rel.cols.size(); ++c) {
    if (rel.cols[c].set < 0) continue;
    rel.cols[c].data = ColumnValues(rel, c);
    rel.cols[c].set = -1;
    rel.cols[c].src = -1;
    rel.cols[c].key_cache.reset();
    rel.cols[c].alts.clear();
  }
  rel.srcs.clear();
}

VType InferType(const std::vector<Value>& data, VType fallback) {
  for (const auto& v : data)
    if (!v.IsNull()) return v.type;
  return fallback;
}

void AddColumn(Relation& rel, std::string name, std::vector<Value> data) {
  RelColumn c;
  c.type = InferType(data);
  c.type_name = std::string(VTypeName(c.type));
  c.name = std::move(name);
  c.data = std::move(data);
  int at = rel.Find(c.name);
  if (at >= 0) rel.cols[static_cast<size_t>(at)] = std::move(c);
  else rel.cols.push_back(std::move(c));
}

Value ConvertTo(const Value& v0, VType t) {
  Value v = Unwrap(v0);
  if (v.IsNull()) return v;
  switch (t) {
    case VType::String: return Value::String(ToText(v));
    case VType::Long: {
      if (v.type == VType::Long) return v;
      if (v.type == VType::Real) return Value::Long(static_cast<int64_t>(v.r));
      if (v.type == VType::Bool) return Value::Long(v.i);
      if (v.type == VType::String) {
        char* end = nullptr;
        long long x = std::strtoll(v.s.c_str(), &end, 10);
        if (end == v.s.c_str()) return Value::Null();
        return Value::Long(x);
      }
      return Value::Null();
    }
    case VType::Real: {
      if (v.IsNumeric()) return Value::Real(v.AsReal());
      if (v.type == VType::String) {
        char* end = nullptr;
        double x = std::strtod(v.s.c_str(), &end);
        if (end == v.s.c_str()) return Value::Null();
        return Value::Real(x);
      }
      return Value::Null();
    }
    case VType::Bool: {
      if (v.type == VType::Bool) return v;
      if (v.type == VType::String) return EqualsIgnoreCase(v.s, "true") ? Value::Bool(true) : EqualsIgnoreCase(v.s, "false") ? Value::Bool(false) : Value::Null();
      if (v.type == VType::Long) return Value::Bool(v.i != 0);
      return Value::Null();
    }
    case VType::DateTime: {
      if (v.type == VType::DateTime) return v;
      if (v.type == VType::String) {
        auto t2 = ParseDateTimeText(v.s);
        return t2 ? Value::DateTime(*t2) : Value::Null();
      }
      return Value::Null();
    }
    case VType::Timespan: {
      if (v.type == VType::Timespan) return v;
      if (v.type == VType::String) {
        auto t2 = ParseTimespanText(v.s);
        return t2 ? Value::Timespan(*t2) : Value::Null();
      }
      return Value::Null();
    }
    case VType::Dynamic: return v0.type == VType::Dynamic ? v0 : Value::Dynamic(ToJson(v));
    case VType::Null: return v;
  }
  return v;
}

bool GlobMatch(std::string_view p, std::string_view s) {
  // '*' matches any run of characters; iterative with backtracking.
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') { star = pi++; mark = si; }
    else if (pi < p.size() && p[pi] == s[si]) { ++pi; ++si; }
    else if (star != std::string_view::npos) { pi = star + 1; si = ++mark; }
    else return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace td::engine::kql
