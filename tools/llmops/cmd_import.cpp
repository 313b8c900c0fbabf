// llmops import: creates case files from JSON Lines, a JSON array or CSV, skipping duplicates.
#include "commands.hpp"

#include "llmops/error.hpp"
#include "llmops/fs.hpp"
#include "llmops/importer.hpp"

#include <iostream>
#include <memory>

namespace llmops::cli {

namespace fs = std::filesystem;

namespace {

struct ImportOptionsCli
{
  std::string file;
  std::vector<std::string> maps;
  std::string from = "auto";
  std::string format = "text";
  bool dry_run = false;
};

InputFormat input_format(const std::string& name)
{
  if (name == "jsonl") {
    return InputFormat::jsonl;
  }
  if (name == "json") {
    return InputFormat::json;
  }
  return name == "csv" ? InputFormat::csv : InputFormat::automatic;
}

int run(const ImportOptionsCli& options, const GlobalOptions& global)
{
  const fs::path start = start_directory(global);
  const Project project = Project::open(find_root(start));
  ImportOptions import;
  import.format = input_format(options.from);
  for (const auto& map : options.maps) {
    import.renames.push_back(parse_field_rename(map, project.schema));
  }
  const fs::path input = fs::path(options.file).is_absolute() ? fs::path(options.file) : start / options.file;
  const std::string bytes = read_whole_file(input);
  const fs::path root = project.config.root;
  CreateCaseFile create = [&](const std::string& path, const std::string& text) {
    return options.dry_run || create_file_exclusive(root / path, text);
  };
  ImportReport report = import_cases(project, DiskStore(root), options.file, bytes, import, create);
  report.dry_run = options.dry_run;
  if (options.format == "json") {
    write_import_json(std::cout, report);
  } else {
    write_import_text(std::cout, report);
  }
  std::cout.flush();
  std::cerr << import_summary_line(report.summary) << (options.dry_run ? " (dry run: nothing written)" : "") << "\n";
  return static_cast<int>(report.summary.invalid > 0 ? ExitCode::findings : ExitCode::clean);
}

} // namespace

Runner register_import(CLI::App& app, const GlobalOptions& global)
{
  auto options = std::make_shared<ImportOptionsCli>();
  CLI::App* command = app.add_subcommand("import", "Create case files from records in JSON Lines, a JSON array or CSV");
  command->add_option("FILE", options->file, "The records to import")->required();
  command->add_option("--map", options->maps,
                      "Read input field SOURCE as case field TARGET; 'SOURCE=' leaves the field out (repeatable)")
    ->option_text("SOURCE=TARGET");
  command->add_option("--from", options->from, "Input format (default: from the file name, else its first byte)")
    ->check(CLI::IsMember({"auto", "jsonl", "json", "csv"}));
  command->add_option("--format", options->format, "Output format of the per-record outcomes")
    ->check(CLI::IsMember({"text", "json"}));
  command->add_flag("-n,--dry-run", options->dry_run, "Check every record and report, but write nothing");
  command->footer(
    "Fields: those of a case (see schema/README.md), plus 'draft' (true or false) for status. Tags may be a flat "
    "list: each is resolved to its canonical slug and family. A time stamp in created_at keeps its date. A record "
    "without status is a draft.\n"
    "Each record is checked like 'llmops lint' before it is written; one with errors is reported as FILE:LINE and "
    "not written. A record whose id or source URL is already in the database is skipped as a duplicate, so running "
    "the same import twice creates nothing the second time.\n"
    "Exit codes: 0 every record created or skipped as duplicate, 1 some record invalid, 2 usage or environment "
    "error.");
  return [options, &global]() { return run(*options, global); };
}

} // namespace llmops::cli
