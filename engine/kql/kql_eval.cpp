// [SECTION] Binding (names, functions, constant lists)
// [SECTION] Dynamic access
// [SECTION] Operators
// [SECTION] Scalar functions
#include <algorithm>
#include <cmath>
#include <regex>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_exec.h"
#include "engine/kql/kql_functions.h"

namespace td::engine::kql {

namespace {

struct InCache {
  std::vector<Value> items;
  std::unordered_set<std::string> texts;  // lower-cased when case-insensitive
  bool all_strings = true;
};

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

char Low(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

size_t FindCi(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  if (needle.size() > hay.size()) return std::string_view::npos;
  const char first = Low(needle[0]);
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (Low(hay[i]) != first) continue;
    size_t k = 1;
    while (k < needle.size() && Low(hay[i + k]) == Low(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool HasTerm(std::string_view hay, std::string_view needle, bool case_sensitive, bool prefix_only) {
  if (needle.empty()) return true;
  const bool check_start = IsAlnum(needle.front());
  const bool check_end = IsAlnum(needle.back()) && !prefix_only;
  size_t pos = 0;
  for (;;) {
    size_t i = case_sensitive ? hay.find(needle, pos) : FindCi(hay, needle, pos);
    if (i == std::string_view::npos) return false;
    bool ok = true;
    if (check_start && i > 0 && IsAlnum(hay[i - 1])) ok = false;
    size_t e = i + needle.size();
    if (ok && check_end && e < hay.size() && IsAlnum(hay[e])) ok = false;
    if (ok) return true;
    pos = i + 1;
  }
}

bool ContainsText(std::string_view hay, std::string_view needle, bool case_sensitive) {
  return case_sensitive ? hay.find(needle) != std::string_view::npos : FindCi(hay, needle) != std::string_view::npos;
}

bool StartsText(std::string_view hay, std::string_view needle, bool cs) {
  if (needle.size() > hay.size()) return false;
  return cs ? hay.substr(0, needle.size()) == needle : EqualsIgnoreCase(hay.substr(0, needle.size()), needle);
}

bool EndsText(std::string_view hay, std::string_view needle, bool cs) {
  if (needle.size() > hay.size()) return false;
  auto tail = hay.substr(hay.size() - needle.size());
  return cs ? tail == needle : EqualsIgnoreCase(tail, needle);
}

std::shared_ptr<std::regex> CompileRegex(const std::string& pattern, const Pos& pos) {
  std::string p = pattern;
  auto flags = std::regex::ECMAScript;
  if (p.rfind("(?i)", 0) == 0) { p = p.substr(4); flags |= std::regex::icase; }
  // Named groups (?P<name>…) and (?<name>…) become plain groups.
  for (const char* named : {"(?P<", "(?<"}) {
    size_t at;
    while ((at = p.find(named)) != std::string::npos) {
      size_t close = p.find('>', at);
      if (close == std::string::npos) break;
      if (std::string(named) == "(?<" && at + 3 < p.size() && (p[at + 3] == '=' || p[at + 3] == '!')) break;  // lookbehind
      p.erase(at + 1, close - at);
    }
  }
  try {
    return std::make_shared<std::regex>(p, flags);
  } catch (const std::regex_error& err) {
    throw QueryException(pos, "invalid regular expression '" + pattern + "': " + err.what());
  }
}

void CheckRegexInput(const std::string& text, const Pos& pos) {
  if (text.size() > kMaxRegexInput)
    throw QueryException(pos, "a regular expression was applied to a text of " + std::to_string(text.size()) +
                                  " bytes; the limit is " + std::to_string(kMaxRegexInput) +
                                  " (narrow the rows first, or use has/contains)");
}

// [SECTION] Dynamic access

Value AsDynamic(const Value& v) {
  if (v.type == VType::Dynamic) return v;
  if (v.type == VType::String) {
    if (!v.s.empty() && (v.s[0] == '{' || v.s[0] == '[')) {
      if (auto p = ParseJsonText(v.s)) return *p;
    }
    return Value::Dynamic(Json(v.s));
  }
  if (v.IsNull()) return Value::Dynamic(Json());
  return Value::Dynamic(ToJson(v));
}

Value MemberOf(const Value& base, std::string_view name) {
  if (base.IsNull()) return Value::Null();
  Value d = base.type == VType::Dynamic ? base : AsDynamic(base);
  const Json& j = *d.j;
  if (!j.is_object()) return Value::Null();
  auto it = j.find(std::string(name));
  if (it == j.end()) return Value::Null();
  return Value::Dynamic(std::shared_ptr<const Json>(d.j, &*it));
}

Value IndexOf(const Value& base, const Value& idx0) {
  if (base.IsNull()) return Value::Null();
  Value idx = Unwrap(idx0);
  Value d = base.type == VType::Dynamic ? base : AsDynamic(base);
  const Json& j = *d.j;
  if (idx.type == VType::String) return MemberOf(d, idx.s);
  if (!j.is_array() || !idx.IsNumeric()) return Value::Null();
  auto i = static_cast<int64_t>(idx.AsReal());
  auto n = static_cast<int64_t>(j.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) return Value::Null();
  return Value::Dynamic(std::shared_ptr<const Json>(d.j, &j[static_cast<size_t>(i)]));
}

// [SECTION] Binding

VType Executor::StaticType(const Expr& e, const Relation& rel) const {
  switch (e.kind) {
    case ExprKind::Literal: return e.lit.type;
    case ExprKind::Name:
      if (e.col >= 0) {
        const VType t = rel.cols[static_cast<size_t>(e.col)].type;
        return t == VType::Dynamic ? VType::Null : t;
      }
      if (e.cache) return static_cast<const Value*>(e.cache.get())->type == VType::Dynamic ? VType::Null
                          : static_cast<const Value*>(e.cache.get())->type;
      return VType::Null;
    case ExprKind::Binary:
      switch (e.op) {
        case Op::Add: case Op::Sub: {
          const VType a = StaticType(*e.args[0], rel), b = StaticType(*e.args[1], rel);
          if (a == VType::DateTime && b == VType::Timespan) return VType::DateTime;
          if (a == VType::DateTime && b == VType::DateTime && e.op == Op::Sub) return VType::Timespan;
          if (a == VType::Timespan && b == VType::Timespan) return VType::Timespan;
          if (a == VType::Long && b == VType::Long) return VType::Long;
          return VType::Null;
        }
        case Op::Mul: case Op::Div: case Op::Mod: return VType::Null;
        default: return VType::Bool;
      }
    case ExprKind::InList: case ExprKind::Between: return VType::Bool;
    case ExprKind::Call: {
      const std::string& n = e.name;
      if (n == "ago" || n == "now" || n == "todatetime" || n == "startofday" || n == "endofday" || n == "startofweek" ||
          n == "startofmonth" || n == "datetime_add" || n == "make_datetime")
        return VType::DateTime;
      if (n == "tostring" || n == "strcat" || n == "tolower" || n == "toupper" || n == "substring") return VType::String;
      if (n == "strlen" || n == "array_length" || n == "countof" || n == "datetime_diff" || n == "toint" || n == "tolong")
        return VType::Long;
      if (n == "isempty" || n == "isnotempty" || n == "isnull" || n == "isnotnull" || n == "not" || n == "set_has_element")
        return VType::Bool;
      return VType::Null;
    }
    default: return VType::Null;
  }
}

void Executor::CheckComparable(const Expr& op, const Expr& a, const Expr& b, const Relation& rel) const {
  const VType ta = StaticType(a, rel), tb = StaticType(b, rel);
  if (ta == VType::Null || tb == VType::Null || ta == tb) return;
  auto numeric = [](VType t) { return t == VType::Long || t == VType::Real; };
  if (numeric(ta) && numeric(tb)) return;
  if ((ta == VType::String && tb == VType::DateTime) || (ta == VType::DateTime && tb == VType::String)) return;
  if ((ta == VType::String && numeric(tb)) || (tb == VType::String && numeric(ta))) return;  // "0" < 5 compares text
  throw QueryException(op.pos, "cannot compare a " + std::string(VTypeName(ta)) + " with a " + std::string(VTypeName(tb)) +
                                   (ta == VType::DateTime || tb == VType::DateTime
                                        ? " (compare datetimes with datetime(...), ago(...) or now())"
                                        : ""));
}

void Executor::Bind(Expr& e, const Relation& rel) {
  if (e.param_type != VType::Null) {
    // The argument of a user-defined function's typed parameter (the parser inlined the call):
    // bind it, then check the type it will have against the declared one when it is known.
    const VType want = e.param_type;
    e.param_type = VType::Null;
    try {
      Bind(e, rel);
    } catch (...) {
      e.param_type = want;
      throw;
    }
    e.param_type = want;
    const VType got = StaticType(e, rel);
    if (!ParamAccepts(want, got))
      throw QueryException(e.pos, "the argument for parameter " + e.param_of + " is a " + std::string(VTypeName(got)) +
                                      ", but the parameter is declared " + std::string(VTypeName(want)));
    return;
  }
  switch (e.kind) {
    case ExprKind::Literal:
    case ExprKind::Star:
      return;
    case ExprKind::Name: {
      e.col = rel.Find(e.name);
      e.cache.reset();
      if (e.col >= 0) return;
      if (const LetValue* lv = FindLet(e.name)) {
        if (!lv->tabular) {
          e.cache = std::make_shared<Value>(lv->scalar);
          return;
        }
        throw QueryException(e.pos, "'" + e.name + "' is a tabular expression; use it as a table (join, union) or in 'in (" + e.name + ")'");
      }
      std::vector<std::string> cands = rel.Names();
      for (const auto& [n, v] : m_lets) cands.push_back(n);
      throw QueryException(e.pos, "unknown column or name '" + e.name + "'", ClosestName(e.name, cands));
    }
    case ExprKind::Tabular: {
      throw QueryException(e.pos, "a tabular expression can only be used in toscalar(), in (...), join or union here");
    }
    case ExprKind::InList: {
      Bind(*e.args[0], rel);
      bool constant = true;
      auto list = std::make_shared<InCache>();
      for (size_t k = 1; k < e.args.size(); ++k) {
        Expr& a = *e.args[k];
        if (a.kind == ExprKind::Name && rel.Find(a.name) < 0) {
          const LetValue* lv = FindLet(a.name);
          if (lv && lv->tabular) {
            const Relation& t = TabularLet(a.name, *lv);
            if (!t.cols.empty())
              for (auto& v : ColumnValues(t, 0)) list->items.push_back(std::move(v));
            continue;
          }
        }
        if (a.kind == ExprKind::Tabular) {
          Relation t = RunPipeline(*a.tab);
          if (!t.cols.empty())
            for (auto& v : ColumnValues(t, 0)) list->items.push_back(std::move(v));
          continue;
        }
        Bind(a, rel);
        bool is_const = a.kind == ExprKind::Literal || (a.kind == ExprKind::Name && a.col < 0);
        if (!is_const) { constant = false; continue; }
        Value v = Eval(a, rel, 0);
        if (v.type == VType::Dynamic && v.j->is_array()) {
          for (const auto& item : *v.j) list->items.push_back(Unwrap(Value::Dynamic(item)));
        } else {
          list->items.push_back(Unwrap(v));
        }
      }
      if (!constant) {
        e.cache.reset();
        return;
      }
      const bool ci = e.op == Op::InCi;
      for (const auto& v : list->items) {
        if (v.type != VType::String) list->all_strings = false;
        else list->texts.insert(ci ? ToLowerAscii(v.s) : v.s);
      }
      e.cache = list;
      return;
    }
    case ExprKind::Call: {
      if (e.name == "column_ifexists") {
        if (e.args.size() != 2 || e.args[0]->kind != ExprKind::Literal || e.args[0]->lit.type != VType::String)
          throw QueryException(e.pos, "column_ifexists(\"Name\", default) needs a column name string and a default");
        e.col = rel.Find(e.args[0]->lit.s);
        e.fn = static_cast<int>(Fn::ColumnIfExists);
        if (e.col < 0) Bind(*e.args[1], rel);
        return;
      }
      if (e.name == "toscalar") {
        Relation t = RunPipeline(*e.args[0]->tab);
        Value v;
        if (t.n > 0 && !t.cols.empty()) {
          Value tmp;
          v = t.Get(0, 0, tmp);
        }
        e.cache = std::make_shared<Value>(v);
        e.fn = static_cast<int>(Fn::ToScalar);
        return;
      }
      const FnInfo* info = FindFunction(e.name);
      if (!info) {
        if (IsAggregateName(e.name))
          throw QueryException(e.pos, "'" + e.name + "()' is an aggregation function: use it in summarize");
        throw QueryException(e.pos, "unknown function '" + e.name + "'", ClosestName(e.name, FunctionNames()));
      }
      const auto n = static_cast<int>(e.args.size());
      if (n < info->min_args || (info->max_args >= 0 && n > info->max_args)) {
        std::string want = info->min_args == info->max_args ? std::to_string(info->min_args)
                           : info->max_args < 0 ? std::to_string(info->min_args) + " or more"
                           : std::to_string(info->min_args) + " to " + std::to_string(info->max_args);
        throw QueryException(e.pos, e.name + "() takes " + want + " argument" + (want == "1" ? "" : "s") + ", not " + std::to_string(n));
      }
      e.fn = static_cast<int>(info->id);
      for (auto& a : e.args) {
        if (a->kind == ExprKind::Star) throw QueryException(a->pos, "'*' is only allowed in arg_max/arg_min");
        Bind(*a, rel);
      }
      // Precompile a constant regular expression.
      int re_arg = RegexArgIndex(info->id, n);
      e.cache.reset();
      if (re_arg >= 0 && e.args[static_cast<size_t>(re_arg)]->kind == ExprKind::Literal)
        e.cache = CompileRegex(ToText(e.args[static_cast<size_t>(re_arg)]->lit), e.args[static_cast<size_t>(re_arg)]->pos);
      return;
    }
    case ExprKind::Binary:
      for (auto& a : e.args) Bind(*a, rel);
      e.cache.reset();
      if (e.op == Op::MatchesRegex && e.args[1]->kind == ExprKind::Literal)
        e.cache = CompileRegex(ToText(e.args[1]->lit), e.args[1]->pos);
      if (e.op == Op::Lt || e.op == Op::Le || e.op == Op::Gt || e.op == Op::Ge)
        CheckComparable(e, *e.args[0], *e.args[1], rel);
      return;
    case ExprKind::Between:
      for (auto& a : e.args) Bind(*a, rel);
      CheckComparable(e, *e.args[0], *e.args[1], rel);
      CheckComparable(e, *e.args[0], *e.args[2], rel);
      return;
    default:
      for (auto& a : e.args) Bind(*a, rel);
      return;
  }
}

// [SECTION] Operators

namespace {

Value Arith(Op op, const Value& a0, const Value& b0) {
  const Value a = Unwrap(a0), b = Unwrap(b0);
  if (a.IsNull() || b.IsNull()) return Value::Null();
  const VType ta = a.type, tb = b.type;
  switch (op) {
    case Op::Add:
      if (ta == VType::Long && tb == VType::Long) return Value::Long(a.i + b.i);
      if (a.IsNumeric() && b.IsNumeric()) return Value::Real(a.AsReal() + b.AsReal());
      if (ta == VType::DateTime && tb == VType::Timespan) return Value::DateTime(a.i + b.i);
      if (ta == VType::Timespan && tb == VType::DateTime) return Value::DateTime(a.i + b.i);
      if (ta == VType::Timespan && tb == VType::Timespan) return Value::Timespan(a.i + b.i);
      return Value::Null();
    case Op::Sub:
      if (ta == VType::Long && tb == VType::Long) return Value::Long(a.i - b.i);
      if (a.IsNumeric() && b.IsNumeric()) return Value::Real(a.AsReal() - b.AsReal());
      if (ta == VType::DateTime && tb == VType::DateTime) return Value::Timespan(a.i - b.i);
      if (ta == VType::DateTime && tb == VType::Timespan) return Value::DateTime(a.i - b.i);
      if (ta == VType::Timespan && tb == VType::Timespan) return Value::Timespan(a.i - b.i);
      return Value::Null();
    case Op::Mul:
      if (ta == VType::Long && tb == VType::Long) return Value::Long(a.i * b.i);
      if (a.IsNumeric() && b.IsNumeric()) return Value::Real(a.AsReal() * b.AsReal());
      if (ta == VType::Timespan && b.IsNumeric()) return Value::Timespan(static_cast<int64_t>(std::llround(static_cast<double>(a.i) * b.AsReal())));
      if (tb == VType::Timespan && a.IsNumeric()) return Value::Timespan(static_cast<int64_t>(std::llround(static_cast<double>(b.i) * a.AsReal())));
      return Value::Null();
    case Op::Div:
      if (ta == VType::Long && tb == VType::Long) return b.i == 0 ? Value::Null() : Value::Long(a.i / b.i);
      if (a.IsNumeric() && b.IsNumeric()) return Value::Real(a.AsReal() / b.AsReal());
      if (ta == VType::Timespan && b.IsNumeric()) {
        if (b.AsReal() == 0) return Value::Null();
        return Value::Timespan(static_cast<int64_t>(std::llround(static_cast<double>(a.i) / b.AsReal())));
      }
      if (ta == VType::Timespan && tb == VType::Timespan) return b.i == 0 ? Value::Null() : Value::Real(static_cast<double>(a.i) / static_cast<double>(b.i));
      return Value::Null();
    case Op::Mod:
      if (ta == VType::Long && tb == VType::Long) return b.i == 0 ? Value::Null() : Value::Long(a.i % b.i);
      if (a.IsNumeric() && b.IsNumeric()) return Value::Real(std::fmod(a.AsReal(), b.AsReal()));
      return Value::Null();
    default: return Value::Null();
  }
}

Value BoolOrNull(std::optional<bool> b) { return b ? Value::Bool(*b) : Value::Null(); }

}  // namespace

Value Executor::Eval(const Expr& e, const Relation& rel, size_t row) {
  switch (e.kind) {
    case ExprKind::Literal: return e.lit;
    case ExprKind::Name: {
      if (e.col >= 0) {
        Value tmp;
        const Value& v = rel.Get(static_cast<size_t>(e.col), row, tmp);
        return &v == &tmp ? std::move(tmp) : v;
      }
      if (e.cache) return *static_cast<const Value*>(e.cache.get());
      throw QueryException(e.pos, "internal: unbound name '" + e.name + "'");
    }
    case ExprKind::Member: return MemberOf(Eval(*e.args[0], rel, row), e.name);
    case ExprKind::Index: return IndexOf(Eval(*e.args[0], rel, row), Eval(*e.args[1], rel, row));
    case ExprKind::Unary: {
      Value a = Unwrap(Eval(*e.args[0], rel, row));
      if (a.type == VType::Long || a.type == VType::Timespan) { a.i = -a.i; return a; }
      if (a.type == VType::Real) { a.r = -a.r; return a; }
      return Value::Null();
    }
    case ExprKind::Between: {
      Value v = Eval(*e.args[0], rel, row);
      Value lo = Eval(*e.args[1], rel, row), hi = Eval(*e.args[2], rel, row);
      auto c1 = Compare(v, lo), c2 = Compare(v, hi);
      if (!c1 || !c2) return Value::Null();
      bool in = *c1 >= 0 && *c2 <= 0;
      return Value::Bool(in != e.negate);
    }
    case ExprKind::InList: {
      Value lhs = Unwrap(Eval(*e.args[0], rel, row));
      const InCache* cache = static_cast<const InCache*>(e.cache.get());
      InCache local;
      if (!cache) {
        for (size_t k = 1; k < e.args.size(); ++k) {
          Value v = Eval(*e.args[k], rel, row);
          if (v.type == VType::Dynamic && v.j->is_array())
            for (const auto& item : *v.j) local.items.push_back(Unwrap(Value::Dynamic(item)));
          else
            local.items.push_back(Unwrap(v));
        }
        local.all_strings = false;
        cache = &local;
      }
      if (e.op == Op::HasAny || e.op == Op::HasAll) {
        const std::string hay = ToText(lhs);
        bool all = true, any = false;
        for (const auto& n : cache->items) {
          bool h = HasTerm(hay, ToText(n), false, false);
          any = any || h;
          all = all && h;
          if (e.op == Op::HasAny && any) break;
        }
        return Value::Bool(e.op == Op::HasAny ? any : all);
      }
      const bool ci = e.op == Op::InCi;
      bool found = false;
      if (cache->all_strings && (lhs.type == VType::String || lhs.IsNull())) {
        if (ci) found = cache->texts.count(ToLowerAscii(lhs.s)) > 0;
        else found = cache->texts.count(lhs.s) > 0;
      } else {
        for (const auto& item : cache->items)
          if (Equal(lhs, item, ci).value_or(false)) { found = true; break; }
      }
      return Value::Bool(found != e.negate);
    }
    case ExprKind::Binary: {
      if (e.op == Op::And) {
        Value a = Eval(*e.args[0], rel, row);
        if (!IsTrue(a)) return Value::Bool(false);
        return Value::Bool(IsTrue(Eval(*e.args[1], rel, row)));
      }
      if (e.op == Op::Or) {
        if (IsTrue(Eval(*e.args[0], rel, row))) return Value::Bool(true);
        return Value::Bool(IsTrue(Eval(*e.args[1], rel, row)));
      }
      Value a = Eval(*e.args[0], rel, row);
      Value b = Eval(*e.args[1], rel, row);
      switch (e.op) {
        case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod: return Arith(e.op, a, b);
        case Op::Eq: return BoolOrNull(Equal(a, b));
        case Op::Ne: { auto r = Equal(a, b); return r ? Value::Bool(!*r) : Value::Null(); }
        case Op::EqCi: return BoolOrNull(Equal(a, b, true));
        case Op::NeCi: { auto r = Equal(a, b, true); return r ? Value::Bool(!*r) : Value::Null(); }
        case Op::Lt: { auto c = Compare(a, b); return c ? Value::Bool(*c < 0) : Value::Null(); }
        case Op::Le: { auto c = Compare(a, b); return c ? Value::Bool(*c <= 0) : Value::Null(); }
        case Op::Gt: { auto c = Compare(a, b); return c ? Value::Bool(*c > 0) : Value::Null(); }
        case Op::Ge: { auto c = Compare(a, b); return c ? Value::Bool(*c >= 0) : Value::Null(); }
        default: break;
      }
      const std::string hay = ToText(Unwrap(a));
      const std::string needle = ToText(Unwrap(b));
      bool r = false;
      switch (e.op) {
        case Op::Contains: r = ContainsText(hay, needle, false); break;
        case Op::ContainsCs: r = ContainsText(hay, needle, true); break;
        case Op::Has: r = HasTerm(hay, needle, false, false); break;
        case Op::HasCs: r = HasTerm(hay, needle, true, false); break;
        case Op::HasPrefix: r = HasTerm(hay, needle, false, true); break;
        case Op::StartsWith: r = StartsText(hay, needle, false); break;
        case Op::StartsWithCs: r = StartsText(hay, needle, true); break;
        case Op::EndsWith: r = EndsText(hay, needle, false); break;
        case Op::EndsWithCs: r = EndsText(hay, needle, true); break;
        case Op::MatchesRegex: {
          std::shared_ptr<std::regex> re = std::static_pointer_cast<std::regex>(e.cache);
          if (!re) re = CompileRegex(needle, e.args[1]->pos);
          CheckRegexInput(hay, e.pos);
          r = std::regex_search(hay, *re);
          break;
        }
        default: throw QueryException(e.pos, "internal: unhandled operator");
      }
      return Value::Bool(r != e.negate);
    }
    case ExprKind::Call: return CallFunction(*this, e, rel, row);
    case ExprKind::Star: throw QueryException(e.pos, "'*' is only allowed in arg_max/arg_min");
    case ExprKind::Tabular: throw QueryException(e.pos, "a tabular expression cannot be used as a value here; wrap it in toscalar()");
  }
  return Value::Null();
}

}  // namespace td::engine::kql
