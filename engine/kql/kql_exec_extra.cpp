// [SECTION] range
// [SECTION] search
// [SECTION] top-nested
//
// Operators added after the first engine: the `range` source, `search` (the simple forms: terms
// and predicates, as a source over tables or after a pipe) and `top-nested`.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <numeric>

#include "engine/kql/kql_exec.h"
#include "engine/kql/kql_functions.h"
#include "engine/kql/kql_key_ids.h"

namespace td::engine::kql {

// [SECTION] range

Relation Executor::RangeSource(const Pipeline& p) {
  const Value a = EvalConstant(*p.values[0]);
  const Value b = EvalConstant(*p.values[1]);
  const Value step = EvalConstant(*p.values[2]);
  std::vector<Value> data;
  auto count_of = [&](double from, double to, double st) -> size_t {
    if (st == 0) throw QueryException(p.values[2]->pos, "range needs a step other than 0");
    if ((st > 0 && from > to) || (st < 0 && from < to)) return 0;
    const double n = std::floor((to - from) / st) + 1;
    if (n > static_cast<double>(m_limits.max_rows)) CheckBudget(m_limits.max_rows + 1, 1, p.pos, "the range");
    return static_cast<size_t>(n);
  };
  std::string type_name;
  if (a.type == VType::Long && b.type == VType::Long && step.type == VType::Long) {
    const size_t n = count_of(static_cast<double>(a.i), static_cast<double>(b.i), static_cast<double>(step.i));
    data.reserve(n);
    for (size_t k = 0; k < n; ++k) data.push_back(Value::Long(a.i + static_cast<int64_t>(k) * step.i));
    type_name = "long";
  } else if ((a.type == VType::DateTime && b.type == VType::DateTime && step.type == VType::Timespan) ||
             (a.type == VType::Timespan && b.type == VType::Timespan && step.type == VType::Timespan)) {
    const size_t n = count_of(static_cast<double>(a.i), static_cast<double>(b.i), static_cast<double>(step.i));
    data.reserve(n);
    for (size_t k = 0; k < n; ++k) {
      const int64_t v = a.i + static_cast<int64_t>(k) * step.i;
      data.push_back(a.type == VType::DateTime ? Value::DateTime(v) : Value::Timespan(v));
    }
    type_name = a.type == VType::DateTime ? "datetime" : "timespan";
  } else if (a.IsNumeric() && b.IsNumeric() && step.IsNumeric()) {
    const size_t n = count_of(a.AsReal(), b.AsReal(), step.AsReal());
    data.reserve(n);
    for (size_t k = 0; k < n; ++k) data.push_back(Value::Real(a.AsReal() + static_cast<double>(k) * step.AsReal()));
    type_name = "real";
  } else {
    throw QueryException(p.values[0]->pos, "range needs numbers (range x from 1 to 10 step 1) or datetimes with a timespan step "
                                           "(range t from ago(1d) to now() step 1h); got " + std::string(VTypeName(a.type)) + ", " +
                                           std::string(VTypeName(b.type)) + " and " + std::string(VTypeName(step.type)));
  }
  CheckBudget(data.size(), 1, p.pos, "the range");
  Relation r;
  r.n = data.size();
  AddColumn(r, p.name, std::move(data));
  r.cols[0].type_name = type_name;
  r.cols[0].type = type_name == "long" ? VType::Long : type_name == "real" ? VType::Real
                 : type_name == "datetime" ? VType::DateTime : VType::Timespan;
  return r;
}

// [SECTION] search

namespace {

bool ContainsCi(std::string_view hay, std::string_view needle) {
  auto eq = [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); };
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), eq) != hay.end();
}

// A search term: whole-term match (as `has`), or with '*' at either end a substring match.
struct Term {
  std::string text;
  bool substring = false;
  explicit Term(std::string_view t) {
    substring = !t.empty() && (t.front() == '*' || t.back() == '*');
    while (!t.empty() && t.front() == '*') t.remove_prefix(1);
    while (!t.empty() && t.back() == '*') t.remove_suffix(1);
    text = std::string(t);
  }
  bool In(std::string_view hay) const { return substring ? ContainsCi(hay, text) : HasTerm(hay, text, false, false); }
};

bool IsTermNode(const Expr& e) { return e.kind == ExprKind::Literal && e.lit.type == VType::String; }

}  // namespace

Relation Executor::SearchOp(const TabOp& op, Relation in) {
  // Bind every part that is not a bare term: the terms match any column's text.
  std::function<void(Expr&)> bind = [&](Expr& e) {
    if (IsTermNode(e)) return;
    if (e.kind == ExprKind::Binary && (e.op == Op::And || e.op == Op::Or)) {
      bind(*e.args[0]);
      bind(*e.args[1]);
      return;
    }
    if (e.kind == ExprKind::Call && e.name == "not" && e.args.size() == 1) {
      bind(*e.args[0]);
      return;
    }
    Bind(e, in);
  };
  bind(*op.pred);
  std::vector<size_t> cols;  // every column but search's own $table
  for (size_t c = 0; c < in.cols.size(); ++c)
    if (in.cols[c].name != "$table") cols.push_back(c);
  std::string text;
  Value tmp;
  auto term_in_row = [&](const Term& t, size_t r) {
    for (size_t c : cols) {
      const Value& v = in.Get(c, r, tmp);
      if (v.IsNull()) continue;
      if (v.type == VType::String) {
        if (t.In(v.s)) return true;
        continue;
      }
      text.clear();
      AppendText(text, v);
      if (t.In(text)) return true;
    }
    return false;
  };
  std::function<bool(const Expr&, size_t)> match = [&](const Expr& e, size_t r) -> bool {
    if (IsTermNode(e)) return term_in_row(Term(e.lit.s), r);
    if (e.kind == ExprKind::Binary && e.op == Op::And) return match(*e.args[0], r) && match(*e.args[1], r);
    if (e.kind == ExprKind::Binary && e.op == Op::Or) return match(*e.args[0], r) || match(*e.args[1], r);
    if (e.kind == ExprKind::Call && e.name == "not" && e.args.size() == 1) return !match(*e.args[0], r);
    return IsTrue(Eval(e, in, r));
  };
  std::vector<uint32_t> keep;
  if (IsTermNode(*op.pred)) {
    const Term t(op.pred->lit.s);  // the common form: one term, parsed once
    for (size_t r = 0; r < in.n; ++r) {
      if ((r & 0xFFFF) == 0) CheckCancel();
      if (term_in_row(t, r)) keep.push_back(static_cast<uint32_t>(r));
    }
  } else {
    for (size_t r = 0; r < in.n; ++r) {
      if ((r & 0xFFFF) == 0) CheckCancel();
      if (match(*op.pred, r)) keep.push_back(static_cast<uint32_t>(r));
    }
  }
  m_strategy = "every row's columns scanned for the term(s), as has (or contains with '*')";
  return Subset(in, keep);
}

Relation Executor::SearchSource(const Pipeline& p) {
  std::vector<std::string> names;
  if (p.tables.empty()) {
    for (const auto& t : m_engine.Store().Tables()) names.push_back(t->Name());
  } else {
    for (const auto& t : p.tables) names.push_back(t->name);
  }
  std::vector<Relation> parts;
  std::vector<Value> table_col;
  ++m_depth;
  for (size_t k = 0; k < names.size(); ++k) {
    Relation r = TableSource(names[k], p.tables.empty() ? p.pos : p.tables[k]->pos, false, nullptr);
    r = SearchOp(p.ops[0], std::move(r));  // filter each table before the union (no wide union)
    table_col.insert(table_col.end(), r.n, Value::String(names[k]));
    parts.push_back(std::move(r));
  }
  --m_depth;
  Relation u = Union(std::move(parts), p.pos);
  AddColumn(u, "$table", std::move(table_col));
  std::rotate(u.cols.begin(), u.cols.end() - 1, u.cols.end());  // $table first, as Log Analytics shows it
  return u;
}

// [SECTION] top-nested

Relation Executor::TopNested(const TabOp& op, Relation in) {
  const size_t levels = op.items.size();
  std::vector<std::string> key_names, agg_names;
  std::vector<std::vector<uint32_t>> gid(levels);       // per level: group id of each input row
  std::vector<std::vector<uint32_t>> first(levels);     // per level and group: its first input row
  std::string key;
  Value tmp;
  for (size_t l = 0; l < levels; ++l) {
    Expr& e = *op.items[l].e;
    Bind(e, in);
    std::string name = op.items[l].named ? op.items[l].name : DefaultName(e);
    if (name.empty()) name = "Column" + std::to_string(l + 1);
    key_names.push_back(name);
    agg_names.push_back(op.by[l].named ? op.by[l].name : "aggregated_" + name);
    KeyIds ids;
    gid[l].resize(in.n);
    for (size_t r = 0; r < in.n; ++r) {
      key.clear();
      AppendKey(key, Unwrap(Eval(e, in, r)));
      const uint32_t g = ids.Insert(key);
      if (g == first[l].size()) first[l].push_back(static_cast<uint32_t>(r));
      gid[l][r] = g;
    }
  }
  const auto g_name = std::make_shared<Expr>();
  g_name->kind = ExprKind::Name;
  g_name->name = "__td_tn_group";
  g_name->pos = op.pos;
  // The aggregation of level l over `rows`, per group (by = true) or over all of them.
  auto aggregate = [&](size_t l, const std::vector<uint32_t>& rows, bool by) {
    Relation sub = Subset(in, rows);
    TabOp s;
    s.kind = OpKind::Summarize;
    s.pos = op.by[l].pos;
    NamedExpr item = op.by[l];
    item.name = "__td_tn_agg";
    item.named = true;
    s.items.push_back(item);
    if (by) {
      std::vector<Value> g;
      g.reserve(rows.size());
      for (uint32_t r : rows) g.push_back(Value::Long(gid[l][r]));
      AddColumn(sub, "__td_tn_group", std::move(g));
      NamedExpr b;
      b.e = g_name;
      b.pos = op.pos;
      s.by.push_back(b);
    }
    return Summarize(s, std::move(sub));
  };
  std::vector<std::vector<Value>> out;
  std::vector<Value> prefix;
  std::function<void(size_t, const std::vector<uint32_t>&)> level = [&](size_t l, const std::vector<uint32_t>& rows) {
    if (l == levels) {
      out.push_back(prefix);
      if (out.size() > m_limits.max_rows) CheckBudget(out.size(), 2 * levels, op.pos, "the top-nested");
      return;
    }
    Relation g = aggregate(l, rows, true);
    const int gc = g.Find("__td_tn_group"), ac = g.Find("__td_tn_agg");
    struct Group { uint32_t id; Value agg; Value key; };
    std::vector<Group> groups;
    for (size_t k = 0; k < g.n; ++k) {
      const auto id = static_cast<uint32_t>(g.Get(static_cast<size_t>(gc), k, tmp).i);
      Value agg = g.Get(static_cast<size_t>(ac), k, tmp);
      groups.push_back({id, std::move(agg), Eval(*op.items[l].e, in, first[l][id])});
    }
    const bool desc = op.sort[l].desc;
    std::stable_sort(groups.begin(), groups.end(), [&](const Group& x, const Group& y) {
      const int c = TotalOrder(x.agg, y.agg);
      if (c != 0) return desc ? c > 0 : c < 0;
      return TotalOrder(x.key, y.key) < 0;  // ties: by value, so the order never depends on the input order
    });
    const size_t n = op.counts[l] < 0 ? groups.size() : std::min(groups.size(), static_cast<size_t>(op.counts[l]));
    std::vector<std::vector<uint32_t>> members(groups.size());
    std::vector<size_t> slot(first[l].size(), SIZE_MAX);
    for (size_t k = 0; k < groups.size(); ++k) slot[groups[k].id] = k;
    std::vector<uint32_t> rest;
    for (uint32_t r : rows) {
      const size_t k = slot[gid[l][r]];
      if (k < n) members[k].push_back(r);
      else rest.push_back(r);
    }
    for (size_t k = 0; k < n; ++k) {
      prefix.push_back(groups[k].key);
      prefix.push_back(groups[k].agg);
      level(l + 1, members[k]);
      prefix.resize(prefix.size() - 2);
    }
    if (op.defaults[l] && !rest.empty()) {
      Relation all = aggregate(l, rest, false);
      prefix.push_back(EvalConstant(*op.defaults[l]));
      prefix.push_back(all.Get(static_cast<size_t>(all.Find("__td_tn_agg")), 0, tmp));
      level(l + 1, rest);
      prefix.resize(prefix.size() - 2);
    }
  };
  std::vector<uint32_t> all(in.n);
  std::iota(all.begin(), all.end(), 0u);
  level(0, all);
  Relation r;
  r.n = out.size();
  for (size_t l = 0; l < levels; ++l)
    for (int part = 0; part < 2; ++part) {
      std::vector<Value> data;
      data.reserve(out.size());
      for (const auto& row : out) data.push_back(row[2 * l + static_cast<size_t>(part)]);
      std::string name = part == 0 ? key_names[l] : agg_names[l];
      if (r.Find(name) >= 0) name += std::to_string(l + 1);
      AddColumn(r, name, std::move(data));
    }
  m_strategy = std::to_string(levels) + " level(s): each level a hash aggregate per parent group, groups ordered by the aggregate";
  return r;
}

}  // namespace td::engine::kql
