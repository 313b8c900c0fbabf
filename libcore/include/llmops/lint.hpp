#pragma once

#include "llmops/case.hpp"
#include "llmops/config.hpp"
#include "llmops/diagnostic.hpp"
#include "llmops/schema.hpp"
#include "llmops/store.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llmops {

// A loaded database: its settings, schema and vocabulary.
struct Project
{
  Config config;
  Schema schema;
  Vocabulary vocabulary;

  // Loads the database at `root`; throws `Error` when a configuration or schema file is broken.
  static Project open(const std::filesystem::path& root);
};

struct LintRequest
{
  // Paths (relative to the root) the per-file rules run on; empty means every case.
  std::vector<std::string> paths;
  bool only_paths = false;     // when true, report per-file findings only for `paths`
  bool use_cache = true;       // read and write the cache of per-file results
  unsigned threads = 0;        // 0: one per core
  int current_year = 0;        // 0: this year
  std::function<void(std::size_t done, std::size_t total)> progress; // may be empty
  std::vector<Diagnostic> findings; // found while choosing the files (`PathSelection::findings`)
};

struct LintSummary
{
  std::size_t files = 0;       // case files found
  std::size_t checked = 0;     // files whose per-file findings are reported
  std::size_t from_cache = 0;  // of those, how many came from the cache
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  std::size_t fixable = 0;
};

struct LintReport
{
  std::vector<Diagnostic> diagnostics; // sorted, severities applied, `off` removed
  std::vector<Case> cases;             // facts of every case that parsed
  LintSummary summary;
};

// Lints the database in `project` read through `store`: per-file rules (in parallel, cached
// by content hash) and cross-case rules (duplicates, company spellings) over every case.
LintReport run_lint(const Project& project, const Store& store, const LintRequest& request);

// Runs the cross-case rules over `cases`, adding findings for the cases in `report_for`
// (relative paths; null means every case).
void check_across_cases(const std::vector<Case>& cases, const Config& config,
                        const std::set<std::string>* report_for, std::vector<Diagnostic>& out);

// The files a lint of `args` (paths as typed, relative to `base`) covers, as root-relative paths.
// A folder stands for the case files directly in it; the root or the cases folder for all cases.
struct PathSelection
{
  bool all = false;                  // every case
  std::vector<std::string> paths;    // otherwise these
  std::vector<Diagnostic> findings;  // arguments that lead outside the root
};

// Resolves lint arguments; throws `Error` for an argument that does not exist.
PathSelection select_paths(const Project& project, const std::filesystem::path& base,
                           const std::vector<std::string>& args);

// The case files changed against `base` (see `changed_files`). When the configuration or the
// schema changed, every case is selected: a new vocabulary can change any file's findings.
PathSelection select_changed(const Project& project, const std::string& base);

// One line describing what the database holds: cases, companies, industries, years, drafts.
std::string describe_database(const std::vector<Case>& cases);

} // namespace llmops
