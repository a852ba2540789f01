#pragma once
// Loading JSON documents at the I/O boundary: size and nesting limits, syntax errors with line and
// column, and a checker that reads typed fields while collecting every problem with its JSON
// pointer and a sentence a facilitator can act on.
#include <nlohmann/json_fwd.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace td::engine {

struct JsonLimits {
  size_t max_bytes = 64u << 20;  // refuse files larger than this
  int max_depth = 64;            // refuse deeper nesting
  size_t max_values = 2'000'000; // refuse more values (each costs the parser 16-80 bytes: a 64 MiB
                                 // file of "{}," would otherwise take over a gigabyte)
};

// Reads and parses a file; throws LoadError (file, "line L, column C", advice) on failure.
nlohmann::json LoadJsonFile(const std::string& path, const JsonLimits& limits = {});
// Parses text that came from `name` (a file name for messages); throws LoadError.
nlohmann::json ParseJsonText(std::string_view text, const std::string& name, const JsonLimits& limits = {});

struct Problem {
  std::string pointer;  // JSON pointer, e.g. "/attack/0/technique"
  std::string message;  // what is wrong and what to do
};

// Typed reading with problem collection. Accessors return a default on a problem, so loading can
// continue and report every problem at once.
class JsonChecker {
 public:
  explicit JsonChecker(std::string file) : m_file(std::move(file)) {}
  void Report(std::string pointer, std::string message) { m_problems.push_back({std::move(pointer), std::move(message)}); }
  bool Ok() const { return m_problems.empty(); }
  const std::vector<Problem>& Problems() const { return m_problems; }
  const std::string& File() const { return m_file; }
  // One paragraph listing every problem: "<file>: 2 problems:\n  /users: ...".
  std::string Summary() const;
  // Throws LoadError with Summary() when there are problems.
  void ThrowIfProblems() const;

  // Field readers: `obj` must be an object (checked); `ptr` is the pointer of obj.
  bool IsObject(const nlohmann::json& v, const std::string& ptr);
  std::string String(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                     std::string def = {});
  int64_t Int(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required, int64_t def,
              int64_t lo, int64_t hi);
  double Number(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required, double def,
                double lo, double hi);
  bool Bool(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required, bool def);
  // One of the allowed words; reports the allowed list on a mismatch.
  std::string Enum(const nlohmann::json& obj, const std::string& ptr, const char* key, bool required,
                   const std::vector<std::string>& allowed, std::string def);
  // Reports keys of obj not in `known` (typos are the most common authoring mistake).
  void NoUnknownKeys(const nlohmann::json& obj, const std::string& ptr, const std::vector<std::string>& known);

 private:
  std::string m_file;
  std::vector<Problem> m_problems;
};

std::string PointerJoin(const std::string& base, std::string_view key);  // escapes ~ and /
std::string PointerJoin(const std::string& base, size_t index);
// Closest candidate by edit distance, or empty when nothing is close (for "did you mean").
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace td::engine
