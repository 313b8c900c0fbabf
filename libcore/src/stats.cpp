#include "llmops/stats.hpp"

#include "llmops/error.hpp"
#include "llmops/facets.hpp"
#include "llmops/text.hpp"
#include "stats_tags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace llmops {

OverviewStats compute_overview(const CaseIndex& index, std::span<const Match> scope, const Vocabulary& vocabulary)
{
  OverviewStats out;
  out.cases = scope.size();
  std::set<std::string, std::less<>> companies;
  std::set<std::string, std::less<>> industries;
  std::unordered_set<std::string_view> tags;
  std::vector<detail::CountedTag> counted;
  std::vector<std::size_t> per_case;
  per_case.reserve(scope.size());
  const bool words = index.has_search_text();
  for (const Match& match : scope) {
    const Case& c = index.at(match.index);
    if (c.company.present) {
      companies.insert(text::company_key(c.company.value));
    }
    if (c.industry.present) {
      const Industry* industry = vocabulary.lookup_industry(c.industry.value);
      industries.insert(industry != nullptr ? industry->slug : c.industry.value);
    }
    if (c.year.present) {
      out.first_year = out.first_year == 0 ? c.year.value : std::min(out.first_year, c.year.value);
      out.last_year = std::max(out.last_year, c.year.value);
    } else {
      ++out.without_year;
    }
    if (c.status.present && c.status.value == "published") {
      ++out.published;
    } else if (c.status.present && c.status.value == "draft") {
      ++out.drafts;
    }
    detail::counted_tags(c, vocabulary, counted);
    for (const detail::CountedTag& tag : counted) {
      tags.insert(tag.slug);
    }
    per_case.push_back(counted.size());
    out.without_tags += counted.empty() ? 1U : 0U;
    if (c.summary.present) {
      ++out.with_summary;
      if (words) {
        out.summary_words += index.search(match.index).lengths[static_cast<std::size_t>(TextField::summary)];
      }
    }
    out.with_notes += c.notes.present ? 1U : 0U;
  }
  out.companies = companies.size();
  out.industries = industries.size();
  out.tags_used = tags.size();
  if (!per_case.empty()) {
    std::size_t total = 0;
    for (std::size_t n : per_case) {
      total += n;
    }
    out.tags_mean = static_cast<double>(total) / static_cast<double>(per_case.size());
    std::sort(per_case.begin(), per_case.end());
    const std::size_t mid = per_case.size() / 2;
    out.tags_median = per_case.size() % 2 == 1 ? static_cast<double>(per_case[mid])
                                               : static_cast<double>(per_case[mid - 1] + per_case[mid]) / 2.0;
    out.tags_max = per_case.back();
  }
  return out;
}

std::vector<std::string> breakdown_fields(const Vocabulary& vocabulary)
{
  std::vector<std::string> fields = {"industry", "year", "company", "status", "tag"};
  for (const Family& family : vocabulary.families()) {
    fields.push_back(family.slug);
  }
  return fields;
}

namespace {

double share_of(std::size_t count, std::size_t scope)
{
  return scope == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(scope);
}

void sort_by_count(std::vector<BreakdownRow>& rows)
{
  std::stable_sort(rows.begin(), rows.end(), [](const BreakdownRow& a, const BreakdownRow& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
}

// Keeps the `top` rows with most cases, in their order.
void keep_top(std::vector<BreakdownRow>& rows, std::size_t top)
{
  if (top == 0 || rows.size() <= top) {
    return;
  }
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rows[a].count > rows[b].count; });
  order.resize(top);
  std::sort(order.begin(), order.end());
  std::vector<BreakdownRow> kept;
  for (std::size_t i : order) {
    kept.push_back(std::move(rows[i]));
  }
  rows = std::move(kept);
}

std::vector<BreakdownRow> company_rows(const CaseIndex& index, std::span<const Match> scope)
{
  struct Group
  {
    std::size_t count = 0;
    std::map<std::string, std::size_t> spellings;
  };
  std::map<std::string, Group> groups;
  std::size_t without = 0;
  for (const Match& match : scope) {
    const Case& c = index.at(match.index);
    if (!c.company.present) {
      ++without;
      continue;
    }
    Group& group = groups[text::company_key(c.company.value)];
    ++group.count;
    ++group.spellings[c.company.value];
  }
  std::vector<BreakdownRow> rows;
  for (const auto& [key, group] : groups) {
    auto best = std::max_element(group.spellings.begin(), group.spellings.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    rows.push_back({best->first, best->first, group.count, 0});
  }
  sort_by_count(rows);
  if (without > 0) {
    rows.push_back({"", "unknown", without, 0});
  }
  return rows;
}

// Cases per tag, of every family (`family` empty) or of one.
std::vector<BreakdownRow> tag_rows(const CaseIndex& index, std::span<const Match> scope, const Vocabulary& vocabulary,
                                   std::string_view family)
{
  std::unordered_map<std::string_view, std::size_t> counts;
  std::vector<detail::CountedTag> counted;
  for (const Match& match : scope) {
    detail::counted_tags(index.at(match.index), vocabulary, counted);
    for (const detail::CountedTag& tag : counted) {
      if (family.empty() || tag.family == family) {
        ++counts[tag.slug];
      }
    }
  }
  std::vector<BreakdownRow> rows;
  for (const auto& [slug, count] : counts) {
    rows.push_back({std::string(slug), detail::tag_label(slug, vocabulary), count, 0});
  }
  std::sort(rows.begin(), rows.end(), [](const BreakdownRow& a, const BreakdownRow& b) {
    if (a.count != b.count) {
      return a.count > b.count;
    }
    return a.label != b.label ? a.label < b.label : a.key < b.key;
  });
  return rows;
}

std::string title_of(std::string_view field, const Vocabulary& vocabulary)
{
  if (field == "year") {
    return "Cases by year of publication";
  }
  if (const Family* family = vocabulary.find_family(field); family != nullptr) {
    return fmt::format("Cases by {} tag", family->label.empty() ? family->slug : text::ascii_lower(family->label));
  }
  return fmt::format("Cases by {}", field);
}

} // namespace

Breakdown compute_breakdown(const CaseIndex& index, std::span<const Match> scope, std::string_view field,
                            const Vocabulary& vocabulary, std::size_t top)
{
  const std::vector<std::string> fields = breakdown_fields(vocabulary);
  if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
    throw Error(fmt::format("--by: unknown field '{}'; expected one of {}", field, fmt::join(fields, ", ")));
  }
  Breakdown out;
  out.field = std::string(field);
  out.title = title_of(field, vocabulary);
  out.scope = scope.size();
  if (field == "company") {
    out.rows = company_rows(index, scope);
  } else if (field == "tag" || vocabulary.find_family(field) != nullptr) {
    out.several = true;
    out.rows = tag_rows(index, scope, vocabulary, field == "tag" ? std::string_view() : field);
  } else {
    const std::vector<Facet> facets = compute_facets(index, scope, vocabulary);
    auto facet = std::find_if(facets.begin(), facets.end(), [&](const Facet& f) { return f.name == field; });
    if (facet != facets.end()) {
      for (const FacetCount& count : facet->counts) {
        BreakdownRow row{count.value, count.value, count.count, 0};
        if (field == "industry") {
          const Industry* industry = vocabulary.find_industry(count.value);
          row.label = industry != nullptr && !industry->label.empty() ? industry->label : count.value;
        } else if (field == "year") {
          row.key = count.value == "unknown" ? "" : count.value;
        }
        out.rows.push_back(std::move(row));
      }
    }
    if (field == "year") {
      // Facets list the newest year first; a breakdown reads oldest first, unknown last.
      auto known_end =
        std::find_if(out.rows.begin(), out.rows.end(), [](const BreakdownRow& r) { return r.key.empty(); });
      std::reverse(out.rows.begin(), known_end);
    } else {
      sort_by_count(out.rows);
    }
  }
  out.values = out.rows.size();
  for (BreakdownRow& row : out.rows) {
    row.share = share_of(row.count, out.scope);
  }
  keep_top(out.rows, top);
  return out;
}

std::string today_date()
{
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long value = std::strtoll(epoch, &end, 10);
    if (end != nullptr && *end == '\0' && value >= 0) {
      now = static_cast<std::time_t>(value);
    }
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

} // namespace llmops
