// llmops schema: the case format, as a table of fields, as a JSON Schema, or what the database holds.
#include "commands.hpp"

#include "llmops/error.hpp"
#include "llmops/json_schema.hpp"
#include "llmops/lint.hpp"
#include "llmops/overview.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace llmops::cli {

namespace {

struct SchemaOptions
{
  bool json_schema = false;
  bool summary = false;
};

std::string type_text(const FieldSpec& field)
{
  std::string type(field_type_name(field.type));
  if (!field.values_from.empty()) {
    return type + " (" + field.values_from + ")";
  }
  if (!field.values.empty()) {
    return type + " (" + fmt::format("{}", fmt::join(field.values, "|")) + ")";
  }
  return type;
}

void list_fields(const Schema& schema)
{
  fmt::print("{:<18} {:<24} {:<9} {}\n", "FIELD", "TYPE", "REQUIRED", "DESCRIPTION");
  for (const FieldSpec& field : schema.fields) {
    fmt::print("{:<18} {:<24} {:<9} {}\n", field.name, type_text(field), field.required ? "yes" : "", field.help);
  }
}

int run(const SchemaOptions& options, const GlobalOptions& global)
{
  if (options.json_schema && options.summary) {
    throw Error("schema: give --json-schema or --summary, not both");
  }
  const Project project = Project::open(find_root(start_directory(global)));
  if (options.json_schema) {
    std::cout << json_schema(project.schema, project.vocabulary, project.config);
  } else if (options.summary) {
    LintRequest request; // only the facts are needed; the cache makes that cheap
    const LintReport report = run_lint(project, DiskStore(project.config.root), request);
    write_overview_markdown(std::cout, database_overview(report.cases, project.vocabulary));
  } else {
    list_fields(project.schema);
  }
  return static_cast<int>(ExitCode::clean);
}

} // namespace

Runner register_schema(CLI::App& app, const GlobalOptions& global)
{
  auto options = std::make_shared<SchemaOptions>();
  CLI::App* command = app.add_subcommand("schema", "Show the case format, print it as a JSON Schema, or summarise the "
                                                   "database");
  command->add_flag("--json-schema", options->json_schema,
                    "Print the case format as a JSON Schema (draft 2020-12), vocabulary included");
  command->add_flag("--summary", options->summary,
                    "Print what the database holds (cases by industry and by year) as Markdown");
  command->footer("Without an option, lists the fields of a case. schema/case.schema.json is the committed copy of "
                  "--json-schema that the case files' modeline names; regenerate it after changing schema/.\n"
                  "Exit codes: 0 done, 2 usage or environment error.");
  return [options, &global]() { return run(*options, global); };
}

} // namespace llmops::cli
