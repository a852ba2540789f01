// The KQL lexer: identifiers (with hyphenated operator names glued: mv-expand, project-away …),
// numbers, timespan literals (1d, 10m, 20min), strings ('…', "…", @'…' verbatim, ```…```),
// and punctuation (== != =~ !~ <= >= .. and the negated string operators !contains, !in~ …).
#include <cctype>
#include <cstring>

#include "engine/kql/kql_ast.h"

namespace td::engine::kql {

namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

constexpr const char* kHyphenated[] = {"mv-expand", "mv-apply", "project-away", "project-keep", "project-rename",
                                       "project-reorder", "make-series", "top-nested", "top-hitters",
                                       "parse-where", "parse-kv", "project-smart"};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : m_s(s) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    for (;;) {
      SkipSpace();
      Token t;
      t.pos = Here();
      if (m_i >= m_s.size()) {
        t.kind = Tok::End;
        t.pos.length = 1;
        out.push_back(t);
        return out;
      }
      const char c = m_s[m_i];
      if ((c == 'h' || c == 'H') && m_i + 1 < m_s.size() && (m_s[m_i + 1] == '"' || m_s[m_i + 1] == '\'')) {
        Advance(1);  // h"…": an obfuscated string is an ordinary string here
        LexString(t);
      } else if (IsIdentStart(c)) {
        LexIdent(t);
        if (t.text == "datetime" || t.text == "timespan" || t.text == "time") {
          // The argument of datetime(2026-03-02T09:00:00Z) is raw text, not tokens.
          size_t k = m_i;
          while (k < m_s.size() && (m_s[k] == ' ' || m_s[k] == '\t')) ++k;
          if (k < m_s.size() && m_s[k] == '(') {
            size_t close = m_s.find(')', k);
            if (close != std::string_view::npos) {
              t.pos.length = static_cast<uint32_t>(m_i - t.pos.offset);
              out.push_back(std::move(t));
              Advance(k - m_i);
              Token open;
              open.kind = Tok::Punct;
              open.text = "(";
              open.pos = Here();
              Advance(1);
              out.push_back(std::move(open));
              Token raw;
              raw.kind = Tok::String;
              raw.pos = Here();
              raw.text = std::string(m_s.substr(m_i, close - m_i));
              Advance(close - m_i);
              raw.pos.length = static_cast<uint32_t>(raw.text.size());
              out.push_back(std::move(raw));
              t = Token();
              t.kind = Tok::Punct;
              t.text = ")";
              t.pos = Here();
              Advance(1);
            }
          }
        }
      } else if (c == '@' && m_i + 1 < m_s.size() && (m_s[m_i + 1] == '"' || m_s[m_i + 1] == '\'')) {
        Advance(1);
        LexVerbatim(t);
      } else if (c == '"' || c == '\'') {
        LexString(t);
      } else if (c == '`' && m_s.substr(m_i, 3) == "```") {
        Advance(3);
        size_t end = m_s.find("```", m_i);
        if (end == std::string_view::npos) throw QueryException(t.pos, "unclosed ``` string");
        t.kind = Tok::String;
        t.text = std::string(m_s.substr(m_i, end - m_i));
        Advance(end - m_i + 3);
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && m_i + 1 < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i + 1])))) {
        LexNumber(t);
      } else {
        LexPunct(t);
      }
      t.pos.length = static_cast<uint32_t>(m_i - t.pos.offset);
      out.push_back(std::move(t));
    }
  }

 private:
  Pos Here() const {
    Pos p;
    p.offset = static_cast<uint32_t>(m_i);
    p.line = m_line;
    p.column = static_cast<int>(m_i - m_line_start) + 1;
    return p;
  }
  void Advance(size_t n) {
    for (size_t k = 0; k < n && m_i < m_s.size(); ++k) {
      if (m_s[m_i] == '\n') { ++m_line; m_line_start = m_i + 1; }
      ++m_i;
    }
  }
  void SkipSpace() {
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') Advance(1);
      else if (c == '/' && m_i + 1 < m_s.size() && m_s[m_i + 1] == '/') {
        while (m_i < m_s.size() && m_s[m_i] != '\n') Advance(1);
      } else break;
    }
  }
  void LexIdent(Token& t) {
    size_t st = m_i;
    Advance(1);
    while (m_i < m_s.size() && IsIdentChar(m_s[m_i])) Advance(1);
    // Glue hyphenated operator names.
    if (m_i + 1 < m_s.size() && m_s[m_i] == '-' && IsIdentStart(m_s[m_i + 1])) {
      size_t e = m_i + 1;
      while (e < m_s.size() && IsIdentChar(m_s[e])) ++e;
      std::string_view cand = m_s.substr(st, e - st);
      for (const char* h : kHyphenated)
        if (cand == h) { Advance(e - m_i); break; }
    }
    t.kind = Tok::Ident;
    t.text = std::string(m_s.substr(st, m_i - st));
    if ((t.text == "in") && m_i < m_s.size() && m_s[m_i] == '~') {
      Advance(1);
      t.text = "in~";
    }
  }
  void LexString(Token& t) {
    const char q = m_s[m_i];
    Advance(1);
    std::string out;
    for (;;) {
      if (m_i >= m_s.size() || m_s[m_i] == '\n') throw QueryException(t.pos, "unclosed string literal: add the closing " + std::string(1, q));
      char c = m_s[m_i];
      if (c == q) { Advance(1); break; }
      if (c == '\\' && m_i + 1 < m_s.size()) {
        char e = m_s[m_i + 1];
        switch (e) {
          case 'n': out.push_back('\n'); break;
          case 't': out.push_back('\t'); break;
          case 'r': out.push_back('\r'); break;
          case '\\': out.push_back('\\'); break;
          case '\'': out.push_back('\''); break;
          case '"': out.push_back('"'); break;
          default: out.push_back('\\'); out.push_back(e); break;
        }
        Advance(2);
        continue;
      }
      out.push_back(c);
      Advance(1);
    }
    t.kind = Tok::String;
    t.text = std::move(out);
  }
  void LexVerbatim(Token& t) {
    const char q = m_s[m_i];
    Advance(1);
    std::string out;
    for (;;) {
      if (m_i >= m_s.size() || m_s[m_i] == '\n') throw QueryException(t.pos, "unclosed string literal: add the closing " + std::string(1, q));
      char c = m_s[m_i];
      if (c == q) {
        if (m_i + 1 < m_s.size() && m_s[m_i + 1] == q) { out.push_back(q); Advance(2); continue; }
        Advance(1);
        break;
      }
      out.push_back(c);
      Advance(1);
    }
    t.kind = Tok::String;
    t.text = std::move(out);
  }
  void LexNumber(Token& t) {
    size_t st = m_i;
    bool real = false;
    while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) Advance(1);
    if (m_i + 1 < m_s.size() && m_s[m_i] == '.' && std::isdigit(static_cast<unsigned char>(m_s[m_i + 1]))) {
      real = true;
      Advance(1);
      while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) Advance(1);
    }
    if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E') && m_i + 1 < m_s.size() &&
        (std::isdigit(static_cast<unsigned char>(m_s[m_i + 1])) ||
         ((m_s[m_i + 1] == '-' || m_s[m_i + 1] == '+') && m_i + 2 < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i + 2]))))) {
      real = true;
      Advance(2);
      while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) Advance(1);
    }
    std::string_view num = m_s.substr(st, m_i - st);
    if (m_i < m_s.size() && std::isalpha(static_cast<unsigned char>(m_s[m_i]))) {
      size_t us = m_i;
      while (m_i < m_s.size() && std::isalpha(static_cast<unsigned char>(m_s[m_i]))) Advance(1);
      std::string lit = std::string(num) + std::string(m_s.substr(us, m_i - us));
      auto ms = ParseTimespanLiteral(lit);
      if (!ms) {
        Pos p = t.pos;
        p.length = static_cast<uint32_t>(m_i - st);
        throw QueryException(p, "'" + lit + "' is not a number or a timespan (units: d, h, m, min, s, ms)");
      }
      t.kind = Tok::Timespan;
      t.i = *ms;
      t.text = lit;
      return;
    }
    t.text = std::string(num);
    if (real) {
      t.kind = Tok::Real;
      t.r = std::strtod(t.text.c_str(), nullptr);
    } else {
      t.kind = Tok::Long;
      t.i = std::strtoll(t.text.c_str(), nullptr, 10);
    }
  }
  void LexPunct(Token& t) {
    static constexpr const char* kTwo[] = {"==", "!=", "=~", "!~", "<=", ">=", "..", "<>", "=>"};
    t.kind = Tok::Punct;
    const char c = m_s[m_i];
    if (c == '!' && m_i + 1 < m_s.size() && std::isalpha(static_cast<unsigned char>(m_s[m_i + 1]))) {
      size_t st = m_i;
      Advance(1);
      while (m_i < m_s.size() && IsIdentChar(m_s[m_i])) Advance(1);
      if (m_i < m_s.size() && m_s[m_i] == '~') Advance(1);
      t.text = std::string(m_s.substr(st, m_i - st));
      return;
    }
    for (const char* two : kTwo)
      if (m_s.substr(m_i, 2) == two) {
        t.text = std::string(m_s.substr(m_i, 2));
        Advance(2);
        return;
      }
    if (std::strchr("|()[]{},;.=<>+-*/%:~?", c) == nullptr) {
      Pos p = t.pos;
      throw QueryException(p, std::string("unexpected character '") + c + "'");
    }
    t.text = std::string(1, c);
    Advance(1);
  }

  std::string_view m_s;
  size_t m_i = 0;
  int m_line = 1;
  size_t m_line_start = 0;
};

}  // namespace

std::vector<Token> Lex(std::string_view text) { return Lexer(text).Run(); }

}  // namespace td::engine::kql
