// summarize: hash aggregation. Group keys of keyed store columns are encoded once per distinct
// key (not per row); aggregates keep compact per-group states; arg_max/arg_min keep a row index.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "engine/kql/kql_exec.h"
#include "engine/kql/kql_functions.h"
#include "engine/kql/kql_key_ids.h"

namespace td::engine::kql {

namespace {

enum class Agg {
  Count, CountIf, DCount, DCountIf, Min, Max, MinIf, MaxIf, Sum, SumIf, Avg, AvgIf, MakeSet, MakeSetIf,
  MakeList, MakeListIf, MakeBag, ArgMax, ArgMin, TakeAny, Stdev, Variance, Percentile,
};

struct AggInfo { const char* name; Agg kind; int min_args, max_args; const char* prefix; };

const AggInfo kAggs[] = {
    {"count", Agg::Count, 0, 1, "count_"}, {"countif", Agg::CountIf, 1, 1, "countif_"},
    {"dcount", Agg::DCount, 1, 2, "dcount_"}, {"count_distinct", Agg::DCount, 1, 1, "count_distinct_"},
    {"dcountif", Agg::DCountIf, 2, 3, "dcountif_"}, {"min", Agg::Min, 1, 1, "min_"}, {"max", Agg::Max, 1, 1, "max_"},
    {"minif", Agg::MinIf, 2, 2, "minif_"}, {"maxif", Agg::MaxIf, 2, 2, "maxif_"}, {"sum", Agg::Sum, 1, 1, "sum_"},
    {"sumif", Agg::SumIf, 2, 2, "sumif_"}, {"avg", Agg::Avg, 1, 1, "avg_"}, {"avgif", Agg::AvgIf, 2, 2, "avgif_"},
    {"make_set", Agg::MakeSet, 1, 2, "set_"}, {"makeset", Agg::MakeSet, 1, 2, "set_"},
    {"make_set_if", Agg::MakeSetIf, 2, 3, "set_"}, {"make_list", Agg::MakeList, 1, 2, "list_"},
    {"makelist", Agg::MakeList, 1, 2, "list_"}, {"make_list_if", Agg::MakeListIf, 2, 3, "list_"},
    {"make_bag", Agg::MakeBag, 1, 2, "bag_"}, {"arg_max", Agg::ArgMax, 1, -1, ""}, {"argmax", Agg::ArgMax, 1, -1, ""},
    {"arg_min", Agg::ArgMin, 1, -1, ""}, {"argmin", Agg::ArgMin, 1, -1, ""}, {"take_any", Agg::TakeAny, 1, 1, "any_"},
    {"any", Agg::TakeAny, 1, 1, "any_"}, {"stdev", Agg::Stdev, 1, 1, "stdev_"}, {"variance", Agg::Variance, 1, 1, "variance_"},
    {"percentile", Agg::Percentile, 2, 2, "percentile_"},
};

struct SetData {
  std::unordered_set<std::string> seen;
  std::vector<Value> list;
  Json bag;
};

struct State {
  int64_t n = 0;
  int64_t isum = 0;
  double sum = 0, sumsq = 0;
  bool real = false;
  Value best;
  int64_t row = -1;
  std::unique_ptr<SetData> set;
};

struct Spec {
  const AggInfo* info;
  Expr* arg = nullptr;      // the value argument
  Expr* cond = nullptr;     // the predicate of *if aggregates
  size_t limit = 1048576;   // make_set/make_list size cap
  double pct = 50;
  std::vector<std::pair<std::string, Expr*>> extra;  // arg_max/arg_min output columns
  bool star = false;
  std::string name;
};

}  // namespace

namespace {

bool IsPlainAggregate(const Expr& e) { return e.kind == ExprKind::Call && IsAggregateName(e.name); }

// A copy of e where every aggregation call becomes a reference to a hidden column (whose
// aggregation is added to `hidden`).
ExprPtr RewriteAggregates(const ExprPtr& e, std::vector<NamedExpr>& hidden) {
  if (IsPlainAggregate(*e)) {
    NamedExpr h;
    h.name = "__td_agg" + std::to_string(hidden.size());
    h.named = true;
    h.pos = e->pos;
    h.e = e;
    hidden.push_back(h);
    auto ref = std::make_shared<Expr>();
    ref->kind = ExprKind::Name;
    ref->name = h.name;
    ref->pos = e->pos;
    return ref;
  }
  auto copy = std::make_shared<Expr>(*e);
  for (auto& a : copy->args) a = RewriteAggregates(a, hidden);
  return copy;
}

bool ContainsAggregate(const Expr& e) {
  if (IsPlainAggregate(e)) return true;
  for (const auto& a : e.args)
    if (ContainsAggregate(*a)) return true;
  return false;
}

}  // namespace

Relation Executor::Summarize(const TabOp& op, Relation in) {
  // Expressions over aggregations (100.0 * countif(x) / count(), round(avg(d), 2)): aggregate
  // into hidden columns first, then compute the expressions on the result.
  // (A call to an unknown function stays on the plain path, which names the nearest aggregation.)
  auto plain = [](const Expr& e) { return IsPlainAggregate(e) || (e.kind == ExprKind::Call && !FindFunction(e.name)); };
  bool complex = false;
  for (const auto& item : op.items) complex = complex || !plain(*item.e);
  if (complex) {
    TabOp inner = op;
    inner.items.clear();
    std::vector<NamedExpr> hidden, post;
    int unnamed = 0;
    for (const auto& item : op.items) {
      if (plain(*item.e)) {
        inner.items.push_back(item);
        continue;
      }
      if (!ContainsAggregate(*item.e))
        throw QueryException(item.e->pos, "summarize needs an aggregation such as count(), dcount(x) or make_set(x) here");
      NamedExpr p = item;
      p.e = RewriteAggregates(item.e, hidden);
      if (!p.named) {
        p.name = "Column" + std::to_string(++unnamed);
        p.named = true;
      }
      post.push_back(p);
    }
    for (auto& h : hidden) inner.items.push_back(h);
    Relation agg = Summarize(inner, std::move(in));
    for (auto& p : post) {
      Bind(*p.e, agg);
      std::vector<Value> data;
      data.reserve(agg.n);
      for (size_t r = 0; r < agg.n; ++r) data.push_back(Eval(*p.e, agg, r));
      AddColumn(agg, p.name, std::move(data));
    }
    std::vector<RelColumn> keep;
    for (auto& c : agg.cols)
      if (c.name.rfind("__td_agg", 0) != 0) keep.push_back(std::move(c));
    agg.cols = std::move(keep);
    return agg;
  }
  // Group keys.
  // A group key column yields a small "part id" per row: equal values, equal ids. Keyed store
  // columns compute the value once per distinct store key; bin(TimeGenerated, step) on the
  // table's time field is computed from the integer time without building a value.
  struct ByCol {
    std::string name;
    Expr* e = nullptr;
    enum class Mode { Generic, Keyed, TimeBin, StoreText } mode = Mode::Generic;
    const SourceRows* sr = nullptr;
    RawKey key;                                       // Keyed: the column's raw store key
    int text_src = -1;                                // Keyed, StoreText: a derived text column read as text
    int64_t step = 0;
    std::vector<uint32_t> dense;                      // Keyed: raw key → part id
    RawIds sparse;                                    // Keyed, large raw keys
    std::unordered_map<int64_t, uint32_t> bins;       // TimeBin: bin start → part id
    int64_t last_bin = INT64_MIN;
    uint32_t last_id = 0;
    KeyIds values;                                    // value key (AppendKey) → part id
  };
  std::vector<ByCol> by;
  int unnamed = 0;
  auto clean = [&](int set) {
    return !in.srcs[static_cast<size_t>(set)].HasNull();
  };
  for (const auto& item : op.by) {
    Expr& e = *item.e;
    if (e.kind == ExprKind::Star) throw QueryException(e.pos, "'*' is not allowed in 'by'");
    Bind(e, in);
    ByCol b;
    b.e = &e;
    b.name = item.named ? item.name : DefaultName(e);
    if (b.name.empty()) b.name = "Column" + std::to_string(++unnamed);
    if (e.kind == ExprKind::Name && e.col >= 0) {
      const RelColumn& rc = in.cols[static_cast<size_t>(e.col)];
      const ColumnDef* d = in.DefOf(rc);
      if (rc.set >= 0 && clean(rc.set) && RawKeyOf(in, rc, b.key)) {
        // A keyed column, or a derived one that declares its fields (OfficeActivity.UserId).
        b.mode = ByCol::Mode::Keyed;
        b.sr = b.key.sr;
        if (d && d->by_row && !d->by_key && VTypeOf(d->type) == VType::String) b.text_src = rc.src;
      } else if (d && d->by_row && rc.alts.empty() && VTypeOf(d->type) == VType::String && clean(rc.set)) {
        // A derived text column (OfficeActivity.UserId): the cell's text is the key, no Value.
        b.mode = ByCol::Mode::StoreText;
        b.sr = &in.srcs[static_cast<size_t>(rc.set)];
        b.text_src = rc.src;
      }
    } else if (e.kind == ExprKind::Call && (e.fn == static_cast<int>(Fn::Bin) || e.fn == static_cast<int>(Fn::Floor)) &&
               e.args.size() == 2 && e.args[0]->kind == ExprKind::Name && e.args[0]->col >= 0 &&
               e.args[1]->kind == ExprKind::Literal && e.args[1]->lit.type == VType::Timespan && e.args[1]->lit.i > 0) {
      const RelColumn& rc = in.cols[static_cast<size_t>(e.args[0]->col)];
      const ColumnDef* d = in.DefOf(rc);
      if (d && d->by_key && d->key_field == 0 && rc.type == VType::DateTime && clean(rc.set)) {
        b.mode = ByCol::Mode::TimeBin;
        b.sr = &in.srcs[static_cast<size_t>(rc.set)];
        b.step = e.args[1]->lit.i;
      }
    }
    by.push_back(std::move(b));
  }
  // Aggregates.
  std::vector<Spec> specs;
  for (const auto& item : op.items) {
    Expr& e = *item.e;
    if (e.kind != ExprKind::Call)
      throw QueryException(e.pos, "summarize needs an aggregation such as count(), dcount(x) or make_set(x) here");
    const AggInfo* info = nullptr;
    for (const auto& a : kAggs)
      if (e.name == a.name) info = &a;
    if (!info) {
      std::vector<std::string> names;
      for (const auto& a : kAggs) names.emplace_back(a.name);
      throw QueryException(e.pos, "'" + e.name + "' is not an aggregation function", ClosestName(e.name, names));
    }
    const auto nargs = static_cast<int>(e.args.size());
    if (nargs < info->min_args || (info->max_args >= 0 && nargs > info->max_args))
      throw QueryException(e.pos, e.name + "() does not take " + std::to_string(nargs) + " argument(s)");
    Spec s;
    s.info = info;
    auto bind = [&](size_t k) {
      Expr* a = e.args[k].get();
      if (a->kind == ExprKind::Star) throw QueryException(a->pos, "'*' is only allowed as the 2nd+ argument of arg_max/arg_min");
      Bind(*a, in);
      return a;
    };
    auto const_long = [&](size_t k) {
      Value v = EvalConstant(*e.args[k]);
      return v.IsNumeric() ? v.AsReal() : 0.0;
    };
    switch (info->kind) {
      case Agg::Count: if (nargs == 1) s.cond = bind(0); break;  // count(x): rows where x is not null
      case Agg::CountIf: s.cond = bind(0); break;
      case Agg::DCountIf: case Agg::MinIf: case Agg::MaxIf: case Agg::SumIf: case Agg::AvgIf:
        s.arg = bind(0);
        s.cond = bind(1);
        break;
      case Agg::MakeSetIf: case Agg::MakeListIf:
        s.arg = bind(0);
        s.cond = bind(1);
        if (nargs == 3) s.limit = static_cast<size_t>(const_long(2));
        break;
      case Agg::MakeSet: case Agg::MakeList: case Agg::MakeBag:
        s.arg = bind(0);
        if (nargs == 2) s.limit = static_cast<size_t>(const_long(1));
        break;
      case Agg::Percentile: s.arg = bind(0); s.pct = const_long(1); break;
      case Agg::ArgMax: case Agg::ArgMin:
        s.arg = bind(0);
        for (size_t k = 1; k < e.args.size(); ++k) {
          Expr* a = e.args[k].get();
          if (a->kind == ExprKind::Star) { s.star = true; continue; }
          Bind(*a, in);
          std::string n = DefaultName(*a);
          if (n.empty()) n = "Column" + std::to_string(++unnamed);
          s.extra.emplace_back(n, a);
        }
        break;
      default: s.arg = bind(0); break;
    }
    if (item.named) s.name = item.name;
    else if (info->kind == Agg::ArgMax || info->kind == Agg::ArgMin) s.name = DefaultName(*s.arg);
    else if (info->kind == Agg::Count || info->kind == Agg::CountIf) s.name = info->prefix;
    else {
      std::string base = s.arg ? DefaultName(*s.arg) : std::string();
      s.name = std::string(info->prefix) + base;
      if (info->kind == Agg::Percentile) s.name += "_" + FormatReal(s.pct);
    }
    if (s.name.empty()) s.name = "Column" + std::to_string(++unnamed);
    specs.push_back(std::move(s));
  }

  // Grouping pass.
  std::vector<uint32_t> first_row;
  std::vector<State> states;
  const size_t na = specs.size();
  const bool no_by = by.empty();
  if (no_by) {
    first_row.push_back(0);
    states.resize(na);
  }
  std::unordered_map<uint64_t, uint32_t> groups2;   // two key columns: packed part ids
  std::unordered_map<std::string, uint32_t> groupsn;  // more: part ids as bytes
  std::string key;
  Value tmp;
  Cell cell;
  constexpr uint32_t kUnset = UINT32_MAX;
  // The part id of row r's value: a derived text column's cell text is the key as it stands
  // (AppendKey's string form, no Value built); anything else goes through its Value.
  auto value_id = [&](ByCol& b, size_t r) -> uint32_t {
    if (b.text_src >= 0) {
      b.sr->table->ReadCell(static_cast<size_t>(b.text_src), b.sr->Row(r), cell);
      if (cell.kind == Cell::Kind::String) {
        key.assign(1, static_cast<char>('0' + static_cast<int>(VType::String)));
        key += cell.s;
        key.push_back('\0');
        return b.values.Insert(key);
      }
    }
    key.clear();
    AppendKey(key, Unwrap(Eval(*b.e, in, r)));
    return b.values.Insert(key);
  };
  // Keyed: the part id of a raw key, its value computed on the key's first row.
  auto keyed_id = [&](ByCol& b, uint64_t raw, size_t r) -> uint32_t {
    if (raw < (1u << 22)) {
      if (raw >= b.dense.size()) b.dense.resize(std::max<size_t>(raw + 1, b.dense.size() * 2), kUnset);
      uint32_t& slot = b.dense[raw];
      if (slot == kUnset) slot = value_id(b, r);
      return slot;
    }
    return b.sparse.FindOrAdd(raw, [&] { return value_id(b, r); });
  };
  auto part_id = [&](ByCol& b, size_t r) -> uint32_t {
    switch (b.mode) {
      case ByCol::Mode::Keyed: return keyed_id(b, b.key.At(b.sr->Row(r)), r);
      case ByCol::Mode::TimeBin: {
        const int64_t bin = BinDown(b.sr->table->Time(b.sr->Row(r)), b.step);
        if (bin != b.last_bin) {
          b.last_bin = bin;
          b.last_id = b.bins.try_emplace(bin, static_cast<uint32_t>(b.bins.size())).first->second;
        }
        return b.last_id;
      }
      case ByCol::Mode::StoreText:  // value_id reads the cell's text (text_src)
      case ByCol::Mode::Generic: break;
    }
    return value_id(b, r);
  };
  std::string packed;
  const bool only_count = by.size() == 1 && na == 1 && specs[0].info->kind == Agg::Count && !specs[0].cond;
  // A join's weighted rows (Relation::weights): each row counts as that many; the join sets them
  // only when every aggregate is a plain count().
  const std::vector<uint32_t>* weights = in.weights.get();
  if (weights)
    for (const Spec& sp : specs)
      if (sp.info->kind != Agg::Count || sp.cond) throw QueryException(op.pos, "internal error: weighted rows reached a summarize that does more than count()");
  auto weight_of = [weights](size_t r) -> int64_t { return weights ? (*weights)[r] : 1; };
  std::string extra_note;
  if (only_count) {
    // summarize count() by one key: a tight loop over part ids.
    std::vector<int64_t> counts;
    ByCol& b = by[0];
    auto new_group = [&](size_t r) {
      first_row.push_back(static_cast<uint32_t>(r));
      counts.push_back(0);
      if (first_row.size() > m_limits.max_rows) CheckBudget(first_row.size(), 2, op.pos, "the summarize");
    };
    if (b.mode == ByCol::Mode::TimeBin && b.sr->identity && !weights) {
      // A histogram over a whole time range: the table is in time order, so each bin is a run
      // of rows whose end a binary search finds. No row is read between the ends.
      const LogTable& t = *b.sr->table;
      const uint32_t base = b.sr->base;
      size_t r = 0;
      while (r < in.n) {
        CheckCancel();
        const int64_t bin = BinDown(t.Time(base + r), b.step);
        size_t first = r + 1, last = in.n;  // first position whose time is in a later bin
        if (bin <= INT64_MAX - b.step) {
          const int64_t next = bin + b.step;
          while (first < last) {
            const size_t mid = first + (last - first) / 2;
            if (t.Time(base + static_cast<uint32_t>(mid)) < next) first = mid + 1; else last = mid;
          }
        } else {
          first = in.n;
        }
        new_group(r);
        counts.back() = static_cast<int64_t>(first - r);
        r = first;
      }
      extra_note = "; bins found by binary search over the time-ordered rows";
    } else if (b.mode == ByCol::Mode::Keyed) {
      // The raw key read inlines per field layout and row form; a part id is made (and the
      // value computed) once per distinct raw key.
      // Two passes, each with the memory it will touch requested ahead: the raw keys of the
      // (scattered) rows, then their part ids (a hash probe each when the keys are large).
      constexpr size_t kAhead = 16;
      const bool scattered = !b.sr->identity;
      if (b.key.domain > 0 && b.key.domain <= (1u << 22)) {
        // Keys with a small known bound (codes, pool strings, user numbers): one pass, a flat
        // table from key to part id.
        b.dense.assign(b.key.domain, kUnset);
        WithRowMap(*b.sr, [&](auto row_of) { WithKeyReader(b.key, [&](auto read) {
          for (size_t r = 0; r < in.n; ++r) {
            if ((r & 0xFFFFF) == 0) CheckCancel();
            if (scattered && r + kAhead < in.n) b.key.Prefetch(row_of(r + kAhead));
            const uint64_t raw = read(row_of(r));
            uint32_t g = raw < b.dense.size() ? b.dense[raw] : kUnset;
            if (g == kUnset) [[unlikely]] g = keyed_id(b, raw, r);
            if (g == first_row.size()) new_group(r);
            counts[g] += weight_of(r);
          }
        }); });
      } else {
      std::vector<uint64_t> raws(in.n);
      WithRowMap(*b.sr, [&](auto row_of) { WithKeyReader(b.key, [&](auto read) {
        for (size_t r = 0; r < in.n; ++r) {
          if (scattered && r + kAhead < in.n) b.key.Prefetch(row_of(r + kAhead));
          raws[r] = read(row_of(r));
        }
      }); });
      for (size_t r = 0; r < in.n; ++r) {
        if ((r & 0xFFFFF) == 0) CheckCancel();
        const uint64_t raw = raws[r];
        uint32_t g;
        if (raw < b.dense.size()) [[likely]] {
          g = b.dense[raw];
          if (g == kUnset) [[unlikely]] g = keyed_id(b, raw, r);
        } else {
          if (r + 8 < in.n) b.sparse.Prefetch(raws[r + 8]);
          g = keyed_id(b, raw, r);
        }
        if (g == first_row.size()) new_group(r);
        counts[g] += weight_of(r);
      }
      }
    } else {
      for (size_t r = 0; r < in.n; ++r) {
        const uint32_t g = part_id(b, r);
        if (g == first_row.size()) new_group(r);
        counts[g] += weight_of(r);
      }
    }
    states.resize(first_row.size());
    for (size_t g = 0; g < counts.size(); ++g) states[g].n = counts[g];
  } else if (no_by && std::all_of(specs.begin(), specs.end(), [](const Spec& sp) { return sp.info->kind == Agg::Count && !sp.cond; })) {
    // summarize count() with no key: the row count, no row read.
    int64_t n = 0;
    if (weights) for (uint32_t w : *weights) n += w;
    else n = static_cast<int64_t>(in.n);
    for (auto& st : states) st.n = n;
  } else {
  for (size_t r = 0; r < in.n; ++r) {
    uint32_t g = 0;
    if (!no_by) {
      if (by.size() == 1) {
        g = part_id(by[0], r);
      } else if (by.size() == 2) {
        const uint64_t k2 = (static_cast<uint64_t>(part_id(by[0], r)) << 32) | part_id(by[1], r);
        g = groups2.try_emplace(k2, static_cast<uint32_t>(first_row.size())).first->second;
      } else {
        packed.clear();
        for (auto& b : by) {
          const uint32_t id = part_id(b, r);
          packed.append(reinterpret_cast<const char*>(&id), 4);
        }
        g = groupsn.try_emplace(packed, static_cast<uint32_t>(first_row.size())).first->second;
      }
      if (g == first_row.size()) {
        first_row.push_back(static_cast<uint32_t>(r));
        states.resize(states.size() + na);
        if (first_row.size() > m_limits.max_rows) CheckBudget(first_row.size(), by.size() + na, op.pos, "the summarize");
      }
    }
    State* st = na ? &states[static_cast<size_t>(g) * na] : nullptr;
    for (size_t a = 0; a < na; ++a) {
      const Spec& s = specs[a];
      State& x = st[a];
      if (s.cond) {
        Value c = Eval(*s.cond, in, r);
        bool pass = s.info->kind == Agg::Count ? !(c.IsNull() || (c.type == VType::Dynamic && c.j->is_null())) : IsTrue(c);
        if (!pass) continue;
      }
      switch (s.info->kind) {
        case Agg::Count: case Agg::CountIf: x.n += weight_of(r); break;
        case Agg::DCount: case Agg::DCountIf: {
          Value v = Unwrap(Eval(*s.arg, in, r));
          if (v.IsNull()) break;
          if (!x.set) x.set = std::make_unique<SetData>();
          std::string k;
          AppendKey(k, v);
          x.set->seen.insert(std::move(k));
          break;
        }
        case Agg::Min: case Agg::Max: case Agg::MinIf: case Agg::MaxIf: {
          Value v = Unwrap(Eval(*s.arg, in, r));
          if (v.IsNull()) break;
          if (x.best.IsNull()) { x.best = std::move(v); break; }
          auto c = Compare(v, x.best);
          const bool want_max = s.info->kind == Agg::Max || s.info->kind == Agg::MaxIf;
          if (c && (want_max ? *c > 0 : *c < 0)) x.best = std::move(v);
          break;
        }
        case Agg::Sum: case Agg::SumIf: case Agg::Avg: case Agg::AvgIf: case Agg::Stdev: case Agg::Variance: {
          Value v = Unwrap(Eval(*s.arg, in, r));
          if (v.type == VType::Long || v.type == VType::Bool) { x.isum += v.i; x.sum += static_cast<double>(v.i); }
          else if (v.type == VType::Real) { x.real = true; x.sum += v.r; }
          else if (v.type == VType::Timespan) { x.isum += v.i; x.sum += static_cast<double>(v.i); x.best = Value::Timespan(0); }
          else break;
          x.sumsq += v.AsReal() * v.AsReal();
          ++x.n;
          break;
        }
        case Agg::MakeSet: case Agg::MakeSetIf: case Agg::MakeList: case Agg::MakeListIf: {
          if (!x.set) x.set = std::make_unique<SetData>();
          if (x.set->list.size() >= s.limit) break;
          Value v = Eval(*s.arg, in, r);
          if (v.IsNull() || (v.type == VType::Dynamic && v.j->is_null())) break;
          const bool is_set = s.info->kind == Agg::MakeSet || s.info->kind == Agg::MakeSetIf;
          auto push = [&](const Value& item) {
            if (x.set->list.size() >= s.limit) return;
            if (is_set) {
              std::string k;
              AppendKey(k, Unwrap(item));
              if (!x.set->seen.insert(std::move(k)).second) return;
            }
            x.set->list.push_back(item);
          };
          if (v.type == VType::Dynamic && v.j->is_array()) {
            for (const auto& item : *v.j) push(Value::Dynamic(item));
          } else {
            push(v);
          }
          break;
        }
        case Agg::MakeBag: {
          Value v = Eval(*s.arg, in, r);
          if (v.type != VType::Dynamic || !v.j->is_object()) break;
          if (!x.set) { x.set = std::make_unique<SetData>(); x.set->bag = Json::object(); }
          for (auto it = v.j->begin(); it != v.j->end(); ++it)
            if (!x.set->bag.contains(it.key())) x.set->bag[it.key()] = it.value();
          break;
        }
        case Agg::ArgMax: case Agg::ArgMin: {
          Value v = Unwrap(Eval(*s.arg, in, r));
          if (v.IsNull()) break;
          if (x.row < 0) { x.best = std::move(v); x.row = static_cast<int64_t>(r); break; }
          auto c = Compare(v, x.best);
          if (c && (s.info->kind == Agg::ArgMax ? *c > 0 : *c < 0)) { x.best = std::move(v); x.row = static_cast<int64_t>(r); }
          break;
        }
        case Agg::TakeAny: {
          if (x.row >= 0) break;
          x.best = Eval(*s.arg, in, r);
          x.row = static_cast<int64_t>(r);
          break;
        }
        case Agg::Percentile: {
          Value v = Unwrap(Eval(*s.arg, in, r));
          if (!v.IsNumeric()) break;
          if (!x.set) x.set = std::make_unique<SetData>();
          x.set->list.push_back(v);
          break;
        }
      }
    }
  }
  }
  const size_t ng = first_row.size();
  m_strategy = "hash aggregate: " + std::to_string(ng) + " group(s)";
  for (const auto& b : by)
    m_strategy += b.mode == ByCol::Mode::Keyed ? "; '" + b.name + (b.key.Single() ? "' grouped by store key" : "' grouped by its packed store fields")
                  : b.mode == ByCol::Mode::TimeBin ? "; '" + b.name + "' binned from the integer time"
                  : b.mode == ByCol::Mode::StoreText ? "; '" + b.name + "' grouped by its stored text" : "";
  m_strategy += extra_note;
  CheckBudget(ng, by.size() + na, op.pos, "the summarize");

  // Output: by columns, then aggregates.
  Relation out;
  out.n = ng;
  for (auto& b : by) {
    std::vector<Value> data;
    data.reserve(ng);
    // One key column whose part ids are its value ids (group g is value g): a text value is
    // read back from its key bytes rather than computed again.
    const bool from_keys = by.size() == 1 && b.mode == ByCol::Mode::Keyed && b.text_src >= 0 && b.values.Size() == ng;
    constexpr char kStringTag = static_cast<char>('0' + static_cast<int>(VType::String));
    for (size_t g = 0; g < ng; ++g) {
      if (from_keys) {
        const std::string_view k = b.values.Key(static_cast<uint32_t>(g));
        if (k.size() >= 2 && k.front() == kStringTag) {
          data.push_back(Value::String(std::string(k.substr(1, k.size() - 2))));
          continue;
        }
      }
      data.push_back(Eval(*b.e, in, first_row[g]));
    }
    std::string name = b.name;
    if (out.Find(name) >= 0) name = name + "1";
    AddColumn(out, name, std::move(data));
    if (b.e->kind == ExprKind::Name && b.e->col >= 0) {
      const RelColumn& rc = in.cols[static_cast<size_t>(b.e->col)];
      out.cols.back().type = rc.type;
      out.cols.back().type_name = rc.type_name;
    }
  }
  auto unique = [&](std::string n) {
    if (out.Find(n) < 0) return n;
    for (int k = 1;; ++k)
      if (out.Find(n + std::to_string(k)) < 0) return n + std::to_string(k);
  };
  for (size_t a = 0; a < na; ++a) {
    const Spec& s = specs[a];
    std::vector<Value> data;
    data.reserve(ng);
    VType type = VType::Null;
    for (size_t g = 0; g < ng; ++g) {
      State& x = states[g * na + a];
      switch (s.info->kind) {
        case Agg::Count: case Agg::CountIf: data.push_back(Value::Long(x.n)); type = VType::Long; break;
        case Agg::DCount: case Agg::DCountIf:
          data.push_back(Value::Long(x.set ? static_cast<int64_t>(x.set->seen.size()) : 0));
          type = VType::Long;
          break;
        case Agg::Min: case Agg::Max: case Agg::MinIf: case Agg::MaxIf: data.push_back(x.best); break;
        case Agg::Sum: case Agg::SumIf:
          if (x.best.type == VType::Timespan) data.push_back(Value::Timespan(x.isum));
          else if (x.real) data.push_back(Value::Real(x.sum));
          else data.push_back(x.n ? Value::Long(x.isum) : (ng == 1 && no_by ? Value::Long(0) : Value::Long(0)));
          break;
        case Agg::Avg: case Agg::AvgIf:
          data.push_back(x.n ? Value::Real(x.sum / static_cast<double>(x.n)) : Value::Null());
          type = VType::Real;
          break;
        case Agg::Stdev: case Agg::Variance: {
          if (x.n < 2) { data.push_back(Value::Real(0)); break; }
          const double n = static_cast<double>(x.n);
          double var = (x.sumsq - x.sum * x.sum / n) / (n - 1);
          data.push_back(Value::Real(s.info->kind == Agg::Stdev ? std::sqrt(std::max(0.0, var)) : var));
          type = VType::Real;
          break;
        }
        case Agg::MakeSet: case Agg::MakeSetIf: case Agg::MakeList: case Agg::MakeListIf: {
          Json arr = Json::array();
          if (x.set)
            for (const auto& v : x.set->list) arr.push_back(ToJson(v));
          data.push_back(Value::Dynamic(std::move(arr)));
          type = VType::Dynamic;
          break;
        }
        case Agg::MakeBag:
          data.push_back(Value::Dynamic(x.set ? x.set->bag : Json::object()));
          type = VType::Dynamic;
          break;
        case Agg::ArgMax: case Agg::ArgMin: case Agg::TakeAny: data.push_back(x.best); break;
        case Agg::Percentile: {
          if (!x.set || x.set->list.empty()) { data.push_back(Value::Null()); break; }
          auto& l = x.set->list;
          std::sort(l.begin(), l.end(), [](const Value& p, const Value& q) { return p.AsReal() < q.AsReal(); });
          auto idx = static_cast<size_t>(std::ceil(s.pct / 100.0 * static_cast<double>(l.size())));
          idx = idx == 0 ? 0 : idx - 1;
          data.push_back(l[std::min(idx, l.size() - 1)]);
          break;
        }
      }
    }
    const std::string name = unique(s.name);
    AddColumn(out, name, std::move(data));
    if (type != VType::Null) {
      out.cols.back().type = type;
      out.cols.back().type_name = std::string(VTypeName(type));
    } else if (s.arg && s.arg->kind == ExprKind::Name && s.arg->col >= 0) {
      out.cols.back().type = in.cols[static_cast<size_t>(s.arg->col)].type;
      out.cols.back().type_name = in.cols[static_cast<size_t>(s.arg->col)].type_name;
    }
    if (s.info->kind == Agg::ArgMax || s.info->kind == Agg::ArgMin) {
      std::vector<std::pair<std::string, int>> cols;  // output name, input column (or -1 with expr)
      std::vector<std::pair<std::string, Expr*>> exprs = s.extra;
      if (s.star) {
        for (size_t c = 0; c < in.cols.size(); ++c) {
          const std::string& cn = in.cols[c].name;
          if (out.Find(cn) >= 0) continue;
          exprs.emplace_back(cn, nullptr);
          cols.emplace_back(cn, static_cast<int>(c));
        }
      }
      size_t star_k = 0;
      for (const auto& [cn, ex] : exprs) {
        std::vector<Value> d;
        d.reserve(ng);
        int src_col = ex ? -1 : cols[star_k++].second;
        for (size_t g = 0; g < ng; ++g) {
          const State& x = states[g * na + a];
          if (x.row < 0) { d.push_back(Value::Null()); continue; }
          if (ex) d.push_back(Eval(*ex, in, static_cast<size_t>(x.row)));
          else d.push_back(in.Get(static_cast<size_t>(src_col), static_cast<size_t>(x.row), tmp));
        }
        std::string n2 = unique(cn);
        AddColumn(out, n2, std::move(d));
        if (src_col >= 0) {
          out.cols.back().type = in.cols[static_cast<size_t>(src_col)].type;
          out.cols.back().type_name = in.cols[static_cast<size_t>(src_col)].type_name;
        }
      }
    }
  }
  return out;
}

}  // namespace td::engine::kql
