#pragma once
// Rewrites the tags (and single fields) of a case file by minimal text edits located from the
// YAML parse: every byte outside the changed lines stays as it was.

#include "llmops/case.hpp"
#include "llmops/vocabulary.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// The tags of one family of a case, as written or as wanted.
struct FamilyTags
{
  std::string family;
  std::vector<std::string> slugs;
  bool operator==(const FamilyTags&) const = default;
};

// The new bytes of a rewritten case, or why it could not be rewritten safely (then `text` is empty).
struct CaseRewrite
{
  std::string text;
  std::string problem;
  bool ok() const { return problem.empty(); }
};

// The tag lists of the case in `text`, in file order; nothing when `text` has no readable
// `tags` mapping of lists.
std::optional<std::vector<FamilyTags>> read_case_tags(std::string_view text);

// Rewrites `text` so that its tags read `wanted`: lists are edited item by item (flow lists
// `[a, b]` on their line, block lists `- a` line by line), a family left empty is removed and a
// new family is inserted in the family order of `vocabulary`, in the style of the others. The
// result is parsed again and must hold exactly `wanted`; otherwise `problem` says why.
CaseRewrite rewrite_case_tags(std::string_view text, const std::vector<FamilyTags>& wanted,
                              const Vocabulary& vocabulary);

// A case retagged from a single parse: its tags as `retag` left them, and whether they changed.
struct CaseRetag
{
  bool located = false;           // the tags could be located (else `rewrite.problem` says why)
  bool changed = false;           // `retag` changed them: `rewrite` holds the new bytes or a problem
  std::vector<FamilyTags> wanted; // the tags after `retag`
  CaseRewrite rewrite;
};

// Locates the tags of `text`, lets `retag` change them (it returns true when it did) and edits
// `text` as `rewrite_case_tags` does, but parses it only once: the result is NOT parsed again,
// so the caller must verify it, e.g. with `same_tags` on a fresh `check_case_file`.
CaseRetag retag_case(std::string_view text, const std::function<bool(std::vector<FamilyTags>&)>& retag,
                     const Vocabulary& vocabulary);

// True when the tags `written` (as `check_case_file` read them) are exactly `wanted`, family by
// family and in order, empty families aside.
bool same_tags(const std::vector<TagRef>& written, const std::vector<FamilyTags>& wanted);

// Rewrites the scalar value of top-level key `key` in `text` to `value`, keeping its quote style.
CaseRewrite rewrite_case_field(std::string_view text, std::string_view key, std::string_view value);

// `slug` as a YAML scalar: plain when YAML reads it back as the same string, else in `quote`
// (or double quotes when `quote` is 0).
std::string render_scalar(std::string_view slug, char quote = 0);

} // namespace llmops
