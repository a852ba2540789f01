// [SECTION] Engine
// [SECTION] QueryResult formatting
#include "engine/kql/kql_engine.h"

#include <algorithm>
#include <cstdio>
#include <new>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_exec.h"
#include "engine/kql/kql_functions.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace td::engine::kql {

void KeepFreedMemoryForQueries() {
#if defined(__GLIBC__)
  // Blocks up to 1 GiB come from the heap (not a fresh mapping), and the heap's top is not
  // trimmed below 1 GiB of free space.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}


// [SECTION] Engine

Engine::Engine(const LogStore& store, SimTime now, Visibility visibility)
    : m_store(store), m_now(now), m_visibility(visibility) {}

void Engine::SetVisibility(const std::string& table, const Visibility& v) {
  for (auto& [name, vis] : m_overrides)
    if (name == table) { vis = v; return; }
  m_overrides.emplace_back(table, v);
}

void Engine::SetViewProvider(std::function<std::optional<Visibility>(const LogTable&)> provider) {
  m_provider = std::move(provider);
}

std::optional<Visibility> Engine::ViewFor(const LogTable& t) const {
  if (m_provider) return m_provider(t);
  for (const auto& [name, vis] : m_overrides)
    if (name == t.Name()) return vis;
  return m_visibility;
}

QueryRun Engine::Execute(std::string_view query, const Limits& limits, bool explain) const {
  QueryRun run;
  try {
    QueryAst ast = ParseQuery(query);
    Executor ex(*this, limits, query, explain);
    run.result = ex.RunQuery(ast);
    run.plan = std::move(ex.Plan());
    if (ast.render) {  // render changes no row: check its columns, record it for a front end
      for (const auto& c : ast.render->columns)
        if (run.result.FindColumn(c.name) < 0) {
          std::vector<std::string> names;
          for (const auto& rc : run.result.columns) names.push_back(rc.name);
          throw QueryException(c.pos, "render " + c.property + ": '" + c.name + "' is not a column of the result",
                               ClosestName(c.name, names));
        }
      run.result.render = ast.render->visualization;
      run.result.render_properties = ast.render->props;
    }
  } catch (const QueryException& e) {
    run.error = e.ToError();
    run.result = QueryResult{};
  } catch (const std::bad_alloc&) {
    QueryError err;
    err.message = "query stopped: the machine ran out of memory; narrow the query with where, summarize or take";
    run.error = err;
    run.result = QueryResult{};
  } catch (const std::exception& e) {
    QueryError err;
    err.message = std::string("query failed: ") + e.what();
    run.error = err;
    run.result = QueryResult{};
  }
  return run;
}

QueryRun Engine::Run(std::string_view query, const Limits& limits) const { return Execute(query, limits, false); }

Result<QueryResult> Engine::RunOrError(std::string_view query, const Limits& limits) const {
  QueryRun run = Execute(query, limits, false);
  if (!run.Ok()) return Error{run.error->Format(query)};
  return std::move(run.result);
}

QueryRun Engine::Explain(std::string_view query, const Limits& limits) const { return Execute(query, limits, true); }

std::string Engine::FormatPlan(const std::vector<PlanStep>& plan) {
  std::string out;
  char buf[64];
  for (const auto& s : plan) {
    out.append(static_cast<size_t>(s.depth) * 2, ' ');
    out += s.op;
    std::snprintf(buf, sizeof buf, "  [%zu -> %zu rows, %.2f ms]", s.rows_in, s.rows_out, s.millis);
    out += buf;
    if (!s.strategy.empty()) {
      out += "\n";
      out.append(static_cast<size_t>(s.depth) * 2 + 4, ' ');
      out += s.strategy;
    }
    out += '\n';
  }
  return out;
}

std::vector<std::string> Engine::TableNames() const {
  std::vector<std::string> out;
  for (const auto& t : m_store.Tables()) out.push_back(t->Name());
  return out;
}

std::vector<ResultColumn> Engine::TableSchema(std::string_view table) const {
  std::vector<ResultColumn> out;
  if (const LogTable* t = m_store.Find(table))
    for (const auto& c : t->Columns()) out.push_back({c.name, std::string(TypeName(c.type))});
  return out;
}

std::vector<std::string> Engine::LanguageWords() {
  std::vector<std::string> out = {
      "let", "where", "project", "project-away", "project-keep", "project-rename", "project-reorder", "extend",
      "summarize", "by", "order", "sort", "asc", "desc", "top", "take", "limit", "distinct", "count", "join", "kind",
      "on", "lookup", "union", "mv-expand", "mv-apply", "parse", "with", "evaluate", "make-series", "from", "to",
      "range", "search", "top-nested", "of", "others",
      "step", "serialize", "getschema", "print", "datatable", "materialize", "and", "or", "not", "contains",
      "contains_cs", "has", "has_cs", "has_any", "has_all", "hasprefix", "startswith", "endswith", "in", "in~",
      "between", "matches", "regex", "dynamic", "datetime", "timespan", "true", "false", "render"};
  for (const auto& v : RenderVisualizations()) out.push_back(v);
  for (const auto& f : FunctionNames()) out.push_back(f);
  return out;
}

std::optional<QueryError> Engine::CheckSyntax(std::string_view query) {
  try {
    ParseQuery(query);
    return std::nullopt;
  } catch (const QueryException& e) {
    return e.ToError();
  }
}

// [SECTION] QueryResult formatting

int QueryResult::FindColumn(std::string_view name) const {
  for (size_t c = 0; c < columns.size(); ++c)
    if (columns[c].name == name) return static_cast<int>(c);
  return -1;
}

std::string QueryResult::Text(size_t row, size_t col) const { return ToText(rows[row][col]); }

std::string QueryResult::DescribeRender() const {
  if (render.empty()) return {};
  const RenderProperties& p = render_properties;
  std::vector<std::string> parts;
  auto text = [&](const char* name, const std::string& v) {
    if (!v.empty()) parts.push_back(std::string(name) + " \"" + v + "\"");
  };
  auto word = [&](const char* name, const std::string& v) {
    if (!v.empty()) parts.push_back(std::string(name) + " " + v);
  };
  auto list = [&](const char* name, const std::vector<std::string>& v) {
    std::string joined;
    for (const auto& s : v) joined += (joined.empty() ? "" : ", ") + s;
    word(name, joined);
  };
  auto number = [&](const char* name, const std::optional<double>& v) {
    if (!v) return;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %g", name, *v);
    parts.push_back(buf);
  };
  text("title", p.title);
  text("xtitle", p.xtitle);
  text("ytitle", p.ytitle);
  word("xcolumn", p.xcolumn);
  list("ycolumns", p.ycolumns);
  list("series", p.series);
  word("kind", p.kind);
  word("legend", p.legend);
  word("xaxis", p.xaxis);
  word("yaxis", p.yaxis);
  number("ymin", p.ymin);
  number("ymax", p.ymax);
  if (p.accumulate) parts.push_back("accumulate");
  std::string out = render;
  if (parts.empty()) return out;
  out += " (";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + ")";
}

std::string QueryResult::ToCsv() const {
  std::string out;
  auto field = [&](const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) { out += s; return; }
    out.push_back('"');
    for (char c : s) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  };
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) out.push_back(',');
    field(columns[c].name);
  }
  out += "\r\n";
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) {
      if (c) out.push_back(',');
      field(ToText(r[c]));
    }
    out += "\r\n";
  }
  return out;
}

std::string QueryResult::ToJsonl() const {
  std::string out;
  for (const auto& r : rows) {
    Json obj = Json::object();
    for (size_t c = 0; c < r.size(); ++c) obj[columns[c].name] = ToJson(r[c]);
    out += obj.dump();
    out += '\n';
  }
  return out;
}

std::string QueryResult::ToTable(size_t max_rows, size_t max_width) const {
  const size_t shown = std::min(max_rows, rows.size());
  std::vector<size_t> width(columns.size());
  std::vector<std::vector<std::string>> cells(shown, std::vector<std::string>(columns.size()));
  for (size_t c = 0; c < columns.size(); ++c) width[c] = columns[c].name.size();
  for (size_t r = 0; r < shown; ++r)
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string s = ToText(rows[r][c]);
      for (char& ch : s)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      if (s.size() > max_width) s = s.substr(0, max_width - 3) + "...";
      width[c] = std::max(width[c], s.size());
      cells[r][c] = std::move(s);
    }
  std::string out;
  auto line = [&](const std::vector<std::string>& v) {
    for (size_t c = 0; c < v.size(); ++c) {
      if (c) out += " | ";
      out += v[c];
      if (c + 1 < v.size()) out.append(width[c] - v[c].size(), ' ');
    }
    out += '\n';
  };
  std::vector<std::string> head;
  for (const auto& c : columns) head.push_back(c.name);
  line(head);
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) out += "-+-";
    out.append(width[c], '-');
  }
  out += '\n';
  for (const auto& r : cells) line(r);
  if (shown < rows.size()) out += "(" + std::to_string(rows.size() - shown) + " more rows)\n";
  out += "(" + std::to_string(rows.size()) + " row" + (rows.size() == 1 ? "" : "s") + ")\n";
  return out;
}

}  // namespace td::engine::kql
