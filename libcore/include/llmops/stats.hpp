#pragma once

#include "llmops/case_index.hpp"
#include "llmops/git_history.hpp"
#include "llmops/query.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// What a scope of cases holds, in the figures a blog post quotes.
struct OverviewStats
{
  std::size_t cases = 0;
  std::size_t companies = 0;  // distinct by `text::company_key`
  std::size_t industries = 0; // distinct canonical industries
  long long first_year = 0;   // 0 when no case has a year
  long long last_year = 0;
  std::size_t without_year = 0;
  std::size_t published = 0; // status "published"
  std::size_t drafts = 0;    // status "draft"
  std::size_t tags_used = 0; // distinct canonical tags
  double tags_mean = 0;      // tags per case (canonical, each once)
  double tags_median = 0;
  std::size_t tags_max = 0;
  std::size_t without_tags = 0;
  std::size_t with_summary = 0;
  std::size_t summary_words = 0; // words of every summary, as free-text search counts them
  std::size_t with_notes = 0;
};

// The overview of the cases in `scope`; word counts need `index.has_search_text()` (else 0).
OverviewStats compute_overview(const CaseIndex& index, std::span<const Match> scope, const Vocabulary& vocabulary);

// One value of a breakdown and the cases that have it.
struct BreakdownRow
{
  std::string key;   // the slug, year or company as counted ("" for cases without a value)
  std::string label; // how a reader sees it: the vocabulary's label, "unknown"
  std::size_t count = 0;
  double share = 0; // count / cases in scope
};

// Cases of a scope counted by one field.
struct Breakdown
{
  std::string field;      // as asked: "industry", "technique", ...
  std::string title;      // "Cases by industry"
  bool several = false;   // a case may count under several values (tags): shares add up past 100%
  std::size_t scope = 0;  // cases counted
  std::size_t values = 0; // distinct values before `top` cut the rows
  std::vector<BreakdownRow> rows;
};

// The fields `compute_breakdown` accepts: industry, year, company, status, tag, then each family.
std::vector<std::string> breakdown_fields(const Vocabulary& vocabulary);

// Counts the cases of `scope` by `field` (see `breakdown_fields`; "tag" counts every tag, a family
// its tags). Industries and tags are counted under their canonical slugs, each once per case;
// companies by `text::company_key` under their most common spelling. Years go oldest first with
// "unknown" last, everything else by count, then label. `top` (0: all) keeps the rows with most
// cases, in that order. Throws `Error` naming the known fields for an unknown one.
Breakdown compute_breakdown(const CaseIndex& index, std::span<const Match> scope, std::string_view field,
                            const Vocabulary& vocabulary, std::size_t top = 0);

// One period of a trend.
struct TrendPoint
{
  std::string period; // "2024", "2025-Q3"
  std::size_t count = 0;
};

// Cases per period, every period from the first to the last present (empty ones as 0).
struct Trend
{
  std::string title;  // "Cases per year of publication"
  std::string period; // "year" or "quarter"
  std::vector<TrendPoint> points;
  std::size_t undated = 0; // cases in scope without a year (or curation date)
};

// Cases of `scope` per year of publication.
Trend publication_trend(const CaseIndex& index, std::span<const Match> scope);

// Cases of `scope` per quarter of the day they entered the database (`dates`, from `curation_dates`).
Trend curation_trend(const CaseIndex& index, std::span<const Match> scope, const CurationDates& dates);

// "2025-Q3" for "2025-08-14".
std::string quarter_of(std::string_view date);

// How often one tag appears in new cases against before.
struct TagGrowth
{
  std::string tag;
  std::string label;
  std::string family;
  std::size_t before = 0; // cases in scope, not new, with the tag
  std::size_t added = 0;  // new cases with the tag
  double growth = 0;      // added / before; 0 when before is 0 (a tag new to the scope)
};

// What was added to a scope since a point in time.
struct SinceStats
{
  std::string since; // as given: a date or a git revision
  std::size_t scope = 0;
  std::vector<std::size_t> added; // indices into the index, in the index's order (by path)
  std::vector<TagGrowth> tags;    // tags of the new cases: most added first, then fastest growth, then slug
};

// Splits `scope` into cases new (`is_new[index]`) and not, and counts their tags; `top` (0: all)
// keeps the tags added most.
SinceStats since_stats(const CaseIndex& index, std::span<const Match> scope, const std::vector<bool>& is_new,
                       const Vocabulary& vocabulary, std::string since, std::size_t top = 0);

// One pair of tags that appear together.
struct CooccurringPair
{
  std::string a; // canonical slugs; `a` is the asked tag for `cooccurring_with`
  std::string b;
  std::size_t count = 0;   // cases with both
  std::size_t count_a = 0; // cases with `a`
  std::size_t count_b = 0; // cases with `b`
  double support = 0;      // count / cases in scope
  double lift = 0;         // support / (share with a * share with b): above 1 means more often than chance
};

// Tags appearing together in a scope, and the counts a heatmap draws.
struct Cooccurrence
{
  std::string tag; // the asked tag (empty: strongest pairs overall)
  std::size_t scope = 0;
  std::size_t tag_count = 0; // cases with `tag`
  std::vector<CooccurringPair> pairs;
  std::vector<std::string> matrix_tags;         // the tags of the heatmap: `tag` (if any) then the pairs' tags
  std::vector<std::vector<std::size_t>> matrix; // cases with both tags (the diagonal: with the tag)
};

// The tags that appear with `tag` (an alias or deprecated slug is resolved) in the cases of
// `scope`, most cases first, then by lift, then slug; `top` (0: all) keeps the first. Throws
// `Error` for a tag the vocabulary does not know, with a suggestion.
Cooccurrence cooccurring_with(const CaseIndex& index, std::span<const Match> scope, std::string_view tag,
                              const Vocabulary& vocabulary, std::size_t top = 0);

// Pairs of tags appearing together in at least `min_support` cases of `scope`, highest lift first,
// then most cases, then slugs; `top` (0: all) keeps the first.
Cooccurrence strongest_pairs(const CaseIndex& index, std::span<const Match> scope, const Vocabulary& vocabulary,
                             std::size_t min_support, std::size_t top = 0);

// Today as "YYYY-MM-DD" in UTC, or the day of SOURCE_DATE_EPOCH when it is set (reproducible output).
std::string today_date();

} // namespace llmops
