// llmops lint: checks case files against the schema, the vocabulary and each other.
#include "commands.hpp"
#include "terminal.hpp"

#include "llmops/diff.hpp"
#include "llmops/error.hpp"
#include "llmops/fixer.hpp"
#include "llmops/lint.hpp"
#include "llmops/report.hpp"
#include "llmops/rules.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace llmops::cli {

namespace fs = std::filesystem;

namespace {

struct LintOptions
{
  std::vector<std::string> paths;
  std::string format;
  std::string min_severity = "info";
  std::string changed_base; // empty: not given; ":merge-base": given without a value
  bool strict = false;
  bool quiet = false;
  bool no_cache = false;
  bool list_rules = false;
  bool fix = false;
  bool dry_run = false;
};

void list_rules(const Project* project)
{
  fmt::print("{:<22} {:<8} {:<4} {}\n", "RULE", "SEVERITY", "FIX", "DESCRIPTION");
  for (const Rule& rule : all_rules()) {
    Severity severity = project ? rule_severity(project->config, rule.id) : rule.default_severity;
    fmt::print("{:<22} {:<8} {:<4} {}\n", rule.id, severity_name(severity), rule.fixable ? "yes" : "", rule.description);
  }
}

std::string default_format()
{
  const char* actions = std::getenv("GITHUB_ACTIONS");
  return actions && std::string_view(actions) == "true" ? "github" : "text";
}

// Prints each change of `fixes` on stderr (and the diff on stdout for a dry run), then writes
// the files unless `dry_run`. Returns the number of changes.
std::size_t apply_fixes(const Project& project, const std::vector<CaseFix>& fixes, bool dry_run)
{
  std::size_t changes = 0;
  std::size_t files = 0;
  for (const CaseFix& fix : fixes) {
    for (const Change& change : fix.changes) {
      fmt::print(stderr, "{}:{}:{}: {}: {} [{}]\n", fix.path, change.position.line, change.position.column,
                 dry_run ? "would fix" : "fixed", change.description, change.rule);
    }
    if (!fix.problem.empty()) {
      fmt::print(stderr, "{}: not fixed automatically: {}\n", fix.path, fix.problem);
    }
    if (dry_run) {
      std::cout << unified_diff(fix.path, fix.before, fix.after);
    }
    changes += fix.changes.size();
    files += fix.changed() ? 1U : 0U;
  }
  if (!dry_run) {
    write_fixes(project.config.root, fixes);
  }
  fmt::print(stderr, "{} {} change{} in {} file{}\n", dry_run ? "would make" : "made", changes, changes == 1 ? "" : "s",
             files, files == 1 ? "" : "s");
  return changes;
}

int run(const LintOptions& options, const GlobalOptions& global)
{
  const fs::path start = start_directory(global);
  if (options.list_rules) {
    std::unique_ptr<Project> project;
    try {
      project = std::make_unique<Project>(Project::open(find_root(start)));
    } catch (const Error&) {
      // Outside a database the defaults are listed.
    }
    list_rules(project.get());
    return 0;
  }
  const bool changed = !options.changed_base.empty();
  const std::string base = options.changed_base == ":merge-base" ? std::string{} : options.changed_base;
  if (changed && !options.paths.empty()) {
    throw Error("lint: give either PATH arguments or --changed, not both");
  }
  if (options.dry_run && !options.fix) {
    throw Error("lint: --dry-run goes with --fix");
  }
  const Project project = Project::open(find_root(start));
  const std::string format = options.format.empty() ? default_format() : options.format;

  LintRequest request;
  PathSelection selection;
  if (changed) {
    selection = select_changed(project, base);
  } else if (!options.paths.empty()) {
    selection = select_paths(project, start, options.paths);
  } else {
    selection.all = true;
  }
  if (options.fix) {
    std::cout.flush();
    auto fixes = plan_fixes(project, DiskStore(project.config.root), selection.paths, selection.all);
    std::size_t changes = apply_fixes(project, fixes, options.dry_run);
    if (options.dry_run) {
      return static_cast<int>(changes > 0 ? ExitCode::findings : ExitCode::clean);
    }
  }
  request.only_paths = !selection.all;
  request.paths = selection.paths;
  request.use_cache = !options.no_cache;
  request.findings = std::move(selection.findings);
  if (format == "text" && !options.quiet && is_terminal(stderr)) {
    request.progress = [](std::size_t done, std::size_t total) {
      if (total >= 2000) {
        show_progress("linting", done, total);
      }
    };
  }
  LintReport report = run_lint(project, DiskStore(project.config.root), request);
  // The summary counts every finding; only the printed list is filtered.
  const Severity shown = options.quiet ? Severity::error : parse_severity(options.min_severity).value_or(Severity::info);
  std::erase_if(report.diagnostics, [shown](const Diagnostic& d) { return d.severity < shown; });

  if (format == "json") {
    write_json(std::cout, report);
  } else if (format == "sarif") {
    write_sarif(std::cout, report.diagnostics);
  } else if (format == "github") {
    write_github(std::cout, report.diagnostics);
  } else {
    write_text(std::cout, report.diagnostics, TextStyle{color_enabled(stdout), true});
  }
  std::cout.flush();
  if (!options.quiet) {
    std::cerr << summary_line(report.summary) << "\n";
    if (!request.only_paths) {
      std::cerr << "database: " << describe_database(report.cases) << "\n";
    }
  }
  bool failed = report.summary.errors > 0 || (options.strict && report.summary.warnings > 0);
  return static_cast<int>(failed ? ExitCode::findings : ExitCode::clean);
}

} // namespace

fs::path start_directory(const GlobalOptions& global)
{
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) {
    throw Error("cannot read the current folder: " + ec.message());
  }
  if (global.directory.empty()) {
    return cwd;
  }
  fs::path dir = cwd / global.directory;
  if (!fs::is_directory(dir, ec)) {
    throw Error("-C " + global.directory + ": no such folder");
  }
  return dir;
}

Runner register_lint(CLI::App& app, const GlobalOptions& global)
{
  auto options = std::make_shared<LintOptions>();
  CLI::App* lint = app.add_subcommand("lint", "Check case files: schema, tag vocabulary, duplicates, file hygiene");
  lint->add_option("PATH", options->paths, "Case files or folders to check (default: every case)");
  lint->add_option("--format", options->format, "Output format (default: text, or github under GitHub Actions)")
    ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  // A flag whose value comes only as --changed=BASE, so "--changed cases/x.yaml" keeps the path a
  // PATH (git ref names cannot contain ':', so the default marker never collides with one).
  lint->add_flag("--changed{:merge-base}", options->changed_base,
                 "Check only files changed against BASE (default: the merge base with the main branch); "
                 "cross-case rules still see every case")
    ->option_text("[=BASE]");
  lint->add_option("--min-severity", options->min_severity,
                   "Print only findings at least this severe (the summary still counts all)")
    ->check(CLI::IsMember({"info", "warning", "error"}))
    ->option_text("LEVEL");
  lint->add_flag("--strict", options->strict, "Fail (exit 1) on warnings too");
  lint->add_flag("-q,--quiet", options->quiet, "Print errors only, and no summary");
  lint->add_flag("--no-cache", options->no_cache, "Ignore and do not update the cache of per-file results");
  lint->add_flag("--fix", options->fix,
                 "Apply the safe fixes (tag aliases and deprecations, duplicates, order, family; industry aliases; "
                 "BOM, CRLF, trailing space), report each, then lint again");
  lint->add_flag("--dry-run", options->dry_run, "With --fix: print the changes as a unified diff and write nothing");
  lint->add_flag("--list-rules", options->list_rules, "List every rule with its severity and exit");
  lint->footer("Exit codes: 0 no errors (warnings allowed unless --strict), 1 findings, 2 usage or environment "
               "error.");
  return [options, &global]() { return run(*options, global); };
}

} // namespace llmops::cli
