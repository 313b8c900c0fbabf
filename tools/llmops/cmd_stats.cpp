// llmops stats: figures about the database or a theme of it, as a table, Markdown, CSV, JSON or an SVG chart.
#include "commands.hpp"
#include "table.hpp"
#include "terminal.hpp"

#include "llmops/case_index.hpp"
#include "llmops/error.hpp"
#include "llmops/fs.hpp"
#include "llmops/git_history.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"
#include "llmops/stats.hpp"
#include "llmops/stats_chart.hpp"
#include "llmops/stats_report.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace llmops::cli {

namespace fs = std::filesystem;

namespace {

struct StatsOptions
{
  std::string by;
  std::size_t top = 0;
  std::string where;
  std::string theme;
  std::string trend;
  std::string since;
  bool cooccur = false;
  std::string cooccur_tag;
  std::optional<std::size_t> min_support;
  std::string format = "table";
  std::string chart;
  bool no_git = false;
  bool no_cache = false;
  bool quiet = false;
};

// The statistic asked for: exactly one of --by, --trend, --since, --cooccur, or the overview.
std::string statistic_of(const StatsOptions& options)
{
  std::vector<std::string> given;
  for (const auto& [set, name] :
       {std::pair{!options.by.empty(), "--by"}, std::pair{!options.trend.empty(), "--trend"},
        std::pair{!options.since.empty(), "--since"}, std::pair{options.cooccur, "--cooccur"}}) {
    if (set) {
      given.emplace_back(name);
    }
  }
  if (given.size() > 1) {
    throw Error(
      fmt::format("stats: give one of --by, --trend, --since and --cooccur, not {}", fmt::join(given, " and ")));
  }
  if (options.min_support && (!options.cooccur || !options.cooccur_tag.empty())) {
    throw Error("stats: --min-support goes with --cooccur without a tag (the strongest pairs overall)");
  }
  if (options.top != 0 && (given.empty() || !options.trend.empty())) {
    throw Error("stats: --top goes with --by, --since or --cooccur");
  }
  return given.empty() ? "overview" : given.front().substr(2);
}

// The scope's expression: the theme's query and --where, both checked with a precise message.
struct Scope
{
  std::string expression;
  const Theme* theme = nullptr;
};

Scope scope_of(const StatsOptions& options, const Project& project)
{
  Scope scope;
  std::vector<std::string> parts;
  if (!options.theme.empty()) {
    auto it = project.config.themes.find(options.theme);
    if (it == project.config.themes.end()) {
      std::vector<std::string> names;
      for (const auto& [name, theme] : project.config.themes) {
        names.push_back(name);
      }
      throw Error(fmt::format("--theme: no theme '{}' in llmops.toml ({})", options.theme,
                              names.empty() ? "it defines none; add a [themes.NAME] table with a title and a query"
                                            : fmt::format("it defines {}", fmt::join(names, ", "))));
    }
    scope.theme = &it->second;
    try {
      (void)parse_query(scope.theme->query, project.vocabulary, project.schema);
    } catch (const QueryError& e) {
      throw Error(fmt::format("theme '{}' ({}): its query does not read, at column {}: {}", scope.theme->name,
                              scope.theme->origin, e.column(), format_query_error(scope.theme->query, e)));
    }
    if (!text::trim(scope.theme->query).empty()) {
      parts.push_back("(" + scope.theme->query + ")");
    }
  }
  if (!options.where.empty()) {
    try {
      (void)parse_query(options.where, project.vocabulary, project.schema);
    } catch (const QueryError& e) {
      throw Error(fmt::format("--where: at column {}: {}", e.column(), format_query_error(options.where, e)));
    }
    parts.push_back(parts.empty() ? options.where : "(" + options.where + ")");
  }
  scope.expression = fmt::format("{}", fmt::join(parts, " "));
  return scope;
}

void print_report_table(const StatReport& report, const std::string& query, std::size_t width)
{
  std::cout << report.title << " (" << report.scope << (report.scope == 1 ? " case" : " cases")
            << (query.empty() ? "" : ", " + query) << ")\n";
  for (const StatTable& table : report.tables) {
    std::cout << "\n";
    if (report.tables.size() > 1) {
      std::cout << table.title << "\n";
    }
    if (table.rows.empty()) {
      std::cout << "No cases.\n";
    } else {
      std::vector<Column> columns;
      for (const StatColumn& column : table.columns) {
        if (column.data_only) {
          continue;
        }
        columns.push_back({column.header, column.kind == CellKind::text, column.kind != CellKind::text});
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& row : table.rows) {
        auto& cells = rows.emplace_back();
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
          if (table.columns[i].data_only) {
            continue;
          }
          cells.push_back(cell_text(row[i], table.columns[i].kind));
        }
      }
      print_table(std::cout, columns, rows, width);
    }
    for (const std::string& note : table.notes) {
      std::cout << note << "\n";
    }
  }
}

int run(const StatsOptions& options, const GlobalOptions& global)
{
  const std::string statistic = statistic_of(options);
  if (!options.chart.empty() && statistic == "overview") {
    throw Error("stats: --chart draws --by, --trend, --since or --cooccur; the overview has no chart");
  }
  const Project project = Project::open(find_root(start_directory(global)));
  const Scope scope = scope_of(options, project);
  const Query query = parse_query(scope.expression, project.vocabulary, project.schema);

  IndexOptions load;
  load.search_text = query.needs_search_text() || statistic == "overview";
  load.use_cache = !options.no_cache;
  load.progress = case_reading_progress(options.quiet);
  // The stamp's git processes run while the cases load.
  const bool stamped = options.format == "markdown" || options.format == "json" || !options.chart.empty();
  std::future<Stamp> stamp_of_root;
  if (stamped) {
    stamp_of_root = std::async(std::launch::async, stamp_of, project.config.root, project.config.cache_dir);
  }
  const DiskStore store(project.config.root);
  const CaseIndex index = CaseIndex::load(project, store, load);
  const QueryResult result = run_query(query, index, {});
  const std::span<const Match> matches = result.matches;

  const std::string today = today_date();
  CurationOptions curation;
  curation.use_git = !options.no_git;
  curation.use_cache = !options.no_cache;
  curation.today = today;

  StatReport report;
  std::string svg;
  std::optional<CurationDates> dates;
  Stamp stamp = stamped ? stamp_of_root.get() : Stamp{};
  stamp.date = today;
  stamp.query = scope.expression;
  if (scope.theme != nullptr) {
    stamp.theme = scope.theme->name;
    stamp.theme_title = scope.theme->title;
  }
  if (statistic == "overview") {
    report = overview_report(compute_overview(index, matches, project.vocabulary));
  } else if (statistic == "by") {
    const Breakdown breakdown = compute_breakdown(index, matches, options.by, project.vocabulary, options.top);
    report = breakdown_report(breakdown);
    svg = options.chart.empty() ? "" : bar_chart_svg(breakdown_chart(breakdown, stamp));
  } else if (statistic == "trend") {
    Trend trend;
    if (options.trend == "year") {
      trend = publication_trend(index, matches);
    } else {
      dates = curation_dates(index, project.config, curation);
      trend = curation_trend(index, matches, *dates);
    }
    report = trend_report(trend, matches.size(), dates ? &*dates : nullptr);
    svg = options.chart.empty() ? "" : line_chart_svg(trend_chart(trend, stamp));
  } else if (statistic == "since") {
    std::vector<bool> is_new(index.size(), false);
    dates = curation_dates(index, project.config, curation);
    if (is_iso_date(options.since)) {
      for (std::size_t i = 0; i < index.size(); ++i) {
        is_new[i] = !dates->dates[i].empty() && dates->dates[i] >= options.since;
      }
    } else {
      std::vector<std::string> added = files_added_since(project.config.root, project.config.cases_dir, options.since);
      for (std::size_t i = 0; i < index.size(); ++i) {
        is_new[i] = std::binary_search(added.begin(), added.end(), index.at(i).path);
      }
    }
    const SinceStats since = since_stats(index, matches, is_new, project.vocabulary, options.since, options.top);
    report = since_report(since, index, &*dates);
    svg = options.chart.empty() ? "" : bar_chart_svg(since_chart(since, stamp));
  } else {
    const Cooccurrence co =
      options.cooccur_tag.empty()
        ? strongest_pairs(index, matches, project.vocabulary, options.min_support.value_or(5), options.top)
        : cooccurring_with(index, matches, options.cooccur_tag, project.vocabulary, options.top);
    report = cooccurrence_report(co);
    svg = options.chart.empty() ? "" : heatmap_svg(cooccurrence_chart(co, stamp));
  }

  if (!options.chart.empty()) {
    write_file_atomic(fs::absolute(options.chart), svg);
  }
  if (options.format == "markdown") {
    write_report_markdown(std::cout, report, stamp);
  } else if (options.format == "csv") {
    write_report_csv(std::cout, report);
  } else if (options.format == "json") {
    write_report_json(std::cout, report, stamp);
  } else {
    std::string described =
      scope.theme != nullptr ? fmt::format("theme {}: {}", scope.theme->name, scope.expression) : scope.expression;
    print_report_table(report, described, terminal_width(STDOUT_FILENO));
  }
  std::cout.flush();
  if (!options.quiet) {
    warn_skipped_cases(index.stats().skipped.size());
    if (!options.chart.empty()) {
      std::cerr << "chart written to " << options.chart << "\n";
    }
  }
  return static_cast<int>(ExitCode::clean);
}

} // namespace

Runner register_stats(CLI::App& app, const GlobalOptions& global)
{
  auto options = std::make_shared<StatsOptions>();
  CLI::App* stats =
    app.add_subcommand("stats", "Count cases by field, over time and by tags that go together (see docs/stats.md)");
  stats->add_option("--by", options->by, "Count cases by industry, year, company, status, tag or a tag family")
    ->option_text("FIELD");
  stats->add_option("--top", options->top, "Keep the N values with most cases (0: all)")->option_text("N");
  stats->add_option("--where", options->where, "Count only the cases matching QUERY (the language of llmops query)")
    ->option_text("QUERY");
  stats->add_option("--theme", options->theme, "Count only the cases of a theme named in llmops.toml ([themes.NAME])")
    ->option_text("NAME");
  stats
    ->add_option("--trend", options->trend,
                 "Cases per year of publication (year) or per quarter they entered the database (quarter)")
    ->check(CLI::IsMember({"year", "quarter"}));
  stats
    ->add_option("--since", options->since,
                 "What was added since a date (YYYY-MM-DD) or a git revision, and "
                 "which tags grew most")
    ->option_text("REF|DATE");
  CLI::Option* cooccur = stats
                           ->add_option("--cooccur", options->cooccur_tag,
                                        "The tags that appear with TAG; without TAG, the strongest pairs overall")
                           ->expected(0, 1)
                           ->option_text("[TAG]");
  stats
    ->add_option_function<std::size_t>(
      "--min-support", [options](std::size_t n) { options->min_support = n; },
      "With --cooccur and no tag: pairs in at least N cases (default 5)")
    ->option_text("N");
  stats->add_option("--format", options->format, "Output: table (default), markdown, csv or json")
    ->check(CLI::IsMember({"table", "markdown", "csv", "json"}));
  stats->add_option("--chart", options->chart, "Also draw the statistic as an SVG chart into FILE")
    ->option_text("FILE");
  stats->add_flag("--no-git", options->no_git,
                  "Never read git history: cases without created_at have no curation date");
  stats->add_flag("--no-cache", options->no_cache, "Neither read nor write the case and git history caches");
  stats->add_flag("-q,--quiet", options->quiet, "No warnings or messages on stderr");
  stats->footer("Without --by, --trend, --since or --cooccur, prints an overview. --where and --theme scope any "
                "statistic; both may be given. A curation date is the case's created_at, else the day of the commit "
                "that first added its file (renames followed), else today for a file not committed yet.\n"
                "Exit codes: 0 success, 2 a query that does not read, a shallow clone or no git repository when a "
                "date must come from git history, or another usage or environment error.");
  return [options, cooccur, &global]() {
    options->cooccur = cooccur->count() > 0;
    return run(*options, global);
  };
}

} // namespace llmops::cli
