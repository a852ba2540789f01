#include "engine/kql/jsonl_loader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_value.h"

namespace td::engine::kql {

namespace {

using nlohmann::json;

constexpr uint32_t kNullCode = 0xFFFFFFFFu;
constexpr int64_t kNullLong = std::numeric_limits<int64_t>::min();

bool LooksIso(const std::string& s) {
  return s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-' && s[7] == '-';
}

bool TimeNamed(const std::string& n) {
  auto ends = [&](const char* suf) {
    size_t l = std::strlen(suf);
    return n.size() >= l && n.compare(n.size() - l, l, suf) == 0;
  };
  return n == "TimeGenerated" || ends("DateTime") || ends("Time");
}

bool IsPooled(ColumnType t) { return t == ColumnType::String || t == ColumnType::Guid || t == ColumnType::Dynamic; }

}  // namespace

JsonlSchema ReadJsonlSchema(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw LoadError(path, "", "cannot open the schema file");
  json j = json::parse(f, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw LoadError(path, "", "the schema must be a JSON object {\"Table\": [{\"name\": ..., \"type\": ...}]}");
  JsonlSchema out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_array()) throw LoadError(path, "/" + it.key(), "expected an array of columns");
    auto& cols = out[it.key()];
    size_t k = 0;
    for (const auto& c : it.value()) {
      const std::string ptr = "/" + it.key() + "/" + std::to_string(k++);
      if (!c.is_object() || !c.contains("name") || !c["name"].is_string() || !c.contains("type") || !c["type"].is_string())
        throw LoadError(path, ptr, "each column needs a string \"name\" and \"type\"");
      std::string tn = c["type"].get<std::string>();
      auto t = ParseTypeName(tn);
      if (!t && tn == "timespan") t = ColumnType::String;
      if (!t) throw LoadError(path, ptr + "/type", "unknown type '" + tn + "' (string, datetime, dynamic, bool, int, long, real, guid)");
      cols.push_back({c["name"].get<std::string>(), *t});
    }
  }
  return out;
}

size_t LoadJsonlTable(LogStore& store, const std::string& table, std::istream& in, const std::string& file_label,
                      const std::vector<JsonlColumn>* columns) {
  std::vector<json> rows;
  std::string line, first_line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded())
      throw LoadError(file_label, "line " + std::to_string(line_no), "this line is not valid JSON; each line must be one JSON object");
    if (!j.is_object())
      throw LoadError(file_label, "line " + std::to_string(line_no), "each line must be a JSON object (column name → value)");
    if (rows.empty()) first_line = line;
    rows.push_back(std::move(j));
  }
  // Columns: the schema, or inferred from the values.
  std::vector<JsonlColumn> cols;
  if (columns) {
    cols = *columns;
  } else {
    std::map<std::string, size_t> index;
    std::vector<int> seen_kind;  // 0 none, 1 string, 2 iso string, 3 long, 4 real, 5 bool, 6 dynamic
    // Column order: as written on the first line (json objects iterate sorted), then new keys.
    if (!first_line.empty()) {
      nlohmann::ordered_json first = nlohmann::ordered_json::parse(first_line, nullptr, false);
      if (first.is_object())
        for (auto it = first.begin(); it != first.end(); ++it)
          if (index.emplace(it.key(), cols.size()).second) {
            cols.push_back({it.key(), ColumnType::String});
            seen_kind.push_back(0);
          }
    }
    for (const auto& r : rows) {
      for (auto it = r.begin(); it != r.end(); ++it) {
        auto [pos, added] = index.emplace(it.key(), cols.size());
        if (added) {
          cols.push_back({it.key(), ColumnType::String});
          seen_kind.push_back(0);
        }
        int& k = seen_kind[pos->second];
        const json& v = it.value();
        int kind = v.is_null() ? 0 : v.is_object() || v.is_array() ? 6 : v.is_boolean() ? 5
                 : v.is_number_integer() || v.is_number_unsigned() ? 3 : v.is_number() ? 4
                 : (LooksIso(v.get_ref<const std::string&>()) && TimeNamed(it.key())) ? 2 : 1;
        if (kind == 0) continue;
        if (k == 0) k = kind;
        else if (k != kind) {
          if ((k == 3 && kind == 4) || (k == 4 && kind == 3)) k = 4;
          else if (k == 6 || kind == 6) k = 6;
          else k = 1;
        }
      }
    }
    for (size_t c = 0; c < cols.size(); ++c) {
      switch (seen_kind[c]) {
        case 2: cols[c].type = ColumnType::DateTime; break;
        case 3: cols[c].type = ColumnType::Long; break;
        case 4: cols[c].type = ColumnType::Real; break;
        case 5: cols[c].type = ColumnType::Bool; break;
        case 6: cols[c].type = ColumnType::Dynamic; break;
        default: cols[c].type = ColumnType::String; break;
      }
    }
  }
  // Encode every cell: pool codes for strings/dynamic, int64 (or real bits) otherwise.
  StringPool& pool = store.Strings();
  const StringPool* pp = &pool;
  const size_t nc = cols.size();
  const size_t nrows = rows.size();
  std::vector<std::vector<uint64_t>> cells(nc, std::vector<uint64_t>(nrows));
  for (size_t r = 0; r < rows.size(); ++r) {
    const json& row = rows[r];
    for (size_t c = 0; c < nc; ++c) {
      auto it = row.find(cols[c].name);
      const ColumnType type = cols[c].type;
      uint64_t v;
      if (it == row.end() || it->is_null()) {
        v = IsPooled(type) ? kNullCode : static_cast<uint64_t>(kNullLong);
      } else if (IsPooled(type)) {
        if (type == ColumnType::Dynamic) v = pool.Intern(it->dump());
        else v = pool.Intern(it->is_string() ? it->get_ref<const std::string&>() : it->dump());
      } else {
        int64_t x = kNullLong;
        switch (type) {
          case ColumnType::Bool:
            if (it->is_boolean()) x = it->get<bool>();
            else if (it->is_string()) x = EqualsIgnoreCase(it->get_ref<const std::string&>(), "true");
            else if (it->is_number()) x = it->get<double>() != 0;
            break;
          case ColumnType::DateTime:
            if (it->is_string()) {
              auto ms = ParseDateTimeText(it->get_ref<const std::string&>());
              if (!ms) throw LoadError(file_label, "line " + std::to_string(r + 1) + ", column " + cols[c].name,
                                       "'" + it->get<std::string>() + "' is not an ISO datetime");
              x = *ms;
            }
            break;
          case ColumnType::Real: {
            double d = it->is_number() ? it->get<double>() : it->is_string() ? std::strtod(it->get_ref<const std::string&>().c_str(), nullptr) : 0;
            std::memcpy(&x, &d, 8);
            break;
          }
          default:
            if (it->is_number_integer() || it->is_number_unsigned()) x = it->get<int64_t>();
            else if (it->is_number()) x = static_cast<int64_t>(it->get<double>());
            else if (it->is_string()) {
              const std::string& str = it->get_ref<const std::string&>();
              char* end = nullptr;
              long long p = std::strtoll(str.c_str(), &end, 10);
              if (end != str.c_str()) x = p;
            } else if (it->is_boolean()) x = it->get<bool>();
            break;
        }
        v = static_cast<uint64_t>(x);
      }
      cells[c][r] = v;
    }
  }
  rows.clear();
  // Layout: field 0 = time, field 1 = the line number (index into the cells), then up to
  // kKeyedFields low-cardinality columns as their own keyed fields, so filters and group keys on
  // them are evaluated once per distinct value. Other columns read their cell by line number.
  constexpr size_t kKeyedFields = 28;
  std::vector<int> field_of(nc, -1);
  std::vector<FieldSpec> fields{{"time", 8}, {"line", 4}};
  for (size_t c = 0; c < nc && fields.size() < 2 + kKeyedFields; ++c) {
    if (cols[c].name == "TimeGenerated") continue;
    std::unordered_set<uint64_t> distinct;
    for (uint64_t v : cells[c]) {
      distinct.insert(v);
      if (distinct.size() > 65536) break;
    }
    if (distinct.size() > 65536 || (distinct.size() > 64 && distinct.size() * 4 > cells[c].size())) continue;
    field_of[c] = static_cast<int>(fields.size());
    fields.push_back({cols[c].name, 8});
  }
  auto t = std::make_unique<LogTable>(table, fields);
  auto decode = [](ColumnType type, const StringPool* sp) {
    return [type, sp](uint64_t k, Cell& cell) {
      if (IsPooled(type)) {
        if (k == kNullCode) { if (type == ColumnType::Dynamic) cell.SetNull(); else cell.SetString(std::string_view()); }
        else if (type == ColumnType::Dynamic) cell.SetJson(sp->Get(static_cast<uint32_t>(k)));
        else cell.SetString(sp->Get(static_cast<uint32_t>(k)));
        return;
      }
      const auto v = static_cast<int64_t>(k);
      if (v == kNullLong) { cell.SetNull(); return; }
      switch (type) {
        case ColumnType::Bool: cell.SetBool(v != 0); break;
        case ColumnType::DateTime: cell.SetDateTime(v); break;
        case ColumnType::Real: { double r; std::memcpy(&r, &k, 8); cell.SetReal(r); break; }
        default: cell.SetLong(v); break;
      }
    };
  };
  for (size_t c = 0; c < nc; ++c) {
    const ColumnType type = cols[c].type;
    if (cols[c].name == "TimeGenerated" && type == ColumnType::DateTime) {
      t->AddColumn(TimeColumn("TimeGenerated", 0));  // field 0: time filters become a binary search
      continue;
    }
    ColumnDef d;
    d.name = cols[c].name;
    d.type = type;
    if (field_of[c] >= 0) {
      d.key_field = field_of[c];
      if (IsPooled(type)) d.pool = pp;
      d.by_key = decode(type, pp);
    } else {
      auto data = std::make_shared<std::vector<uint64_t>>(std::move(cells[c]));
      auto dec = decode(type, pp);
      d.by_row = [data, dec](const LogTable& tb, size_t row, Cell& cell) { dec((*data)[tb.Field(1, row)], cell); };
    }
    t->AddColumn(std::move(d));
  }
  const int time_col = [&] {
    for (size_t c = 0; c < nc; ++c)
      if (cols[c].name == "TimeGenerated" && cols[c].type == ColumnType::DateTime) return static_cast<int>(c);
    return -1;
  }();
  std::vector<uint64_t> vals(fields.size());
  for (size_t r = 0; r < nrows; ++r) {
    int64_t time = 0;
    if (time_col >= 0) {
      const auto tv = static_cast<int64_t>(cells[static_cast<size_t>(time_col)][r]);
      time = tv == kNullLong ? 0 : tv;
    }
    vals[0] = static_cast<uint64_t>(time);
    vals[1] = r;
    for (size_t c = 0; c < nc; ++c)
      if (field_of[c] >= 0) vals[static_cast<size_t>(field_of[c])] = cells[c][r];
    t->Stage(vals);
  }
  t->CommitStaged();
  if (LogTable* old = store.Find(table)) {
    (void)old;
    throw LoadError(file_label, "", "table '" + table + "' is loaded twice");
  }
  store.Add(std::move(t));
  return nrows;
}

std::map<std::string, size_t> LoadJsonlFolder(const std::string& dir, LogStore& store) {
  namespace fs = std::filesystem;
  fs::path base = fs::path(dir) / "logs";
  if (!fs::is_directory(base)) base = fs::path(dir);
  if (!fs::is_directory(base)) throw LoadError(dir, "", "not a folder: give the output folder of 'generate' or 'run'");
  JsonlSchema schema;
  const fs::path schema_path = base / "_schema.json";
  if (fs::exists(schema_path)) schema = ReadJsonlSchema(schema_path.string());
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(base))
    if (e.is_regular_file() && e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw LoadError(base.string(), "", "no <Table>.jsonl files here; run 'generate' or 'run' first");
  std::map<std::string, size_t> out;
  for (const auto& p : files) {
    std::ifstream f(p);
    if (!f) throw LoadError(p.string(), "", "cannot open the file");
    const std::string table = p.stem().string();
    auto it = schema.find(table);
    out[table] = LoadJsonlTable(store, table, f, p.string(), it == schema.end() ? nullptr : &it->second);
  }
  return out;
}

}  // namespace td::engine::kql
