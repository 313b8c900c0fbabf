#pragma once
// Reshaping the tag vocabulary: add, alias, deprecate, rename, merge and bulk retagging. Every
// operation is planned in memory and checked in full before anything is written.

#include "llmops/diagnostic.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"
#include "llmops/store.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace llmops {

// New bytes for one file of the database.
struct FileChange
{
  std::string path; // relative to the root
  std::string before;
  std::string after;
};

// The files an operation changes (the cases that change, then the vocabulary) and why it cannot be
// applied; a plan with problems must not be written. The vocabulary comes last so that a run killed
// half-way can be finished by running the same command again.
struct TagPlan
{
  std::vector<FileChange> files;
  std::vector<Diagnostic> problems;
  std::size_t cases_changed = 0;
};

// A new canonical tag.
struct NewTag
{
  std::string slug;
  std::string family;
  std::string label;
  std::string description;
};

// Plans adding `tag` to the vocabulary; throws `Error` when it is not a new slug of a known family.
TagPlan plan_tag_add(const Project& project, const NewTag& tag);

// Plans adding `alias` to the aliases of canonical tag `tag`; throws `Error` when either is invalid.
TagPlan plan_tag_alias(const Project& project, const std::string& tag, const std::string& alias);

// Plans deprecating canonical tag `old` in favour of canonical tag `replacement` of its family
// (its aliases move to `replacement`); cases are left for `lint --fix`. Throws `Error` on bad arguments.
TagPlan plan_tag_deprecate(const Project& project, const std::string& old, const std::string& replacement);

// Plans merging the canonical tags `sources` into `target` across the vocabulary and every case
// read through `store`: `target` is created from the first source when new, each source becomes
// an alias of `target`, and a case listing several of them keeps one. With `rename`, `target`
// must be new. Each changed case is checked again against the new vocabulary. Throws `Error` on
// bad arguments; problems with single cases are reported in the plan.
TagPlan plan_tag_merge(const Project& project, const Store& store, const std::vector<std::string>& sources,
                       const std::string& target, bool rename);

// Plans adding the tags `add` (to their families) to and removing `remove` from the cases `paths`.
TagPlan plan_tag_apply(const Project& project, const Store& store, const std::vector<std::string>& paths,
                       const std::vector<std::string>& add, const std::vector<std::string>& remove);

// The paths of the cases of `project`, read through `store`, that `query` matches, sorted (the
// selection of `tag apply --where`); a file that cannot be read as a case never matches.
std::vector<std::string> query_case_paths(const Project& project, const Store& store, const Query& query);

// Writes every file of `plan` under `root`, each atomically; when one write fails the files
// already written are put back and `Error` is thrown.
void write_plan(const std::filesystem::path& root, const TagPlan& plan);

} // namespace llmops
