#include "llmops/stats.hpp"

#include "llmops/error.hpp"
#include "stats_tags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace llmops {

namespace {

// The tags of every case of a scope as small integers, and how many cases carry each.
struct TagTable
{
  std::vector<std::string> slugs;
  std::unordered_map<std::string_view, std::size_t> ids; // views into the vocabulary or the cases
  std::vector<std::size_t> counts;
  std::vector<std::vector<std::size_t>> cases; // per case of the scope: its tag ids, sorted
};

TagTable tag_table(const CaseIndex& index, std::span<const Match> scope, const Vocabulary& vocabulary)
{
  TagTable table;
  table.cases.reserve(scope.size());
  std::vector<detail::CountedTag> counted;
  for (const Match& match : scope) {
    auto& ids = table.cases.emplace_back();
    detail::counted_tags(index.at(match.index), vocabulary, counted);
    for (const detail::CountedTag& tag : counted) {
      auto [it, added] = table.ids.try_emplace(tag.slug, table.slugs.size());
      if (added) {
        table.slugs.emplace_back(tag.slug);
        table.counts.push_back(0);
      }
      ++table.counts[it->second];
      ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
  }
  return table;
}

CooccurringPair pair_of(const TagTable& table, std::size_t a, std::size_t b, std::size_t count, std::size_t scope)
{
  CooccurringPair pair;
  pair.a = table.slugs[a];
  pair.b = table.slugs[b];
  pair.count = count;
  pair.count_a = table.counts[a];
  pair.count_b = table.counts[b];
  const double n = static_cast<double>(scope);
  pair.support = scope == 0 ? 0.0 : static_cast<double>(count) / n;
  pair.lift =
    pair.count_a == 0 || pair.count_b == 0
      ? 0.0
      : static_cast<double>(count) * n / (static_cast<double>(pair.count_a) * static_cast<double>(pair.count_b));
  return pair;
}

// Fills the heatmap of `tags` (at most 16 of them): cases with both, the diagonal cases with one.
void fill_matrix(Cooccurrence& out, const TagTable& table)
{
  if (out.matrix_tags.size() > 16) {
    out.matrix_tags.resize(16);
  }
  std::vector<std::size_t> ids;
  for (const std::string& slug : out.matrix_tags) {
    ids.push_back(table.ids.at(slug));
  }
  const std::size_t n = ids.size();
  out.matrix.assign(n, std::vector<std::size_t>(n, 0));
  for (const auto& tags : table.cases) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::binary_search(tags.begin(), tags.end(), ids[i])) {
        continue;
      }
      for (std::size_t j = 0; j < n; ++j) {
        if (std::binary_search(tags.begin(), tags.end(), ids[j])) {
          ++out.matrix[i][j];
        }
      }
    }
  }
}

void add_matrix_tag(Cooccurrence& out, const std::string& slug)
{
  if (std::find(out.matrix_tags.begin(), out.matrix_tags.end(), slug) == out.matrix_tags.end()) {
    out.matrix_tags.push_back(slug);
  }
}

} // namespace

Cooccurrence cooccurring_with(const CaseIndex& index, std::span<const Match> scope, std::string_view tag,
                              const Vocabulary& vocabulary, std::size_t top)
{
  const TagLookup look = vocabulary.lookup_tag(tag);
  if (look.match == TagMatch::unknown) {
    const std::vector<std::string> hint = vocabulary.suggest_tags(tag, {});
    throw Error(fmt::format("--cooccur: unknown tag '{}'{}", tag,
                            hint.empty() ? "; 'llmops tag list' lists the tags"
                                         : fmt::format("; did you mean '{}'?", hint.front())));
  }
  Cooccurrence out;
  out.tag = std::string(look.canonical);
  out.scope = scope.size();
  const TagTable table = tag_table(index, scope, vocabulary);
  auto found = table.ids.find(out.tag);
  if (found == table.ids.end()) {
    return out;
  }
  const std::size_t id = found->second;
  out.tag_count = table.counts[id];
  std::vector<std::size_t> together(table.slugs.size(), 0);
  for (const auto& tags : table.cases) {
    if (std::binary_search(tags.begin(), tags.end(), id)) {
      for (std::size_t other : tags) {
        together[other] += other == id ? 0U : 1U;
      }
    }
  }
  for (std::size_t other = 0; other < together.size(); ++other) {
    if (together[other] > 0) {
      out.pairs.push_back(pair_of(table, id, other, together[other], out.scope));
    }
  }
  std::sort(out.pairs.begin(), out.pairs.end(), [](const CooccurringPair& a, const CooccurringPair& b) {
    if (a.count != b.count) {
      return a.count > b.count;
    }
    if (a.lift != b.lift) {
      return a.lift > b.lift;
    }
    return a.b < b.b;
  });
  if (top != 0 && out.pairs.size() > top) {
    out.pairs.resize(top);
  }
  add_matrix_tag(out, out.tag);
  for (const CooccurringPair& pair : out.pairs) {
    add_matrix_tag(out, pair.b);
  }
  fill_matrix(out, table);
  return out;
}

Cooccurrence strongest_pairs(const CaseIndex& index, std::span<const Match> scope, const Vocabulary& vocabulary,
                             std::size_t min_support, std::size_t top)
{
  Cooccurrence out;
  out.scope = scope.size();
  const TagTable table = tag_table(index, scope, vocabulary);
  const std::size_t n = table.slugs.size();
  std::vector<std::size_t> together(n * n, 0);
  for (const auto& tags : table.cases) {
    for (std::size_t i = 0; i < tags.size(); ++i) {
      for (std::size_t j = i + 1; j < tags.size(); ++j) {
        ++together[tags[i] * n + tags[j]];
      }
    }
  }
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      const std::size_t count = together[a * n + b];
      if (count > 0 && count >= min_support) {
        // Each pair is named in slug order, so that the output does not depend on reading order.
        out.pairs.push_back(table.slugs[a] < table.slugs[b] ? pair_of(table, a, b, count, out.scope)
                                                            : pair_of(table, b, a, count, out.scope));
      }
    }
  }
  std::sort(out.pairs.begin(), out.pairs.end(), [](const CooccurringPair& x, const CooccurringPair& y) {
    if (x.lift != y.lift) {
      return x.lift > y.lift;
    }
    if (x.count != y.count) {
      return x.count > y.count;
    }
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  if (top != 0 && out.pairs.size() > top) {
    out.pairs.resize(top);
  }
  for (const CooccurringPair& pair : out.pairs) {
    add_matrix_tag(out, pair.a);
    add_matrix_tag(out, pair.b);
  }
  fill_matrix(out, table);
  return out;
}

} // namespace llmops
