#pragma once
// Private: one input record (a JSON object) turned into the values of a case, with the
// problems found on the way. Checks that need the written file are left to the case reader.

#include "llmops/case_reader.hpp"
#include "llmops/case_writer.hpp"
#include "llmops/importer.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace llmops::detail {

struct ConvertedRecord
{
  CaseRecord record;
  bool id_given = false;
  std::vector<Diagnostic> findings; // errors and warnings; path and line are filled in by the caller
};

// Reads `fields` after applying `renames`: fields of the case format and `draft`. Tags are
// resolved through the vocabulary (aliases and deprecated tags to their canonical slug) and
// grouped by family in vocabulary order, sorted; `usage` ranks "did you mean" suggestions.
ConvertedRecord convert_record(const nlohmann::ordered_json& fields, const std::vector<FieldRename>& renames,
                               const Project& project, const TagUsage& usage);

// Checks `text`, the written form of a record, as lint checks the file at `path` (per-file and
// vocabulary rules), adding its errors to `errors` and its warnings to `warnings`.
void check_written_case(const std::string& path, const std::string& text, const CheckContext& context,
                        const TagUsage& usage, std::vector<Diagnostic>& errors, std::vector<Diagnostic>& warnings);

} // namespace llmops::detail
