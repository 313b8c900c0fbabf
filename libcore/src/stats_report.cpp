#include "llmops/stats_report.hpp"

#include "llmops/git.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops {

namespace {

StatCell count_cell(std::size_t n)
{
  return static_cast<long long>(n);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many)
{
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

} // namespace

std::string Stamp::source() const
{
  if (!in_git) {
    return "not in a git repository";
  }
  if (commit.empty()) {
    return "no commit yet";
  }
  return dirty ? fmt::format("commit {} with uncommitted changes", commit) : fmt::format("commit {}", commit);
}

Stamp stamp_of(const std::filesystem::path& root, const std::string& cache_dir)
{
  Stamp stamp;
  try {
    ProcessResult head = run_process({"git", "rev-parse", "--is-inside-work-tree", "--short", "HEAD"}, root);
    if (head.exit_code == 0) {
      const std::vector<std::string_view> lines = text::split_lines(head.out);
      stamp.in_git = !lines.empty() && text::trim(lines[0]) == "true";
      stamp.commit = stamp.in_git && lines.size() > 1 ? std::string(text::trim(lines[1])) : std::string();
    } else {
      // No commit yet, or not a repository at all.
      ProcessResult inside = run_process({"git", "rev-parse", "--is-inside-work-tree"}, root);
      stamp.in_git = inside.exit_code == 0 && text::trim(inside.out) == "true";
    }
    if (!stamp.commit.empty()) {
      ProcessResult status = run_process({"git", "status", "--porcelain", "--", ".", ":(exclude)" + cache_dir}, root);
      stamp.dirty = status.exit_code != 0 || !text::trim(status.out).empty();
    }
  } catch (const std::exception&) {
    stamp = Stamp{}; // git is not installed
  }
  return stamp;
}

StatReport overview_report(const OverviewStats& o)
{
  StatReport report;
  report.statistic = "overview";
  report.title = "What the database holds";
  report.scope = o.cases;
  StatTable table;
  table.name = "overview";
  table.title = "Overview";
  table.columns = {{"measure", "Measure", CellKind::text}, {"value", "Value", CellKind::text}};
  auto row = [&](std::string measure, StatCell value) { table.rows.push_back({std::move(measure), std::move(value)}); };
  auto percent = [&](std::size_t n) {
    return o.cases == 0 ? std::string("0.0%")
                        : fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(o.cases));
  };
  row("cases", count_cell(o.cases));
  row("companies", count_cell(o.companies));
  row("industries", count_cell(o.industries));
  row("years of publication",
      o.first_year == 0 ? StatCell{} : StatCell{fmt::format("{}-{}", o.first_year, o.last_year)});
  row("cases without a year", count_cell(o.without_year));
  row("published", count_cell(o.published));
  row("drafts", count_cell(o.drafts));
  row("distinct tags used", count_cell(o.tags_used));
  row("tags per case (mean)", fmt::format("{:.2f}", o.tags_mean));
  row("tags per case (median)", fmt::format("{:g}", o.tags_median));
  row("tags per case (most)", count_cell(o.tags_max));
  row("cases without tags", count_cell(o.without_tags));
  row("cases with a summary", count_cell(o.with_summary));
  row("summary coverage", percent(o.with_summary));
  row("words in summaries", count_cell(o.summary_words));
  row("words per summary (mean)",
      o.with_summary == 0
        ? StatCell{}
        : StatCell{fmt::format("{:.1f}", static_cast<double>(o.summary_words) / static_cast<double>(o.with_summary))});
  row("cases with notes", count_cell(o.with_notes));
  report.tables.push_back(std::move(table));
  return report;
}

StatReport breakdown_report(const Breakdown& b)
{
  StatReport report;
  report.statistic = "breakdown";
  report.title = b.title;
  report.scope = b.scope;
  StatTable table;
  table.name = "breakdown";
  table.title = b.title;
  std::string header = b.field == "year" ? "Year" : b.field == "tag" ? "Tag" : b.field;
  if (!header.empty()) {
    header[0] = static_cast<char>(header[0] >= 'a' && header[0] <= 'z' ? header[0] - 'a' + 'A' : header[0]);
  }
  table.columns = {{"value", b.field, CellKind::text, true},
                   {"label", header, CellKind::text},
                   {"cases", "Cases", CellKind::count},
                   {"share", "Share", CellKind::share}};
  for (const BreakdownRow& row : b.rows) {
    table.rows.push_back(
      {row.key.empty() ? StatCell{} : StatCell{row.key}, row.label, count_cell(row.count), row.share});
  }
  if (b.rows.size() < b.values) {
    table.notes.push_back(fmt::format("The {} values with most cases of {}.", b.rows.size(), b.values));
  }
  if (b.several) {
    table.notes.push_back("A case counts once under each of its tags, so the shares add up to more than 100%.");
  }
  table.notes.push_back(fmt::format("Share of {}.", plural(b.scope, "case", "cases")));
  report.tables.push_back(std::move(table));
  return report;
}

StatReport trend_report(const Trend& trend, std::size_t scope, const CurationDates* dates)
{
  StatReport report;
  report.statistic = "trend";
  report.title = trend.title;
  report.scope = scope;
  StatTable table;
  table.name = "trend";
  table.title = trend.title;
  table.columns = {{trend.period, trend.period == "year" ? "Year" : "Quarter", CellKind::text},
                   {"cases", "Cases", CellKind::count}};
  for (const TrendPoint& point : trend.points) {
    table.rows.push_back({point.period, count_cell(point.count)});
  }
  if (trend.undated > 0) {
    table.notes.push_back(fmt::format("{} without {} not counted.", plural(trend.undated, "case", "cases"),
                                      trend.period == "year" ? "a year" : "a curation date"));
  }
  if (dates != nullptr) {
    auto n = [&](DateSource source) { return dates->counts[static_cast<std::size_t>(source)]; };
    std::string sources = fmt::format("Curation dates: {} from created_at, {} from the commit that added the file, "
                                      "{} not committed yet (counted as today)",
                                      n(DateSource::created_at), n(DateSource::git), n(DateSource::uncommitted));
    if (n(DateSource::none) > 0) {
      sources += fmt::format(", {} unknown (git history not read)", n(DateSource::none));
    }
    table.notes.push_back(sources + ".");
  }
  report.tables.push_back(std::move(table));
  return report;
}

StatReport since_report(const SinceStats& since, const CaseIndex& index, const CurationDates* dates)
{
  StatReport report;
  report.statistic = "since";
  report.title = fmt::format("Added since {}", since.since);
  report.scope = since.scope;
  StatTable tags;
  tags.name = "tags";
  tags.title = "Tags that grew most";
  tags.columns = {{"tag", "Tag", CellKind::text},        {"family", "Family", CellKind::text},
                  {"before", "Before", CellKind::count}, {"added", "Added", CellKind::count},
                  {"now", "Now", CellKind::count},       {"growth", "Growth", CellKind::share}};
  for (const TagGrowth& tag : since.tags) {
    tags.rows.push_back({tag.tag, tag.family, count_cell(tag.before), count_cell(tag.added),
                         count_cell(tag.before + tag.added), tag.before == 0 ? StatCell{} : StatCell{tag.growth}});
  }
  tags.notes.push_back(fmt::format("{} added since {}, {} before.", plural(since.added.size(), "case", "cases"),
                                   since.since, since.scope - since.added.size()));
  tags.notes.push_back("Growth is added / before; empty for a tag no earlier case had.");
  StatTable added;
  added.name = "new-cases";
  added.title = "New cases";
  added.columns = {{"id", "Id", CellKind::text},
                   {"date", "Added", CellKind::text},
                   {"date_source", "Date from", CellKind::text},
                   {"title", "Title", CellKind::text}};
  std::vector<std::size_t> order = since.added;
  if (dates != nullptr) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return dates->dates.at(a) < dates->dates.at(b); });
  }
  for (std::size_t i : order) {
    const Case& c = index.at(i);
    StatCell date;
    StatCell source;
    if (dates != nullptr && !dates->dates.at(i).empty()) {
      date = dates->dates.at(i);
      source = std::string(date_source_name(dates->sources.at(i)));
    }
    added.rows.push_back({c.id.present ? c.id.value : c.path, date, source, c.title.value});
  }
  report.tables.push_back(std::move(tags));
  report.tables.push_back(std::move(added));
  return report;
}

StatReport cooccurrence_report(const Cooccurrence& co)
{
  StatReport report;
  report.statistic = "cooccurrence";
  report.title = co.tag.empty() ? "Tags that appear together" : fmt::format("Tags that appear with {}", co.tag);
  report.scope = co.scope;
  StatTable table;
  table.name = co.tag.empty() ? "pairs" : "cooccurrence";
  table.title = report.title;
  if (co.tag.empty()) {
    table.columns = {{"a", "Tag", CellKind::text},
                     {"b", "Tag", CellKind::text},
                     {"cases", "Cases", CellKind::count},
                     {"support", "Support", CellKind::share},
                     {"lift", "Lift", CellKind::ratio}};
  } else {
    table.columns = {{"tag", "Tag", CellKind::text},
                     {"cases", "With it", CellKind::count},
                     {"tag_cases", "Cases", CellKind::count},
                     {"support", "Support", CellKind::share},
                     {"lift", "Lift", CellKind::ratio}};
  }
  for (const CooccurringPair& pair : co.pairs) {
    if (co.tag.empty()) {
      table.rows.push_back({pair.a, pair.b, count_cell(pair.count), pair.support, pair.lift});
    } else {
      table.rows.push_back({pair.b, count_cell(pair.count), count_cell(pair.count_b), pair.support, pair.lift});
    }
  }
  if (!co.tag.empty()) {
    table.notes.push_back(fmt::format("{} of {} have {}.", plural(co.tag_count, "case", "cases"), co.scope, co.tag));
  }
  table.notes.push_back("Support: share of cases with both tags. Lift: support / (share with one x share with the "
                        "other); above 1, the tags meet more often than chance.");
  report.tables.push_back(std::move(table));
  return report;
}

} // namespace llmops
