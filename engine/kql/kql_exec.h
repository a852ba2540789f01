#pragma once
// Internal to the engine: the intermediate table (Relation) and the executor.
//
// A Relation is columnar and late-materialised: a column either points at a store column (read
// through the row ids in `rows`, never copied) or holds computed values. Filters narrow `rows`;
// only extend/project of expressions, joins of the right side and the final result copy cells.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/kql/kql_ast.h"
#include "engine/kql/kql_engine.h"

namespace td::engine::kql {

struct RelColumn {
  std::string name;
  VType type = VType::String;
  std::string type_name;      // output type name ("int", "guid" kept from the schema)
  int set = -1;               // which source (Relation::srcs) the column reads, -1 when `data` holds the values
  int src = -1;               // store column index in that source's table
  std::vector<Value> data;
  // For keyed store columns of string/dynamic type: the value per key, built on first read.
  std::shared_ptr<std::unordered_map<uint64_t, Value>> key_cache;
  // A union column reads other sources for the rows of other legs: when this column's own
  // source has a null row, the first alternative whose source has a row is read.
  struct Alt {
    int set;
    int src;
    std::shared_ptr<std::unordered_map<uint64_t, Value>> key_cache;
  };
  std::vector<Alt> alts;
};

// Store rows a relation reads from one table: row ids per relation row (UINT32_MAX = a null row
// from an outer join). A join keeps both sides' sources, so nothing is copied out of the store.
struct SourceRows {
  const LogTable* table = nullptr;
  // Explicit row ids (unused when `identity`), shared by the relations that keep the same rows
  // (project, extend, rename copy no ids). Never modified once built.
  std::shared_ptr<std::vector<uint32_t>> ids;
  bool identity = false;       // row r is base + r: a whole visible range, nothing copied
  uint32_t base = 0;
  uint32_t Row(size_t r) const { return identity ? base + static_cast<uint32_t>(r) : (*ids)[r]; }
  const uint32_t* Data() const { return ids ? ids->data() : nullptr; }
  bool HasNull() const { return !identity && ids && std::find(ids->begin(), ids->end(), UINT32_MAX) != ids->end(); }
  std::vector<uint32_t>& Fresh() {  // a new id list to fill
    identity = false;
    ids = std::make_shared<std::vector<uint32_t>>();
    return *ids;
  }
};

struct Relation {
  std::vector<SourceRows> srcs;
  size_t n = 0;
  std::vector<RelColumn> cols;
  // Set only by a join whose output feeds `summarize count() by` columns of one side: row r
  // stands for weights[r] joined rows (its matches on the other side). Only that summarize
  // reads it; every other operator sees relations without weights.
  std::shared_ptr<const std::vector<uint32_t>> weights;

  int Find(std::string_view name) const;
  std::vector<std::string> Names() const;
  // The value of column c at row r; may return a reference to `tmp`.
  const Value& Get(size_t c, size_t r, Value& tmp) const;
  bool HasSource() const { return !srcs.empty(); }
  const SourceRows* SourceOf(const RelColumn& c) const { return c.set >= 0 ? &srcs[static_cast<size_t>(c.set)] : nullptr; }
  const ColumnDef* DefOf(const RelColumn& c) const {
    return c.set >= 0 ? &srcs[static_cast<size_t>(c.set)].table->Columns()[static_cast<size_t>(c.src)] : nullptr;
  }
  size_t MaterializedColumns() const;

  mutable Cell cell;  // scratch for store reads
};

VType VTypeOf(ColumnType t);

// Let bindings visible to a query.
struct LetValue {
  bool tabular = false;
  Value scalar;
  PipelinePtr tab;
  std::shared_ptr<Relation> cached;
};

class Executor {
 public:
  Executor(const Engine& engine, const Limits& limits, std::string_view text, bool explain)
      : m_engine(engine), m_limits(limits), m_text(text), m_explain(explain) {}

  QueryResult RunQuery(const QueryAst& q);
  std::vector<PlanStep>& Plan() { return m_plan; }

  // Used by the evaluator.
  Value Eval(const Expr& e, const Relation& rel, size_t row);
  void Bind(Expr& e, const Relation& rel);
  // The type an expression will have when it can be told before running it (VType::Null when not).
  VType StaticType(const Expr& e, const Relation& rel) const;
  void CheckComparable(const Expr& op, const Expr& a, const Expr& b, const Relation& rel) const;
  Relation RunPipeline(const Pipeline& p, const Relation* implicit_input = nullptr);
  const LetValue* FindLet(const std::string& name) const;
  SimTime Now() const { return m_engine.Now(); }
  const Relation& TabularLet(const std::string& name, const LetValue& lv);

 private:
  friend struct Aggregator;
  Relation Source(const Pipeline& p, const Relation* implicit_input);
  Relation ApplyOp(const TabOp& op, Relation in);
  Relation Where(const TabOp& op, Relation in);
  Relation Project(const TabOp& op, Relation in, bool extend);
  Relation ProjectNames(const TabOp& op, Relation in);
  Relation Summarize(const TabOp& op, Relation in);
  Relation Sort(const TabOp& op, Relation in, int64_t top);
  Relation Distinct(const TabOp& op, Relation in);
  Relation Join(const TabOp& op, Relation in);
  Relation Union(std::vector<Relation> parts, const Pos& pos);
  Relation MvExpand(const TabOp& op, Relation in);
  Relation MvApply(const TabOp& op, Relation in);
  Relation Parse(const TabOp& op, Relation in);
  Relation Evaluate(const TabOp& op, Relation in);
  Relation Getschema(const Relation& in);
  Relation MakeSeries(const TabOp& op, Relation in);
  Relation TupleExtend(const TabOp& op, Relation in);
  Relation TableSource(const std::string& name, const Pos& pos, bool fuzzy, bool* missing);
  // kql_exec_extra.cpp: range, search, top-nested.
  Relation RangeSource(const Pipeline& p);
  Relation SearchSource(const Pipeline& p);
  Relation SearchOp(const TabOp& op, Relation in);
  Relation TopNested(const TabOp& op, Relation in);

  void Note(const std::string& op, const std::string& strategy, size_t in, size_t out,
            std::chrono::steady_clock::time_point start);
  // Stops the query when `rows` rows of `rel`'s shape (materialised cells + store row ids) would
  // exceed the row or memory budget.
  void CheckBudget(size_t rows, size_t cols, const Pos& pos, const char* what, size_t sources = 0);
  // Stops the query when Limits::cancel was raised (between operators, every few thousand rows).
  void CheckCancel() const;
  Value EvalConstant(Expr& e);

  const Engine& m_engine;
  const Limits& m_limits;
  std::string_view m_text;
  bool m_explain;
  std::map<std::string, LetValue> m_lets;
  std::vector<PlanStep> m_plan;
  int m_depth = 0;
  size_t m_bytes = 0;
  std::string m_strategy;  // filled by operators for the plan
  std::vector<const TabOp*> m_pushdown;  // leading where operators of a union pipeline, tried on each leg
  // While a join runs: the operator right after it in its pipeline (null when none). A join
  // followed by `count`, or by `summarize count() by` columns of one side, may skip its pairs.
  const TabOp* m_after_join = nullptr;
};

// Helpers shared by the operators.
Relation Gather(const Relation& in, const std::vector<int64_t>& idx);  // -1 → null row
Relation Subset(const Relation& in, const std::vector<uint32_t>& idx);
Relation Subset(const Relation& in, std::vector<uint32_t>&& idx);  // may take idx as the row ids
void MaterializeAll(Relation& rel);
std::vector<Value> ColumnValues(const Relation& rel, size_t c);
void AddColumn(Relation& rel, std::string name, std::vector<Value> data);  // replaces a same-named column
VType InferType(const std::vector<Value>& data, VType fallback = VType::String);
Value ConvertTo(const Value& v, VType t);
bool GlobMatch(std::string_view pattern, std::string_view name);
// A stored field value by width (1, 2, 4 or 8 bytes) from FieldVector::Data().
inline uint64_t ReadKey(const uint8_t* data, uint8_t width, uint32_t row) {
  switch (width) {
    case 1: return data[row];
    case 2: { uint16_t v; __builtin_memcpy(&v, data + size_t{row} * 2, 2); return v; }
    case 4: { uint32_t v; __builtin_memcpy(&v, data + size_t{row} * 4, 4); return v; }
    default: { uint64_t v; __builtin_memcpy(&v, data + size_t{row} * 8, 8); return v; }
  }
}


// The raw store key of a column, when it has one: the key field of a keyed column (never the
// time field), or the declared fields of a derived column (ColumnDef::row_fields) packed into 64
// bits. Rows whose raw keys are equal have equal values in that column, so an operator may
// compute a predicate or a group once per raw key. Only for a source without null rows.
struct RawKey {
  struct Part {
    const uint8_t* data = nullptr;
    uint8_t width = 0;
    uint8_t shift = 0;
  };
  const SourceRows* sr = nullptr;
  int set = -1;
  std::vector<Part> parts;
  std::vector<int> fields;  // the stored fields read, in packing order (two columns share a key when equal)
  uint64_t domain = 0;      // nonzero: every key is below it (a keyed column's key_domain or pool size)
  uint64_t At(uint32_t store_row) const {
    uint64_t k = 0;
    for (const Part& p : parts) k |= ReadKey(p.data, p.width, store_row) << p.shift;
    return k;
  }
  bool Single() const { return parts.size() == 1; }
  // Asks the CPU to fetch the key of a store row that will be read soon (rows picked by a
  // filter are scattered: without this each read waits for memory).
  void Prefetch(uint32_t store_row) const {
    for (const Part& p : parts) __builtin_prefetch(p.data + size_t{store_row} * p.width);
  }
};
// False when the column has no raw key (a computed column, the time, a union column, a derived
// column that declares no fields, or a source with null rows).
bool RawKeyOf(const Relation& rel, const RelColumn& rc, RawKey& out);

// Calls f(read) with `read(uint32_t store_row) -> uint64_t` specialised for the key's layout:
// one field of width 1, 2, 4 or 8 inlines to a plain load; packed fields use RawKey::At.
template <typename F>
void WithKeyReader(const RawKey& k, F&& f) {
  if (!k.Single()) {
    f([&k](uint32_t row) { return k.At(row); });
    return;
  }
  const uint8_t* data = k.parts[0].data;
  switch (k.parts[0].width) {
    case 1: f([data](uint32_t row) { return uint64_t{data[row]}; }); break;
    case 2: f([data](uint32_t row) { return ReadKey(data, 2, row); }); break;
    case 4: f([data](uint32_t row) { return ReadKey(data, 4, row); }); break;
    default: f([data](uint32_t row) { return ReadKey(data, 8, row); }); break;
  }
}

// Calls f(row_of) with `row_of(size_t position) -> uint32_t store row` specialised for the
// source's form (a whole range, or a list of row ids).
template <typename F>
void WithRowMap(const SourceRows& sr, F&& f) {
  if (sr.identity) {
    const uint32_t base = sr.base;
    f([base](size_t r) { return base + static_cast<uint32_t>(r); });
  } else {
    const uint32_t* ids = sr.Data();
    f([ids](size_t r) { return ids[r]; });
  }
}

}  // namespace td::engine::kql
