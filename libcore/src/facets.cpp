#include "llmops/facets.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace llmops {

namespace {

using Counts = std::map<std::string, std::size_t, std::less<>>;

std::vector<FacetCount> by_count(const Counts& counts)
{
  std::vector<FacetCount> out;
  out.reserve(counts.size());
  for (const auto& [value, count] : counts) {
    out.push_back({value, count});
  }
  std::stable_sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  return out;
}

} // namespace

std::vector<Facet> compute_facets(const CaseIndex& index, std::span<const Match> matches, const Vocabulary& vocabulary)
{
  Counts industries;
  Counts statuses;
  std::map<long long, std::size_t, std::greater<>> years;
  std::size_t no_year = 0;
  std::map<std::string, Counts, std::less<>> families;
  std::vector<std::string> extra_families; // listed in cases but not in the vocabulary, in order of appearance
  std::set<std::pair<std::string, std::string>> seen;
  for (const Match& match : matches) {
    const Case& c = index.at(match.index);
    if (c.industry.present) {
      const Industry* industry = vocabulary.lookup_industry(c.industry.value);
      ++industries[industry != nullptr ? industry->slug : c.industry.value];
    }
    if (c.year.present) {
      ++years[c.year.value];
    } else {
      ++no_year;
    }
    if (c.status.present) {
      ++statuses[c.status.value];
    }
    seen.clear();
    for (const TagRef& tag : c.tags) {
      TagLookup look = vocabulary.lookup_tag(tag.slug);
      const Tag* entry = look.match == TagMatch::unknown ? nullptr : vocabulary.find_tag(look.canonical);
      std::string family = entry != nullptr ? entry->family : tag.family;
      std::string slug = entry != nullptr ? std::string(look.canonical) : tag.slug;
      if (!seen.emplace(family, slug).second) {
        continue;
      }
      if (vocabulary.find_family(family) == nullptr &&
          std::find(extra_families.begin(), extra_families.end(), family) == extra_families.end()) {
        extra_families.push_back(family);
      }
      ++families[family][slug];
    }
  }

  std::vector<Facet> facets;
  facets.push_back({"industry", by_count(industries)});
  Facet year{"year", {}};
  for (const auto& [value, count] : years) {
    year.counts.push_back({std::to_string(value), count});
  }
  if (no_year > 0) {
    year.counts.push_back({"unknown", no_year});
  }
  facets.push_back(std::move(year));
  facets.push_back({"status", by_count(statuses)});
  std::vector<std::string> order;
  std::vector<const Family*> known;
  for (const Family& family : vocabulary.families()) {
    known.push_back(&family);
  }
  std::stable_sort(known.begin(), known.end(), [](const Family* a, const Family* b) { return a->order < b->order; });
  for (const Family* family : known) {
    order.push_back(family->slug);
  }
  order.insert(order.end(), extra_families.begin(), extra_families.end());
  for (const std::string& family : order) {
    auto it = families.find(family);
    facets.push_back({family, it != families.end() ? by_count(it->second) : std::vector<FacetCount>{}});
  }
  return facets;
}

} // namespace llmops
