#pragma once
// Query errors that point at the place: line, column, a caret under the token, a suggestion.
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace td::engine::kql {

// A place in the query text (all 1-based except offset).
struct Pos {
  uint32_t offset = 0;  // byte offset into the query
  uint32_t length = 1;  // bytes the caret underlines
  int line = 0;         // 0 = not tied to a place
  int column = 0;
};

struct QueryError {
  int line = 0;             // 1-based; 0 when the error is not tied to a place (e.g. a row budget)
  int column = 0;           // 1-based byte column
  int length = 1;           // width of the caret
  std::string message;      // "unknown column 'UserPrincipleName'"
  std::string suggestion;   // "UserPrincipalName", empty when there is none
  // "line 2, column 9: unknown column … \n  2 | …\n    |   ^^^^\n  did you mean 'X'?"
  std::string Format(std::string_view query) const;
};

// Thrown inside the engine, turned into a QueryError by Engine::Run.
class QueryException : public std::exception {
 public:
  QueryException(Pos pos, std::string message, std::string suggestion = {})
      : m_pos(pos), m_message(std::move(message)), m_suggestion(std::move(suggestion)) {}
  const char* what() const noexcept override { return m_message.c_str(); }
  const Pos& Where() const { return m_pos; }
  const std::string& Suggestion() const { return m_suggestion; }
  QueryError ToError() const;

 private:
  Pos m_pos;
  std::string m_message;
  std::string m_suggestion;
};

// Levenshtein distance, case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate closest to name when close enough to be a typo (distance <= max(2, len/3)); "" otherwise.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace td::engine::kql
