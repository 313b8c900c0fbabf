// llmops query: finds cases by tag, industry, year, company and free text, in a table or as data.
#include "commands.hpp"
#include "table.hpp"
#include "terminal.hpp"

#include "llmops/case_index.hpp"
#include "llmops/case_output.hpp"
#include "llmops/error.hpp"
#include "llmops/facets.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <unistd.h>

namespace llmops::cli {

namespace fs = std::filesystem;

namespace {

struct QueryCommandOptions
{
  std::vector<std::string> expression;
  std::string format = "table";
  std::string fields;
  std::string sort;
  std::size_t limit = 0;
  bool facets = false;
  bool no_cache = false;
  bool quiet = false;
  std::string directory; // -C given after the command name
};

// What each format shows unless --fields says otherwise.
std::string default_fields(const std::string& format, bool ranked)
{
  if (format == "table") {
    return ranked ? "score,year,company,industry,title" : "year,company,industry,title";
  }
  if (format == "csv") {
    return ranked ? "id,score,year,company,industry,status,title,source_url,tags"
                  : "id,year,company,industry,status,title,source_url,tags";
  }
  std::string fields = "id,path,title,company,industry,year,status,created_at,source_url,sources,tags,summary";
  return ranked ? fields + ",score" : fields;
}

bool is_flexible(OutputFieldKind kind)
{
  return kind != OutputFieldKind::year && kind != OutputFieldKind::score && kind != OutputFieldKind::status &&
         kind != OutputFieldKind::created_at;
}

void print_cases_table(const CaseIndex& index, const QueryResult& result, const std::vector<OutputField>& fields,
                       std::size_t width)
{
  std::vector<Column> columns;
  for (const OutputField& field : fields) {
    std::string header = fmt::format("{}", field.name);
    for (char& c : header) {
      c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c == '_' ? ' ' : c;
    }
    columns.push_back(
      {header, is_flexible(field.kind), field.kind == OutputFieldKind::year || field.kind == OutputFieldKind::score});
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(result.matches.size());
  for (const Match& match : result.matches) {
    auto& row = rows.emplace_back();
    for (const OutputField& field : fields) {
      row.push_back(field_text(index.at(match.index), field, match.score));
    }
  }
  print_table(std::cout, columns, rows, width);
}

// One line per facet: "industry: finance 12 · tech 9 · ...", cut to `width` with a count of the rest.
void print_facets(const std::vector<Facet>& facets, std::size_t width)
{
  std::size_t name_width = 0;
  for (const Facet& facet : facets) {
    name_width = std::max(name_width, facet.name.size() + 1);
  }
  for (const Facet& facet : facets) {
    std::string line = fmt::format("{:<{}} ", facet.name + ":", name_width);
    const std::size_t start = display_width(line);
    std::size_t shown = 0;
    for (const FacetCount& count : facet.counts) {
      std::string item = fmt::format("{}{} {}", shown > 0 ? " \u00b7 " : "", count.value, count.count);
      std::size_t rest = facet.counts.size() - shown - 1;
      std::string more = rest > 0 ? fmt::format(" \u00b7 +{} more", rest) : "";
      if (shown > 0 && display_width(line) + display_width(item) + display_width(more) > width) {
        line += fmt::format(" \u00b7 +{} more", facet.counts.size() - shown);
        break;
      }
      line += item;
      ++shown;
    }
    if (shown == 0 && display_width(line) == start) {
      line += "-";
    }
    std::cout << line << '\n';
  }
}

int run(const QueryCommandOptions& options, const GlobalOptions& global)
{
  const fs::path start = start_directory(global);
  const Project project = Project::open(find_root(start));
  const std::string expression = fmt::format("{}", fmt::join(options.expression, " "));
  if (options.facets && options.format != "table" && options.format != "json") {
    throw Error("query: --facets needs --format table or json");
  }
  std::optional<SortKey> sort;
  if (!options.sort.empty() && !(sort = parse_sort_key(options.sort))) {
    throw Error(fmt::format("query: --sort: expected FIELD, FIELD:asc or FIELD:desc with FIELD one of {}, not '{}'",
                            fmt::join(sort_field_names(), ", "), options.sort));
  }
  Query query;
  try {
    query = parse_query(expression, project.vocabulary, project.schema);
  } catch (const QueryError& e) {
    std::cerr << "llmops: error: query: at column " << e.column() << ": " << format_query_error(expression, e) << "\n";
    return static_cast<int>(ExitCode::usage);
  }
  const std::string& format = options.format;
  const bool with_fields = format == "table" || format == "csv" || format == "json" || format == "jsonl";
  std::vector<OutputField> fields;
  if (with_fields) {
    fields = parse_output_fields(options.fields.empty() ? default_fields(format, query.ranked()) : options.fields,
                                 project.vocabulary);
  }

  IndexOptions load;
  load.search_text = query.needs_search_text();
  load.long_texts = needs_full_text(fields);
  load.use_cache = !options.no_cache;
  load.progress = case_reading_progress(options.quiet);
  const DiskStore store(project.config.root);
  CaseIndex index = CaseIndex::load(project, store, load);
  QueryOptions run;
  run.sort = sort;
  run.limit = options.facets ? 0 : options.limit;
  QueryResult result = run_query(query, index, run);
  std::vector<Facet> facets;
  if (options.facets) {
    facets = compute_facets(index, result.matches, project.vocabulary);
    if (options.limit != 0 && result.matches.size() > options.limit) {
      result.matches.resize(options.limit);
    }
  }

  if (needs_full_text(fields)) {
    // Summaries and notes are loaded for the cases printed only.
    std::vector<std::size_t> shown;
    for (const Match& match : result.matches) {
      shown.push_back(match.index);
    }
    index.load_text(project, store, shown);
  }
  const std::size_t width = terminal_width(STDOUT_FILENO);
  if (format == "count") {
    std::cout << result.total << '\n';
  } else if (format == "ids" || format == "paths") {
    for (const Match& match : result.matches) {
      const Case& c = index.at(match.index);
      std::cout << (format == "ids" && c.id.present ? c.id.value : c.path) << '\n';
    }
  } else if (format == "json") {
    write_cases_json(std::cout, index, result, fields, options.facets ? &facets : nullptr, expression);
  } else if (format == "jsonl") {
    write_cases_jsonl(std::cout, index, result, fields);
  } else if (format == "csv") {
    write_cases_csv(std::cout, index, result, fields);
  } else {
    if (!result.matches.empty()) {
      print_cases_table(index, result, fields, width);
    }
    if (options.facets) {
      std::cout << (result.matches.empty() ? "" : "\n");
      print_facets(facets, width);
    }
  }
  std::cout.flush();
  if (!options.quiet) {
    warn_skipped_cases(index.stats().skipped.size());
    if (format == "table") {
      const std::size_t of = index.size();
      std::cerr << (result.matches.size() < result.total
                      ? fmt::format("{} of {} matching cases shown ({} cases in all)\n", result.matches.size(),
                                    result.total, of)
                      : fmt::format("{} matching case{} ({} in all)\n", result.total, result.total == 1 ? "" : "s",
                                    of));
    }
  }
  return static_cast<int>(ExitCode::clean);
}

} // namespace

Runner register_query(CLI::App& app, const GlobalOptions& global)
{
  auto options = std::make_shared<QueryCommandOptions>();
  CLI::App* query =
    app.add_subcommand("query", "Find cases by tag, industry, year, company or words (see docs/query.md)");
  // The expression is taken from the unparsed arguments, so that a negated term such as -tag:poc
  // is not mistaken for an option; -C is repeated here because the arguments do not fall through.
  query->allow_extras();
  query->fallthrough(false);
  query->add_option("-C", options->directory, "Run as if started in DIR")->option_text("DIR");
  query->add_option("--format", options->format, "Output: table (default), json, jsonl, csv, paths, ids or count")
    ->check(CLI::IsMember({"table", "json", "jsonl", "csv", "paths", "ids", "count"}));
  query
    ->add_option("--fields", options->fields,
                 "Columns or keys, comma-separated: id, path, title, company, industry, year, status, created, url, "
                 "sources, tags, a tag family, summary, notes, not_duplicate_of, score")
    ->option_text("LIST");
  query
    ->add_option("--sort", options->sort,
                 "Order by relevance, year, title, company, industry, status, created, id or path, optionally "
                 "with :asc or :desc (default: relevance when the query has words, else newest year, then title)")
    ->option_text("FIELD[:asc|desc]");
  query->add_option("--limit", options->limit, "Show at most N cases (0: all)")->option_text("N");
  query->add_flag("--facets", options->facets, "Also count the matches per industry, year, status and tag");
  query->add_flag("--no-cache", options->no_cache, "Read every case file afresh; neither read nor write the cache");
  query->add_flag("-q,--quiet", options->quiet, "No summary line or warnings on stderr");
  query->footer("EXPRESSION: e.g. 'tag:rag industry:finance year>=2024' or 'agents -tag:poc \"customer support\"'; "
                "quote it for the shell. Several arguments are joined by spaces; none matches every case. The "
                "language is described in docs/query.md.\n"
                "Exit codes: 0 success (whether or not any case matches), 2 a syntax error in the query, or a usage "
                "or environment error.");
  return [options, query, &global]() {
    options->expression = query->remaining();
    for (const std::string& word : options->expression) {
      if (word.starts_with("--") && word.size() > 2) {
        throw Error(fmt::format("query: unknown option '{}'; 'llmops query --help' lists the options", word));
      }
    }
    GlobalOptions here = global;
    if (!options->directory.empty()) {
      here.directory = options->directory;
    }
    return run(*options, here);
  };
}

} // namespace llmops::cli
