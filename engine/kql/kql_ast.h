#pragma once
// [SECTION] Tokens
// [SECTION] Scalar expressions
// [SECTION] Tabular operators and pipelines
// [SECTION] Statements
//
// The syntax tree of a KQL query. The parser builds it; the executor binds column names
// (Expr::col) per operator and evaluates it. Every node keeps its place for error messages.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/kql/kql_error.h"
#include "engine/kql/kql_render.h"
#include "engine/kql/kql_value.h"

namespace td::engine::kql {

// [SECTION] Tokens

enum class Tok : uint8_t { End, Ident, Long, Real, Timespan, String, Punct };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // identifier / punctuation / the decoded string
  int64_t i = 0;     // Long, Timespan (ms)
  double r = 0;      // Real
  Pos pos;
};

// Splits a query into tokens; throws QueryException on a bad character or an unclosed string.
std::vector<Token> Lex(std::string_view text);

// [SECTION] Scalar expressions

enum class ExprKind : uint8_t {
  Literal,   // lit
  Name,      // a column, a scalar `let`, or (in `in (...)`) a tabular `let`
  Member,    // args[0].name
  Index,     // args[0][args[1]]
  Unary,     // op (Neg / Not), args[0]
  Binary,    // op, args[0] op args[1]
  Call,      // name(args...)
  InList,    // args[0] op (args[1..])  (in, !in, in~, !in~, has_any, has_all)
  Between,   // args[0] [!]between (args[1] .. args[2])
  Star,      // * as in arg_max(TimeGenerated, *)
  Tabular,   // a tabular expression used as a scalar (toscalar, materialize, `in (T)`)
};

enum class Op : uint8_t {
  None, Neg, Not,
  Add, Sub, Mul, Div, Mod,
  Eq, Ne, EqCi, NeCi, Lt, Le, Gt, Ge, And, Or,
  Contains, ContainsCs, Has, HasCs, StartsWith, StartsWithCs, EndsWith, EndsWithCs, HasPrefix,
  MatchesRegex,
  In, InCi, HasAny, HasAll,
};

struct Pipeline;
using PipelinePtr = std::shared_ptr<Pipeline>;

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Literal;
  Op op = Op::None;
  bool negate = false;        // !contains, !in, !between, !has …
  Pos pos;
  std::string name;           // Name, Member, Call
  Value lit;                  // Literal
  std::vector<ExprPtr> args;
  PipelinePtr tab;            // Tabular
  // Bound by the executor for the input it is evaluated on:
  int col = -1;               // Name: column index in the input, -1 when a let value
  int fn = -1;                // Call: function id
  std::shared_ptr<void> cache;  // per-node constant cache (compiled regex, constant list)
  // The argument of a user-defined function put in place of a typed parameter (the parser
  // inlines calls): the binder checks that its type, when known before running, fits the
  // declared one. VType::Null: no check. param_of names the parameter ("'n' of f()").
  VType param_type = VType::Null;
  std::string param_of;
};

// The column name KQL gives an unnamed expression: a column reference keeps its name, a member
// path joins with '_' (TargetResources1.modifiedProperties → TargetResources1_modifiedProperties),
// a function call is named after the first column it reads.
std::string DefaultName(const Expr& e);

// [SECTION] Tabular operators and pipelines

enum class OpKind : uint8_t {
  Where, Project, ProjectAway, ProjectKeep, ProjectRename, ProjectReorder, Extend, Summarize,
  Sort, Top, Take, Distinct, Count, Join, Union, MvExpand, MvApply, Parse, Evaluate, Serialize,
  Getschema, AsName, MakeSeries, Search, TopNested,
};

struct NamedExpr {
  std::string name;       // "" when not named
  bool named = false;
  Pos pos;
  ExprPtr e;
  VType to_type = VType::Null;  // mv-expand/mv-apply `to typeof(T)`; parse Col:type
  bool has_type = false;
};

struct SortKey {
  ExprPtr e;
  bool desc = true;
  int nulls = 0;  // 0 default, 1 first, 2 last
};

struct JoinKey {
  std::string left, right;
  Pos left_pos, right_pos;
};

struct ParsePart {
  enum class Kind : uint8_t { Star, Literal, Column } kind;
  std::string text;       // literal text or column name
  Pos pos;
  VType type = VType::String;
};

struct TabOp {
  OpKind kind = OpKind::Where;
  Pos pos;
  ExprPtr pred;                       // where; take/top count; parse source; evaluate call
  std::vector<NamedExpr> items;       // project/extend/summarize aggregates/distinct/mv-expand/mv-apply
  std::vector<NamedExpr> by;          // summarize by
  std::vector<SortKey> sort;          // sort/top
  std::vector<std::string> names;     // project-away/keep/reorder patterns
  std::vector<Pos> name_pos;
  std::string join_kind = "innerunique";
  bool lookup = false;                // lookup: the right side's key columns are not repeated
  PipelinePtr right;                  // join right side, mv-apply subquery
  std::vector<JoinKey> keys;
  std::vector<PipelinePtr> tables;    // union
  bool fuzzy = false;
  std::vector<ParsePart> parts;       // parse
  int64_t limit = -1;                 // mv-expand limit
  // make-series: items are the aggregations (defaults[i] their default, may be null), pred the
  // axis column, from/to optional, step required, by the group columns.
  std::vector<ExprPtr> defaults;
  ExprPtr from, to, step;
  // extend (a, b, c) = f(...): the names of a tuple assignment (items[0] holds the expression).
  std::vector<std::string> tuple;
  // search: pred is the term (a string literal) or a boolean expression.
  // top-nested: one level per entry of items (the `of` expression), by (the aggregation),
  // sort (desc flag), counts (N) and defaults (`with others = V`, null when absent).
  std::vector<int64_t> counts;
};

// Range: `range name from values[0] to values[1] step values[2]`. Search: `search [in (tables)]
// …`, the tables (all of the store when empty) then ops[0] (a Search operator).
enum class SourceKind : uint8_t { Table, Union, Sub, Print, Externaldata, Implicit, Datatable, Range, Search };

struct Pipeline {
  SourceKind source = SourceKind::Table;
  Pos pos;
  std::string name;                   // Table: table or tabular-let name
  PipelinePtr sub;                    // Sub: (tabular), materialize(...)
  std::vector<PipelinePtr> tables;    // Union
  bool fuzzy = false;
  std::vector<NamedExpr> print;       // Print
  std::vector<NamedExpr> schema;      // Datatable (name + type)
  std::vector<ExprPtr> values;        // Datatable values, row-major
  std::vector<TabOp> ops;
};

// [SECTION] Statements

struct LetStmt {
  std::string name;
  Pos pos;
  ExprPtr scalar;     // set for a scalar let
  PipelinePtr tab;    // set for a tabular let
};

// `| render V with (...)` at the end of the query (the parser takes it out of the pipeline).
struct RenderClause {
  Pos pos;
  std::string visualization;
  RenderProperties props;
  struct Column {
    std::string name;
    std::string property;  // "xcolumn", "ycolumns", "series"
    Pos pos;
  };
  std::vector<Column> columns;  // checked against the result's columns
};

// User-defined functions (`let f = (x:long) {...}`) are not in the tree: the parser inlines each
// call, substituting the arguments for the parameters.
struct QueryAst {
  std::vector<LetStmt> lets;
  PipelinePtr body;   // the final tabular expression
  std::optional<RenderClause> render;
};

// Whether an argument whose type is known to be `actual` may be passed for a user-defined
// function's parameter declared `declared` (VType::Null: not known; a long fits a real).
bool ParamAccepts(VType declared, VType actual);

// Parses a whole query; throws QueryException with the place of the first error.
QueryAst ParseQuery(std::string_view text);

}  // namespace td::engine::kql
