#pragma once

#include "llmops/case_index.hpp"
#include "llmops/config.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// Root-relative path ("cases/x.yaml") -> the day ("YYYY-MM-DD", the committer's date) of the
// commit that first added the file, a rename carrying the date of the path it came from.
using FirstAdded = std::map<std::string, std::string, std::less<>>;

// The arguments of the one `git log` the walk runs (after "git"), over `cases_dir` relative to
// the folder it runs in: oldest commit first, renames followed, one NUL-separated stream.
std::vector<std::string> history_log_arguments(std::string_view cases_dir);

// Replays the output of `git log` with `history_log_arguments`: an added path takes its commit's
// date, a renamed path keeps the date of the path it came from, a deleted path is forgotten (a
// file added again later takes the later date), a copy counts as an addition. Throws `Error`
// when the stream is not what that command prints.
FirstAdded parse_history_log(std::string_view log);

// What the git repository around a database allows.
enum class RepositoryState : std::uint8_t {
  outside, // not in a git work tree, or git is not installed
  unborn,  // a repository without a commit yet
  shallow, // a shallow clone: first additions cannot be known
  ready,   // full history available
};

// The repository around `root`: its state and, unless unborn or outside, HEAD's commit id.
struct RepositoryInfo
{
  RepositoryState state = RepositoryState::outside;
  std::string head;   // full commit id
  std::string reason; // outside: git's first line of complaint
};

// Asks git (two short processes) about the repository at `root`; never throws.
RepositoryInfo probe_repository(const std::filesystem::path& root);

// The first-addition dates of every file under the cases folder of the database at `config.root`,
// from one `git log` walk, cached in `<cache_dir>/git-history.txt` keyed by HEAD's commit id and
// the cases folder (written atomically; `use_cache` false neither reads nor writes it).
// Requires `info.state == RepositoryState::ready`. Throws `Error` when git fails.
FirstAdded first_added_dates(const Config& config, const RepositoryInfo& info, bool use_cache);

// Where the curation date of a case came from.
enum class DateSource : std::uint8_t {
  created_at,  // its `created_at` field
  git,         // the commit that first added its file
  uncommitted, // not in any commit yet: today
  none,        // unknown (history not read, on request)
};

// "created_at", "git", "uncommitted" or "none".
std::string_view date_source_name(DateSource source);

// The day each case entered the database, and where that day came from.
struct CurationDates
{
  std::vector<std::string> dates;       // per case of the index, "YYYY-MM-DD" ("" when `none`)
  std::vector<DateSource> sources;      // per case of the index
  std::size_t counts[4] = {0, 0, 0, 0}; // per `DateSource`
  bool history_read = false;            // git history was consulted (a case lacked created_at)
  std::string head;                     // HEAD's commit id when it was
};

// How `curation_dates` may find dates.
struct CurationOptions
{
  bool use_git = true;   // false: cases without created_at are `none`, git is never run
  bool use_cache = true; // the history cache
  std::string today;     // "YYYY-MM-DD" for uncommitted cases
};

// The curation date of each case of `index`: `created_at` when it is a valid YYYY-MM-DD date;
// else the first commit that added its file; else (a file not in HEAD) `options.today`. Git is
// run only when some case lacks created_at. Throws `Error` (with what to do) when git history is
// needed but the database is not in a git repository, or the clone is shallow.
CurationDates curation_dates(const CaseIndex& index, const Config& config, const CurationOptions& options);

// True when `text` is a date written YYYY-MM-DD (month 01-12, day 01-31).
bool is_iso_date(std::string_view text);

// The files (root-relative) under `cases_dir` that the work tree at `root` has and commit `ref`
// did not: added since, committed or not, untracked included; a renamed file is not new.
// Throws `Error` when `ref` is not a commit or git fails.
std::vector<std::string> files_added_since(const std::filesystem::path& root, std::string_view cases_dir,
                                           const std::string& ref);

} // namespace llmops
