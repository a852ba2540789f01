#pragma once
// Typed exception for I/O and load boundaries: names the file, the place and what to do.
#include <stdexcept>
#include <string>

namespace td::engine {

class LoadError : public std::runtime_error {
 public:
  // place: "line 3, column 7" or a JSON pointer such as "/users/0/name"; may be empty.
  LoadError(std::string file, std::string place, std::string what_to_do)
      : std::runtime_error(Compose(file, place, what_to_do)),
        m_file(std::move(file)), m_place(std::move(place)), m_advice(std::move(what_to_do)) {}
  const std::string& File() const { return m_file; }
  const std::string& Place() const { return m_place; }
  const std::string& Advice() const { return m_advice; }

 private:
  static std::string Compose(const std::string& f, const std::string& p, const std::string& a) {
    std::string s = f.empty() ? std::string("input") : f;
    if (!p.empty()) s += " at " + p;
    return s + ": " + a;
  }
  std::string m_file, m_place, m_advice;
};

}  // namespace td::engine
