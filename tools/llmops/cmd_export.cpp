// llmops export: the database, or the cases a query selects, as data files, SQLite, Markdown, Atom or an HTML page.
#include "commands.hpp"
#include "terminal.hpp"

#include "llmops/case_index.hpp"
#include "llmops/error.hpp"
#include "llmops/export.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace llmops::cli {

namespace fs = std::filesystem;

namespace {

struct ExportCommandOptions
{
  std::string format = "json";
  std::string profile = "full";
  std::string where;
  std::string output = "-";
  std::size_t limit = 0;
  bool no_cache = false;
  bool quiet = false;
};

int run(const ExportCommandOptions& options, const GlobalOptions& global)
{
  const std::optional<ExportFormat> format = parse_export_format(options.format);
  const std::optional<ExportProfile> profile = parse_export_profile(options.profile);
  if (!format) {
    throw Error(fmt::format("export: --format must be one of {}, not '{}'", fmt::join(export_format_names(), ", "),
                            options.format));
  }
  if (!profile) {
    throw Error(fmt::format("export: --profile must be full or hf, not '{}'", options.profile));
  }
  if (*profile != ExportProfile::full && !export_format_has_profile(*format)) {
    throw Error(
      fmt::format("export: --profile {} applies to json, jsonl and csv, not to {}", options.profile, options.format));
  }
  const bool to_stdout = options.output == "-";
  if (to_stdout && !export_format_streams(*format)) {
    throw Error(fmt::format("export: --format {} writes a {}; give it with -o PATH", options.format,
                            *format == ExportFormat::markdown ? "folder" : "file"));
  }

  const Project project = Project::open(find_root(start_directory(global)));
  Query query;
  try {
    query = parse_query(options.where, project.vocabulary, project.schema);
  } catch (const QueryError& e) {
    std::cerr << "llmops: error: export: --where: at column " << e.column() << ": "
              << format_query_error(options.where, e) << "\n";
    return static_cast<int>(ExitCode::usage);
  }

  IndexOptions load;
  load.search_text = query.needs_search_text();
  load.full_text = *format != ExportFormat::markdown;
  load.use_cache = !options.no_cache;
  load.progress = case_reading_progress(options.quiet);
  const DiskStore store(project.config.root);
  const CaseIndex index = CaseIndex::load(project, store, load);
  const std::vector<std::size_t> rows = export_rows(index, query, *format, options.limit);

  ExportOptions export_options;
  export_options.format = *format;
  export_options.profile = *profile;
  if (to_stdout) {
    write_export(std::cout, project, index, rows, export_options);
    std::cout.flush();
  } else {
    export_to_path(fs::path(options.output), project, index, rows, export_options);
  }
  if (!options.quiet) {
    warn_skipped_cases(index.stats().skipped.size());
    if (!to_stdout) {
      std::cerr << fmt::format("exported {} case{} as {} to {}\n", rows.size(), rows.size() == 1 ? "" : "s",
                               options.format, options.output);
    }
  }
  return static_cast<int>(ExitCode::clean);
}

} // namespace

Runner register_export(CLI::App& app, const GlobalOptions& global)
{
  auto options = std::make_shared<ExportCommandOptions>();
  CLI::App* command = app.add_subcommand(
    "export", "Publish cases as JSON, JSON Lines, CSV, SQLite, Markdown, Atom or an HTML page (docs/export.md)");
  command
    ->add_option("--format", options->format,
                 fmt::format("Output: {} (default: json)", fmt::join(export_format_names(), ", ")))
    ->check(CLI::IsMember(export_format_names()));
  command
    ->add_option("--profile", options->profile,
                 "Field names of json, jsonl and csv: full (default, every field) or hf (the columns of the ZenML "
                 "LLMOps dataset on Hugging Face)")
    ->check(CLI::IsMember({"full", "hf"}));
  command->add_option("--where", options->where, "Export only the cases this query matches (see docs/query.md)")
    ->option_text("QUERY");
  command
    ->add_option("-o,--output", options->output,
                 "Write to PATH, replacing it atomically (a file, or a folder for markdown); '-' or none: standard "
                 "output (json, jsonl, csv, atom, html)")
    ->option_text("PATH");
  command->add_option("--limit", options->limit, "Export at most N cases (0: all; atom: the newest 50)")
    ->option_text("N");
  command->add_flag("--no-cache", options->no_cache, "Read every case file afresh; neither read nor write the cache");
  command->add_flag("-q,--quiet", options->quiet, "No summary line or warnings on stderr");
  command->footer("Cases are listed by id (atom: newest created_at first). The same database gives the same bytes.\n"
                  "Exit codes: 0 success, 2 a syntax error in --where, or a usage or environment error.");
  return [options, &global]() { return run(*options, global); };
}

} // namespace llmops::cli
