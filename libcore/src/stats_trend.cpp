#include "llmops/stats.hpp"

#include "stats_tags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace llmops {

std::string quarter_of(std::string_view date)
{
  if (date.size() < 7) {
    return {};
  }
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  return fmt::format("{}-Q{}", date.substr(0, 4), (month - 1) / 3 + 1);
}

Trend publication_trend(const CaseIndex& index, std::span<const Match> scope)
{
  Trend out;
  out.title = "Cases per year of publication";
  out.period = "year";
  std::map<long long, std::size_t> years;
  for (const Match& match : scope) {
    const Case& c = index.at(match.index);
    if (c.year.present) {
      ++years[c.year.value];
    } else {
      ++out.undated;
    }
  }
  if (!years.empty()) {
    for (long long year = years.begin()->first; year <= years.rbegin()->first; ++year) {
      auto it = years.find(year);
      out.points.push_back({std::to_string(year), it == years.end() ? 0 : it->second});
    }
  }
  return out;
}

Trend curation_trend(const CaseIndex& index, std::span<const Match> scope, const CurationDates& dates)
{
  (void)index;
  Trend out;
  out.title = "Cases added to the database per quarter";
  out.period = "quarter";
  std::map<std::pair<int, int>, std::size_t> quarters;
  for (const Match& match : scope) {
    const std::string& date = dates.dates.at(match.index);
    if (date.empty()) {
      ++out.undated;
      continue;
    }
    const int year = std::stoi(date.substr(0, 4));
    const int month = std::stoi(date.substr(5, 2));
    ++quarters[{year, (month - 1) / 3 + 1}];
  }
  if (!quarters.empty()) {
    auto [year, quarter] = quarters.begin()->first;
    const auto last = quarters.rbegin()->first;
    while (std::make_pair(year, quarter) <= last) {
      auto it = quarters.find({year, quarter});
      out.points.push_back({fmt::format("{}-Q{}", year, quarter), it == quarters.end() ? 0 : it->second});
      if (++quarter > 4) {
        quarter = 1;
        ++year;
      }
    }
  }
  return out;
}

SinceStats since_stats(const CaseIndex& index, std::span<const Match> scope, const std::vector<bool>& is_new,
                       const Vocabulary& vocabulary, std::string since, std::size_t top)
{
  SinceStats out;
  out.since = std::move(since);
  out.scope = scope.size();
  std::unordered_map<std::string_view, TagGrowth> tags;
  std::vector<detail::CountedTag> counted;
  for (const Match& match : scope) {
    const bool added = is_new.at(match.index);
    if (added) {
      out.added.push_back(match.index);
    }
    detail::counted_tags(index.at(match.index), vocabulary, counted);
    for (const detail::CountedTag& tag : counted) {
      auto [it, inserted] = tags.try_emplace(tag.slug);
      if (inserted) {
        it->second.tag = std::string(tag.slug);
        it->second.family = std::string(tag.family);
      }
      ++(added ? it->second.added : it->second.before);
    }
  }
  for (auto& [slug, growth] : tags) {
    if (growth.added == 0) {
      continue;
    }
    growth.label = detail::tag_label(growth.tag, vocabulary);
    growth.growth = growth.before == 0 ? 0.0 : static_cast<double>(growth.added) / static_cast<double>(growth.before);
    out.tags.push_back(std::move(growth));
  }
  std::stable_sort(out.tags.begin(), out.tags.end(), [](const TagGrowth& a, const TagGrowth& b) {
    if (a.added != b.added) {
      return a.added > b.added;
    }
    if ((a.before == 0) != (b.before == 0)) {
      return a.before == 0; // new to the scope grew the most
    }
    if (a.growth != b.growth) {
      return a.growth > b.growth;
    }
    return a.tag < b.tag;
  });
  if (top != 0 && out.tags.size() > top) {
    out.tags.resize(top);
  }
  return out;
}

} // namespace llmops
