// [SECTION] Query and pipeline
// [SECTION] Sources
// [SECTION] where (time range, keyed predicate cache, generic)
// [SECTION] project / extend / project-away / rename / reorder
// [SECTION] sort / top / take / distinct / count
// [SECTION] join / union
// [SECTION] mv-expand / mv-apply / parse / evaluate
#include "engine/kql/kql_exec.h"
#include "engine/kql/kql_key_ids.h"

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <numeric>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_functions.h"

namespace td::engine::kql {

namespace {

// True when the expression reads no column (so it can be evaluated once).
bool IsConstant(const Expr& e) {
  if (e.kind == ExprKind::Name) return e.col < 0;
  if (e.kind == ExprKind::Star || e.kind == ExprKind::Tabular) return false;
  if (e.kind == ExprKind::Call && e.fn == static_cast<int>(Fn::ColumnIfExists) && e.col >= 0) return false;
  if (e.kind == ExprKind::Call && e.name == "toscalar") return true;
  if (e.kind == ExprKind::Call && (e.name == "row_number" || e.name == "prev" || e.name == "next")) return false;
  for (const auto& a : e.args)
    if (!IsConstant(*a)) return false;
  return true;
}

// `summarize count(), n = count() by A, B = C`: only plain count() aggregates, and plain
// columns (no expressions) as keys.
bool IsCountBy(const TabOp& op) {
  if (op.kind != OpKind::Summarize || op.items.empty()) return false;
  for (const auto& item : op.items)
    if (item.e->kind != ExprKind::Call || item.e->name != "count" || !item.e->args.empty()) return false;
  for (const auto& item : op.by)
    if (item.e->kind != ExprKind::Name) return false;
  return true;
}

bool HasRowFunction(const Expr& e) {
  if (e.kind == ExprKind::Call && (e.name == "row_number" || e.name == "prev" || e.name == "next")) return true;
  for (const auto& a : e.args)
    if (HasRowFunction(*a)) return true;
  return false;
}

void CollectColumns(const Expr& e, std::vector<int>& cols) {
  if (e.kind == ExprKind::Name && e.col >= 0) cols.push_back(e.col);
  if (e.kind == ExprKind::Call && e.fn == static_cast<int>(Fn::ColumnIfExists) && e.col >= 0) cols.push_back(e.col);
  if (e.kind == ExprKind::Call && e.name == "toscalar") return;
  for (const auto& a : e.args) CollectColumns(*a, cols);
}

void Conjuncts(Expr& e, std::vector<Expr*>& out) {
  if (e.kind == ExprKind::Binary && e.op == Op::And) {
    Conjuncts(*e.args[0], out);
    Conjuncts(*e.args[1], out);
  } else {
    out.push_back(&e);
  }
}

std::string UniqueName(const Relation& rel, const std::string& base) {
  if (rel.Find(base) < 0) return base;
  for (int k = 1;; ++k) {
    std::string n = base + std::to_string(k);
    if (rel.Find(n) < 0) return n;
  }
}

// The operator's text up to the next '|', ';' or closing ')' at its own nesting level, on one
// line and at most `max` bytes (strings and nested parentheses are skipped).
std::string Snippet(std::string_view text, const Pos& p, size_t max = 80) {
  if (p.offset >= text.size()) return {};
  size_t i = p.offset;
  int depth = 0;
  char quote = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') { if (depth-- == 0) break; }
    else if ((c == '|' || c == ';') && depth == 0) break;
  }
  std::string s(text.substr(p.offset, i - p.offset));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r')) s.pop_back();
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > max) s = s.substr(0, max - 3) + "...";
  return s;
}

}  // namespace

// [SECTION] Query and pipeline

const LetValue* Executor::FindLet(const std::string& name) const {
  auto it = m_lets.find(name);
  return it == m_lets.end() ? nullptr : &it->second;
}

const Relation& Executor::TabularLet(const std::string& name, const LetValue& lv) {
  if (!lv.cached) {
    auto start = std::chrono::steady_clock::now();
    ++m_depth;
    auto rel = std::make_shared<Relation>(RunPipeline(*lv.tab));
    --m_depth;
    m_lets[name].cached = rel;
    Note("let " + name, "evaluated once, reused by every reference", 0, rel->n, start);
    return *rel;
  }
  return *lv.cached;
}

Value Executor::EvalConstant(Expr& e) {
  Relation empty;
  empty.n = 1;
  Bind(e, empty);
  return Eval(e, empty, 0);
}

QueryResult Executor::RunQuery(const QueryAst& q) {
  for (const auto& l : q.lets) {
    LetValue lv;
    if (l.tab) {
      lv.tabular = true;
      lv.tab = l.tab;
    } else {
      lv.scalar = EvalConstant(*l.scalar);
    }
    m_lets[l.name] = lv;
  }
  Relation rel = RunPipeline(*q.body);
  if (rel.n > m_limits.max_result_rows)
    throw QueryException(Pos{}, "query stopped: the result has " + std::to_string(rel.n) + " rows, more than the " +
                                    std::to_string(m_limits.max_result_rows) +
                                    "-row result budget; add '| take N', or summarize");
  CheckBudget(rel.n, rel.cols.size(), Pos{}, "the result");
  QueryResult out;
  for (const auto& c : rel.cols) {
    std::string type = c.type_name.empty() ? std::string(VTypeName(c.type)) : c.type_name;
    if (type == "null") type = "string";
    out.columns.push_back({c.name, type});
  }
  out.rows.resize(rel.n);
  Value tmp;
  for (size_t r = 0; r < rel.n; ++r) {
    if ((r & 0xFFFF) == 0) CheckCancel();
    out.rows[r].reserve(rel.cols.size());
    for (size_t c = 0; c < rel.cols.size(); ++c) out.rows[r].push_back(rel.Get(c, r, tmp));
  }
  return out;
}

void Executor::Note(const std::string& op, const std::string& strategy, size_t in, size_t out,
                    std::chrono::steady_clock::time_point start) {
  if (!m_explain) return;
  PlanStep s;
  s.depth = m_depth;
  s.op = op;
  s.strategy = strategy;
  s.rows_in = in;
  s.rows_out = out;
  s.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  m_plan.push_back(std::move(s));
}

void Executor::CheckCancel() const {
  if (m_limits.cancel && m_limits.cancel->load(std::memory_order_relaxed))
    throw QueryException(Pos{}, "query cancelled");
}

void Executor::CheckBudget(size_t rows, size_t cols, const Pos& pos, const char* what, size_t sources) {
  CheckCancel();
  if (rows > m_limits.max_rows)
    throw QueryException(pos, std::string("query stopped: ") + what + " would hold more than " +
                                  std::to_string(m_limits.max_rows) +
                                  " rows (the row budget); narrow the inputs with where, summarize or take first");
  const size_t bytes = rows * (cols * sizeof(Value) + sources * sizeof(uint32_t));
  m_bytes += bytes;
  if (m_bytes > m_limits.max_bytes)
    throw QueryException(pos, std::string("query stopped: ") + what + " would need more than " +
                                  std::to_string(m_limits.max_bytes >> 20) +
                                  " MiB (the memory budget); narrow the inputs with where, summarize or take first");
}

Relation Executor::RunPipeline(const Pipeline& p, const Relation* implicit_input) {
  // A union followed by where: the filters also run on each leg before the legs are
  // materialised (they run again after the union, so a leg they cannot bind to loses nothing).
  m_pushdown.clear();
  if (p.source == SourceKind::Union)
    for (const auto& op : p.ops) {
      if (op.kind != OpKind::Where) break;
      m_pushdown.push_back(&op);
    }
  Relation rel = Source(p, implicit_input);
  // A search source has already run its search (ops[0]) on each table.
  for (size_t k = p.source == SourceKind::Search ? 1 : 0; k < p.ops.size(); ++k) {
    CheckCancel();
    const TabOp& op = p.ops[k];
    auto start = std::chrono::steady_clock::now();
    const size_t in = rel.n;
    m_strategy.clear();
    // A join whose rows are only counted needs no columns and no pair lists; one whose rows are
    // counted per columns of one side needs only that side's rows, weighted.
    m_after_join = op.kind == OpKind::Join && k + 1 < p.ops.size() ? &p.ops[k + 1] : nullptr;
    rel = ApplyOp(op, std::move(rel));
    m_after_join = nullptr;
    Note("| " + Snippet(m_text, op.pos), m_strategy, in, rel.n, start);
  }
  return rel;
}

// [SECTION] Sources

Relation Executor::TableSource(const std::string& name, const Pos& pos, bool fuzzy, bool* missing) {
  if (missing) *missing = false;
  if (const LetValue* lv = FindLet(name)) {
    if (!lv->tabular) throw QueryException(pos, "'" + name + "' is a scalar, not a table");
    return TabularLet(name, *lv);
  }
  const LogTable* t = m_engine.Store().Find(name);
  if (!t) {
    if (fuzzy) {
      if (missing) *missing = true;
      return Relation{};
    }
    std::vector<std::string> cands;
    for (const auto& tb : m_engine.Store().Tables()) cands.push_back(tb->Name());
    for (const auto& [n, v] : m_lets) if (v.tabular) cands.push_back(n);
    throw QueryException(pos, "unknown table '" + name + "'", ClosestName(name, cands));
  }
  auto start = std::chrono::steady_clock::now();
  auto vis = m_engine.ViewFor(*t);
  Relation rel;
  rel.srcs.resize(1);
  SourceRows& sr = rel.srcs[0];
  sr.table = t;
  if (vis) {
    TableView view(*t, *vis);
    if (view.TableVisible()) {
      // The licence gate keeps the whole range when it hides no row (the viewer owns every
      // feature, or no row in range needs one it lacks): no row ids to build.
      size_t first_hidden = view.Begin();
      if (t->GateField() < 0 || vis->features == ~0u) first_hidden = view.End();
      while (first_hidden < view.End() && view.RowVisible(first_hidden)) ++first_hidden;
      if (first_hidden == view.End()) {
        sr.identity = true;
        sr.base = static_cast<uint32_t>(view.Begin());
        rel.n = view.End() - view.Begin();
      } else {
        auto& ids = sr.Fresh();
        ids.reserve(view.End() - view.Begin());
        for (size_t r = view.Begin(); r < view.End(); ++r)
          if (r < first_hidden || view.RowVisible(r)) ids.push_back(static_cast<uint32_t>(r));
      }
    }
  }
  if (!sr.identity) rel.n = sr.ids ? sr.ids->size() : 0;
  const auto& defs = t->Columns();
  for (size_t c = 0; c < defs.size(); ++c) {
    RelColumn col;
    col.name = defs[c].name;
    col.type = VTypeOf(defs[c].type);
    col.type_name = std::string(TypeName(defs[c].type));
    col.set = 0;
    col.src = static_cast<int>(c);
    if (defs[c].by_key && (col.type == VType::String || col.type == VType::Dynamic))
      col.key_cache = std::make_shared<std::unordered_map<uint64_t, Value>>();
    rel.cols.push_back(std::move(col));
  }
  Note("scan " + name, vis ? "visible rows by time range (binary search) and licence gate" : "table hidden by the licence",
       t->RowCount(), rel.n, start);
  return rel;
}

Relation Executor::Source(const Pipeline& p, const Relation* implicit_input) {
  switch (p.source) {
    case SourceKind::Implicit: return *implicit_input;
    case SourceKind::Table: return TableSource(p.name, p.pos, false, nullptr);
    case SourceKind::Range: return RangeSource(p);
    case SourceKind::Search: return SearchSource(p);
    case SourceKind::Sub: {
      ++m_depth;
      Relation r = RunPipeline(*p.sub);
      --m_depth;
      return r;
    }
    case SourceKind::Union: {
      const std::vector<const TabOp*> pushed = std::move(m_pushdown);
      m_pushdown.clear();
      std::vector<Relation> parts;
      ++m_depth;
      for (const auto& t : p.tables) {
        bool missing = false;
        Relation r;
        if (t->ops.empty() && t->source == SourceKind::Table) {
          r = TableSource(t->name, t->pos, p.fuzzy, &missing);
          if (missing) continue;
        } else {
          r = RunPipeline(*t);
        }
        for (const TabOp* w : pushed) {
          try {
            auto start = std::chrono::steady_clock::now();
            const size_t before = r.n;
            m_strategy.clear();
            Relation filtered = Where(*w, r);
            Note("| " + Snippet(m_text, w->pos) + "   (pushed into the union leg)", m_strategy, before, filtered.n, start);
            r = std::move(filtered);
          } catch (const QueryException&) {
            // Not applicable to this leg (a column it lacks): the where after the union decides.
          }
        }
        parts.push_back(std::move(r));
      }
      --m_depth;
      auto start = std::chrono::steady_clock::now();
      m_strategy.clear();
      Relation u = Union(std::move(parts), p.pos);
      Note("union", m_strategy, u.n, u.n, start);
      return u;
    }
    case SourceKind::Print: {
      Relation r;
      r.n = 1;
      int k = 0;
      for (const auto& item : p.print) {
        Expr& e = *item.e;
        Bind(e, r);
        Value v = Eval(e, r, 0);
        std::string name = item.named ? item.name : "print_" + std::to_string(k);
        ++k;
        AddColumn(r, name, {v});
      }
      return r;
    }
    case SourceKind::Datatable: {
      Relation r;
      const size_t nc = p.schema.size();
      if (nc == 0 || p.values.size() % nc != 0)
        throw QueryException(p.pos, "datatable has " + std::to_string(p.values.size()) + " values, not a multiple of its " +
                                        std::to_string(nc) + " columns");
      r.n = p.values.size() / nc;
      Relation empty;
      empty.n = 1;
      for (size_t c = 0; c < nc; ++c) {
        RelColumn col;
        col.name = p.schema[c].name;
        col.type = p.schema[c].to_type;
        col.type_name = std::string(VTypeName(col.type));
        for (size_t row = 0; row < r.n; ++row) {
          Expr& e = *p.values[row * nc + c];
          Bind(e, empty);
          col.data.push_back(ConvertTo(Eval(e, empty, 0), col.type));
        }
        r.cols.push_back(std::move(col));
      }
      return r;
    }
    case SourceKind::Externaldata: {
      // No network in the simulator: the table has its declared columns and no rows.
      Relation r;
      for (const auto& c : p.schema) {
        RelColumn col;
        col.name = c.name;
        col.type = c.to_type;
        col.type_name = std::string(VTypeName(c.to_type));
        r.cols.push_back(std::move(col));
      }
      Note("externaldata", "no network: an empty table with the declared columns", 0, 0, std::chrono::steady_clock::now());
      return r;
    }
  }
  return {};
}

Relation Executor::ApplyOp(const TabOp& op, Relation in) {
  switch (op.kind) {
    case OpKind::Where: return Where(op, std::move(in));
    case OpKind::Project: return Project(op, std::move(in), false);
    case OpKind::Extend: return op.tuple.empty() ? Project(op, std::move(in), true) : TupleExtend(op, std::move(in));
    case OpKind::ProjectAway: case OpKind::ProjectKeep: case OpKind::ProjectRename: case OpKind::ProjectReorder:
      return ProjectNames(op, std::move(in));
    case OpKind::Summarize: return Summarize(op, std::move(in));
    case OpKind::Sort: return Sort(op, std::move(in), -1);
    case OpKind::Top: {
      Value n = EvalConstant(*op.pred);
      if (n.type != VType::Long || n.i < 0) throw QueryException(op.pred->pos, "top needs a whole number of rows");
      return Sort(op, std::move(in), n.i);
    }
    case OpKind::Take: {
      Value n = EvalConstant(*op.pred);
      if (n.type != VType::Long || n.i < 0) throw QueryException(op.pred->pos, "take needs a whole number of rows");
      if (static_cast<size_t>(n.i) >= in.n) return in;
      std::vector<uint32_t> idx(static_cast<size_t>(n.i));
      std::iota(idx.begin(), idx.end(), 0u);
      return Subset(in, idx);
    }
    case OpKind::Distinct: return Distinct(op, std::move(in));
    case OpKind::Count: {
      Relation r;
      r.n = 1;
      AddColumn(r, "Count", {Value::Long(static_cast<int64_t>(in.n))});
      r.cols[0].type_name = "long";
      return r;
    }
    case OpKind::Join: return Join(op, std::move(in));
    case OpKind::Union: {
      std::vector<Relation> parts;
      parts.push_back(std::move(in));
      ++m_depth;
      for (const auto& t : op.tables) {
        bool missing = false;
        if (t->ops.empty() && t->source == SourceKind::Table) {
          Relation r = TableSource(t->name, t->pos, op.fuzzy, &missing);
          if (!missing) parts.push_back(std::move(r));
        } else {
          parts.push_back(RunPipeline(*t));
        }
      }
      --m_depth;
      return Union(std::move(parts), op.pos);
    }
    case OpKind::MvExpand: return MvExpand(op, std::move(in));
    case OpKind::MvApply: return MvApply(op, std::move(in));
    case OpKind::Parse: return Parse(op, std::move(in));
    case OpKind::Evaluate: return Evaluate(op, std::move(in));
    case OpKind::Serialize: {
      if (op.items.empty()) return in;
      TabOp ext = op;
      ext.kind = OpKind::Extend;
      return Project(ext, std::move(in), true);
    }
    case OpKind::Getschema: return Getschema(in);
    case OpKind::MakeSeries: return MakeSeries(op, std::move(in));
    case OpKind::AsName: return in;
    case OpKind::Search: return SearchOp(op, std::move(in));
    case OpKind::TopNested: return TopNested(op, std::move(in));
  }
  return in;
}

// [SECTION] where

namespace {

bool HasNullRows(const SourceRows& sr) { return sr.HasNull(); }

// Appends every position p in [lo, hi) whose byte data[p] is one of `values` (at most four) to
// `out`, in order: 16 bytes per step where the CPU has SSE2, then byte by byte.
template <typename Cancel>
void ScanBytes(const uint8_t* data, size_t lo, size_t hi, const std::vector<uint8_t>& values, std::vector<uint32_t>& out, Cancel&& cancel) {
  if (values.empty()) return;
  size_t r = lo;
#if defined(__SSE2__)
  __m128i want[4];
  for (size_t i = 0; i < 4; ++i) want[i] = _mm_set1_epi8(static_cast<char>(values[std::min(i, values.size() - 1)]));
  for (; r + 16 <= hi; r += 16) {
    if ((r & 0x3FFFF) < 16) cancel();
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + r));
    __m128i m = _mm_cmpeq_epi8(x, want[0]);
    if (values.size() > 1) m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, want[1]), _mm_or_si128(_mm_cmpeq_epi8(x, want[2]), _mm_cmpeq_epi8(x, want[3]))));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(m));
    while (mask) {
      out.push_back(static_cast<uint32_t>(r + static_cast<size_t>(__builtin_ctz(mask))));
      mask &= mask - 1;
    }
  }
#endif
  for (; r < hi; ++r)
    if (std::find(values.begin(), values.end(), data[r]) != values.end()) out.push_back(static_cast<uint32_t>(r));
}

}  // namespace

Relation Executor::Where(const TabOp& op, Relation in) {
  Expr& pred = *op.pred;
  Bind(pred, in);
  {
    const VType t = StaticType(pred, in);
    if (t != VType::Null && t != VType::Bool)
      throw QueryException(pred.pos, "the where condition is a " + std::string(VTypeName(t)) +
                                         ", not a bool (compare it: == \"…\", isnotempty(…), > 0)");
  }
  std::vector<Expr*> conj;
  Conjuncts(pred, conj);
  // Candidate positions [lo, hi), narrowed by time ranges, then a selection vector.
  size_t lo = 0, hi = in.n;
  std::vector<std::string> notes;
  std::vector<int8_t> clean(in.srcs.size(), -1);  // per source: 1 when it has no null rows
  auto source_clean = [&](int set) {
    auto& c = clean[static_cast<size_t>(set)];
    if (c < 0) c = HasNullRows(in.srcs[static_cast<size_t>(set)]) ? 0 : 1;
    return c == 1;
  };
  struct Keyed { Expr* e; RawKey key; std::vector<int> cols; };
  std::vector<Keyed> keyed;
  std::vector<Expr*> generic;
  for (Expr* c : conj) {
    // 1. A time range on the table's time column (field 0): binary search over the row ids.
    if ((c->kind == ExprKind::Binary || c->kind == ExprKind::Between) && !c->negate) {
      const Expr* col = c->args[0].get();
      const RelColumn* rc = col->kind == ExprKind::Name && col->col >= 0 ? &in.cols[static_cast<size_t>(col->col)] : nullptr;
      const ColumnDef* d = rc ? in.DefOf(*rc) : nullptr;
      const bool cmp = c->kind == ExprKind::Between || c->op == Op::Gt || c->op == Op::Ge || c->op == Op::Lt || c->op == Op::Le;
      bool consts = true;
      for (size_t k = 1; k < c->args.size(); ++k) consts = consts && IsConstant(*c->args[k]);
      if (d && d->by_key && d->key_field == 0 && rc->type == VType::DateTime && cmp && consts && source_clean(rc->set)) {
        const SourceRows& sr = in.srcs[static_cast<size_t>(rc->set)];
        const LogTable* t = sr.table;
        const bool sorted = sr.identity || std::is_sorted(sr.ids->begin() + static_cast<long>(lo), sr.ids->begin() + static_cast<long>(hi));
        Value a = Unwrap(Eval(*c->args[1], in, 0));
        Value b = c->kind == ExprKind::Between ? Unwrap(Eval(*c->args[2], in, 0)) : Value();
        const bool typed = (a.type == VType::DateTime || a.IsNull()) &&
                           (c->kind != ExprKind::Between || b.type == VType::DateTime || b.IsNull());
        if (sorted && typed) {
          // First position in [lo, hi) whose row time fails `below` (times ascend with position).
          auto search = [&](auto below) {
            size_t first = lo, last = hi;
            while (first < last) {
              const size_t mid = first + (last - first) / 2;
              if (below(t->Time(sr.Row(mid)))) first = mid + 1; else last = mid;
            }
            return first;
          };
          auto first_ge = [&](int64_t x) { return search([x](int64_t v) { return v < x; }); };
          auto first_gt = [&](int64_t x) { return search([x](int64_t v) { return v <= x; }); };
          if (a.IsNull() || (c->kind == ExprKind::Between && b.IsNull())) hi = lo;
          else if (c->kind == ExprKind::Between) { size_t nlo = first_ge(a.i), nhi = first_gt(b.i); lo = nlo; hi = std::max(nlo, nhi); }
          else if (c->op == Op::Gt) lo = first_gt(a.i);
          else if (c->op == Op::Ge) lo = first_ge(a.i);
          else if (c->op == Op::Lt) hi = first_ge(a.i);
          else hi = first_gt(a.i);
          if (hi < lo) hi = lo;
          notes.push_back("time range by binary search");
          continue;
        }
      }
    }
    // 2. A predicate on columns that share one raw store key (keyed columns of one field, or
    //    derived columns that declare the fields they read): evaluated once per distinct key.
    std::vector<int> cols;
    CollectColumns(*c, cols);
    bool is_keyed = !cols.empty() && !HasRowFunction(*c);
    RawKey rk;
    for (int ci : cols) {
      const RelColumn& rc = in.cols[static_cast<size_t>(ci)];
      RawKey k;
      if (rc.set < 0 || !source_clean(rc.set) || !RawKeyOf(in, rc, k) || (!rk.parts.empty() && (k.set != rk.set || k.fields != rk.fields))) {
        is_keyed = false;
        break;
      }
      if (rk.parts.empty()) rk = std::move(k);
      else rk.domain = std::max(rk.domain, k.domain);
    }
    if (is_keyed) keyed.push_back({c, std::move(rk), cols});
    else generic.push_back(c);
  }
  // The selection: the whole range [lo, hi) until a filter narrows it to a list of positions.
  bool ranged = true;
  std::vector<uint32_t> sel;
  auto filter = [&](auto&& pass) {
    if (ranged) {
      for (size_t r = lo; r < hi; ++r)
        if (pass(static_cast<uint32_t>(r))) sel.push_back(static_cast<uint32_t>(r));
      ranged = false;
    } else {
      size_t w = 0;
      for (uint32_t r : sel)
        if (pass(r)) sel[w++] = r;
      sel.resize(w);
    }
  };
  for (const Keyed& k : keyed) {
    const SourceRows& sr = *k.key.sr;
    // Keys below the domain (operation codes, pool codes, user numbers) keep their verdict in a
    // flat table; others in a hash map, until the keys turn out to rarely repeat.
    const uint64_t domain = k.key.domain;
    std::vector<int8_t> dense;
    if (domain > 0 && domain <= (1u << 22)) dense.assign(domain, -1);
    RawIds cache;
    size_t evaluated = 0, seen = 0;
    bool caching = true;
    auto slow = [&](uint64_t key, uint32_t r) -> bool {
      if (caching) {
        const uint32_t pass = cache.FindOrAdd(key, [&] { ++evaluated; return IsTrue(Eval(*k.e, in, r)) ? 1u : 0u; });
        // Keys that rarely repeat (a per-row id): stop caching.
        if (++seen == 65536 && evaluated > seen / 2) { caching = false; cache = RawIds(); }
        return pass == 1;
      }
      return IsTrue(Eval(*k.e, in, r));
    };
    // A small domain of keyed columns (operation codes, result codes): the predicate is
    // evaluated once per key up front, on the values the columns' readers give for it, so the
    // scan below needs no check for a key not yet seen. A predicate that fails on a key no row
    // may hold falls back to deciding each key on first sight.
    std::vector<uint8_t> passing;  // the keys that pass, when all are known
    bool complete = false;
    if (!dense.empty() && dense.size() <= 4096 && dense.size() * 8 <= hi - lo) {
      Relation probe;
      probe.n = dense.size();
      probe.cols.resize(in.cols.size());
      bool all_keyed = true;
      for (int ci : k.cols) {
        const RelColumn& rc = in.cols[static_cast<size_t>(ci)];
        const ColumnDef* d = in.DefOf(rc);
        if (!d || !d->by_key) { all_keyed = false; break; }
        RelColumn& pc = probe.cols[static_cast<size_t>(ci)];
        pc.name = rc.name;
        pc.type = rc.type;
        pc.type_name = rc.type_name;
        pc.data.reserve(dense.size());
        Cell cell;
        for (uint64_t key = 0; key < dense.size(); ++key) {
          d->by_key(key, cell);
          pc.data.push_back(FromCell(cell, d->type));
        }
      }
      if (all_keyed) {
        try {
          for (uint64_t key = 0; key < dense.size(); ++key) dense[key] = IsTrue(Eval(*k.e, probe, key)) ? 1 : 0;
          complete = true;
        } catch (const QueryException&) {
          std::fill(dense.begin(), dense.end(), int8_t{-1});
        }
      }
      if (complete)
        for (uint64_t key = 0; key < dense.size() && passing.size() <= 4; ++key)
          if (dense[key] == 1) passing.push_back(static_cast<uint8_t>(key));
    }
    if (complete && ranged && sr.identity && k.key.Single() && k.key.parts[0].width == 1 && dense.size() <= 256 && passing.size() <= 4) {
      // One-byte keys and at most four passing values: compare 16 keys at a time.
      ScanBytes(k.key.parts[0].data + sr.base, lo, hi, passing, sel, [this] { CheckCancel(); });
      ranged = false;
      notes.push_back("predicate decided per key (" + std::to_string(dense.size()) + " keys), then a 16-byte vector scan of field '" +
                      sr.table->FieldInfo(static_cast<size_t>(k.key.fields[0])).name + "' for " + std::to_string(passing.size()) + " passing key(s)");
      continue;
    }
    WithRowMap(sr, [&](auto row_of) { WithKeyReader(k.key, [&](auto read) {
      if (!dense.empty() && ranged) {
        // The common first filter over a whole range: no branch on the verdict. Positions are
        // written to a small buffer and kept by adding the verdict (0 or 1) to its length.
        int8_t* verdict = dense.data();
        const uint64_t nd = dense.size();
        uint32_t buf[2048];
        for (size_t b = lo; b < hi; b += 2048) {
          if (((b - lo) & 0x3FFFF) == 0) CheckCancel();
          const size_t e = std::min(hi, b + 2048);
          size_t w = 0;
          for (size_t r = b; r < e; ++r) {
            const uint32_t row = row_of(r);
            const uint64_t key = read(row);
            uint32_t v;
            if (key < nd) [[likely]] {
              int8_t s = verdict[key];
              if (s < 0) [[unlikely]] s = verdict[key] = IsTrue(Eval(*k.e, in, static_cast<uint32_t>(r))) ? 1 : 0;
              v = static_cast<uint32_t>(s);
            } else {
              v = slow(key, static_cast<uint32_t>(r)) ? 1u : 0u;
            }
            buf[w] = static_cast<uint32_t>(r);
            w += v;
          }
          sel.insert(sel.end(), buf, buf + w);
        }
        ranged = false;
        return;
      }
      filter([&](uint32_t r) {
        const uint64_t key = read(row_of(r));
        if (key < dense.size()) {
          int8_t& slot = dense[key];
          if (slot < 0) slot = IsTrue(Eval(*k.e, in, r)) ? 1 : 0;
          return slot == 1;
        }
        return slow(key, r);
      });
    }); });
    std::string fields;
    for (int f : k.key.fields) fields += (fields.empty() ? "'" : ", '") + sr.table->FieldInfo(static_cast<size_t>(f)).name + "'";
    notes.push_back(std::string(caching ? "predicate cached per key of field" : "predicate per row (keys rarely repeat) on field") +
                    (k.key.fields.size() > 1 ? "s " : " ") + fields);
  }
  if (!generic.empty()) {
    filter([&](uint32_t r) {
      for (Expr* c : generic)
        if (!IsTrue(Eval(*c, in, r))) return false;
      return true;
    });
    notes.push_back(std::to_string(generic.size()) + " predicate(s) evaluated per row");
  }
  for (size_t k = 0; k < notes.size(); ++k) m_strategy += (k ? "; " : "") + notes[k];
  if (ranged) {
    if (lo == 0 && hi == in.n) return in;
    sel.resize(hi - lo);
    std::iota(sel.begin(), sel.end(), static_cast<uint32_t>(lo));
  }
  if (sel.size() == in.n) return in;
  return Subset(in, sel);
}

// [SECTION] project / extend

Relation Executor::Project(const TabOp& op, Relation in, bool extend) {
  Relation out;
  out.srcs = in.srcs;
  out.n = in.n;
  if (extend) out.cols = in.cols;
  int unnamed = 0;
  for (const auto& item : op.items) {
    Expr& e = *item.e;
    Relation& ctx = extend ? out : in;
    if (!extend && !item.named && e.kind == ExprKind::Name) {
      // A plain column keeps its storage (no copy).
      int c = in.Find(e.name);
      if (c < 0) {
        std::vector<std::string> cands = in.Names();
        throw QueryException(e.pos, "unknown column '" + e.name + "'", ClosestName(e.name, cands));
      }
      if (out.Find(e.name) < 0) out.cols.push_back(in.cols[static_cast<size_t>(c)]);
      continue;
    }
    if (e.kind == ExprKind::Star) throw QueryException(e.pos, "'*' is not allowed here");
    Bind(e, ctx);
    std::string name = item.named ? item.name : DefaultName(e);
    if (name.empty()) name = "Column" + std::to_string(++unnamed);
    if (!item.named && e.kind == ExprKind::Name && e.col >= 0) {
      RelColumn copy = ctx.cols[static_cast<size_t>(e.col)];
      copy.name = name;
      int at = out.Find(name);
      if (at >= 0) out.cols[static_cast<size_t>(at)] = std::move(copy);
      else out.cols.push_back(std::move(copy));
      continue;
    }
    if (e.kind == ExprKind::Name && e.col >= 0) {  // a rename: keep the storage
      RelColumn copy = ctx.cols[static_cast<size_t>(e.col)];
      copy.name = name;
      int at = out.Find(name);
      if (at >= 0) out.cols[static_cast<size_t>(at)] = std::move(copy);
      else out.cols.push_back(std::move(copy));
      continue;
    }
    CheckBudget(in.n, 1, item.pos, (std::string(extend ? "extend" : "project") + " of " + name).c_str());
    std::vector<Value> data;
    data.reserve(in.n);
    if (IsConstant(e)) {
      Value v = Eval(e, ctx, 0);
      data.assign(in.n, v);
    } else {
      for (size_t r = 0; r < in.n; ++r) data.push_back(Eval(e, ctx, r));
    }
    AddColumn(out, name, std::move(data));
  }
  return out;
}

Relation Executor::ProjectNames(const TabOp& op, Relation in) {
  if (op.kind == OpKind::ProjectRename) {
    for (const auto& item : op.items) {
      int c = in.Find(item.e->name);
      if (c < 0) throw QueryException(item.e->pos, "unknown column '" + item.e->name + "'", ClosestName(item.e->name, in.Names()));
      int clash = in.Find(item.name);
      if (clash >= 0 && clash != c) in.cols.erase(in.cols.begin() + clash), c = in.Find(item.e->name);
      in.cols[static_cast<size_t>(c)].name = item.name;
    }
    return in;
  }
  std::vector<bool> matched(in.cols.size(), false);
  std::vector<size_t> order;
  for (size_t k = 0; k < op.names.size(); ++k) {
    const std::string& pat = op.names[k];
    bool any = false;
    for (size_t c = 0; c < in.cols.size(); ++c) {
      if (GlobMatch(pat, in.cols[c].name)) {
        any = true;
        if (!matched[c]) order.push_back(c);
        matched[c] = true;
      }
    }
    if (!any && pat.find('*') == std::string::npos)
      throw QueryException(op.name_pos[k], "unknown column '" + pat + "'", ClosestName(pat, in.Names()));
  }
  Relation out;
  out.srcs = std::move(in.srcs);
  out.n = in.n;
  if (op.kind == OpKind::ProjectAway) {
    for (size_t c = 0; c < in.cols.size(); ++c)
      if (!matched[c]) out.cols.push_back(std::move(in.cols[c]));
  } else if (op.kind == OpKind::ProjectKeep) {
    for (size_t c = 0; c < in.cols.size(); ++c)
      if (matched[c]) out.cols.push_back(std::move(in.cols[c]));
  } else {  // reorder
    for (size_t c : order) out.cols.push_back(in.cols[c]);
    for (size_t c = 0; c < in.cols.size(); ++c)
      if (!matched[c]) out.cols.push_back(std::move(in.cols[c]));
  }
  return out;
}

// [SECTION] sort / top / distinct

Relation Executor::Sort(const TabOp& op, Relation in, int64_t top) {
  std::vector<std::vector<Value>> keys(op.sort.size());
  for (size_t k = 0; k < op.sort.size(); ++k) {
    Expr& e = *op.sort[k].e;
    Bind(e, in);
    keys[k].reserve(in.n);
    for (size_t r = 0; r < in.n; ++r) keys[k].push_back(Eval(e, in, r));
  }
  std::vector<uint32_t> idx(in.n);
  std::iota(idx.begin(), idx.end(), 0u);
  auto less = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < op.sort.size(); ++k) {
      const Value& va = keys[k][a];
      const Value& vb = keys[k][b];
      const bool desc = op.sort[k].desc;
      const bool nulls_first = op.sort[k].nulls == 1 || (op.sort[k].nulls == 0 && !desc);
      const bool na = va.IsNull() || (va.type == VType::Dynamic && va.j->is_null());
      const bool nb = vb.IsNull() || (vb.type == VType::Dynamic && vb.j->is_null());
      if (na != nb) return nulls_first ? na : nb;
      if (na) continue;
      int c = TotalOrder(va, vb);
      if (c != 0) return desc ? c > 0 : c < 0;
    }
    return a < b;
  };
  if (top >= 0 && static_cast<size_t>(top) < idx.size()) {
    std::partial_sort(idx.begin(), idx.begin() + top, idx.end(), less);
    idx.resize(static_cast<size_t>(top));
    m_strategy = "partial sort for the top " + std::to_string(top);
  } else {
    std::sort(idx.begin(), idx.end(), less);
    m_strategy = "sort";
  }
  return Subset(in, idx);
}

Relation Executor::Distinct(const TabOp& op, Relation in) {
  Relation proj;
  if (!op.names.empty()) {
    proj = std::move(in);
  } else {
    TabOp p = op;
    p.kind = OpKind::Project;
    proj = Project(p, std::move(in), false);
  }
  std::unordered_set<std::string> seen;
  std::vector<uint32_t> keep;
  std::string key;
  Value tmp;
  for (size_t r = 0; r < proj.n; ++r) {
    key.clear();
    for (size_t c = 0; c < proj.cols.size(); ++c) AppendKey(key, Unwrap(proj.Get(c, r, tmp)));
    if (seen.insert(key).second) keep.push_back(static_cast<uint32_t>(r));
  }
  m_strategy = "hash set over the listed columns";
  return Subset(proj, keep);
}

Relation Executor::Getschema(const Relation& in) {
  Relation r;
  r.n = in.cols.size();
  std::vector<Value> name, ord, type;
  for (size_t c = 0; c < in.cols.size(); ++c) {
    name.push_back(Value::String(in.cols[c].name));
    ord.push_back(Value::Long(static_cast<int64_t>(c)));
    type.push_back(Value::String(in.cols[c].type_name.empty() ? std::string(VTypeName(in.cols[c].type)) : in.cols[c].type_name));
  }
  AddColumn(r, "ColumnName", std::move(name));
  AddColumn(r, "ColumnOrdinal", std::move(ord));
  AddColumn(r, "ColumnType", std::move(type));
  return r;
}

// [SECTION] join / union

Relation Executor::Join(const TabOp& op, Relation left) {
  const TabOp* next = std::exchange(m_after_join, nullptr);  // not for the right side's own pipeline
  const bool count_only = next && (next->kind == OpKind::Count || (IsCountBy(*next) && next->by.empty()));
  const TabOp* count_by = next && IsCountBy(*next) && !next->by.empty() ? next : nullptr;
  ++m_depth;
  Relation right = RunPipeline(*op.right);
  --m_depth;
  std::vector<size_t> lk, rk;
  for (const auto& k : op.keys) {
    int a = left.Find(k.left), b = right.Find(k.right);
    if (a < 0) throw QueryException(k.left_pos, "join key '" + k.left + "' is not a column of the left side", ClosestName(k.left, left.Names()));
    if (b < 0) throw QueryException(k.right_pos, "join key '" + k.right + "' is not a column of the right side", ClosestName(k.right, right.Names()));
    lk.push_back(static_cast<size_t>(a));
    rk.push_back(static_cast<size_t>(b));
  }
  // Each row's key tuple becomes an id (equal tuples, equal ids). A single keyed store column
  // computes its key text once per distinct store key, not once per row.
  constexpr uint32_t kNone = UINT32_MAX;
  static_assert(KeyIds::kMissing == kNone);
  KeyIds ids;  // key bytes (AppendKey) → id, shared by both sides
  auto key_ids = [&](const Relation& rel, const std::vector<size_t>& cols, bool insert) {
    std::vector<uint32_t> out(rel.n, kNone);
    std::string key;
    Value tmp;
    auto id_of_key = [&]() { return insert ? ids.Insert(key) : ids.Find(key); };
    auto id_of_row = [&](size_t r) -> uint32_t {
      key.clear();
      for (size_t c : cols) {
        Value v = Unwrap(rel.Get(c, r, tmp));
        if (v.IsNull()) return kNone;
        AppendKey(key, v);
      }
      return id_of_key();
    };
    const RelColumn* rc = cols.size() == 1 ? &rel.cols[cols[0]] : nullptr;
    const ColumnDef* d = rc ? rel.DefOf(*rc) : nullptr;
    if (d && d->by_key && d->key_field > 0 && !HasNullRows(rel.srcs[static_cast<size_t>(rc->set)])) {
      const SourceRows& sr = rel.srcs[static_cast<size_t>(rc->set)];
      const FieldVector& fv = sr.table->FieldData(static_cast<size_t>(d->key_field));
      // The key bytes come straight from the column's reader, once per distinct store key: a
      // string cell is AppendKey's string form without building a Value (no allocation).
      Cell cell;
      auto id_of_store_key = [&](uint64_t raw) -> uint32_t {
        d->by_key(raw, cell);
        if (cell.kind == Cell::Kind::String && VTypeOf(d->type) == VType::String) {
          key.assign(1, static_cast<char>('0' + static_cast<int>(VType::String)));
          key += cell.s;
          key.push_back('\0');
          return id_of_key();
        }
        Value v = Unwrap(FromCell(cell, d->type));
        if (v.IsNull()) return kNone;
        key.clear();
        AppendKey(key, v);
        return id_of_key();
      };
      std::unordered_map<uint64_t, uint32_t> cache;
      std::vector<uint32_t> dense;
      const uint32_t kUnset = kNone - 1;
      const uint32_t* row_ids = sr.identity ? nullptr : sr.Data();
      // One loop per field width (the read inlines to a plain load).
      auto scan = [&](auto read) {
        for (size_t r = 0; r < rel.n; ++r) {
          const uint64_t raw = read(row_ids ? row_ids[r] : sr.base + static_cast<uint32_t>(r));
          if (raw < dense.size()) {
            uint32_t& slot = dense[raw];
            if (slot == kUnset) slot = id_of_store_key(raw);
            out[r] = slot;
          } else if (raw < (1u << 22)) {
            dense.resize(std::max<size_t>(raw + 1, dense.size() * 2), kUnset);
            out[r] = dense[raw] = id_of_store_key(raw);
          } else {
            auto it = cache.find(raw);
            if (it == cache.end()) it = cache.emplace(raw, id_of_store_key(raw)).first;
            out[r] = it->second;
          }
        }
      };
      const uint8_t* data = fv.Data();
      switch (fv.Width()) {
        case 1: scan([data](uint32_t row) { return uint64_t{data[row]}; }); break;
        case 2: scan([data](uint32_t row) { return ReadKey(data, 2, row); }); break;
        case 4: scan([data](uint32_t row) { return ReadKey(data, 4, row); }); break;
        default: scan([data](uint32_t row) { return ReadKey(data, 8, row); }); break;
      }
    } else {
      for (size_t r = 0; r < rel.n; ++r) out[r] = id_of_row(r);
    }
    return out;
  };
  const std::string& kind = op.join_kind;
  std::vector<uint32_t> rid, lid;
  size_t nid = 0;
  // Fast path: one key whose two columns share a key space (the same string pool, or the same
  // declared key_space): ids are the raw store keys, no value is built.
  const RelColumn* lc = lk.size() == 1 ? &left.cols[lk[0]] : nullptr;
  const RelColumn* rc = rk.size() == 1 ? &right.cols[rk[0]] : nullptr;
  const ColumnDef* ld = lc ? left.DefOf(*lc) : nullptr;
  const ColumnDef* rd = rc ? right.DefOf(*rc) : nullptr;
  RawKey lkey, rkey;
  const bool raw = ld && rd && ld->by_key && rd->by_key &&
                   ((ld->pool && ld->pool == rd->pool) || (ld->key_space && ld->key_space == rd->key_space)) &&
                   RawKeyOf(left, *lc, lkey) && RawKeyOf(right, *rc, rkey);
  if (raw) {
    const SourceRows& lsr = left.srcs[static_cast<size_t>(lc->set)];
    const SourceRows& rsr = right.srcs[static_cast<size_t>(rc->set)];
    // Keys below `limit` (session numbers, codes) are their own ids; the few others (a "none"
    // sentinel, a large number) get ids from a hash map, flagged until the dense part's size is
    // known. One pass over each side, no hashing for the common key.
    rid.resize(right.n);
    lid.resize(left.n);
    const uint64_t limit = std::max<uint64_t>(uint64_t{1} << 20, 4 * (right.n + left.n));
    constexpr uint32_t kFlag = 0x80000000u;
    RawIds map;
    uint64_t max_small = 0;
    bool any_small = false;
    WithRowMap(rsr, [&](auto row_of) { WithKeyReader(rkey, [&](auto read) {
      for (size_t r = 0; r < right.n; ++r) {
        const uint64_t key = read(row_of(r));
        if (key < limit) [[likely]] {
          max_small = std::max(max_small, key);
          any_small = true;
          rid[r] = static_cast<uint32_t>(key);
        } else {
          rid[r] = kFlag | map.FindOrAdd(key, [&] { return static_cast<uint32_t>(map.Size()); });
        }
      }
    }); });
    const uint64_t dense_n = any_small ? max_small + 1 : 0;
    if (dense_n + map.Size() >= kFlag) throw QueryException(op.pos, "query stopped: the join has more than 2^31 distinct keys");
    nid = static_cast<size_t>(dense_n + map.Size());
    if (map.Size() > 0)
      for (uint32_t& id : rid)
        if (id & kFlag) id = static_cast<uint32_t>(dense_n + (id & ~kFlag));
    WithRowMap(lsr, [&](auto row_of) { WithKeyReader(lkey, [&](auto read) {
      for (size_t l = 0; l < left.n; ++l) {
        const uint64_t key = read(row_of(l));
        if (key < dense_n) [[likely]] {
          lid[l] = static_cast<uint32_t>(key);
        } else {
          const uint32_t m = key < limit ? RawIds::kMissing : map.Find(key);
          lid[l] = m == RawIds::kMissing ? kNone : static_cast<uint32_t>(dense_n + m);
        }
      }
    }); });
  } else {
    rid = key_ids(right, rk, true);
    lid = key_ids(left, lk, false);
    nid = ids.Size();
  }
  enum class K { Inner, InnerUnique, LeftOuter, LeftAnti, LeftSemi, RightOuter, RightAnti, RightSemi, FullOuter };
  const K k = kind == "inner" ? K::Inner : kind == "innerunique" ? K::InnerUnique : kind == "leftouter" ? K::LeftOuter
            : kind == "leftanti" ? K::LeftAnti : kind == "leftsemi" ? K::LeftSemi : kind == "rightouter" ? K::RightOuter
            : kind == "rightanti" ? K::RightAnti : kind == "rightsemi" ? K::RightSemi : K::FullOuter;
  // Rows per key id on one side (the join short-cuts below need no grouping order).
  auto counts_of = [&](const std::vector<uint32_t>& ids_of_side) {
    std::vector<uint32_t> c(nid, 0);
    for (uint32_t id : ids_of_side)
      if (id != kNone) ++c[id];
    return c;
  };
  if (count_by && k == K::Inner) {
    // summarize count() by columns of one side follows: each row of that side stands for its
    // matches on the other side, so that side's matching rows, weighted, give the same counts
    // without building pairs. Only when every key names a column of exactly one side, the same
    // side for all (the joined names are then the sides' own).
    int side = -1;  // 0 left, 1 right
    for (const auto& item : count_by->by) {
      const bool in_left = left.Find(item.e->name) >= 0, in_right = right.Find(item.e->name) >= 0;
      const int s = in_left == in_right ? 2 : in_left ? 0 : 1;
      side = side < 0 || side == s ? s : 2;
    }
    const std::vector<uint32_t>& own = side == 1 ? rid : lid;
    const std::vector<uint32_t>& their = side == 1 ? lid : rid;
    // Worth it when that side is the smaller one (its rows fan out over the other side's); the
    // many side of a join has about one match per row and builds its pairs as cheaply.
    if ((side == 0 || side == 1) && own.size() * 2 <= their.size()) {
      const std::vector<uint32_t> other = counts_of(their);  // matches per key on the other side
      std::vector<uint32_t> keep, weight;
      keep.reserve(own.size());
      weight.reserve(own.size());
      for (size_t r = 0; r < own.size(); ++r) {
        if ((r & 0xFFFFF) == 0) CheckCancel();
        const uint32_t w = own[r] == kNone ? 0 : other[own[r]];
        if (w == 0) continue;
        keep.push_back(static_cast<uint32_t>(r));
        weight.push_back(w);
      }
      Relation& kept = side == 0 ? left : right;
      CheckBudget(keep.size(), kept.MaterializedColumns(), op.pos, "the join", kept.srcs.size());
      Relation out = keep.size() == kept.n ? std::move(kept) : Subset(kept, std::move(keep));
      out.weights = std::make_shared<const std::vector<uint32_t>>(std::move(weight));
      m_strategy = std::string("hash join (") + kind + (raw ? ") on raw store keys" : ") on key ids") + "; " +
                   (side == 0 ? "left" : "right") + " rows weighted by their matches, no pairs built (summarize count() by its columns follows)";
      return out;
    }
  }
  if (count_only) {
    // Only the number of output rows is wanted (count follows): per-key counts of one side and
    // a pass over the other; no grouping order, no pair lists, no columns.
    auto count = [](const std::vector<uint32_t>& c, uint32_t id) -> uint64_t { return id == kNone ? 0 : c[id]; };
    uint64_t total = 0;
    switch (k) {
      case K::Inner: {  // count the smaller side, stream the larger
        const bool small_left = left.n < right.n;
        const auto c = counts_of(small_left ? lid : rid);
        for (uint32_t id : small_left ? rid : lid) total += count(c, id);
        break;
      }
      case K::InnerUnique: {  // the first left row of each key, times the right rows of that key
        const auto c = counts_of(rid);
        std::vector<uint8_t> seen(nid, 0);
        for (uint32_t id : lid)
          if (id != kNone && !seen[id]) { seen[id] = 1; total += c[id]; }
        break;
      }
      case K::LeftOuter: {
        const auto c = counts_of(rid);
        for (uint32_t id : lid) total += std::max<uint64_t>(1, count(c, id));
        break;
      }
      case K::LeftSemi: case K::LeftAnti: {
        const auto c = counts_of(rid);
        for (uint32_t id : lid) total += (count(c, id) > 0) == (k == K::LeftSemi);
        break;
      }
      case K::RightOuter: {
        const auto c = counts_of(lid);
        for (uint32_t id : rid) total += std::max<uint64_t>(1, count(c, id));
        break;
      }
      case K::RightSemi: case K::RightAnti: {
        const auto c = counts_of(lid);
        for (uint32_t id : rid) total += (count(c, id) > 0) == (k == K::RightSemi);
        break;
      }
      case K::FullOuter: {
        const auto cr = counts_of(rid), cl = counts_of(lid);
        for (uint32_t id : lid) total += std::max<uint64_t>(1, count(cr, id));
        for (uint32_t id : rid) total += count(cl, id) == 0;
        break;
      }
    }
    m_strategy = std::string("hash join (") + kind + (raw ? ") on raw store keys" : ") on key ids") +
                 "; rows counted per key, no pairs built (count follows)";
    Relation out;
    out.n = static_cast<size_t>(total);
    return out;
  }
  // kind=inner groups the smaller side (its rows in key order, a counting sort) and streams the
  // larger one; the pairs come out in the streamed side's row order. Every other kind groups the
  // right side and streams the left.
  const bool group_left = k == K::Inner && left.n < right.n;
  const std::vector<uint32_t>& gid = group_left ? lid : rid;  // ids of the grouped side
  const size_t gn = group_left ? left.n : right.n;
  std::vector<uint32_t> start(nid + 1, 0), order(gn);
  for (uint32_t id : gid) if (id != kNone) ++start[id + 1];
  for (size_t i = 0; i < nid; ++i) start[i + 1] += start[i];
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t r = 0; r < gn; ++r) if (gid[r] != kNone) order[fill[gid[r]]++] = static_cast<uint32_t>(r);
  }
  m_strategy = std::string("hash join (") + kind + (raw ? ") on raw store keys" : ") on key ids") + "; " +
               (group_left ? "left" : "right") + " side grouped: " + std::to_string(gn) + " rows";
  const size_t out_cols = left.MaterializedColumns() + right.MaterializedColumns();
  const size_t out_srcs = left.srcs.size() + right.srcs.size();
  const bool right_only = k == K::RightSemi || k == K::RightAnti;
  const bool keep_unmatched_left = k == K::LeftOuter || k == K::FullOuter;
  auto combine = [&](Relation out, Relation rg) {
    const int offset = static_cast<int>(out.srcs.size());
    for (auto& sr : rg.srcs) out.srcs.push_back(std::move(sr));
    for (size_t ci = 0; ci < rg.cols.size(); ++ci) {
      auto& c = rg.cols[ci];
      if (op.lookup && std::find(rk.begin(), rk.end(), ci) != rk.end()) continue;
      if (c.set >= 0) c.set += offset;
      for (auto& alt : c.alts) alt.set += offset;
      c.name = UniqueName(out, c.name);
      out.cols.push_back(std::move(c));
    }
    return out;
  };
  if (k == K::Inner || k == K::InnerUnique) {
    // No null rows: 32-bit pair lists and plain subsets.
    std::vector<uint32_t> l32, r32;
    if (k == K::Inner) {
      // The exact pair count first: the budget is checked before anything is allocated, and
      // the pair lists are filled in place (no growth, no copy).
      // Stream the side that was not grouped.
      const std::vector<uint32_t>& sid = group_left ? rid : lid;
      const size_t sn = group_left ? right.n : left.n;
      size_t total = 0;
      for (size_t i = 0; i < sn; ++i)
        if (sid[i] != kNone) total += start[sid[i] + 1] - start[sid[i]];
      CheckBudget(total, out_cols, op.pos, "the join", out_srcs);
      l32.resize(total);
      r32.resize(total);
      std::vector<uint32_t>& streamed = group_left ? r32 : l32;
      std::vector<uint32_t>& grouped = group_left ? l32 : r32;
      size_t w = 0;
      for (size_t i = 0; i < sn; ++i) {
        if ((i & 0xFFF) == 0) CheckCancel();
        const uint32_t id = sid[i];
        if (id == kNone) continue;
        for (uint32_t q = start[id]; q < start[id + 1]; ++q, ++w) {
          streamed[w] = static_cast<uint32_t>(i);
          grouped[w] = order[q];
        }
      }
      return combine(Subset(left, std::move(l32)), Subset(right, std::move(r32)));
    }
    l32.reserve(std::max(left.n, right.n));
    r32.reserve(std::max(left.n, right.n));
    std::vector<uint8_t> seen(k == K::InnerUnique ? nid : 0, 0);
    for (size_t l = 0; l < left.n; ++l) {
      if ((l & 0xFFF) == 0) CheckCancel();
      const uint32_t id = lid[l];
      if (id == kNone) continue;
      if (k == K::InnerUnique) {
        if (seen[id]) continue;
        seen[id] = 1;
      }
      for (uint32_t q = start[id]; q < start[id + 1]; ++q) {
        l32.push_back(static_cast<uint32_t>(l));
        r32.push_back(order[q]);
      }
      if (l32.size() > m_limits.max_rows) CheckBudget(l32.size(), out_cols, op.pos, "the join", out_srcs);
    }
    CheckBudget(l32.size(), out_cols, op.pos, "the join", out_srcs);
    return combine(Subset(left, l32), Subset(right, r32));
  }
  std::vector<int64_t> li, ri;
  if (!right_only && k != K::LeftAnti && k != K::LeftSemi) {
    li.reserve(std::max(left.n, right.n));
    ri.reserve(std::max(left.n, right.n));
  }
  std::vector<uint8_t> right_matched(right.n, 0);
  std::vector<uint8_t> left_key_seen(k == K::InnerUnique ? nid : 0, 0);
  for (size_t l = 0; l < left.n; ++l) {
    if ((l & 0xFFF) == 0) CheckCancel();
    const uint32_t id = lid[l];
    if (k == K::InnerUnique && id != kNone) {
      if (left_key_seen[id]) continue;
      left_key_seen[id] = 1;
    }
    const bool match = id != kNone && start[id + 1] > start[id];
    if (k == K::LeftAnti) { if (!match) li.push_back(static_cast<int64_t>(l)); continue; }
    if (k == K::LeftSemi) { if (match) li.push_back(static_cast<int64_t>(l)); continue; }
    if (match) {
      for (uint32_t q = start[id]; q < start[id + 1]; ++q) {
        const uint32_t r = order[q];
        right_matched[r] = 1;
        if (right_only) continue;
        li.push_back(static_cast<int64_t>(l));
        ri.push_back(r);
      }
      if (li.size() > m_limits.max_rows) CheckBudget(li.size(), out_cols, op.pos, "the join", out_srcs);
    } else if (keep_unmatched_left) {
      li.push_back(static_cast<int64_t>(l));
      ri.push_back(-1);
    }
  }
  if (k == K::LeftAnti || k == K::LeftSemi) return Gather(left, li);
  if (right_only) {
    std::vector<uint32_t> keep;
    for (size_t r = 0; r < right.n; ++r)
      if ((right_matched[r] != 0) == (k == K::RightSemi)) keep.push_back(static_cast<uint32_t>(r));
    return Subset(right, keep);
  }
  if (k == K::RightOuter || k == K::FullOuter) {
    for (size_t r = 0; r < right.n; ++r)
      if (!right_matched[r]) { li.push_back(-1); ri.push_back(static_cast<int64_t>(r)); }
  }
  CheckBudget(li.size(), out_cols, op.pos, "the join", out_srcs);
  return combine(Gather(left, li), Gather(right, ri));
}

Relation Executor::Union(std::vector<Relation> parts, const Pos& pos) {
  // A name whose type differs between legs becomes one column per type, Name_type (KQL's rule:
  // LocationDetails_dynamic and LocationDetails_string for SigninLogs + AADNonInteractive…).
  std::map<std::string, std::vector<std::string>> types_of;
  auto type_tag = [](const RelColumn& c) { return c.type == VType::Dynamic ? std::string("dynamic") : c.type_name; };
  for (const auto& p : parts)
    for (const auto& c : p.cols) {
      auto& v = types_of[c.name];
      if (std::find(v.begin(), v.end(), type_tag(c)) == v.end()) v.push_back(type_tag(c));
    }
  std::vector<std::string> names;
  size_t total = 0, sources = 0;
  for (auto& p : parts) {
    total += p.n;
    sources += p.srcs.size();
    for (auto& c : p.cols) {
      if (types_of[c.name].size() > 1) c.name += "_" + type_tag(c);
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
    }
  }
  // Store columns stay in the store: each leg's sources span the whole output with null rows
  // outside the leg, and a column reads whichever leg's source has the row.
  Relation out;
  out.n = total;
  std::vector<size_t> offset(parts.size()), first_set(parts.size());
  size_t off = 0;
  for (size_t l = 0; l < parts.size(); ++l) {
    offset[l] = off;
    first_set[l] = out.srcs.size();
    for (const auto& sr : parts[l].srcs) {
      SourceRows nsr;
      nsr.table = sr.table;
      auto& ids = nsr.Fresh();
      ids.assign(total, UINT32_MAX);
      for (size_t r = 0; r < parts[l].n; ++r) ids[off + r] = sr.Row(r);
      out.srcs.push_back(std::move(nsr));
    }
    off += parts[l].n;
  }
  size_t materialized = 0;
  for (const auto& name : names) {
    RelColumn col;
    col.name = name;
    bool lazy = true, first = true;
    for (size_t l = 0; l < parts.size(); ++l) {
      const int at = parts[l].Find(name);
      if (at < 0) continue;
      const RelColumn& c = parts[l].cols[static_cast<size_t>(at)];
      if (first) { col.type = c.type; col.type_name = c.type_name; }
      if (c.set < 0) { lazy = false; continue; }
      const int set = static_cast<int>(first_set[l]) + c.set;
      if (col.set < 0) { col.set = set; col.src = c.src; col.key_cache = c.key_cache; }
      else col.alts.push_back({set, c.src, c.key_cache});
      first = false;
    }
    if (!lazy) {
      ++materialized;
      col.set = -1;
      col.src = -1;
      col.key_cache.reset();
      col.alts.clear();
      col.data.reserve(total);
      Value tmp;
      for (size_t l = 0; l < parts.size(); ++l) {
        const int at = parts[l].Find(name);
        for (size_t r = 0; r < parts[l].n; ++r)
          col.data.push_back(at < 0 ? Value::Null() : parts[l].Get(static_cast<size_t>(at), r, tmp));
      }
    }
    out.cols.push_back(std::move(col));
  }
  CheckBudget(total, materialized, pos, "the union", sources);
  m_strategy = "union of " + std::to_string(parts.size()) + " legs; store columns stay in the store";
  return out;
}

// [SECTION] mv-expand / mv-apply / parse / evaluate

namespace {

std::vector<Value> Elements(const Value& v) {
  std::vector<Value> out;
  if (v.type == VType::Dynamic && v.j->is_array()) {
    out.reserve(v.j->size());
    for (size_t k = 0; k < v.j->size(); ++k) out.push_back(Value::Dynamic(std::shared_ptr<const Json>(v.j, &(*v.j)[k])));
  } else if (v.type == VType::Dynamic && v.j->is_object()) {
    for (auto it = v.j->begin(); it != v.j->end(); ++it) {
      Json one = Json::object();
      one[it.key()] = it.value();
      out.push_back(Value::Dynamic(std::move(one)));
    }
  } else if (v.type == VType::String && !v.s.empty() && v.s[0] == '[') {
    if (auto p = ParseJsonText(v.s)) return Elements(*p);
    out.push_back(v);
  } else if (!(v.type == VType::Dynamic && v.j->is_null()) && !v.IsNull()) {
    out.push_back(v);
  }
  return out;
}

}  // namespace

Relation Executor::MvExpand(const TabOp& op, Relation in) {
  std::vector<std::string> names;
  for (auto& item : op.items) {
    Bind(*item.e, in);
    std::string name = item.named ? item.name : DefaultName(*item.e);
    if (name.empty()) throw QueryException(item.pos, "name the expanded column: mv-expand Name = expression");
    names.push_back(name);
  }
  std::vector<int64_t> idx;
  std::vector<std::vector<Value>> data(op.items.size());
  for (size_t r = 0; r < in.n; ++r) {
    std::vector<std::vector<Value>> elems;
    size_t len = 0;
    for (auto& item : op.items) {
      elems.push_back(Elements(Eval(*item.e, in, r)));
      len = std::max(len, elems.back().size());
    }
    if (op.limit >= 0) len = std::min(len, static_cast<size_t>(op.limit));
    for (size_t k = 0; k < len; ++k) {
      idx.push_back(static_cast<int64_t>(r));
      for (size_t c = 0; c < op.items.size(); ++c) {
        Value v = k < elems[c].size() ? elems[c][k] : Value::Null();
        if (op.items[c].has_type) v = ConvertTo(v, op.items[c].to_type);
        data[c].push_back(std::move(v));
      }
    }
    if (idx.size() > m_limits.max_rows) CheckBudget(idx.size(), in.MaterializedColumns() + names.size(), op.pos, "the mv-expand", in.srcs.size());
  }
  CheckBudget(idx.size(), in.MaterializedColumns() + names.size(), op.pos, "the mv-expand", in.srcs.size());
  Relation out = Gather(in, idx);
  for (size_t c = 0; c < names.size(); ++c) {
    VType t = op.items[c].has_type ? op.items[c].to_type : VType::Dynamic;
    RelColumn col;
    col.name = names[c];
    col.type = t;
    col.type_name = std::string(VTypeName(t));
    col.data = std::move(data[c]);
    int at = out.Find(names[c]);
    if (at >= 0) out.cols[static_cast<size_t>(at)] = std::move(col);
    else out.cols.push_back(std::move(col));
  }
  m_strategy = "rows repeated by index; store columns stay unmaterialised";
  return out;
}

Relation Executor::MvApply(const TabOp& op, Relation in) {
  // For each row: the expanded values form a small table the subquery runs on; its rows are
  // joined back to the row's other columns.
  std::vector<Relation> outs;
  size_t total = 0;
  TabOp expand = op;
  expand.kind = OpKind::MvExpand;
  std::vector<std::string> names;
  for (const auto& item : op.items) names.push_back(item.named ? item.name : DefaultName(*item.e));
  auto run_row = [&](Relation one, size_t r, bool probe) {
    Relation expanded = MvExpand(expand, std::move(one));
    Relation sub;
    sub.n = expanded.n;
    for (const auto& n : names) {
      int c = expanded.Find(n);
      if (c >= 0) sub.cols.push_back(std::move(expanded.cols[static_cast<size_t>(c)]));
    }
    Relation res = RunPipeline(*op.right, &sub);
    MaterializeAll(res);
    Relation outer = probe ? Subset(in, {}) : Gather(in, std::vector<int64_t>(res.n, static_cast<int64_t>(r)));
    MaterializeAll(outer);
    outer.n = res.n;
    for (auto& c : res.cols) {
      int at = outer.Find(c.name);
      if (at >= 0) outer.cols[static_cast<size_t>(at)] = std::move(c);
      else outer.cols.push_back(std::move(c));
    }
    return outer;
  };
  for (size_t r = 0; r < in.n; ++r) {
    Relation res = run_row(Subset(in, {static_cast<uint32_t>(r)}), r, false);
    total += res.n;
    CheckBudget(total, res.cols.size(), op.pos, "the mv-apply");
    if (res.n > 0) outs.push_back(std::move(res));
  }
  m_strategy = "subquery run per row";
  if (outs.empty()) {
    Relation probe = run_row(Subset(in, {}), 0, true);
    probe.n = 0;
    for (auto& c : probe.cols) c.data.clear();
    return probe;
  }
  return Union(std::move(outs), op.pos);
}

Relation Executor::Parse(const TabOp& op, Relation in) {
  Expr& src = *op.pred;
  Bind(src, in);
  std::vector<const ParsePart*> cols;
  for (const auto& p : op.parts)
    if (p.kind == ParsePart::Kind::Column) cols.push_back(&p);
  std::vector<std::vector<Value>> data(cols.size());
  for (auto& d : data) d.reserve(in.n);
  std::vector<std::string> caps(cols.size());
  for (size_t r = 0; r < in.n; ++r) {
    const std::string text = ToText(Eval(src, in, r));
    size_t pos = 0;
    bool ok = true;
    int pending = -1;      // column waiting for its end
    bool star = false;
    size_t ci = 0;
    std::vector<bool> got(cols.size(), false);
    for (const auto& p : op.parts) {
      if (p.kind == ParsePart::Kind::Star) { star = true; continue; }
      if (p.kind == ParsePart::Kind::Column) {
        if (pending >= 0) {  // two columns in a row: the first one is empty
          caps[static_cast<size_t>(pending)].clear();
          got[static_cast<size_t>(pending)] = true;
        }
        pending = static_cast<int>(ci++);
        continue;
      }
      // A literal.
      if (pending >= 0 || star) {
        size_t at = text.find(p.text, pos);
        if (at == std::string::npos) { ok = false; break; }
        if (pending >= 0) {
          caps[static_cast<size_t>(pending)] = text.substr(pos, at - pos);
          got[static_cast<size_t>(pending)] = true;
        }
        pos = at + p.text.size();
      } else {
        if (text.compare(pos, p.text.size(), p.text) != 0) { ok = false; break; }
        pos += p.text.size();
      }
      pending = -1;
      star = false;
    }
    if (ok && pending >= 0) {
      caps[static_cast<size_t>(pending)] = text.substr(pos);
      got[static_cast<size_t>(pending)] = true;
    } else if (ok && !star && pos != text.size()) {
      ok = false;
    }
    for (size_t c = 0; c < cols.size(); ++c) {
      if (!ok || !got[c]) {
        data[c].push_back(cols[c]->type == VType::String ? Value::String("") : Value::Null());
      } else {
        data[c].push_back(ConvertTo(Value::String(caps[c]), cols[c]->type));
      }
    }
  }
  for (size_t c = 0; c < cols.size(); ++c) {
    RelColumn col;
    col.name = cols[c]->text;
    col.type = cols[c]->type;
    col.type_name = std::string(VTypeName(col.type));
    col.data = std::move(data[c]);
    int at = in.Find(col.name);
    if (at >= 0) in.cols[static_cast<size_t>(at)] = std::move(col);
    else in.cols.push_back(std::move(col));
  }
  return in;
}

Relation Executor::Evaluate(const TabOp& op, Relation in) {
  Expr& call = *op.pred;
  if (call.name != "bag_unpack")
    throw QueryException(call.pos, "evaluate plugin '" + call.name + "' is not supported (only bag_unpack)",
                         ClosestName(call.name, {"bag_unpack"}));
  if (call.args.empty()) throw QueryException(call.pos, "bag_unpack needs the dynamic column to unpack");
  Expr& col = *call.args[0];
  Bind(col, in);
  std::vector<std::string> keys;
  std::unordered_map<std::string, size_t> index;
  std::vector<Value> bags;
  bags.reserve(in.n);
  for (size_t r = 0; r < in.n; ++r) {
    Value v = AsDynamic(Eval(col, in, r));
    if (v.j->is_object())
      for (auto it = v.j->begin(); it != v.j->end(); ++it)
        if (index.emplace(it.key(), keys.size()).second) keys.push_back(it.key());
    bags.push_back(std::move(v));
  }
  Relation out = std::move(in);
  if (col.kind == ExprKind::Name && col.col >= 0) out.cols.erase(out.cols.begin() + col.col);
  for (const auto& k : keys) {
    std::vector<Value> data;
    data.reserve(out.n);
    for (const auto& b : bags) {
      if (b.j->is_object() && b.j->contains(k)) data.push_back(Value::Dynamic(std::shared_ptr<const Json>(b.j, &(*b.j)[k])));
      else data.push_back(Value::Null());
    }
    AddColumn(out, k, std::move(data));
    out.cols[static_cast<size_t>(out.Find(k))].type = VType::Dynamic;
    out.cols[static_cast<size_t>(out.Find(k))].type_name = "dynamic";
  }
  return out;
}

}  // namespace td::engine::kql

namespace td::engine::kql {

// [SECTION] make-series / tuple extend

Relation Executor::TupleExtend(const TabOp& op, Relation in) {
  Expr& e = *op.items[0].e;
  Bind(e, in);
  std::vector<std::vector<Value>> data(op.tuple.size());
  for (size_t r = 0; r < in.n; ++r) {
    Value v = Eval(e, in, r);
    if (v.type != VType::Dynamic || !v.j->is_array() || v.j->size() != op.tuple.size())
      throw QueryException(e.pos, "this expression does not return " + std::to_string(op.tuple.size()) +
                                      " values for (" + op.tuple[0] + ", ...) = ...");
    for (size_t k = 0; k < op.tuple.size(); ++k)
      data[k].push_back(Value::Dynamic(std::shared_ptr<const Json>(v.j, &(*v.j)[k])));
  }
  for (size_t k = 0; k < op.tuple.size(); ++k) {
    AddColumn(in, op.tuple[k], std::move(data[k]));
    in.cols[static_cast<size_t>(in.Find(op.tuple[k]))].type = VType::Dynamic;
    in.cols[static_cast<size_t>(in.Find(op.tuple[k]))].type_name = "dynamic";
  }
  return in;
}

Relation Executor::MakeSeries(const TabOp& op, Relation in) {
  Expr& axis = *op.pred;
  Bind(axis, in);
  const Value step = Unwrap(EvalConstant(*op.step));
  if (!(step.type == VType::Timespan || step.type == VType::Long) || step.i <= 0)
    throw QueryException(op.step->pos, "make-series needs a positive step such as 1h or 1d");
  const int64_t st = step.i;
  std::vector<Value> axis_vals;
  axis_vals.reserve(in.n);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t r = 0; r < in.n; ++r) {
    Value v = Unwrap(Eval(axis, in, r));
    if (v.type == VType::DateTime || v.type == VType::Long || v.type == VType::Timespan) {
      lo = std::min(lo, v.i);
      hi = std::max(hi, v.i);
    }
    axis_vals.push_back(std::move(v));
  }
  auto bound = [&](const ExprPtr& e, int64_t dflt) {
    if (!e) return dflt;
    Value v = Unwrap(EvalConstant(*e));
    if (v.IsNull()) return dflt;
    if (v.type != VType::DateTime && v.type != VType::Long && v.type != VType::Timespan)
      throw QueryException(e->pos, "make-series from/to must be datetimes (or numbers for a numeric axis)");
    return v.i;
  };
  const int64_t from = bound(op.from, lo == INT64_MAX ? 0 : BinDown(lo, st));
  const int64_t to = bound(op.to, hi == INT64_MIN ? 0 : BinDown(hi, st) + st);
  const size_t nbins = to > from ? static_cast<size_t>((to - from + st - 1) / st) : 0;
  CheckBudget(nbins, 1, op.pos, "the make-series axis");
  // Rows inside [from, to), tagged with their bin start, then summarize by (by..., bin).
  std::vector<uint32_t> keep;
  for (size_t r = 0; r < in.n; ++r) {
    const Value& v = axis_vals[r];
    if ((v.type == VType::DateTime || v.type == VType::Long || v.type == VType::Timespan) && v.i >= from && v.i < to)
      keep.push_back(static_cast<uint32_t>(r));
  }
  std::vector<Value> bins;
  bins.reserve(keep.size());
  for (uint32_t r : keep) bins.push_back(Value::Long((axis_vals[r].i - from) / st));
  Relation sub = Subset(in, keep);
  const std::string bin_col = "__td_series_bin";
  AddColumn(sub, bin_col, std::move(bins));
  TabOp sum;
  sum.kind = OpKind::Summarize;
  sum.pos = op.pos;
  sum.items = op.items;
  sum.by = op.by;
  NamedExpr bin_item;
  bin_item.name = bin_col;
  bin_item.named = true;
  bin_item.e = std::make_shared<Expr>();
  bin_item.e->kind = ExprKind::Name;
  bin_item.e->name = bin_col;
  bin_item.pos = op.pos;
  sum.by.push_back(bin_item);
  Relation agg = Summarize(sum, std::move(sub));
  const size_t nby = op.by.size();
  const size_t nagg = agg.cols.size() - nby - 1;
  std::vector<Value> defaults;
  for (size_t a = 0; a < nagg; ++a)
    defaults.push_back(a < op.defaults.size() && op.defaults[a] ? EvalConstant(*op.defaults[a]) : Value::Long(0));
  // Pivot: one row per group with an array per aggregation.
  std::unordered_map<std::string, size_t> group_of;
  std::vector<size_t> first;
  std::vector<std::vector<Json>> series;  // [group * nagg + a]
  std::string key;
  Value tmp;
  auto new_group = [&](size_t row) {
    first.push_back(row);
    for (size_t a = 0; a < nagg; ++a) series.emplace_back(nbins, ToJson(defaults[a]));
    return first.size() - 1;
  };
  if (nby == 0) new_group(0);
  for (size_t r = 0; r < agg.n; ++r) {
    size_t g = 0;
    if (nby > 0) {
      key.clear();
      for (size_t c = 0; c < nby; ++c) AppendKey(key, Unwrap(agg.Get(c, r, tmp)));
      auto it = group_of.find(key);
      if (it == group_of.end()) it = group_of.emplace(key, new_group(r)).first;
      g = it->second;
    }
    const auto b = static_cast<size_t>(agg.Get(nby, r, tmp).i);
    for (size_t a = 0; a < nagg; ++a) series[g * nagg + a][b] = ToJson(agg.Get(nby + 1 + a, r, tmp));
  }
  Relation out;
  out.n = first.size();
  for (size_t c = 0; c < nby; ++c) {
    std::vector<Value> d;
    for (size_t g = 0; g < out.n; ++g) d.push_back(agg.n ? agg.Get(c, first[g], tmp) : Value::Null());
    AddColumn(out, agg.cols[c].name, std::move(d));
    out.cols.back().type = agg.cols[c].type;
    out.cols.back().type_name = agg.cols[c].type_name;
  }
  for (size_t a = 0; a < nagg; ++a) {
    std::vector<Value> d;
    for (size_t g = 0; g < out.n; ++g) d.push_back(Value::Dynamic(Json(series[g * nagg + a])));
    AddColumn(out, agg.cols[nby + 1 + a].name, std::move(d));
    out.cols.back().type = VType::Dynamic;
    out.cols.back().type_name = "dynamic";
  }
  Json axis_arr = Json::array();
  for (size_t b = 0; b < nbins; ++b) {
    const int64_t t = from + static_cast<int64_t>(b) * st;
    axis_arr.push_back(ToJson(axis_vals.empty() || axis_vals.front().type == VType::DateTime || op.from
                                  ? Value::DateTime(t) : Value::Long(t)));
  }
  std::string axis_name = DefaultName(axis);
  if (axis_name.empty()) axis_name = "Axis";
  AddColumn(out, axis_name, std::vector<Value>(out.n, Value::Dynamic(axis_arr)));
  out.cols.back().type = VType::Dynamic;
  out.cols.back().type_name = "dynamic";
  m_strategy = "summarize by group and bin, then one array per aggregation over " + std::to_string(nbins) + " bins";
  return out;
}

}  // namespace td::engine::kql
