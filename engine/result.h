#pragma once
// Result values for user-level failures (a bad command, a bad query): a value or an error sentence.
// Programmer mistakes are asserts; I/O and load failures are typed exceptions (see load_error.h).
#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace td::engine {

struct Error {
  std::string message;  // a sentence the user can act on
};

template <typename T>
class Result {
 public:
  Result(T value) : m_v(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Error error) : m_v(std::move(error)) {}             // NOLINT
  bool Ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return Ok(); }
  T& Value() { assert(Ok() && "Result::Value() called on an error"); return std::get<0>(m_v); }
  const T& Value() const { assert(Ok() && "Result::Value() called on an error"); return std::get<0>(m_v); }
  const std::string& ErrorMessage() const { assert(!Ok() && "Result::ErrorMessage() called on a value"); return std::get<1>(m_v).message; }
 private:
  std::variant<T, Error> m_v;
};

// Success or an error sentence, for commands that return nothing.
class Status {
 public:
  Status() = default;
  Status(Error e) : m_error(std::move(e.message)) {}         // NOLINT
  static Status Fail(std::string msg) { return Status(Error{std::move(msg)}); }
  bool Ok() const { return !m_error; }
  explicit operator bool() const { return Ok(); }
  const std::string& ErrorMessage() const { assert(m_error && "Status::ErrorMessage() on success"); return *m_error; }
 private:
  std::optional<std::string> m_error;
};

}  // namespace td::engine
