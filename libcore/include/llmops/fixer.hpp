#pragma once
// `lint --fix`: the safe automatic fixes, planned in memory and written only on request.

#include "llmops/case_reader.hpp"
#include "llmops/lint.hpp"
#include "llmops/store.hpp"
#include "llmops/text_edit.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// The fixes for one case file: its bytes before and after, what changed, and why a fix that was
// due could not be made (then `after` holds only the fixes that could).
struct CaseFix
{
  std::string path; // relative to the root
  std::string before;
  std::string after;
  std::vector<Change> changes;
  std::string problem;
  bool changed() const { return before != after; }
};

// Applies the safe fixes to the case `bytes` read from `path`: byte order mark, CRLF and trailing
// white space; alias and deprecated tags to their canonical tag, a tag moved to its own family,
// duplicates removed, tags sorted when `lint.sort_tags` is on; an industry alias to its industry.
// Fixes of rules configured "off" are not made. Every edit is a minimal text edit.
CaseFix fix_case(std::string_view path, std::string_view bytes, const CheckContext& context);

// Plans the fixes of the case files `paths` (relative to the root; every case when `all`) read
// through `store`; returns only the files with a change or a problem. Writes nothing.
std::vector<CaseFix> plan_fixes(const Project& project, const Store& store, const std::vector<std::string>& paths,
                                bool all);

// Replaces each changed file of `fixes` under `root`, each atomically; throws `Error` on failure.
void write_fixes(const std::filesystem::path& root, const std::vector<CaseFix>& fixes);

// The case files directly in the cases folder of `project`, as root-relative paths, sorted.
std::vector<std::string> list_case_paths(const Project& project, const Store& store);

} // namespace llmops
