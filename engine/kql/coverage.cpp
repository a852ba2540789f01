#include "engine/kql/coverage.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "engine/load_error.h"

namespace td::engine::kql {

namespace {

// The unsupported feature named in an error message ("operator make-series", "function x", …).
std::string MissingFeature(const std::string& msg) {
  auto quoted = [&](size_t from) {
    size_t a = msg.find('\'', from);
    if (a == std::string::npos) return std::string();
    size_t b = msg.find('\'', a + 1);
    return b == std::string::npos ? std::string() : msg.substr(a + 1, b - a - 1);
  };
  if (msg.rfind("unknown table", 0) == 0) return "table " + quoted(0) + " (not generated)";
  if (msg.rfind("unknown function", 0) == 0) return "function " + quoted(0) + "()";
  if (msg.find("operator is not supported") != std::string::npos) return "operator " + quoted(0);
  if (msg.rfind("evaluate plugin", 0) == 0) return "evaluate " + quoted(0);
  if (msg.rfind("externaldata", 0) == 0) return "externaldata (network)";
  if (msg.rfind("tuple assignments", 0) == 0) return "tuple assignment (a, b) = f()";
  if (msg.rfind("user-defined functions", 0) == 0) return "user-defined functions";
  return {};
}

}  // namespace

CoverageReport RunCoverage(const std::string& path, const Engine& engine, const Limits& limits) {
  return RunCoverage(path, engine, std::vector<SimTime>{engine.Now()}, limits);
}

CoverageReport RunCoverage(const std::string& path, const Engine& engine, const std::vector<SimTime>& nows,
                           const Limits& limits) {
  std::ifstream f(path);
  if (!f) throw LoadError(path, "", "cannot open the queries file");
  nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
  if (j.is_discarded() || !j.is_array()) throw LoadError(path, "", "expected a JSON array of {file, title, tables, query}");
  CoverageReport rep;
  std::map<std::string, int> missing;
  size_t k = 0;
  for (const auto& q : j) {
    const std::string ptr = "/" + std::to_string(k++);
    if (!q.is_object() || !q.contains("query") || !q["query"].is_string())
      throw LoadError(path, ptr, "each entry needs a string \"query\"");
    CoverageEntry e;
    e.file = q.value("file", std::string());
    e.title = q.value("title", std::string());
    if (q.contains("tables") && q["tables"].is_array())
      for (const auto& t : q["tables"]) if (t.is_string()) e.tables.push_back(t.get<std::string>());
    if (q.contains("attack") && q["attack"].is_array())
      for (const auto& t : q["attack"]) if (t.is_string()) e.attacks.push_back(t.get<std::string>());
    e.tables_available = std::all_of(e.tables.begin(), e.tables.end(),
                                     [&](const std::string& t) { return engine.Store().Find(t) != nullptr; });
    const std::string text = q["query"].get<std::string>();
    auto syntax = Engine::CheckSyntax(text);
    e.parsed = !syntax.has_value();
    if (!e.parsed) {
      e.error = syntax->Format(text);
      e.missing = MissingFeature(syntax->message);
    } else {
      for (SimTime now : nows) {
        Engine at(engine.Store(), now);
        at.SetViewProvider([&engine](const LogTable& t) { return engine.ViewFor(t); });
        QueryRun run = at.Run(text, limits);
        e.ran = run.Ok();
        if (!e.ran) {
          e.error = run.error->Format(text);
          e.missing = MissingFeature(run.error->message);
          break;
        }
        e.rows = run.result.RowCount();
        if (e.rows > 0) {
          e.fired_at = now;
          break;
        }
      }
    }
    if (!e.missing.empty()) ++missing[e.missing];
    ++rep.total;
    rep.parsed += e.parsed;
    rep.ran += e.ran;
    rep.fired += e.ran && e.rows > 0;
    if (e.tables_available) {
      ++rep.available;
      rep.available_ran += e.ran;
      rep.available_fired += e.ran && e.rows > 0;
    }
    rep.entries.push_back(std::move(e));
  }
  for (const auto& [name, n] : missing) rep.missing.emplace_back(name, n);
  std::stable_sort(rep.missing.begin(), rep.missing.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return rep;
}

std::string CoverageReport::Format() const {
  std::string out;
  for (const auto& e : entries) {
    const char* state = !e.parsed ? "PARSE-ERROR" : !e.ran ? "RUN-ERROR" : e.rows ? "FIRED" : "ran";
    out += std::string(state) + "\t" + std::to_string(e.rows) + "\t" + e.file;
    if (e.rows) out += "\t(now = " + FormatIso(e.fired_at) + ")";
    if (!e.tables_available) out += "\t(reads a table not in the store)";
    out += '\n';
    if (!e.error.empty()) {
      std::string first = e.error.substr(0, e.error.find('\n'));
      out += "    " + first + '\n';
    }
  }
  out += "rules: " + std::to_string(total) + ", parse: " + std::to_string(parsed) + ", run: " + std::to_string(ran) +
         ", return rows: " + std::to_string(fired) + '\n';
  out += "rules whose tables are all in the store: " + std::to_string(available) + ", run: " + std::to_string(available_ran) +
         ", return rows: " + std::to_string(available_fired) + '\n';
  if (!missing.empty()) {
    out += "missing (rules stopped):";
    for (const auto& [name, n] : missing) out += " " + name + " x" + std::to_string(n) + ";";
    out += '\n';
  }
  return out;
}

}  // namespace td::engine::kql
