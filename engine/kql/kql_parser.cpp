// [SECTION] Token cursor
// [SECTION] Statements and tabular expressions
// [SECTION] Tabular operators
// [SECTION] Scalar expressions
// [SECTION] Literals (dynamic, datetime, timespan)
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_ast.h"
#include "engine/kql/kql_functions.h"

namespace td::engine::kql {

std::string DefaultName(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Name: return e.name;
    case ExprKind::Member: {
      std::string base = e.args.empty() ? std::string() : DefaultName(*e.args[0]);
      return base.empty() ? e.name : base + "_" + e.name;
    }
    case ExprKind::Index: {
      std::string base = DefaultName(*e.args[0]);
      if (!base.empty() && e.args[1]->kind == ExprKind::Literal && e.args[1]->lit.type == VType::String)
        return base + "_" + e.args[1]->lit.s;
      return base;
    }
    case ExprKind::Call:
      for (const auto& a : e.args) {
        std::string n = DefaultName(*a);
        if (!n.empty()) return n;
      }
      return {};
    default: return {};
  }
}

bool ParamAccepts(VType declared, VType actual) {
  if (declared == VType::Null || actual == VType::Null || declared == VType::Dynamic || declared == actual) return true;
  return declared == VType::Real && actual == VType::Long;
}

const std::vector<std::string>& RenderVisualizations() {
  static const std::vector<std::string> v = {"timechart", "columnchart", "barchart", "piechart", "areachart",
                                             "linechart", "scatterchart", "table", "card"};
  return v;
}

namespace {

const std::vector<std::string> kOperatorNames = {
    "where", "filter", "project", "project-away", "project-keep", "project-rename", "project-reorder",
    "extend", "summarize", "order", "sort", "top", "take", "limit", "distinct", "count", "join", "union",
    "mv-expand", "mv-apply", "parse", "evaluate", "serialize", "getschema", "as", "make-series", "search",
    "top-nested", "render"};

// Visualizations of real KQL that this engine does not accept (a clearer message than "unknown").
const std::vector<std::string> kOtherVisualizations = {"anomalychart", "ladderchart", "pivotchart", "timepivot",
                                                       "treemap", "stackedareachart", "list"};
const std::vector<std::string> kRenderProperties = {"title", "xtitle", "ytitle", "xcolumn", "ycolumns", "series",
                                                    "kind", "legend", "xaxis", "yaxis", "ymin", "ymax", "accumulate"};

// Names a user-defined function may not take: the built-in functions and aggregations, and the
// words the parser reads before looking for a function.
bool ReservedFunctionName(const std::string& n) {
  static const std::set<std::string> words = {"toscalar", "materialize", "view", "dynamic", "datetime", "timespan",
      "time", "bool", "long", "int", "real", "double", "guid", "print", "union", "datatable", "externaldata",
      "range", "search", "find", "let", "set", "declare", "true", "false", "null", "and", "or", "not"};
  return words.count(n) > 0 || FindFunction(n) != nullptr || IsAggregateName(n);
}

// Bounds on what inlining user-defined functions may build (functions calling functions can
// double the tree at each level).
inline constexpr size_t kMaxCallNodes = 100'000;     // nodes one call expands to
inline constexpr size_t kMaxQueryNodes = 1'000'000;  // nodes all calls of a query expand to

Op StringOp(const std::string& w, bool& negate, bool& ok) {
  std::string s = w;
  negate = false;
  ok = true;
  if (!s.empty() && s[0] == '!') { negate = true; s = s.substr(1); }
  if (s == "contains") return Op::Contains;
  if (s == "contains_cs") return Op::ContainsCs;
  if (s == "has") return Op::Has;
  if (s == "has_cs") return Op::HasCs;
  if (s == "startswith") return Op::StartsWith;
  if (s == "startswith_cs") return Op::StartsWithCs;
  if (s == "endswith") return Op::EndsWith;
  if (s == "endswith_cs") return Op::EndsWithCs;
  if (s == "hasprefix") return Op::HasPrefix;
  if (s == "in") return Op::In;
  if (s == "in~") return Op::InCi;
  if (s == "has_any" && !negate) return Op::HasAny;
  if (s == "has_all" && !negate) return Op::HasAll;
  ok = false;
  return Op::None;
}

// Deepest nesting of expressions, sub-queries and dynamic literals, counting each operand of an
// operator chain ("a + b + c") as a level: the parser, the binder, the evaluator and the AST's
// destructor all recurse that deep, so a hostile query would otherwise overflow the stack.
inline constexpr int kMaxNesting = 256;

class Parser {
 public:
  Parser(std::string_view src, std::vector<Token> toks) : m_src(src), m_t(std::move(toks)) {}

  // [SECTION] Nesting guard

  // Adds levels for the life of one parsing function (each Deeper call is one more level).
  class Nest {
   public:
    explicit Nest(Parser& p) : m_parser(p) {}
    ~Nest() { m_parser.m_depth -= m_levels; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    void Deeper(const Token& at) {
      ++m_levels;
      if (++m_parser.m_depth > kMaxNesting)
        m_parser.Fail(at, "the query nests expressions more than " + std::to_string(kMaxNesting) +
                              " levels deep (parentheses, operator chains, sub-queries, dynamic literals); split it with let statements");
    }

   private:
    Parser& m_parser;
    int m_levels = 0;
  };

  // [SECTION] Token cursor

  const Token& Peek(size_t k = 0) const { return m_t[std::min(m_p + k, m_t.size() - 1)]; }
  const Token& Next() { const Token& t = m_t[m_p]; if (m_p + 1 < m_t.size()) ++m_p; return t; }
  bool IsPunct(const char* s, size_t k = 0) const { return Peek(k).kind == Tok::Punct && Peek(k).text == s; }
  bool IsIdent(const char* s, size_t k = 0) const { return Peek(k).kind == Tok::Ident && Peek(k).text == s; }
  bool AcceptPunct(const char* s) { if (IsPunct(s)) { Next(); return true; } return false; }
  bool AcceptIdent(const char* s) { if (IsIdent(s)) { Next(); return true; } return false; }
  [[noreturn]] void Fail(const Token& t, const std::string& msg, std::string suggestion = {}) {
    throw QueryException(t.pos, msg, std::move(suggestion));
  }
  std::string Describe(const Token& t) const {
    switch (t.kind) {
      case Tok::End: return "the end of the query";
      case Tok::String: return "a string";
      case Tok::Long: case Tok::Real: return "the number " + t.text;
      case Tok::Timespan: return "the timespan " + t.text;
      default: return "'" + t.text + "'";
    }
  }
  void ExpectPunct(const char* s, const char* what = nullptr) {
    if (!AcceptPunct(s))
      Fail(Peek(), std::string("expected '") + s + "'" + (what ? std::string(" ") + what : std::string()) +
                       " but found " + Describe(Peek()));
  }
  std::string ExpectIdent(const char* what) {
    if (Peek().kind != Tok::Ident) Fail(Peek(), std::string("expected ") + what + " but found " + Describe(Peek()));
    return Next().text;
  }

  // [SECTION] Statements and tabular expressions

  QueryAst ParseQueryAst() {
    QueryAst q;
    while (Peek().kind != Tok::End) {
      if (AcceptPunct(";")) continue;
      if (IsIdent("let")) {
        if (auto l = ParseLet()) q.lets.push_back(std::move(*l));
        continue;
      }
      if (IsIdent("set") || IsIdent("declare")) Fail(Peek(), "'" + Peek().text + "' statements are not supported");
      if (q.body) Fail(Peek(), "a query has one tabular expression; separate statements with ';'");
      q.body = ParseTabular(true);
      if (Peek().kind != Tok::End && !IsPunct(";"))
        Fail(Peek(), "unexpected " + Describe(Peek()) + " after the query; operators are chained with '|'");
    }
    if (!q.body) {
      Pos p = Peek().pos;
      throw QueryException(p, "the query has no tabular expression (a table name such as SigninLogs, or a let name)");
    }
    q.render = std::move(m_render);
    return q;
  }

  // A let statement; nullopt for a user-defined function (kept by the parser, inlined at calls).
  std::optional<LetStmt> ParseLet() {
    Next();  // let
    LetStmt l;
    l.pos = Peek().pos;
    const Token& name_tok = Peek();
    l.name = ExpectIdent("a name after 'let'");
    ExpectPunct("=", "after the let name");
    if (IsPunct("(") && (IsPunct(")", 1) || (Peek(1).kind == Tok::Ident && (IsPunct(":", 2) || IsPunct(",", 2) ||
                                                                           (IsPunct(")", 2) && IsPunct("{", 3)))))) {
      ParseFunction(name_tok);
      if (!AcceptPunct(";") && Peek().kind != Tok::End)
        Fail(Peek(), "expected ';' after the function definition but found " + Describe(Peek()));
      return std::nullopt;
    }
    if (Peek().kind == Tok::Ident && (Peek().text == "union" || Peek().text == "datatable" ||
                                      Peek().text == "externaldata" || Peek().text == "print")) {
      l.tab = ParseTabular();
      m_tab_lets.insert(l.name);
      m_scalar_lets.erase(l.name);
      m_funcs.erase(l.name);
      if (!AcceptPunct(";") && Peek().kind != Tok::End)
        Fail(Peek(), "expected ';' after the let statement but found " + Describe(Peek()));
      return l;
    }
    ExprPtr e = ParseExpr();
    if (IsPunct("|") || e->kind == ExprKind::Tabular || (e->kind == ExprKind::Name && !m_scalar_lets.count(e->name))) {
      l.tab = ToPipeline(e);
      ParseOpsInto(*l.tab);
      m_tab_lets.insert(l.name);
      m_scalar_lets.erase(l.name);
    } else {
      l.scalar = e;
      m_scalar_lets.insert(l.name);
      m_tab_lets.erase(l.name);
    }
    m_funcs.erase(l.name);
    if (!AcceptPunct(";") && Peek().kind != Tok::End)
      Fail(Peek(), "expected ';' after the let statement but found " + Describe(Peek()));
    return l;
  }

  // [SECTION] User-defined functions
  //
  // `let f = (a:string, n:long = 3) { scalar expression };` and
  // `let g = (since:timespan, T:(*)) { tabular expression };`. A call is inlined where it is
  // parsed: the body is copied with each parameter replaced by a copy of its argument (or its
  // default). A body sees the functions defined before it, never itself, so calls cannot recurse.

  struct UdfParam {
    std::string name;
    Pos pos;
    VType type = VType::Null;  // a scalar parameter's declared type
    bool tabular = false;      // T:(*) or T:(Col:type, ...)
    ExprPtr def;               // the default value; null when the argument is required
  };
  struct Udf {
    std::string name;
    std::vector<UdfParam> params;
    ExprPtr scalar;    // the body of a scalar function
    PipelinePtr tab;   // the body of a tabular function
  };
  struct Expansion {
    ExprPtr scalar;
    PipelinePtr tab;
  };

  // f(u:string, n:long = 3), for messages.
  static std::string Signature(const Udf& f) {
    std::string out = f.name + "(";
    for (size_t i = 0; i < f.params.size(); ++i) {
      const UdfParam& p = f.params[i];
      if (i) out += ", ";
      out += p.name + ":" + (p.tabular ? std::string("(*)") : std::string(VTypeName(p.type)));
      if (p.def) {
        out += " = ";
        if (p.def->kind != ExprKind::Literal) out += "...";
        else if (p.def->lit.type == VType::String) out += "\"" + p.def->lit.s + "\"";
        else out += ToText(p.def->lit);
      }
    }
    return out + ")";
  }

  // The user-defined function named by identifier t when it is one (call: '(' follows), else
  // null. Fails on a call of the function being defined, on a function's name used without
  // arguments, and on an unknown call whose name is close to a user-defined function's.
  std::shared_ptr<const Udf> FunctionAt(const Token& t, bool call) {
    if (!m_defining.empty() && t.text == m_defining && !m_param_names.count(t.text))
      Fail(t, "function '" + t.text + "' calls itself; recursion is not supported");
    auto it = m_funcs.find(t.text);
    if (it != m_funcs.end()) {
      if (!call) Fail(t, "'" + t.text + "' is a user-defined function: call it with its arguments, " + Signature(*it->second));
      return it->second;
    }
    if (call && !m_funcs.empty() && !FindFunction(t.text) && !IsAggregateName(t.text) && t.text != "toscalar" &&
        t.text != "materialize") {
      std::vector<std::string> names = FunctionNames();
      for (const auto& [n, f] : m_funcs) names.push_back(n);
      std::string near = ClosestName(t.text, names);
      if (m_funcs.count(near)) Fail(t, "unknown function '" + t.text + "'", near);
    }
    return nullptr;
  }

  // After `let name =`, at '(': the parameters and the body.
  void ParseFunction(const Token& name_tok) {
    const std::string name = name_tok.text;
    if (ReservedFunctionName(name))
      Fail(name_tok, "'" + name + "' is a built-in function or keyword; give the user-defined function another name");
    auto f = std::make_shared<Udf>();
    f->name = name;
    m_defining = name;
    Next();  // (
    bool optional_seen = false;
    if (!IsPunct(")")) {
      do {
        UdfParam prm;
        const Token& pt = Peek();
        prm.pos = pt.pos;
        prm.name = ExpectIdent("a parameter name");
        for (const auto& other : f->params)
          if (other.name == prm.name) Fail(pt, "parameter '" + prm.name + "' is declared twice");
        ExpectPunct(":", "and a type after the parameter name (n:long, T:(*))");
        if (IsPunct("(")) {  // a table: (*) or (Col:type, ..., *); the columns are not checked
          Next();
          do {
            if (AcceptPunct("*")) continue;
            ExpectIdent("a column name or '*' in the table parameter's schema");
            ExpectPunct(":", "between the column name and its type");
            ParseTypeName();
          } while (AcceptPunct(","));
          ExpectPunct(")", "to close the table parameter's schema");
          prm.tabular = true;
        } else {
          prm.type = ParseTypeName();
        }
        if (IsPunct("=")) {
          const Token& eq = Next();
          if (prm.tabular) Fail(eq, "a tabular parameter cannot have a default value");
          prm.def = FitArgument(ParseExpr(), prm, name, true);
          optional_seen = true;
        } else if (optional_seen) {
          Fail(pt, "parameter '" + prm.name + "' needs a default value: it follows a parameter that has one");
        }
        f->params.push_back(std::move(prm));
      } while (AcceptPunct(","));
    }
    ExpectPunct(")", "to close the parameter list");
    ExpectPunct("{", "to open the function body");
    if (IsIdent("let"))
      Fail(Peek(), "user-defined functions with let statements in their body are not supported; put the let before the function");
    if (IsPunct("}")) Fail(Peek(), "the function body is empty; it needs a scalar or a tabular expression");
    // The parameters hide lets and functions of the same names inside the body.
    const auto saved_tab = m_tab_lets, saved_scalar = m_scalar_lets;
    const auto saved_funcs = m_funcs;
    for (const auto& prm : f->params) {
      (prm.tabular ? m_tab_lets : m_scalar_lets).insert(prm.name);
      (prm.tabular ? m_scalar_lets : m_tab_lets).erase(prm.name);
      m_funcs.erase(prm.name);
      if (!prm.tabular) m_param_types[prm.name] = prm.type;
      m_param_names.insert(prm.name);
    }
    const Token& first = Peek();
    if (first.kind == Tok::Ident && (first.text == "union" || first.text == "datatable" || first.text == "externaldata" ||
                                     first.text == "print" || (first.text == "range" && IsIdent("from", 2)))) {
      f->tab = ParseTabular();
    } else {
      ExprPtr e = ParseExpr();
      if (IsPunct("|") || e->kind == ExprKind::Tabular || (e->kind == ExprKind::Name && !m_scalar_lets.count(e->name))) {
        f->tab = ToPipeline(e);
        ParseOpsInto(*f->tab);
      } else {
        f->scalar = e;
      }
    }
    m_tab_lets = saved_tab;
    m_scalar_lets = saved_scalar;
    m_funcs = saved_funcs;
    m_param_types.clear();
    m_param_names.clear();
    ExpectPunct("}", "to close the function body");
    m_defining.clear();
    m_funcs[name] = f;
    m_tab_lets.erase(name);
    m_scalar_lets.erase(name);
  }

  // Checks an argument (or a default) against its parameter's declared type when the type is
  // known while parsing (a literal, a parameter of the function being defined), and marks it
  // for the binder to check otherwise. A long passed for a real becomes a real.
  ExprPtr FitArgument(ExprPtr a, const UdfParam& p, const std::string& fname, bool is_default) {
    VType known = VType::Null;
    if (a->kind == ExprKind::Literal) known = a->lit.type;
    else if (a->kind == ExprKind::Name) {
      auto it = m_param_types.find(a->name);
      if (it != m_param_types.end()) known = it->second;
    }
    if (!ParamAccepts(p.type, known))
      throw QueryException(a->pos, std::string(is_default ? "the default value" : "the argument") + " for parameter '" +
                                       p.name + "' of " + fname + "() is a " + std::string(VTypeName(known)) +
                                       ", but the parameter is declared " + std::string(VTypeName(p.type)));
    if (p.type == VType::Dynamic) return a;
    if (a->kind == ExprKind::Literal) {
      if (p.type == VType::Real && a->lit.type == VType::Long) a->lit = Value::Real(static_cast<double>(a->lit.i));
      return a;
    }
    a->param_type = p.type;
    a->param_of = "'" + p.name + "' of " + fname + "()";
    if (p.type != VType::Real || known == VType::Real) return a;
    ExprPtr conv = Make(ExprKind::Call, a->pos);  // a long argument of a real parameter divides as a real
    conv->name = "toreal";
    conv->args = {a};
    return conv;
  }

  // A call of f; t is its name, consumed, and '(' comes next. Parses the arguments (positional,
  // then name = value) and returns f's body with the arguments in place of the parameters.
  Expansion ExpandCall(const Udf& f, const Token& t) {
    const Pos call = t.pos;
    ExpectPunct("(", ("after " + f.name).c_str());
    const size_t np = f.params.size();
    std::vector<ExprPtr> sargs(np);
    std::vector<PipelinePtr> targs(np);
    std::vector<bool> given(np, false);
    size_t positional = 0, count = 0;
    bool named_seen = false;
    if (!IsPunct(")")) {
      do {
        const Token& at = Peek();
        size_t idx = 0;
        if (at.kind == Tok::Ident && IsPunct("=", 1)) {
          std::vector<std::string> names;
          for (const auto& prm : f.params) names.push_back(prm.name);
          auto it = std::find(names.begin(), names.end(), at.text);
          if (it == names.end()) Fail(at, f.name + "() has no parameter '" + at.text + "'", ClosestName(at.text, names));
          idx = static_cast<size_t>(it - names.begin());
          if (given[idx]) Fail(at, "argument '" + at.text + "' of " + f.name + "() is given twice");
          Next();
          Next();
          named_seen = true;
        } else {
          if (named_seen) Fail(at, "in a call of " + f.name + "(), arguments by position come before arguments by name");
          idx = positional++;
        }
        ++count;
        if (idx >= np) {  // one too many: read it so that the error counts every argument
          ParseExpr();
          continue;
        }
        given[idx] = true;
        const UdfParam& prm = f.params[idx];
        if (prm.tabular) targs[idx] = ParseTabular();
        else sargs[idx] = FitArgument(ParseExpr(), prm, f.name, false);
      } while (AcceptPunct(","));
    }
    ExpectPunct(")", ("to close " + f.name + "(").c_str());
    size_t required = 0;
    for (const auto& prm : f.params) required += prm.def ? 0 : 1;
    bool missing = false;
    for (size_t i = 0; i < np; ++i) missing = missing || (!given[i] && !f.params[i].def);
    if (positional > np || missing) {
      std::string want = required == np ? std::to_string(np) : std::to_string(required) + " to " + std::to_string(np);
      Fail(t, f.name + "() takes " + want + " argument" + (want == "1" ? "" : "s") + ", not " + std::to_string(count) +
                  "; it is declared " + Signature(f));
    }
    Subst s;
    s.call = call;
    for (size_t i = 0; i < np; ++i) {
      if (f.params[i].tabular) s.tables[f.params[i].name] = targs[i];
      else s.scalars[f.params[i].name] = given[i] ? sargs[i] : f.params[i].def;
    }
    Expansion out;
    if (f.scalar) out.scalar = CloneExpr(*f.scalar, s, true, 1);
    else out.tab = ClonePipeline(*f.tab, s, true, 1);
    if (m_depth + s.depth > kMaxNesting)
      throw QueryException(call, "this call of " + f.name + "() nests expressions more than " + std::to_string(kMaxNesting) +
                                     " levels deep once the functions it calls are expanded; simplify the functions");
    return out;
  }

  struct Subst {
    std::map<std::string, ExprPtr> scalars;
    std::map<std::string, PipelinePtr> tables;
    Pos call;
    size_t nodes = 0;
    int depth = 0;
  };

  void Count(Subst& s, int depth) {
    s.depth = std::max(s.depth, depth);
    ++m_expanded;
    if (++s.nodes > kMaxCallNodes || m_expanded > kMaxQueryNodes)
      throw QueryException(s.call, "user-defined function calls expand to more than " +
                                       std::to_string(s.nodes > kMaxCallNodes ? kMaxCallNodes : kMaxQueryNodes) +
                                       " expression nodes (functions calling functions); simplify them");
  }

  // A copy of e for a new call site; with sub, parameter names become copies of the arguments.
  ExprPtr CloneExpr(const Expr& e, Subst& s, bool sub, int depth) {
    Count(s, depth);
    if (sub && e.kind == ExprKind::Name) {
      if (auto it = s.scalars.find(e.name); it != s.scalars.end()) {
        ExprPtr r = CloneExpr(*it->second, s, false, depth);
        if (r->param_type == VType::Null && e.param_type != VType::Null) {  // also an argument of an inner call
          r->param_type = e.param_type;
          r->param_of = e.param_of;
        }
        return r;
      }
      if (auto it = s.tables.find(e.name); it != s.tables.end()) {  // in (T), a tabular parameter
        ExprPtr r = Make(ExprKind::Tabular, e.pos);
        r->tab = ClonePipeline(*it->second, s, false, depth + 1);
        return r;
      }
    }
    auto c = std::make_shared<Expr>(e);
    c->col = -1;
    c->fn = -1;
    c->cache.reset();
    for (auto& a : c->args)
      if (a) a = CloneExpr(*a, s, sub, depth + 1);
    if (c->tab) c->tab = ClonePipeline(*c->tab, s, sub, depth + 1);
    return c;
  }

  PipelinePtr ClonePipeline(const Pipeline& p, Subst& s, bool sub, int depth) {
    Count(s, depth);
    auto c = std::make_shared<Pipeline>(p);
    bool replaced = false;
    if (sub && p.source == SourceKind::Table) {
      if (auto it = s.tables.find(p.name); it != s.tables.end()) {  // T | ..., T a tabular parameter
        c->source = SourceKind::Sub;
        c->name.clear();
        c->sub = ClonePipeline(*it->second, s, false, depth + 1);
        replaced = true;
      } else if (s.scalars.count(p.name)) {
        throw QueryException(p.pos, "'" + p.name + "' is a scalar parameter; a table parameter is declared " + p.name + ":(*)");
      }
    }
    if (c->sub && !replaced) c->sub = ClonePipeline(*c->sub, s, sub, depth + 1);
    for (auto& t : c->tables) t = ClonePipeline(*t, s, sub, depth + 1);
    for (auto& ne : c->print)
      if (ne.e) ne.e = CloneExpr(*ne.e, s, sub, depth + 1);
    for (auto& ne : c->schema)
      if (ne.e) ne.e = CloneExpr(*ne.e, s, sub, depth + 1);
    for (auto& v : c->values)
      if (v) v = CloneExpr(*v, s, sub, depth + 1);
    for (auto& op : c->ops) {
      auto ex = [&](ExprPtr& x) { if (x) x = CloneExpr(*x, s, sub, depth + 1); };
      ex(op.pred);
      for (auto& ne : op.items) ex(ne.e);
      for (auto& ne : op.by) ex(ne.e);
      for (auto& k : op.sort) ex(k.e);
      for (auto& d : op.defaults) ex(d);
      ex(op.from);
      ex(op.to);
      ex(op.step);
      if (op.right) op.right = ClonePipeline(*op.right, s, sub, depth + 1);
      for (auto& t : op.tables) t = ClonePipeline(*t, s, sub, depth + 1);
    }
    return c;
  }

  PipelinePtr ToPipeline(const ExprPtr& e) {
    if (e->kind == ExprKind::Tabular) return e->tab;
    if (e->kind == ExprKind::Name) {
      auto p = std::make_shared<Pipeline>();
      p->source = SourceKind::Table;
      p->name = e->name;
      p->pos = e->pos;
      return p;
    }
    if (e->kind == ExprKind::Call) {
      // A function call used as a table (for example an ASIM parser such as _Im_WebSession(...)).
      auto p = std::make_shared<Pipeline>();
      p->source = SourceKind::Table;
      p->name = e->name;
      p->pos = e->pos;
      return p;
    }
    throw QueryException(e->pos, "expected a tabular expression (a table name or a let name) before '|'");
  }

  // final: the query's last tabular expression, the only one that may end with `render`.
  PipelinePtr ParseTabular(bool final = false) {
    Nest nest(*this);
    nest.Deeper(Peek());
    auto p = ParseSource();
    ParseOpsInto(*p, final);
    return p;
  }

  void ParseOpsInto(Pipeline& p, bool final = false) {
    while (AcceptPunct("|")) {
      if (IsIdent("render")) {
        if (!final) FailRenderPlace(Peek());
        ParseRender();
        if (IsPunct("|")) {
          const Token& after = Peek(1);
          Fail(after.kind == Tok::Ident ? after : Peek(),
               "'render' must be the last operator of the query; " +
                   (after.kind == Tok::Ident ? "'" + after.text + "' comes after it (move it before the render)"
                                             : std::string("nothing may follow it")));
        }
        return;
      }
      p.ops.push_back(ParseOp());
    }
  }

  [[noreturn]] void FailRenderPlace(const Token& t) {
    Fail(t, "'render' must be the last operator of the query; it cannot end a let statement, a subquery or a function body");
  }

  // `render V [with (property = value, ...)]`, recorded for the result (it changes no row).
  void ParseRender() {
    const Token& kw = Next();  // render
    RenderClause rc;
    rc.pos = kw.pos;
    const auto& known = RenderVisualizations();
    std::string names;
    for (const auto& v : known) names += (names.empty() ? "" : ", ") + v;
    const Token& v = Peek();
    if (v.kind != Tok::Ident) Fail(v, "expected a visualization after 'render' (" + names + ") but found " + Describe(v));
    if (std::find(known.begin(), known.end(), v.text) == known.end()) {
      if (std::find(kOtherVisualizations.begin(), kOtherVisualizations.end(), v.text) != kOtherVisualizations.end())
        Fail(v, "the '" + v.text + "' visualization is not supported by this engine (" + names + ")", ClosestName(v.text, known));
      Fail(v, "unknown visualization '" + v.text + "'", ClosestName(v.text, known));
    }
    rc.visualization = Next().text;
    if (AcceptIdent("with")) {
      ExpectPunct("(", "after 'render ... with'");
      if (!IsPunct(")")) {
        do ParseRenderProperty(rc);
        while (AcceptPunct(","));
      }
      ExpectPunct(")", "to close 'with ('");
    }
    m_render = std::move(rc);
  }

  void ParseRenderProperty(RenderClause& rc) {
    const Token& pt = Peek();
    const std::string name = ExpectIdent("a render property (title, xcolumn, ycolumns, kind, ...)");
    if (std::find(kRenderProperties.begin(), kRenderProperties.end(), name) == kRenderProperties.end())
      Fail(pt, "unknown render property '" + name + "'", ClosestName(name, kRenderProperties));
    ExpectPunct("=", ("after '" + name + "'").c_str());
    RenderProperties& r = rc.props;
    auto column = [&]() {
      const Token& c = Peek();
      std::string col = ExpectIdent(("a column name after '" + name + "='").c_str());
      rc.columns.push_back({col, name, c.pos});
      return col;
    };
    auto word = [&](const std::vector<std::string>& allowed) {
      const Token& w = Peek();
      std::string val = ExpectIdent(("a value for '" + name + "'").c_str());
      if (std::find(allowed.begin(), allowed.end(), val) == allowed.end())
        Fail(w, "unknown " + name + " '" + val + "'", ClosestName(val, allowed));
      return val;
    };
    if (name == "title" || name == "xtitle" || name == "ytitle") {
      if (Peek().kind != Tok::String) Fail(Peek(), "expected a string after '" + name + "=' but found " + Describe(Peek()));
      std::string text = Next().text;
      (name == "title" ? r.title : name == "xtitle" ? r.xtitle : r.ytitle) = std::move(text);
    } else if (name == "xcolumn") {
      r.xcolumn = column();
    } else if (name == "ycolumns" || name == "series") {
      std::vector<std::string>& list = name == "ycolumns" ? r.ycolumns : r.series;
      list.clear();
      list.push_back(column());
      // ycolumns=a, b, kind=stacked: a name followed by '=' starts the next property.
      while (IsPunct(",") && Peek(1).kind == Tok::Ident && !IsPunct("=", 2)) {
        Next();
        list.push_back(column());
      }
    } else if (name == "kind") {
      r.kind = word({"default", "stacked", "stacked100", "unstacked", "map"});
    } else if (name == "legend") {
      r.legend = word({"visible", "hidden"});
    } else if (name == "xaxis" || name == "yaxis") {
      (name == "xaxis" ? r.xaxis : r.yaxis) = word({"linear", "log"});
    } else if (name == "ymin" || name == "ymax") {
      const bool neg = AcceptPunct("-");
      const Token& n = Peek();
      if (n.kind != Tok::Long && n.kind != Tok::Real) Fail(n, "expected a number after '" + name + "=' but found " + Describe(n));
      Next();
      double val = n.kind == Tok::Long ? static_cast<double>(n.i) : n.r;
      (name == "ymin" ? r.ymin : r.ymax) = neg ? -val : val;
    } else {  // accumulate
      r.accumulate = word({"true", "false"}) == "true";
    }
  }

  PipelinePtr ParseSource() {
    auto p = std::make_shared<Pipeline>();
    p->pos = Peek().pos;
    const Token& t = Peek();
    if (t.kind == Tok::Ident) {
      if (t.text == "union") {
        Next();
        p->source = SourceKind::Union;
        ParseUnionArgs(p->tables, p->fuzzy);
        return p;
      }
      if (t.text == "print") {
        Next();
        p->source = SourceKind::Print;
        p->print = ParseNamedList(true);
        return p;
      }
      if (t.text == "datatable") return ParseDatatable();
      if (t.text == "externaldata") return ParseExternaldata();
      if ((t.text == "materialize" || t.text == "view") && IsPunct("(", 1)) {
        Next();
        Next();
        p->source = SourceKind::Sub;
        p->sub = ParseTabular();
        ExpectPunct(")", "to close materialize(");
        return p;
      }
      if (t.text == "range" && Peek(1).kind == Tok::Ident && IsIdent("from", 2)) {
        Next();
        p->source = SourceKind::Range;
        p->name = Next().text;
        Next();  // from
        p->values.push_back(ParseExpr());
        if (!AcceptIdent("to")) Fail(Peek(), "expected 'to' after the range start (range x from A to B step S)");
        p->values.push_back(ParseExpr());
        if (!AcceptIdent("step")) Fail(Peek(), "expected 'step' after the range end (range x from A to B step S)");
        p->values.push_back(ParseExpr());
        return p;
      }
      if (t.text == "search" && !IsPunct("(", 1) && !IsPunct("|", 1) && Peek(1).kind != Tok::End) {
        Next();
        p->source = SourceKind::Search;
        TabOp op;
        op.kind = OpKind::Search;
        op.pos = t.pos;
        SkipSearchKind();
        if (AcceptIdent("in")) {
          ExpectPunct("(", "after 'search in'");
          do {
            auto leg = std::make_shared<Pipeline>();
            leg->pos = Peek().pos;
            leg->name = ExpectIdent("a table name");
            p->tables.push_back(leg);
          } while (AcceptPunct(","));
          ExpectPunct(")", "to close 'search in ('");
        }
        op.pred = ParseExpr();
        p->ops.push_back(std::move(op));
        return p;
      }
      if (t.text == "range" || t.text == "find")
        Fail(t, "the '" + t.text + "' operator is not supported");
      if (auto f = FunctionAt(t, IsPunct("(", 1))) {
        const Token& nt = Next();
        if (!f->tab)
          Fail(nt, "'" + nt.text + "' is a scalar function; call it inside an expression (extend x = " + nt.text + "(...))");
        return ExpandCall(*f, nt).tab;
      }
      Next();
      p->source = SourceKind::Table;
      p->name = t.text;
      if (IsPunct("(")) {  // a function used as a table: parse and keep its arguments aside
        Next();
        int depth = 1;
        while (depth > 0 && Peek().kind != Tok::End) {
          if (IsPunct("(")) ++depth;
          if (IsPunct(")")) --depth;
          Next();
        }
      }
      return p;
    }
    if (IsPunct("(")) {
      Next();
      p->source = SourceKind::Sub;
      p->sub = ParseTabular();
      ExpectPunct(")", "to close the parenthesised query");
      return p;
    }
    Fail(t, "expected a table name, 'let', 'union', 'print' or 'datatable' but found " + Describe(t));
  }

  void ParseUnionArgs(std::vector<PipelinePtr>& tables, bool& fuzzy) {
    for (;;) {
      if (IsIdent("isfuzzy") && IsPunct("=", 1)) {
        Next(); Next();
        const Token& v = Next();
        fuzzy = v.text == "true" || v.text == "True" || v.text == "TRUE";
        continue;
      }
      if ((IsIdent("kind") || IsIdent("withsource")) && IsPunct("=", 1)) {
        Next(); Next(); Next();
        continue;
      }
      break;
    }
    do {
      if (IsPunct("(")) {
        Next();
        tables.push_back(ParseTabular());
        ExpectPunct(")", "to close the union leg");
      } else if (Peek().kind == Tok::Ident && IsPunct("(", 1)) {
        tables.push_back(ParseSource());  // a function call: a user-defined tabular function
      } else {
        const Token& n = Peek();
        std::string name = ExpectIdent("a table name in union");
        auto p = std::make_shared<Pipeline>();
        p->source = SourceKind::Table;
        p->name = name;
        p->pos = n.pos;
        tables.push_back(p);
      }
    } while (AcceptPunct(","));
  }

  PipelinePtr ParseDatatable() {
    auto p = std::make_shared<Pipeline>();
    p->pos = Next().pos;
    p->source = SourceKind::Datatable;
    ExpectPunct("(", "after datatable");
    do {
      NamedExpr ne;
      ne.pos = Peek().pos;
      ne.name = ExpectIdent("a column name");
      ExpectPunct(":", "between the column name and its type");
      ne.to_type = ParseTypeName();
      ne.has_type = true;
      p->schema.push_back(ne);
    } while (AcceptPunct(","));
    ExpectPunct(")", "after the datatable columns");
    ExpectPunct("[", "before the datatable values");
    if (!IsPunct("]")) {
      do {
        if (IsPunct("]")) break;
        p->values.push_back(ParseExpr());
      } while (AcceptPunct(","));
    }
    ExpectPunct("]", "after the datatable values");
    return p;
  }

  PipelinePtr ParseExternaldata() {
    auto p = std::make_shared<Pipeline>();
    p->pos = Next().pos;
    p->source = SourceKind::Externaldata;
    ExpectPunct("(", "after externaldata");
    do {
      NamedExpr ne;
      ne.pos = Peek().pos;
      ne.name = ExpectIdent("a column name");
      ExpectPunct(":", "between the column name and its type");
      ne.to_type = ParseTypeName();
      ne.has_type = true;
      p->schema.push_back(ne);
    } while (AcceptPunct(","));
    ExpectPunct(")", "after the externaldata columns");
    ExpectPunct("[", "before the externaldata URLs");
    while (!IsPunct("]") && Peek().kind != Tok::End) Next();
    ExpectPunct("]", "after the externaldata URLs");
    if (AcceptIdent("with")) {
      ExpectPunct("(", "after with");
      while (!IsPunct(")") && Peek().kind != Tok::End) Next();
      ExpectPunct(")", "to close with (...)");
    }
    return p;
  }

  VType ParseTypeName() {
    const Token& t = Peek();
    std::string n = ExpectIdent("a type name (string, long, int, real, bool, datetime, timespan, dynamic, guid)");
    if (n == "string" || n == "guid") return VType::String;
    if (n == "long" || n == "int") return VType::Long;
    if (n == "real" || n == "double" || n == "decimal") return VType::Real;
    if (n == "bool" || n == "boolean") return VType::Bool;
    if (n == "datetime" || n == "date") return VType::DateTime;
    if (n == "timespan" || n == "time") return VType::Timespan;
    if (n == "dynamic") return VType::Dynamic;
    Fail(t, "unknown type '" + n + "'",
         ClosestName(n, {"string", "long", "int", "real", "double", "bool", "datetime", "timespan", "dynamic", "guid"}));
  }

  // [SECTION] Tabular operators

  TabOp ParseOp() {
    TabOp op;
    const Token& t = Peek();
    op.pos = t.pos;
    if (t.kind != Tok::Ident) Fail(t, "expected an operator after '|' (where, project, summarize, …) but found " + Describe(t));
    const std::string name = Next().text;
    if (name == "where" || name == "filter") {
      op.kind = OpKind::Where;
      op.pred = ParseExpr();
      if (IsPunct("=")) Fail(Peek(), "'=' assigns a name; use '==' to compare");
    } else if (name == "project") {
      op.kind = OpKind::Project;
      op.items = ParseNamedList(false);
    } else if (name == "extend" && IsPunct("(") && Peek(1).kind == Tok::Ident && (IsPunct(",", 2) || IsPunct(")", 2))) {
      // extend (a, b, c) = f(...): a function that returns several series.
      op.kind = OpKind::Extend;
      Next();
      do op.tuple.push_back(ExpectIdent("a column name"));
      while (AcceptPunct(","));
      ExpectPunct(")", "to close the list of names");
      ExpectPunct("=", "after the list of names");
      NamedExpr ne;
      ne.pos = Peek().pos;
      ne.e = ParseExpr();
      op.items.push_back(ne);
    } else if (name == "extend") {
      op.kind = OpKind::Extend;
      op.items = ParseNamedList(false);
    } else if (name == "project-away" || name == "project-keep" || name == "project-reorder") {
      op.kind = name == "project-away" ? OpKind::ProjectAway : name == "project-keep" ? OpKind::ProjectKeep : OpKind::ProjectReorder;
      do {
        op.name_pos.push_back(Peek().pos);
        op.names.push_back(ParseWildcardName());
        if (op.kind == OpKind::ProjectReorder && (IsIdent("asc") || IsIdent("desc") || IsIdent("granny-asc") || IsIdent("granny-desc"))) Next();
      } while (AcceptPunct(","));
    } else if (name == "project-rename") {
      op.kind = OpKind::ProjectRename;
      do {
        NamedExpr ne;
        ne.pos = Peek().pos;
        ne.name = ExpectIdent("a new column name");
        ne.named = true;
        ExpectPunct("=", "in project-rename NewName = OldName");
        const Token& old = Peek();
        auto e = std::make_shared<Expr>();
        e->kind = ExprKind::Name;
        e->pos = old.pos;
        e->name = ExpectIdent("the column to rename");
        ne.e = e;
        op.items.push_back(ne);
      } while (AcceptPunct(","));
    } else if (name == "summarize") {
      op.kind = OpKind::Summarize;
      SkipHints();
      if (!IsIdent("by")) op.items = ParseNamedList(false);
      if (AcceptIdent("by")) op.by = ParseNamedList(false);
    } else if (name == "order" || name == "sort") {
      op.kind = OpKind::Sort;
      if (!AcceptIdent("by")) Fail(Peek(), "expected 'by' after '" + name + "'");
      op.sort = ParseSortKeys();
    } else if (name == "top") {
      op.kind = OpKind::Top;
      op.pred = ParseExpr();
      if (!AcceptIdent("by")) Fail(Peek(), "expected 'by' after 'top N'");
      op.sort = ParseSortKeys();
    } else if (name == "take" || name == "limit") {
      op.kind = OpKind::Take;
      op.pred = ParseExpr();
    } else if (name == "distinct") {
      op.kind = OpKind::Distinct;
      if (AcceptPunct("*")) op.names.push_back("*");
      else op.items = ParseNamedList(false);
    } else if (name == "count") {
      op.kind = OpKind::Count;
    } else if (name == "serialize") {
      op.kind = OpKind::Serialize;
      if (Peek().kind == Tok::Ident && !IsPunct("|")) op.items = ParseNamedList(false);
    } else if (name == "getschema") {
      op.kind = OpKind::Getschema;
    } else if (name == "as") {
      op.kind = OpKind::AsName;
      op.names.push_back(ExpectIdent("a name after 'as'"));
    } else if (name == "join" || name == "lookup") {
      ParseJoin(op, name == "lookup");
    } else if (name == "union") {
      op.kind = OpKind::Union;
      ParseUnionArgs(op.tables, op.fuzzy);
    } else if (name == "mv-expand") {
      op.kind = OpKind::MvExpand;
      SkipMvParams();
      op.items = ParseMvItems();
      if (AcceptIdent("limit")) op.limit = ExpectLong();
    } else if (name == "mv-apply") {
      op.kind = OpKind::MvApply;
      SkipMvParams();
      op.items = ParseMvItems();
      if (AcceptIdent("limit")) op.limit = ExpectLong();
      if (!AcceptIdent("on")) Fail(Peek(), "expected 'on (subquery)' in mv-apply");
      ExpectPunct("(", "before the mv-apply subquery");
      auto sub = std::make_shared<Pipeline>();
      sub->source = SourceKind::Implicit;
      sub->pos = Peek().pos;
      sub->ops.push_back(ParseOp());
      ParseOpsInto(*sub);
      ExpectPunct(")", "to close the mv-apply subquery");
      op.right = sub;
    } else if (name == "parse") {
      ParseParse(op);
    } else if (name == "evaluate") {
      op.kind = OpKind::Evaluate;
      SkipHints();
      op.pred = ParseExpr();
      if (op.pred->kind != ExprKind::Call) throw QueryException(op.pred->pos, "expected a plugin call after 'evaluate', such as bag_unpack(Col)");
    } else if (name == "make-series") {
      ParseMakeSeries(op);
    } else if (name == "search") {
      op.kind = OpKind::Search;
      SkipSearchKind();
      op.pred = ParseExpr();
    } else if (name == "top-nested") {
      op.kind = OpKind::TopNested;
      ParseTopNestedLevel(op);
      while (IsPunct(",") && IsIdent("top-nested", 1)) {
        Next(); Next();
        ParseTopNestedLevel(op);
      }
    } else if (name == "render") {
      FailRenderPlace(t);
    } else if (name == "top-hitters" || name == "parse-where" ||
               name == "parse-kv" || name == "sample" || name == "sample-distinct" ||
               name == "invoke" || name == "partition" || name == "scan" || name == "reduce" || name == "fork" ||
               name == "facet" || name == "project-smart" || name == "find" || name == "range") {
      throw QueryException(t.pos, "the '" + name + "' operator is not supported by this engine");
    } else {
      throw QueryException(t.pos, "unknown operator '" + name + "'", ClosestName(name, kOperatorNames));
    }
    return op;
  }

  int64_t ExpectLong() {
    if (Peek().kind != Tok::Long) Fail(Peek(), "expected a whole number but found " + Describe(Peek()));
    return Next().i;
  }

  void SkipHints() {
    while (Peek().kind == Tok::Ident && Peek().text.rfind("hint", 0) == 0 && (IsPunct(".", 1) || IsPunct("=", 1))) {
      Next();
      while (AcceptPunct(".")) Next();
      ExpectPunct("=", "after the hint name");
      Next();
    }
  }

  void SkipMvParams() {
    while ((IsIdent("bagexpansion") || IsIdent("with_itemindex") || IsIdent("kind")) && IsPunct("=", 1)) {
      Next(); Next(); Next();
    }
  }

  std::string ParseWildcardName() {
    std::string s;
    const Token& first = Peek();
    if (first.kind != Tok::Ident && !IsPunct("*")) Fail(first, "expected a column name but found " + Describe(first));
    // Glue Name*, *Name, Na*me (tokens adjacent in the text).
    uint32_t end = first.pos.offset;
    bool any = false;
    while ((Peek().kind == Tok::Ident || IsPunct("*")) && (!any || Peek().pos.offset == end)) {
      s += Peek().text;
      end = Peek().pos.offset + Peek().pos.length;
      Next();
      any = true;
    }
    return s;
  }

  // search kind=case_sensitive|case_insensitive: terms match case-insensitively either way here.
  void SkipSearchKind() {
    if (IsIdent("kind") && IsPunct("=", 1)) {
      Next(); Next();
      ExpectIdent("case_sensitive or case_insensitive");
    }
  }

  // One level of top-nested: [N] of [Name =] Expr [with others = V] by [Name =] Aggregation [asc|desc].
  void ParseTopNestedLevel(TabOp& op) {
    int64_t n = -1;  // no N: every value
    if (Peek().kind == Tok::Long) n = Next().i;
    if (!AcceptIdent("of")) Fail(Peek(), "expected 'of' in top-nested (top-nested N of Column by Aggregation)");
    NamedExpr of;
    of.pos = Peek().pos;
    if (Peek().kind == Tok::Ident && IsPunct("=", 1)) {
      of.name = Next().text;
      of.named = true;
      Next();
    }
    of.e = ParseExpr();
    ExprPtr others;
    if (AcceptIdent("with")) {
      if (!AcceptIdent("others")) Fail(Peek(), "expected 'others' after 'with' in top-nested");
      ExpectPunct("=", "after 'with others'");
      others = ParseExpr();
    }
    if (!AcceptIdent("by")) Fail(Peek(), "expected 'by' and an aggregation in top-nested (… by count())");
    NamedExpr agg;
    agg.pos = Peek().pos;
    if (Peek().kind == Tok::Ident && IsPunct("=", 1)) {
      agg.name = Next().text;
      agg.named = true;
      Next();
    }
    agg.e = ParseExpr();
    SortKey k;
    if (AcceptIdent("asc")) k.desc = false;
    else AcceptIdent("desc");
    op.items.push_back(std::move(of));
    op.by.push_back(std::move(agg));
    op.sort.push_back(k);
    op.counts.push_back(n);
    op.defaults.push_back(others);
  }

  std::vector<SortKey> ParseSortKeys() {
    std::vector<SortKey> keys;
    do {
      SortKey k;
      k.e = ParseExpr();
      if (AcceptIdent("asc")) k.desc = false;
      else if (AcceptIdent("desc")) k.desc = true;
      if (AcceptIdent("nulls")) {
        if (AcceptIdent("first")) k.nulls = 1;
        else if (AcceptIdent("last")) k.nulls = 2;
        else Fail(Peek(), "expected 'first' or 'last' after 'nulls'");
      }
      keys.push_back(k);
    } while (AcceptPunct(","));
    return keys;
  }

  std::vector<NamedExpr> ParseNamedList(bool allow_empty) {
    std::vector<NamedExpr> out;
    if (allow_empty && (Peek().kind == Tok::End || IsPunct("|") || IsPunct(";"))) return out;
    do {
      NamedExpr ne;
      ne.pos = Peek().pos;
      if (Peek().kind == Tok::Ident && IsPunct("=", 1)) {
        ne.name = Next().text;
        ne.named = true;
        Next();
      } else if (IsPunct("(") && Peek(1).kind == Tok::Ident && (IsPunct(",", 2) || IsPunct(")", 2))) {
        Fail(Peek(), "tuple assignments such as (a, b) = f(...) are not supported");
      }
      ne.e = ParseExpr();
      out.push_back(ne);
    } while (AcceptPunct(","));
    return out;
  }

  std::vector<NamedExpr> ParseMvItems() {
    std::vector<NamedExpr> out;
    do {
      NamedExpr ne;
      ne.pos = Peek().pos;
      if (Peek().kind == Tok::Ident && IsPunct("=", 1)) {
        ne.name = Next().text;
        ne.named = true;
        Next();
      }
      ne.e = ParseExpr();
      if (AcceptIdent("to")) {
        if (!AcceptIdent("typeof")) Fail(Peek(), "expected 'typeof(T)' after 'to'");
        ExpectPunct("(", "after typeof");
        ne.to_type = ParseTypeName();
        ne.has_type = true;
        ExpectPunct(")", "after the type");
      }
      out.push_back(ne);
    } while (AcceptPunct(","));
    return out;
  }

  void ParseJoin(TabOp& op, bool lookup) {
    op.kind = OpKind::Join;
    if (lookup) {
      op.join_kind = "leftouter";
      op.lookup = true;
    }
    for (;;) {
      if (IsIdent("kind") && IsPunct("=", 1)) {
        Next(); Next();
        const Token& k = Peek();
        std::string kind = ExpectIdent("a join kind");
        static const std::vector<std::string> kinds = {"inner", "innerunique", "leftouter", "leftanti", "anti",
            "leftantisemi", "leftsemi", "rightouter", "rightanti", "rightantisemi", "rightsemi", "fullouter", "semi"};
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
          Fail(k, "unknown join kind '" + kind + "'", ClosestName(kind, kinds));
        if (kind == "anti" || kind == "leftantisemi") kind = "leftanti";
        if (kind == "rightantisemi") kind = "rightanti";
        if (kind == "semi") kind = "leftsemi";
        op.join_kind = kind;
        continue;
      }
      if (Peek().kind == Tok::Ident && Peek().text.rfind("hint", 0) == 0) { SkipHints(); continue; }
      break;
    }
    if (IsPunct("(")) {
      Next();
      op.right = ParseTabular();
      ExpectPunct(")", "to close the right side of the join");
    } else if (Peek().kind == Tok::Ident && IsPunct("(", 1)) {
      op.right = ParseSource();  // a function call: a user-defined tabular function
    } else {
      const Token& n = Peek();
      std::string name = ExpectIdent("the right side of the join: a table name or (subquery)");
      op.right = std::make_shared<Pipeline>();
      op.right->source = SourceKind::Table;
      op.right->name = name;
      op.right->pos = n.pos;
    }
    if (!AcceptIdent("on")) Fail(Peek(), "expected 'on' and the join keys but found " + Describe(Peek()));
    do {
      JoinKey k;
      if (Peek().kind == Tok::Ident && (Peek().text == "$left" || Peek().text == "$right")) {
        bool left_first = Peek().text == "$left";
        Next();
        ExpectPunct(".", "after $left/$right");
        Pos p1 = Peek().pos;
        std::string a = ExpectIdent("a column name");
        ExpectPunct("==", "between the join keys");
        const Token& side = Peek();
        if (side.kind != Tok::Ident || (side.text != "$left" && side.text != "$right"))
          Fail(side, "expected $left.Column or $right.Column after '=='");
        Next();
        ExpectPunct(".", "after $left/$right");
        Pos p2 = Peek().pos;
        std::string b = ExpectIdent("a column name");
        if (left_first) { k.left = a; k.left_pos = p1; k.right = b; k.right_pos = p2; }
        else { k.left = b; k.left_pos = p2; k.right = a; k.right_pos = p1; }
      } else {
        k.left_pos = k.right_pos = Peek().pos;
        k.left = k.right = ExpectIdent("a join key column");
      }
      op.keys.push_back(k);
    } while (AcceptPunct(","));
  }

  void ParseMakeSeries(TabOp& op) {
    op.kind = OpKind::MakeSeries;
    if (IsIdent("kind") && IsPunct("=", 1)) { Next(); Next(); Next(); }
    do {
      NamedExpr ne;
      ne.pos = Peek().pos;
      if (Peek().kind == Tok::Ident && IsPunct("=", 1)) {
        ne.name = Next().text;
        ne.named = true;
        Next();
      }
      ne.e = ParseExpr();
      op.items.push_back(ne);
      ExprPtr def;
      if (IsIdent("default") && IsPunct("=", 1)) {
        Next();
        Next();
        def = ParseExpr();
      }
      op.defaults.push_back(def);
    } while (AcceptPunct(","));
    if (!AcceptIdent("on")) Fail(Peek(), "expected 'on' and the axis column (make-series ... on TimeGenerated step 1h)");
    op.pred = ParseExpr();
    if (AcceptIdent("in")) {  // make-series ... on T in range(start, end, step)
      if (!AcceptIdent("range")) Fail(Peek(), "expected 'range(start, end, step)' after 'in'");
      ExpectPunct("(", "after range");
      op.from = ParseExpr();
      ExpectPunct(",", "after the range start");
      op.to = ParseExpr();
      ExpectPunct(",", "after the range end");
      op.step = ParseExpr();
      ExpectPunct(")", "to close range(");
    } else {
      if (AcceptIdent("from")) op.from = ParseExpr();
      if (AcceptIdent("to")) op.to = ParseExpr();
      if (!AcceptIdent("step")) Fail(Peek(), "expected 'step' and the bin size (make-series ... step 1h)");
      op.step = ParseExpr();
    }
    if (AcceptIdent("by")) op.by = ParseNamedList(false);
  }

  void ParseParse(TabOp& op) {
    op.kind = OpKind::Parse;
    if (IsIdent("kind") && IsPunct("=", 1)) {
      Next(); Next();
      const Token& k = Peek();
      std::string kind = ExpectIdent("a parse kind");
      if (kind != "simple") Fail(k, "only parse kind=simple is supported");
    }
    op.pred = ParseExpr();
    if (!AcceptIdent("with")) Fail(Peek(), "expected 'with' and a pattern after the parse source");
    while (Peek().kind != Tok::End && !IsPunct("|") && !IsPunct(";") && !IsPunct(")")) {
      ParsePart part;
      part.pos = Peek().pos;
      if (AcceptPunct("*")) {
        part.kind = ParsePart::Kind::Star;
      } else if (Peek().kind == Tok::String) {
        part.kind = ParsePart::Kind::Literal;
        part.text = Next().text;
      } else if (Peek().kind == Tok::Ident) {
        part.kind = ParsePart::Kind::Column;
        part.text = Next().text;
        if (AcceptPunct(":")) part.type = ParseTypeName();
      } else {
        Fail(Peek(), "expected '*', a string or a column name in the parse pattern but found " + Describe(Peek()));
      }
      op.parts.push_back(part);
    }
    if (op.parts.empty()) Fail(Peek(), "the parse pattern is empty");
  }

  // [SECTION] Scalar expressions

  ExprPtr Make(ExprKind k, Pos pos) {
    auto e = std::make_shared<Expr>();
    e->kind = k;
    e->pos = pos;
    return e;
  }
  static Pos Span(const Pos& a, const Pos& b) {
    Pos p = a;
    if (b.offset + b.length > a.offset) p.length = b.offset + b.length - a.offset;
    return p;
  }
  Pos PrevEnd() const { return m_t[m_p > 0 ? m_p - 1 : 0].pos; }

  ExprPtr ParseExpr() {
    Nest nest(*this);
    nest.Deeper(Peek());
    return ParseOr();
  }

  ExprPtr ParseOr() {
    Nest nest(*this);
    ExprPtr l = ParseAnd();
    while (IsIdent("or")) {
      nest.Deeper(Peek());
      Pos p = Next().pos;
      ExprPtr r = ParseAnd();
      ExprPtr e = Make(ExprKind::Binary, p);
      e->op = Op::Or;
      e->args = {l, r};
      l = e;
    }
    return l;
  }

  ExprPtr ParseAnd() {
    Nest nest(*this);
    ExprPtr l = ParseCompare();
    while (IsIdent("and")) {
      nest.Deeper(Peek());
      Pos p = Next().pos;
      ExprPtr r = ParseCompare();
      ExprPtr e = Make(ExprKind::Binary, p);
      e->op = Op::And;
      e->args = {l, r};
      l = e;
    }
    return l;
  }

  ExprPtr ParseCompare() {
    Nest nest(*this);
    ExprPtr l = ParseAdd();
    for (;;) {
      const Token& t = Peek();
      Op op = Op::None;
      bool neg = false;
      if (t.kind == Tok::Punct) {
        if (t.text == "==") op = Op::Eq;
        else if (t.text == "!=" || t.text == "<>") op = Op::Ne;
        else if (t.text == "=~") op = Op::EqCi;
        else if (t.text == "!~") op = Op::NeCi;
        else if (t.text == "<") op = Op::Lt;
        else if (t.text == "<=") op = Op::Le;
        else if (t.text == ">") op = Op::Gt;
        else if (t.text == ">=") op = Op::Ge;
        else if (t.text[0] == '!' && t.text.size() > 1) {
          if (t.text == "!between") { nest.Deeper(t); Next(); l = ParseBetween(l, t.pos, true); continue; }
          bool ok;
          op = StringOp(t.text, neg, ok);
          if (!ok) Fail(t, "unknown operator '" + t.text + "'",
                        ClosestName(t.text, {"!contains", "!has", "!in", "!in~", "!startswith", "!endswith", "!between", "!contains_cs", "!has_cs"}));
        }
      } else if (t.kind == Tok::Ident) {
        if (t.text == "between") { nest.Deeper(t); Next(); l = ParseBetween(l, t.pos, false); continue; }
        if (t.text == "matches") {
          Next();
          if (!AcceptIdent("regex")) Fail(Peek(), "expected 'regex' after 'matches'");
          op = Op::MatchesRegex;
        } else {
          bool ok;
          op = StringOp(t.text, neg, ok);
          if (!ok) op = Op::None;
        }
      }
      if (op == Op::None) return l;
      nest.Deeper(t);
      if (t.text != "matches") Next();
      if (op == Op::In || op == Op::InCi || op == Op::HasAny || op == Op::HasAll) {
        ExprPtr e = Make(ExprKind::InList, t.pos);
        e->op = op;
        e->negate = neg;
        e->args.push_back(l);
        ExpectPunct("(", ("after '" + t.text + "'").c_str());
        if (!IsPunct(")")) {
          do e->args.push_back(ParseExpr());
          while (AcceptPunct(","));
        }
        ExpectPunct(")", ("to close the '" + t.text + "' list").c_str());
        l = e;
        continue;
      }
      ExprPtr r = ParseAdd();
      ExprPtr e = Make(ExprKind::Binary, t.pos);
      e->op = op;
      e->negate = neg;
      e->args = {l, r};
      l = e;
    }
  }

  ExprPtr ParseBetween(ExprPtr l, Pos p, bool neg) {
    ExprPtr e = Make(ExprKind::Between, p);
    e->negate = neg;
    ExpectPunct("(", "after 'between'");
    ExprPtr lo = ParseAdd();
    ExpectPunct("..", "between the bounds of 'between (a .. b)'");
    ExprPtr hi = ParseAdd();
    ExpectPunct(")", "to close 'between (a .. b)'");
    e->args = {l, lo, hi};
    return e;
  }

  ExprPtr ParseAdd() {
    Nest nest(*this);
    ExprPtr l = ParseMul();
    while (IsPunct("+") || IsPunct("-")) {
      nest.Deeper(Peek());
      const Token& t = Next();
      ExprPtr r = ParseMul();
      ExprPtr e = Make(ExprKind::Binary, t.pos);
      e->op = t.text == "+" ? Op::Add : Op::Sub;
      e->args = {l, r};
      l = e;
    }
    return l;
  }

  ExprPtr ParseMul() {
    Nest nest(*this);
    ExprPtr l = ParseUnary();
    while (IsPunct("*") || IsPunct("/") || IsPunct("%")) {
      nest.Deeper(Peek());
      const Token& t = Next();
      ExprPtr r = ParseUnary();
      ExprPtr e = Make(ExprKind::Binary, t.pos);
      e->op = t.text == "*" ? Op::Mul : t.text == "/" ? Op::Div : Op::Mod;
      e->args = {l, r};
      l = e;
    }
    return l;
  }

  ExprPtr ParseUnary() {
    Nest nest(*this);
    if (IsPunct("-") || IsPunct("+")) nest.Deeper(Peek());
    if (IsPunct("-")) {
      Pos p = Next().pos;
      ExprPtr a = ParseUnary();
      if (a->kind == ExprKind::Literal && (a->lit.type == VType::Long || a->lit.type == VType::Timespan)) {
        a->lit.i = -a->lit.i;
        a->pos = Span(p, a->pos);
        return a;
      }
      if (a->kind == ExprKind::Literal && a->lit.type == VType::Real) { a->lit.r = -a->lit.r; return a; }
      ExprPtr e = Make(ExprKind::Unary, p);
      e->op = Op::Neg;
      e->args = {a};
      return e;
    }
    if (IsPunct("+")) { Next(); return ParseUnary(); }
    return ParsePostfix(ParsePrimary());
  }

  ExprPtr ParsePostfix(ExprPtr e) {
    Nest nest(*this);
    for (;;) {
      if (IsPunct(".") || IsPunct("[")) nest.Deeper(Peek());
      if (IsPunct(".") && (Peek(1).kind == Tok::Ident)) {
        Next();
        const Token& n = Next();
        ExprPtr m = Make(ExprKind::Member, n.pos);
        m->name = n.text;
        m->args = {e};
        e = m;
      } else if (IsPunct(".") && IsPunct("[", 1)) {
        Next();
      } else if (IsPunct("[")) {
        Pos p = Next().pos;
        ExprPtr idx = ParseExpr();
        ExpectPunct("]", "to close the index");
        ExprPtr m = Make(ExprKind::Index, p);
        m->args = {e, idx};
        e = m;
      } else {
        return e;
      }
    }
  }

  bool LooksTabularAfterParen() const {
    // Called with Peek() == "(".
    const Token& a = Peek(1);
    if (a.kind == Tok::Punct && a.text == "(") {
      const Token& b = Peek(2);
      return b.kind == Tok::Ident && (b.text == "externaldata" || b.text == "datatable");
    }
    if (a.kind != Tok::Ident) return false;
    if (a.text == "externaldata" || a.text == "datatable" || a.text == "union" || a.text == "print") return true;
    if (IsPunct("|", 2)) return true;
    if (IsPunct("(", 2)) {  // (f(...) | ...) with f a user-defined tabular function
      auto it = m_funcs.find(a.text);
      if (it != m_funcs.end() && it->second->tab) return true;
    }
    return false;
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::Long: { Next(); ExprPtr e = Make(ExprKind::Literal, t.pos); e->lit = Value::Long(t.i); return e; }
      case Tok::Real: { Next(); ExprPtr e = Make(ExprKind::Literal, t.pos); e->lit = Value::Real(t.r); return e; }
      case Tok::Timespan: { Next(); ExprPtr e = Make(ExprKind::Literal, t.pos); e->lit = Value::Timespan(t.i); return e; }
      case Tok::String: {
        Next();
        ExprPtr e = Make(ExprKind::Literal, t.pos);
        std::string s = t.text;
        // Adjacent string literals concatenate.
        while (Peek().kind == Tok::String) s += Next().text;
        e->lit = Value::String(std::move(s));
        return e;
      }
      case Tok::End: Fail(t, "the query ends where an expression was expected");
      case Tok::Punct:
        if (t.text == "(") {
          if (LooksTabularAfterParen()) {
            Next();
            ExprPtr e = Make(ExprKind::Tabular, t.pos);
            e->tab = ParseTabular();
            ExpectPunct(")", "to close the parenthesised query");
            return e;
          }
          Next();
          ExprPtr e = ParseExpr();
          ExpectPunct(")", "to close '('");
          return e;
        }
        if (t.text == "*") {
          Next();
          return Make(ExprKind::Star, t.pos);
        }
        if (t.text == "[" ) Fail(t, "array literals are written dynamic([...])");
        Fail(t, "expected an expression but found " + Describe(t));
      case Tok::Ident: break;
    }
    Next();
    const std::string& n = t.text;
    if (n == "true" || n == "True" || n == "TRUE" || n == "false" || n == "False" || n == "FALSE") {
      ExprPtr e = Make(ExprKind::Literal, t.pos);
      e->lit = Value::Bool(n[0] == 't' || n[0] == 'T');
      return e;
    }
    if (n == "null" && !IsPunct("(")) return Make(ExprKind::Literal, t.pos);
    if (!IsPunct("(")) {
      FunctionAt(t, false);  // a function's name without its arguments is an error
      ExprPtr e = Make(ExprKind::Name, t.pos);
      e->name = n;
      return e;
    }
    // Calls and typed literals.
    if (n == "dynamic") {
      Next();
      ExprPtr e = Make(ExprKind::Literal, t.pos);
      e->lit = Value::Dynamic(ParseJsonValue());
      ExpectPunct(")", "to close dynamic(");
      e->pos = Span(t.pos, PrevEnd());
      return e;
    }
    if (n == "datetime" || n == "timespan" || n == "time" || n == "bool" || n == "long" || n == "int" || n == "real" ||
        n == "double" || n == "guid") {
      Pos open = Next().pos;
      std::string raw = RawUntilParen(open);
      ExprPtr e = Make(ExprKind::Literal, Span(t.pos, PrevEnd()));
      if (raw == "null" || raw.empty()) return e;
      if (n == "datetime") {
        auto ms = ParseDateTimeText(raw);
        if (!ms) throw QueryException(e->pos, "'" + raw + "' is not a datetime (use datetime(2026-03-02) or datetime(2026-03-02T09:15:00Z))");
        e->lit = Value::DateTime(*ms);
      } else if (n == "timespan" || n == "time") {
        auto ms = ParseTimespanText(raw);
        if (!ms) throw QueryException(e->pos, "'" + raw + "' is not a timespan (use 1d, 2h, 30m, 10s or 1.02:03:04)");
        e->lit = Value::Timespan(*ms);
      } else if (n == "bool") {
        e->lit = Value::Bool(raw == "true" || raw == "True");
      } else if (n == "long" || n == "int") {
        e->lit = Value::Long(std::strtoll(raw.c_str(), nullptr, 10));
      } else if (n == "real" || n == "double") {
        e->lit = Value::Real(std::strtod(raw.c_str(), nullptr));
      } else {
        e->lit = Value::String(raw);
      }
      return e;
    }
    if (auto f = FunctionAt(t, true)) {
      Expansion x = ExpandCall(*f, t);
      if (x.scalar) return x.scalar;
      ExprPtr e = Make(ExprKind::Tabular, t.pos);  // a tabular function: in (f(...)), let x = f(...)
      e->tab = x.tab;
      return e;
    }
    ExprPtr e = Make(ExprKind::Call, t.pos);
    e->name = n;
    Next();  // (
    if (n == "toscalar" || n == "materialize") {
      ExprPtr tab = Make(ExprKind::Tabular, Peek().pos);
      tab->tab = ParseTabular();
      ExpectPunct(")", ("to close " + n + "(").c_str());
      if (n == "materialize") return tab;
      e->args.push_back(tab);
      return e;
    }
    if (!IsPunct(")")) {
      do {
        if (Peek().kind == Tok::Ident && IsPunct("=", 1) && !IsPunct("==", 1)) { Next(); Next(); }  // named argument
        e->args.push_back(ParseExpr());
      } while (AcceptPunct(","));
    }
    ExpectPunct(")", ("to close " + n + "(").c_str());
    return e;
  }

  // [SECTION] Literals

  std::string RawUntilParen(const Pos& open) {
    // The text between '(' and the matching ')', taken from the source (datetime(2026-03-02 10:00)).
    size_t start = open.offset + 1;
    int depth = 1;
    while (Peek().kind != Tok::End) {
      if (IsPunct("(")) ++depth;
      if (IsPunct(")") && --depth == 0) break;
      Next();
    }
    if (!IsPunct(")")) throw QueryException(open, "unclosed '('");
    size_t end = Peek().pos.offset;
    Next();
    std::string raw(m_src.substr(start, end - start));
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n')) raw.pop_back();
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\n')) raw.erase(raw.begin());
    if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') && raw.back() == raw.front())
      raw = raw.substr(1, raw.size() - 2);
    return raw;
  }

  Json ParseJsonValue() {
    const Token& t = Peek();
    Nest nest(*this);
    nest.Deeper(t);
    if (AcceptPunct("[")) {
      Json arr = Json::array();
      if (!IsPunct("]")) {
        do {
          if (IsPunct("]")) break;
          arr.push_back(ParseJsonValue());
        } while (AcceptPunct(","));
      }
      ExpectPunct("]", "to close the array");
      return arr;
    }
    if (AcceptPunct("{")) {
      Json obj = Json::object();
      if (!IsPunct("}")) {
        do {
          if (IsPunct("}")) break;
          const Token& k = Peek();
          if (k.kind != Tok::String && k.kind != Tok::Ident) Fail(k, "expected a property name but found " + Describe(k));
          std::string key = Next().text;
          ExpectPunct(":", "after the property name");
          obj[key] = ParseJsonValue();
        } while (AcceptPunct(","));
      }
      ExpectPunct("}", "to close the property bag");
      return obj;
    }
    bool neg = false;
    if (AcceptPunct("-")) neg = true;
    const Token& v = Peek();
    switch (v.kind) {
      case Tok::String: Next(); return Json(v.text);
      case Tok::Long: Next(); return Json(neg ? -v.i : v.i);
      case Tok::Real: Next(); return Json(neg ? -v.r : v.r);
      case Tok::Timespan: { Next(); std::string s; AppendTimespan(s, neg ? -v.i : v.i); return Json(s); }
      case Tok::Ident:
        if (v.text == "true" || v.text == "True") { Next(); return Json(true); }
        if (v.text == "false" || v.text == "False") { Next(); return Json(false); }
        if (v.text == "null") { Next(); return Json(); }
        if (v.text == "datetime" && IsPunct("(", 1)) {
          Next();
          Pos open = Next().pos;
          std::string raw = RawUntilParen(open);
          auto ms = ParseDateTimeText(raw);
          if (!ms) Fail(v, "'" + raw + "' is not a datetime");
          std::string s;
          AppendIso7(s, *ms);
          return Json(s);
        }
        break;
      default: break;
    }
    Fail(t, "expected a value in dynamic(...) but found " + Describe(t));
  }

 private:
  std::string_view m_src;
  std::vector<Token> m_t;
  size_t m_p = 0;
  int m_depth = 0;  // current nesting (Nest)
  std::set<std::string> m_tab_lets, m_scalar_lets;
  std::map<std::string, std::shared_ptr<const Udf>> m_funcs;  // user-defined functions by name
  std::string m_defining;                  // the function whose definition is being parsed
  std::map<std::string, VType> m_param_types;  // its scalar parameters (for static argument checks)
  std::set<std::string> m_param_names;         // all its parameters (they hide its own name)
  size_t m_expanded = 0;                   // nodes built by inlining calls so far
  std::optional<RenderClause> m_render;
};

}  // namespace

QueryAst ParseQuery(std::string_view text) {
  Parser p(text, Lex(text));
  return p.ParseQueryAst();
}

}  // namespace td::engine::kql
