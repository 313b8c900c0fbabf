#pragma once

#include "llmops/case_index.hpp"
#include "llmops/schema.hpp"
#include "llmops/vocabulary.hpp"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// A query expression that cannot be read: the 1-based column (in characters) where the problem
// starts, how many columns it covers, and a message that says what was expected there.
class QueryError : public std::runtime_error
{
public:
  QueryError(std::size_t column, std::size_t span, const std::string& message)
    : std::runtime_error(message), m_column(column), m_span(span)
  {}
  // The 1-based column, in characters, where the problem starts.
  std::size_t column() const { return m_column; }

  // How many columns the problem covers (at least 1).
  std::size_t span() const { return m_span; }

private:
  std::size_t m_column;
  std::size_t m_span;
};

// What one term of a query tests.
enum class TermKind : std::uint8_t {
  text,    // free words or a "quoted phrase" in title, company, summary or notes
  title,   // title:WORDS
  company, // company:WORDS
  tag,     // tag:SLUG, or FAMILY:SLUG for a tag listed under that family
  industry,
  status,
  year,    // year:2024, year>=2024, year:2023..2025
  created, // created:2025-01, created>=2025-01-15 (compared on the characters given)
  has,     // has:FIELD, a field of the schema or a tag family
  missing, // missing:FIELD
  url,     // url:TEXT, in source_url or sources, ignoring case
  id,      // id:ID, or id:PREFIX*
};

// One test on a case, resolved against the vocabulary and the schema when it was parsed.
struct Term
{
  TermKind kind = TermKind::text;
  std::string written;               // the term as typed
  std::size_t column = 0;            // where it starts in the expression
  std::vector<std::string> words;    // text, title, company: the folded words of the phrase
  std::string pattern;               // text, title, company: `search::phrase_pattern(words)`, without
                                     // its final space for a prefix; url: lower-cased; id: id or prefix
  bool prefix = false;               // id, text, title, company: PREFIX* (the last word is a prefix)
  bool scored = false;               // text: counts towards relevance (not under a negation)
  std::string family;                // tag: the family it must be listed under (empty: any)
  std::vector<std::string> values;   // tag, industry: the canonical slugs named; status: values
  std::vector<std::string> accepted; // tag, industry, status: every written value that matches
  long long low = LLONG_MIN;         // year: inclusive bounds
  long long high = LLONG_MAX;
  std::string from; // created: lower bound (empty: none)
  std::string to;   // created: upper bound (empty: none)
  bool from_inclusive = true;
  bool to_inclusive = true;
  std::string field; // has, missing: a schema field name or a tag family
};

// A node of the expression tree.
struct QueryNode
{
  enum class Kind : std::uint8_t { all, term, negation, conjunction, disjunction };
  Kind kind = Kind::all;
  std::size_t term = 0; // Kind::term: index into `Query::terms`
  std::vector<QueryNode> children;
};

// A parsed query: its expression tree and the terms the tree refers to.
struct Query
{
  std::string expression;
  QueryNode root;
  std::vector<Term> terms;

  // True when a free-text term counts towards relevance: results are then ranked by BM25.
  bool ranked() const;

  // True when running the query needs `CaseIndex::search` (it has free-text terms).
  bool needs_search_text() const;

  // The tree in a normalized prefix form, e.g. `(and tag:rag year:2024..)`, for tests and logs.
  std::string describe() const;
};

// Parses `expression` (see docs/query.md), resolving tag and industry aliases through
// `vocabulary` and checking statuses and field names against `schema`; throws `QueryError`. An
// empty expression matches every case.
Query parse_query(std::string_view expression, const Vocabulary& vocabulary, const Schema& schema);

// The error as two lines under a message: the expression, and a caret under the columns it covers.
std::string format_query_error(std::string_view expression, const QueryError& error);

// What results can be ordered by.
enum class SortField : std::uint8_t { relevance, year, title, company, industry, status, created, id, path };

// One ordering: a field and its direction.
struct SortKey
{
  SortField field = SortField::relevance;
  bool descending = true;
};

// Parses "FIELD" or "FIELD:asc" or "FIELD:desc" (relevance defaults to desc, the rest to asc);
// nothing when it is not one of `sort_field_names()`.
std::optional<SortKey> parse_sort_key(std::string_view text);

// The names `parse_sort_key` accepts, in the order the help lists them.
std::vector<std::string> sort_field_names();

// How `run_query` orders and cuts the matches.
struct QueryOptions
{
  std::optional<SortKey> sort; // none: by relevance when ranked, else newest year first, then title
  std::size_t limit = 0;       // 0: every match
  unsigned threads = 0;        // 0: one per core (free-text terms scan in parallel)
};

// One matching case: its place in the index and its relevance (0 when the query is not ranked).
struct Match
{
  std::size_t index = 0;
  double score = 0;
};

// The matches of a query, and how many there were before the limit.
struct QueryResult
{
  std::vector<Match> matches; // ordered, at most `QueryOptions::limit`
  std::size_t total = 0;      // matches before the limit
  bool ranked = false;
};

// Runs `query` over `index` (which must hold search text when `query.needs_search_text()`).
// Ranking is BM25F over title, company, summary and notes with the title weighted highest; ties
// and unranked results go by newest year, then title, then path, so the order is total.
QueryResult run_query(const Query& query, const CaseIndex& index, const QueryOptions& options = {});

} // namespace llmops
