#include "engine/json_load.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/load_error.h"

namespace td::engine {

namespace {
std::string LineCol(std::string_view text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// Nesting depth and value count checks outside strings, before the parser sees the text. Returns
// the offset of the first bracket too deep or of the first value over the count (in *too_many).
size_t FindTooDeep(std::string_view text, int max_depth, size_t max_values, bool* too_many) {
  int depth = 0;
  size_t values = 1;  // each ',' or opening bracket adds at most one value
  bool in_str = false, esc = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') { if (++depth > max_depth) return i; }
    else if (c == '}' || c == ']') --depth;
    if ((c == ',' || c == '{' || c == '[') && ++values > max_values) {
      *too_many = true;
      return i;
    }
  }
  return std::string_view::npos;
}

size_t Levenshtein(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const char* TypeWord(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    default: return "a number";
  }
}
}  // namespace

nlohmann::json ParseJsonText(std::string_view text, const std::string& name, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    throw LoadError(name, "", "the file is " + std::to_string(text.size() >> 20) + " MiB; files over " +
                                  std::to_string(limits.max_bytes >> 20) + " MiB are refused. Check that you picked the right file.");
  bool too_many = false;
  size_t deep = FindTooDeep(text, limits.max_depth, limits.max_values, &too_many);
  if (too_many)
    throw LoadError(name, LineCol(text, deep), "files of more than " + std::to_string(limits.max_values) +
                                                   " JSON values are refused (memory); this does not look like a TenantDrill file.");
  if (deep != std::string_view::npos)
    throw LoadError(name, LineCol(text, deep), "JSON nested deeper than " + std::to_string(limits.max_depth) +
                                                   " levels is refused; this does not look like a TenantDrill file.");
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    auto p = what.find("syntax error");
    std::string detail = p == std::string::npos ? what : what.substr(p);
    size_t at = e.byte > 0 ? e.byte - 1 : 0;
    throw LoadError(name, LineCol(text, at), "the file is not valid JSON (" + detail +
                                                 "). Fix the syntax at that place; a missing comma or quote is the usual cause.");
  } catch (const nlohmann::json::exception& e) {
    // A number out of the double range ("1e400") is an out_of_range error without a position: the
    // message quotes the number, so find it in the text.
    std::string what = e.what();
    std::string place;
    if (auto q = what.find('\''); q != std::string::npos) {
      auto q2 = what.find('\'', q + 1);
      auto at = text.find(std::string_view(what).substr(q + 1, q2 == std::string::npos ? 0 : q2 - q - 1));
      if (q2 != std::string::npos && at != std::string_view::npos) place = LineCol(text, at);
    }
    auto p = what.find("] ");
    throw LoadError(name, place, "the file is not valid JSON (" + (p == std::string::npos ? what : what.substr(p + 2)) + "). " +
                                     (e.id == 406 ? "Write the number within about 1e308." : "Fix the file at that place."));
  }
}

nlohmann::json LoadJsonFile(const std::string& path, const JsonLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError(path, "", "cannot open the file. Check the path and that you may read it.");
  in.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(std::max<std::streamoff>(0, in.tellg()));
  if (size > limits.max_bytes)
    throw LoadError(path, "", "the file is " + std::to_string(size >> 20) + " MiB; files over " +
                                  std::to_string(limits.max_bytes >> 20) + " MiB are refused. Check that you picked the right file.");
  in.seekg(0);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  return ParseJsonText(text, path, limits);
}

std::string JsonChecker::Summary() const {
  std::ostringstream s;
  s << m_file << ": " << m_problems.size() << (m_problems.size() == 1 ? " problem" : " problems") << ":";
  for (const auto& p : m_problems) s << "\n  " << (p.pointer.empty() ? "/" : p.pointer) << ": " << p.message;
  return s.str();
}

void JsonChecker::ThrowIfProblems() const {
  if (m_problems.empty()) return;
  std::string msg;
  for (size_t i = 0; i < m_problems.size(); ++i) {
    if (i) msg += "\n  ";
    msg += (m_problems[i].pointer.empty() ? "/" : m_problems[i].pointer) + ": " + m_problems[i].message;
  }
  throw LoadError(m_file, "", msg);
}

bool JsonChecker::IsObject(const nlohmann::json& v, const std::string& ptr) {
  if (v.is_object()) return true;
  Report(ptr, std::string("expected an object ({...}) but found ") + TypeWord(v) + ".");
  return false;
}

std::string JsonChecker::String(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                                std::string def) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) Report(PointerJoin(ptr, key), std::string("the required field \"") + key + "\" is missing; add it.");
    return def;
  }
  if (!it->is_string()) {
    Report(PointerJoin(ptr, key), std::string("expected a string but found ") + TypeWord(*it) + ".");
    return def;
  }
  return it->get<std::string>();
}

int64_t JsonChecker::Int(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                         int64_t def, int64_t lo, int64_t hi) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) Report(PointerJoin(ptr, key), std::string("the required field \"") + key + "\" is missing; add it.");
    return def;
  }
  if (!it->is_number()) {
    Report(PointerJoin(ptr, key), std::string("expected a whole number but found ") + TypeWord(*it) + ".");
    return def;
  }
  double d = it->get<double>();
  if (!it->is_number_integer() && d != static_cast<double>(static_cast<int64_t>(d))) {
    Report(PointerJoin(ptr, key), "expected a whole number but found " + it->dump() + ".");
    return def;
  }
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    Report(PointerJoin(ptr, key), "the value " + it->dump() + " is outside the allowed range " + std::to_string(lo) +
                                      " to " + std::to_string(hi) + ".");
    return def;
  }
  return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(d);
}

double JsonChecker::Number(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                           double def, double lo, double hi) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) Report(PointerJoin(ptr, key), std::string("the required field \"") + key + "\" is missing; add it.");
    return def;
  }
  if (!it->is_number()) {
    Report(PointerJoin(ptr, key), std::string("expected a number but found ") + TypeWord(*it) + ".");
    return def;
  }
  double d = it->get<double>();
  if (!(d >= lo && d <= hi)) {
    std::ostringstream s;
    s << "the value " << it->dump() << " is outside the allowed range " << lo << " to " << hi << ".";
    Report(PointerJoin(ptr, key), s.str());
    return def;
  }
  return d;
}

bool JsonChecker::Bool(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required, bool def) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) Report(PointerJoin(ptr, key), std::string("the required field \"") + key + "\" is missing; add it.");
    return def;
  }
  if (!it->is_boolean()) {
    Report(PointerJoin(ptr, key), std::string("expected true or false but found ") + TypeWord(*it) + ".");
    return def;
  }
  return it->get<bool>();
}

std::string JsonChecker::Enum(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                              const std::vector<std::string>& allowed, std::string def) {
  std::string v = String(obj, ptr, key, required, def);
  if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
  if (obj.contains(key) && obj.at(key).is_string()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + ("\"" + a + "\"");
    std::string msg = "\"" + v + "\" is not one of " + list + ".";
    std::string near = ClosestMatch(v, allowed);
    if (!near.empty()) msg += " Did you mean \"" + near + "\"?";
    Report(PointerJoin(ptr, key), msg);
  }
  return def;
}

void JsonChecker::NoUnknownKeys(const nlohmann::json& obj, const std::string& ptr, const std::vector<std::string>& known) {
  if (!obj.is_object()) return;
  for (const auto& [k, v] : obj.items()) {
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    if (!k.empty() && k[0] == '_') continue;  // "_comment" and friends are allowed
    std::string msg = "unknown field \"" + k + "\".";
    std::string near = ClosestMatch(k, known);
    msg += near.empty() ? " Remove it, or prefix it with _ to keep it as a comment." : " Did you mean \"" + near + "\"?";
    Report(PointerJoin(ptr, k), msg);
  }
}

std::string PointerJoin(const std::string& base, std::string_view key) {
  std::string out = base + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

std::string PointerJoin(const std::string& base, size_t index) { return base + "/" + std::to_string(index); }

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = Levenshtein(word, c);
    if (d < best_d) { best_d = d; best = c; }
  }
  return best;
}

}  // namespace td::engine
