#include "llmops/overview.hpp"

#include "llmops/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace llmops {

DatabaseOverview database_overview(const std::vector<Case>& cases, const Vocabulary& vocabulary)
{
  DatabaseOverview overview;
  overview.description = describe_database(cases);
  overview.cases = cases.size();
  std::map<std::string, std::size_t> industries;
  std::map<long long, std::size_t> years;
  std::size_t without_year = 0;
  for (const Case& c : cases) {
    if (c.industry.present) {
      const Industry* industry = vocabulary.lookup_industry(c.industry.value);
      ++industries[industry ? industry->slug : c.industry.value];
    }
    if (c.year.present) {
      ++years[c.year.value];
    } else {
      ++without_year;
    }
  }
  for (const auto& [slug, count] : industries) {
    const Industry* industry = vocabulary.find_industry(slug);
    overview.by_industry.push_back({slug, industry ? industry->label : slug, count});
  }
  std::stable_sort(overview.by_industry.begin(), overview.by_industry.end(), [](const CountRow& a, const CountRow& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  for (const auto& [year, count] : years) {
    overview.by_year.push_back({std::to_string(year), std::to_string(year), count});
  }
  if (without_year > 0) {
    overview.by_year.push_back({"", "unknown", without_year});
  }
  return overview;
}

namespace {

void write_table(std::ostream& out, std::string_view heading, const std::vector<CountRow>& rows, std::size_t total)
{
  out << fmt::format("| {} | Cases | Share |\n|---|---:|---:|\n", heading);
  for (const CountRow& row : rows) {
    double share = total == 0 ? 0.0 : 100.0 * static_cast<double>(row.count) / static_cast<double>(total);
    out << fmt::format("| {} | {} | {:.1f}% |\n", row.label, row.count, share);
  }
}

} // namespace

void write_overview_markdown(std::ostream& out, const DatabaseOverview& overview)
{
  out << "## What the database holds\n\n";
  out << fmt::format("{}.\n\n", overview.description);
  out << "### Cases by industry\n\n";
  write_table(out, "Industry", overview.by_industry, overview.cases);
  out << "\n### Cases by year of publication\n\n";
  write_table(out, "Year", overview.by_year, overview.cases);
  out << "\nProduced by `llmops schema --summary`; run it again rather than editing these numbers.\n";
}

} // namespace llmops
