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

namespace {

// [SECTION] A fast scanner for one JSON object per line
// Only the top level is decoded; nested objects and arrays are kept as their JSON text (dynamic
// values are stored as text and parsed when a query reads them).

struct Span {
  enum class Kind : uint8_t { String, Number, True, False, Null, Object, Array } kind;
  std::string_view raw;  // String: between the quotes (still escaped); others: the whole text
  bool escaped = false;
};

size_t SkipWs(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return i;
}

// s[i] == '"'. Returns the index after the closing quote, or npos.
size_t ScanString(std::string_view s, size_t i, bool& escaped) {
  escaped = false;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') { escaped = true; ++i; continue; }
    if (s[i] == '"') return i + 1;
  }
  return std::string_view::npos;
}

size_t SkipNested(std::string_view s, size_t i) {
  int depth = 0;
  bool esc;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      i = ScanString(s, i, esc);
      if (i == std::string_view::npos) return i;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
    ++i;
  }
  return std::string_view::npos;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) out.push_back(static_cast<char>(cp));
  else if (cp < 0x800) { out.push_back(static_cast<char>(0xC0 | (cp >> 6))); out.push_back(static_cast<char>(0x80 | (cp & 0x3F))); }
  else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void Unescape(std::string_view raw, std::string& out) {
  out.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) { out.push_back(raw[i]); continue; }
    const char e = raw[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        auto hex = [&](size_t at) -> uint32_t {
          if (at + 4 > raw.size()) return 0xFFFD;
          return static_cast<uint32_t>(std::strtoul(std::string(raw.substr(at, 4)).c_str(), nullptr, 16));
        };
        uint32_t cp = hex(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() + 1 && raw.substr(i + 1, 2) == "\\u") {
          const uint32_t lo = hex(i + 3);
          if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(out, cp);
        break;
      }
      default: out.push_back(e); break;  // \" \\ \/
    }
  }
}

// Calls f(key, span) for each member of the object on the line; false when the line is not a
// JSON object.
template <typename F>
bool ScanObject(std::string_view s, std::string& key_buf, F&& f) {
  size_t i = SkipWs(s, 0);
  if (i >= s.size() || s[i] != '{') return false;
  i = SkipWs(s, i + 1);
  if (i < s.size() && s[i] == '}') return SkipWs(s, i + 1) == s.size();
  for (;;) {
    if (i >= s.size() || s[i] != '"') return false;
    bool esc;
    const size_t kend = ScanString(s, i, esc);
    if (kend == std::string_view::npos) return false;
    std::string_view key = s.substr(i + 1, kend - i - 2);
    if (esc) { Unescape(key, key_buf); key = key_buf; }
    i = SkipWs(s, kend);
    if (i >= s.size() || s[i] != ':') return false;
    i = SkipWs(s, i + 1);
    if (i >= s.size()) return false;
    Span v;
    const char c = s[i];
    size_t end;
    if (c == '"') {
      end = ScanString(s, i, v.escaped);
      if (end == std::string_view::npos) return false;
      v.kind = Span::Kind::String;
      v.raw = s.substr(i + 1, end - i - 2);
    } else if (c == '{' || c == '[') {
      end = SkipNested(s, i);
      if (end == std::string_view::npos) return false;
      v.kind = c == '{' ? Span::Kind::Object : Span::Kind::Array;
      v.raw = s.substr(i, end - i);
    } else {
      end = i;
      while (end < s.size() && s[end] != ',' && s[end] != '}' && s[end] != ' ' && s[end] != '\t') ++end;
      v.raw = s.substr(i, end - i);
      if (v.raw == "true") v.kind = Span::Kind::True;
      else if (v.raw == "false") v.kind = Span::Kind::False;
      else if (v.raw == "null") v.kind = Span::Kind::Null;
      else if (!v.raw.empty() && (std::isdigit(static_cast<unsigned char>(v.raw[0])) || v.raw[0] == '-')) v.kind = Span::Kind::Number;
      else return false;
    }
    f(key, v);
    i = SkipWs(s, end);
    if (i < s.size() && s[i] == ',') { i = SkipWs(s, i + 1); continue; }
    if (i < s.size() && s[i] == '}') return SkipWs(s, i + 1) == s.size();
    return false;
  }
}

bool IsFloatText(std::string_view raw) { return raw.find_first_of(".eE") != std::string_view::npos; }

}  // namespace

size_t LoadJsonlTable(LogStore& store, const std::string& table, std::istream& in, const std::string& file_label,
                      const std::vector<JsonlColumn>* columns) {
  std::vector<JsonlColumn> cols;
  std::unordered_map<std::string, size_t> index;
  std::string line, key_buf, text;
  auto bad_line = [&](size_t line_no) {
    return LoadError(file_label, "line " + std::to_string(line_no), "this line is not valid JSON; each line must be one JSON object (column name → value)");
  };
  if (columns) {
    cols = *columns;
    for (size_t c = 0; c < cols.size(); ++c) index.emplace(cols[c].name, c);
  } else {
    // Pass 1: the columns (in order of first appearance) and their types.
    const std::streampos start = in.tellg();
    std::vector<int> kind;  // 0 none, 1 string, 2 iso string, 3 long, 4 real, 5 bool, 6 dynamic
    size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const bool ok = ScanObject(line, key_buf, [&](std::string_view key, const Span& v) {
        auto [it, added] = index.try_emplace(std::string(key), cols.size());
        if (added) {
          cols.push_back({std::string(key), ColumnType::String});
          kind.push_back(0);
        }
        int& k = kind[it->second];
        int now;
        switch (v.kind) {
          case Span::Kind::Null: return;
          case Span::Kind::Object: case Span::Kind::Array: now = 6; break;
          case Span::Kind::True: case Span::Kind::False: now = 5; break;
          case Span::Kind::Number: now = IsFloatText(v.raw) ? 4 : 3; break;
          default: {
            const std::string_view sv = v.raw;
            now = (sv.size() >= 10 && std::isdigit(static_cast<unsigned char>(sv[0])) && sv[4] == '-' && sv[7] == '-' && TimeNamed(cols[it->second].name)) ? 2 : 1;
          }
        }
        if (k == 0) k = now;
        else if (k != now) {
          if ((k == 3 && now == 4) || (k == 4 && now == 3)) k = 4;
          else if (k == 6 || now == 6) k = 6;
          else k = 1;
        }
      });
      if (!ok) throw bad_line(line_no);
    }
    for (size_t c = 0; c < cols.size(); ++c) {
      switch (kind[c]) {
        case 2: cols[c].type = ColumnType::DateTime; break;
        case 3: cols[c].type = ColumnType::Long; break;
        case 4: cols[c].type = ColumnType::Real; break;
        case 5: cols[c].type = ColumnType::Bool; break;
        case 6: cols[c].type = ColumnType::Dynamic; break;
        default: cols[c].type = ColumnType::String; break;
      }
    }
    in.clear();
    in.seekg(start);
    if (!in) throw LoadError(file_label, "", "cannot read the stream twice to infer the column types; give a _schema.json");
  }
  // Pass 2: encode every cell: pool codes for strings/dynamic, int64 (or real bits) otherwise.
  StringPool& pool = store.Strings();
  const StringPool* pp = &pool;
  const size_t nc = cols.size();
  std::vector<std::vector<uint64_t>> cells(nc);
  std::vector<uint64_t> null_of(nc);
  for (size_t c = 0; c < nc; ++c) null_of[c] = IsPooled(cols[c].type) ? kNullCode : static_cast<uint64_t>(kNullLong);
  std::vector<size_t> guess;  // member position → column, from the previous line
  size_t nrows = 0, line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    for (size_t c = 0; c < nc; ++c) cells[c].push_back(null_of[c]);
    size_t member = 0;
    const bool ok = ScanObject(line, key_buf, [&](std::string_view key, const Span& v) {
      size_t c;
      if (member < guess.size() && guess[member] < nc && cols[guess[member]].name == key) {
        c = guess[member];
      } else {
        auto it = index.find(std::string(key));
        if (member >= guess.size()) guess.resize(member + 1, SIZE_MAX);
        if (it == index.end()) { guess[member++] = SIZE_MAX; return; }  // a key the schema does not list
        c = guess[member] = it->second;
      }
      ++member;
      if (v.kind == Span::Kind::Null) return;
      const ColumnType type = cols[c].type;
      uint64_t code;
      if (type == ColumnType::Dynamic) {
        code = v.kind == Span::Kind::String ? pool.Intern(std::string_view(v.raw.data() - 1, v.raw.size() + 2)) : pool.Intern(v.raw);
      } else if (IsPooled(type)) {
        if (v.kind == Span::Kind::String && v.escaped) { Unescape(v.raw, text); code = pool.Intern(text); }
        else code = pool.Intern(v.raw);
      } else {
        std::string_view sv = v.raw;
        if (v.kind == Span::Kind::String && v.escaped) { Unescape(v.raw, text); sv = text; }
        int64_t x = kNullLong;
        switch (type) {
          case ColumnType::Bool:
            if (v.kind == Span::Kind::True || v.kind == Span::Kind::False) x = v.kind == Span::Kind::True;
            else if (v.kind == Span::Kind::String) x = EqualsIgnoreCase(sv, "true");
            else if (v.kind == Span::Kind::Number) x = std::strtod(std::string(sv).c_str(), nullptr) != 0;
            break;
          case ColumnType::DateTime:
            if (v.kind == Span::Kind::String && !sv.empty()) {
              auto ms = ParseDateTimeText(sv);
              if (!ms) throw LoadError(file_label, "line " + std::to_string(line_no) + ", column " + cols[c].name,
                                       "'" + std::string(sv) + "' is not an ISO datetime");
              x = *ms;
            }
            break;
          case ColumnType::Real: {
            if (v.kind == Span::Kind::Number || v.kind == Span::Kind::String) {
              const std::string num(sv);
              char* end = nullptr;
              double d = std::strtod(num.c_str(), &end);
              if (end != num.c_str()) std::memcpy(&x, &d, 8);
            }
            break;
          }
          default: {
            if (v.kind == Span::Kind::Number || v.kind == Span::Kind::String) {
              const std::string num(sv);
              char* end = nullptr;
              if (v.kind == Span::Kind::Number && IsFloatText(sv)) x = static_cast<int64_t>(std::strtod(num.c_str(), &end));
              else {
                long long p = std::strtoll(num.c_str(), &end, 10);
                if (end != num.c_str()) x = p;
              }
            } else if (v.kind == Span::Kind::True || v.kind == Span::Kind::False) {
              x = v.kind == Span::Kind::True;
            }
            break;
          }
        }
        code = static_cast<uint64_t>(x);
      }
      cells[c].back() = code;
    });
    if (!ok) throw bad_line(line_no);
    ++nrows;
  }
  // Layout: field 0 = time, field 1 = the line number (index into the cells), then up to
  // kKeyedFields low-cardinality columns as their own keyed fields, so filters and group keys on
  // them are evaluated once per distinct value. Other columns read their cell by line number.
  constexpr size_t kKeyedFields = 28;
  std::vector<int> field_of(nc, -1);
  std::vector<FieldSpec> fields{{"time", 8}, {"line", 4}};
  // Candidates: columns with 2 to 65,536 distinct values that repeat (a constant or an id per row
  // gains nothing from a per-key path); the fewest distinct values first, in schema order on ties.
  std::vector<std::pair<size_t, size_t>> candidates;  // (distinct, column)
  for (size_t c = 0; c < nc; ++c) {
    if (cols[c].name == "TimeGenerated") continue;
    std::unordered_set<uint64_t> distinct;
    for (uint64_t v : cells[c]) {
      distinct.insert(v);
      if (distinct.size() > 65536) break;
    }
    if (distinct.size() < 2 || distinct.size() > 65536 || (distinct.size() > 64 && distinct.size() * 4 > cells[c].size()))
      continue;
    candidates.emplace_back(distinct.size(), c);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (candidates.size() > kKeyedFields) candidates.resize(kKeyedFields);
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  for (const auto& [distinct, c] : candidates) {
    (void)distinct;
    field_of[c] = static_cast<int>(fields.size());
    fields.push_back({cols[c].name, static_cast<uint8_t>(IsPooled(cols[c].type) ? 4 : 8)});
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
