// Running a query: every term is evaluated on every case (free-text terms scan the search text in
// parallel, which also yields the document frequencies BM25 needs), the tree combines the terms,
// and the matches are scored and ordered.
#include "llmops/query.hpp"

#include "llmops/search.hpp"
#include "llmops/text.hpp"
#include "query_sort.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

namespace llmops {

namespace {

// BM25F: saturation, length normalisation, and the weight of each field (title, company,
// summary, notes): a word in the title counts three times as much as one in the notes.
constexpr double k_k1 = 1.2;
constexpr double k_b = 0.75;
constexpr std::array<double, k_text_fields> k_weights = {3.0, 2.0, 1.5, 1.0};

using Frequencies = std::array<std::uint32_t, k_text_fields>;

bool contains(const std::vector<std::string>& values, std::string_view value)
{
  return std::find(values.begin(), values.end(), value) != values.end();
}

// True when `haystack` contains `lower` (lower-case ASCII) ignoring ASCII case.
bool contains_ignoring_case(std::string_view haystack, std::string_view lower)
{
  auto it = std::search(haystack.begin(), haystack.end(), lower.begin(), lower.end(), [](char a, char b) {
    return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
  });
  return it != haystack.end();
}

bool present(const Case& c, std::string_view field)
{
  if (field == "schema_version") {
    return c.schema_version.present;
  }
  if (field == "year") {
    return c.year.present;
  }
  const std::pair<std::string_view, const Located<std::string>*> texts[] = {{"id", &c.id},
                                                                            {"title", &c.title},
                                                                            {"company", &c.company},
                                                                            {"industry", &c.industry},
                                                                            {"status", &c.status},
                                                                            {"summary", &c.summary},
                                                                            {"notes", &c.notes},
                                                                            {"created_at", &c.created_at},
                                                                            {"source_url", &c.source_url}};
  for (const auto& [name, value] : texts) {
    if (name == field) {
      return value->present;
    }
  }
  if (field == "sources") {
    return !c.sources.empty();
  }
  if (field == "not_duplicate_of") {
    return !c.not_duplicate_of.empty();
  }
  if (field == "tags") {
    return !c.tags.empty();
  }
  return std::any_of(c.tags.begin(), c.tags.end(), [&](const TagRef& t) { return t.family == field; });
}

bool created_in(const Term& t, const Case& c)
{
  if (!c.created_at.present) {
    return false;
  }
  std::string_view date = c.created_at.value;
  if (!t.from.empty()) {
    int order = date.substr(0, t.from.size()).compare(t.from);
    if (order < 0 || (order == 0 && !t.from_inclusive)) {
      return false;
    }
  }
  if (!t.to.empty()) {
    int order = date.substr(0, t.to.size()).compare(t.to);
    if (order > 0 || (order == 0 && !t.to_inclusive)) {
      return false;
    }
  }
  return true;
}

// Whether term `t` holds for case `c`; free-text terms also fill `tf`.
bool holds(const Term& t, const Case& c, const SearchText* search, Frequencies& tf)
{
  switch (t.kind) {
  case TermKind::text: {
    bool any = false;
    for (std::size_t f = 0; f < k_text_fields; ++f) {
      tf[f] = search::count_phrase(search->fields[f], t.pattern);
      any = any || tf[f] > 0;
    }
    return any;
  }
  case TermKind::title:
  case TermKind::company: {
    const auto field = t.kind == TermKind::title ? TextField::title : TextField::company;
    if (search != nullptr) {
      return search::count_phrase(search->fields[static_cast<std::size_t>(field)], t.pattern) > 0;
    }
    return search::count_phrase(search::normalize(t.kind == TermKind::title ? c.title.value : c.company.value),
                                t.pattern) > 0;
  }
  case TermKind::tag:
    return std::any_of(c.tags.begin(), c.tags.end(), [&](const TagRef& ref) {
      return (t.family.empty() || ref.family == t.family) && contains(t.accepted, ref.slug);
    });
  case TermKind::industry:
    return c.industry.present && contains(t.accepted, c.industry.value);
  case TermKind::status:
    return c.status.present && contains(t.accepted, c.status.value);
  case TermKind::year:
    return c.year.present && c.year.value >= t.low && c.year.value <= t.high;
  case TermKind::created:
    return created_in(t, c);
  case TermKind::has:
    return present(c, t.field);
  case TermKind::missing:
    return !present(c, t.field);
  case TermKind::url:
    return (c.source_url.present && contains_ignoring_case(c.source_url.value, t.pattern)) ||
           std::any_of(c.sources.begin(), c.sources.end(),
                       [&](const auto& s) { return contains_ignoring_case(s.value, t.pattern); });
  case TermKind::id:
    return c.id.present && (t.prefix ? c.id.value.starts_with(t.pattern) : c.id.value == t.pattern);
  }
  return false;
}

bool evaluate(const QueryNode& node, const char* hits)
{
  switch (node.kind) {
  case QueryNode::Kind::all:
    return true;
  case QueryNode::Kind::term:
    return hits[node.term] != 0;
  case QueryNode::Kind::negation:
    return !evaluate(node.children.front(), hits);
  case QueryNode::Kind::conjunction:
    return std::all_of(node.children.begin(), node.children.end(),
                       [&](const QueryNode& n) { return evaluate(n, hits); });
  case QueryNode::Kind::disjunction:
    return std::any_of(node.children.begin(), node.children.end(),
                       [&](const QueryNode& n) { return evaluate(n, hits); });
  }
  return false;
}

// Per term, per case: whether it holds and, for free-text terms, how often in each field.
struct TermTable
{
  std::vector<char> hits;                   // [case * terms + term]
  std::vector<std::vector<Frequencies>> tf; // [term][case], free-text terms only
  std::vector<char> matched;                // [case]
};

TermTable evaluate_all(const Query& query, const CaseIndex& index, unsigned threads)
{
  const std::size_t n = index.size();
  const std::size_t terms = query.terms.size();
  TermTable table;
  table.hits.assign(n * terms, 0);
  table.tf.resize(terms);
  for (std::size_t t = 0; t < terms; ++t) {
    if (query.terms[t].kind == TermKind::text) {
      table.tf[t].assign(n, Frequencies{});
    }
  }
  table.matched.assign(n, 0);
  const bool with_search = index.has_search_text();
  auto work = [&](std::size_t begin, std::size_t end) {
    Frequencies scratch{};
    for (std::size_t i = begin; i < end; ++i) {
      const SearchText* search = with_search ? &index.search(i) : nullptr;
      for (std::size_t t = 0; t < terms; ++t) {
        Frequencies& tf = table.tf[t].empty() ? scratch : table.tf[t][i];
        table.hits[i * terms + t] = holds(query.terms[t], index.at(i), search, tf) ? 1 : 0;
      }
      table.matched[i] = evaluate(query.root, table.hits.data() + i * terms) ? 1 : 0;
    }
  };
  // Threads pay off only when there is text to scan.
  if (threads == 0) {
    threads = std::max(1U, std::thread::hardware_concurrency());
  }
  if (!query.needs_search_text() || n < 512) {
    threads = 1;
  }
  const std::size_t chunk = (n + threads - 1) / threads;
  {
    std::vector<std::jthread> pool;
    for (unsigned k = 1; k < threads; ++k) {
      pool.emplace_back(work, std::min<std::size_t>(n, k * chunk), std::min<std::size_t>(n, (k + 1) * chunk));
    }
    work(0, std::min(n, chunk));
  }
  return table;
}

double bm25(const Query& query, const CaseIndex& index, const TermTable& table, const std::vector<std::size_t>& df,
            std::size_t i)
{
  const auto n = static_cast<double>(index.size());
  const SearchText& search = index.search(i);
  double score = 0;
  for (std::size_t t = 0; t < query.terms.size(); ++t) {
    if (!query.terms[t].scored || df[t] == 0) {
      continue;
    }
    double weighted = 0;
    for (std::size_t f = 0; f < k_text_fields; ++f) {
      const double average = index.average_length(static_cast<TextField>(f));
      const double norm = average > 0 ? 1 - k_b + k_b * search.lengths[f] / average : 1;
      weighted += k_weights[f] * table.tf[t][i][f] / norm;
    }
    const auto d = static_cast<double>(df[t]);
    const double idf = std::log(1 + (n - d + 0.5) / (d + 0.5));
    score += idf * weighted * (k_k1 + 1) / (weighted + k_k1);
  }
  return score;
}

} // namespace

QueryResult run_query(const Query& query, const CaseIndex& index, const QueryOptions& options)
{
  if (query.needs_search_text() && !index.has_search_text()) {
    throw std::logic_error("run_query: the query searches text but the index was loaded without it");
  }
  QueryResult result;
  result.ranked = query.ranked();
  const TermTable table = evaluate_all(query, index, options.threads);
  const std::size_t terms = query.terms.size();
  std::vector<std::size_t> df(terms, 0);
  for (std::size_t i = 0; i < table.hits.size(); ++i) {
    df[i % terms] += table.hits[i] != 0 ? 1U : 0U;
  }
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (table.matched[i] != 0) {
      result.matches.push_back({i, result.ranked ? bm25(query, index, table, df, i) : 0.0});
    }
  }
  result.total = result.matches.size();
  detail::sort_matches(result.matches, index, result.ranked, options.sort);
  if (options.limit != 0 && result.matches.size() > options.limit) {
    result.matches.resize(options.limit);
  }
  return result;
}

} // namespace llmops
