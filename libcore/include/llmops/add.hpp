#pragma once
// `llmops add`: one new case built from values a contributor gives (options, prompts, or a
// record on stdin), checked exactly as `llmops import` checks a record, and compared with the
// cases already in the database before anything is written.

#include "llmops/case.hpp"
#include "llmops/case_reader.hpp"
#include "llmops/case_writer.hpp"
#include "llmops/diagnostic.hpp"
#include "llmops/importer.hpp"
#include "llmops/lint.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// One value given for a field: `name` is a field of the case format or `draft`; list fields
// (`sources`, `tags`, `not_duplicate_of`) take one item per value, and a tag may be written
// `FAMILY:TAG` to state its family.
struct AddField
{
  std::string name;
  std::string value;
};

// What a record given as YAML or JSON holds, as fields, with problems of its shape (a nested
// object, a list where text belongs) as findings.
struct AddRecordInput
{
  std::vector<AddField> fields;
  std::vector<Diagnostic> findings;
};

// Reads `bytes` as one YAML or JSON object of case fields (a case file itself qualifies); a tag
// map `{family: [tags]}` becomes `FAMILY:TAG` values. Throws `Error` when `bytes` is not YAML or
// JSON, or not one object.
AddRecordInput read_add_record(std::string_view bytes);

// The database as `add` sees it: facts of every case and how often each tag is used.
struct AddContext
{
  std::vector<Case> cases;
  TagUsage usage;
  std::vector<std::string> file_ids; // names of every <id>.yaml file, parsed or not
  int current_year = 0;              // 0: this year
  std::string today;                 // YYYY-MM-DD for created_at; empty: today in UTC
};

// Reads the cases of `project` through `store` (with lint's cache when `use_cache`).
AddContext load_add_context(const Project& project, const Store& store, bool use_cache);

// A new case: the record, its canonical text and what checking it found.
struct AddDraft
{
  CaseRecord record;
  std::string path;                 // relative to the root: cases/<id>.yaml
  std::string text;                 // the canonical file, as `write_case` writes it
  std::vector<Diagnostic> findings; // errors block writing; warnings are shown
  bool has_errors() const;
};

// Builds and checks the case that `fields` describe: values converted as import converts them
// (`renames` applied, tags resolved to canonical slugs in their families, aliases and case
// differences accepted), a `FAMILY:TAG` checked against the tag's own family, `created_at` set to
// `context.today` when not given, the id derived and made unique against the database unless
// given; then written with `write_case` and checked with the per-file and vocabulary rules.
AddDraft build_case(const Project& project, const AddContext& context, const std::vector<AddField>& fields,
                    const std::vector<FieldRename>& renames = {});

// An existing case that resembles a new one.
struct SimilarCase
{
  std::string id;
  std::string path;
  std::string title;
  double similarity = 0; // of the titles, 0 to 1
  bool same_url = false; // a normalised URL of one is a URL of the other: `add` refuses
  bool lint_pairs = false; // lint's near-duplicate threshold is reached: not_duplicate_of keeps them apart
};

// The existing cases that share a normalised URL with `record`, or come from the same company
// (`text::company_key`) with a title at least `min_similarity` alike; cases either side names
// in `not_duplicate_of` are left out. Same-URL cases first, then by similarity.
std::vector<SimilarCase> find_similar_cases(const CaseRecord& record, const AddContext& context, const Config& config,
                                            double min_similarity = 0.5);

// The spelling existing cases use for the company `company` (the same `text::company_key`) when
// it differs from `company`, so that lint's company-spelling rule is heard before writing; empty
// when there is none.
std::string other_company_spelling(std::string_view company, const AddContext& context);

// How a tag typed by a contributor resolved.
struct TagChoice
{
  std::string canonical;               // empty when unknown or ambiguous
  std::string family;
  std::string how;                     // "", "alias", "deprecated", "prefix", "case"
  std::vector<std::string> candidates; // ambiguous prefix: the canonical tags it starts
  std::string suggestion;              // unknown: the closest canonical tag, if any
};

// Resolves `written`: a canonical tag, an alias, a deprecated tag with a replacement, the same
// in another letter case, and (when `allow_prefix`) the one canonical tag it is a prefix of.
TagChoice resolve_tag(const Vocabulary& vocabulary, std::string_view written, const TagUsage& usage,
                      bool allow_prefix);

// The message for a tag that did not resolve: unknown with "did you mean", or ambiguous.
std::string tag_problem(const Vocabulary& vocabulary, std::string_view written, const TagChoice& choice);

// Canonical tags whose slug, label, aliases or keywords occur as whole words in `title` or
// `summary` (accents and letter case folded), in vocabulary order, without `already`.
std::vector<std::string> suggest_tags_for(const Vocabulary& vocabulary, std::string_view title,
                                          std::string_view summary, const std::vector<std::string>& already = {});

// Today's date in UTC as YYYY-MM-DD.
std::string today_utc();

} // namespace llmops
