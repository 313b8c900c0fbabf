#pragma once

#include "llmops/diagnostic.hpp"
#include "llmops/lint.hpp"
#include "llmops/store.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// How an import file is laid out.
enum class InputFormat : std::uint8_t {
  automatic, // from the file name, else from the first byte
  jsonl,     // one JSON object per line
  json,      // one JSON array of objects
  csv,       // RFC 4180, with a header row naming the fields
};

// A renaming of an input field: `from` is read as `to`; an empty `to` drops the field.
struct FieldRename
{
  std::string from;
  std::string to;
};

// Parses "SOURCE=TARGET" (or "SOURCE=" to drop SOURCE). TARGET must be a field of `schema` or
// `draft` (a boolean: true gives status draft, false published). Throws `Error` otherwise. Several
// sources may be renamed to `tags` (their tags are merged); any other field is given once.
FieldRename parse_field_rename(std::string_view text, const Schema& schema);

struct ImportOptions
{
  InputFormat format = InputFormat::automatic;
  std::vector<FieldRename> renames;
  int current_year = 0; // 0: this year
};

enum class ImportOutcome : std::uint8_t { created, duplicate, invalid };

// What became of one input record.
struct ImportedRecord
{
  std::size_t line = 0; // where the record starts in the input, 1-based
  ImportOutcome outcome = ImportOutcome::invalid;
  std::string id;       // the case id given or derived (may be empty when invalid)
  std::string path;     // created: the new case file; duplicate: the case it duplicates
  std::string reason;   // duplicate: "same id" or "same source URL"
  // invalid: the errors; created: warnings worth a look. Located at the input file and `line`.
  std::vector<Diagnostic> findings;
};

struct ImportSummary
{
  std::size_t created = 0;
  std::size_t duplicates = 0;
  std::size_t invalid = 0;
};

struct ImportReport
{
  std::string input;                   // the input's name, as given
  bool dry_run = false;
  std::vector<ImportedRecord> records; // in input order
  ImportSummary summary;
};

// Creates the case file at `path` (relative to the root) holding `bytes`; false when a file of
// that name already exists. The import never replaces a file.
using CreateCaseFile = std::function<bool(const std::string& path, const std::string& bytes)>;

// Imports the records in `bytes` (the content of `input`) into the database of `project`, whose
// existing cases are read through `store`. Each record is converted (fields renamed, tags
// resolved through the vocabulary to canonical slugs in their families, `created_at` cut to its
// date), written with `write_case` and checked with the same per-file and vocabulary rules as
// lint; a record with errors is reported and not written. A record with the id (given, not
// derived) or a normalised source URL of an existing case is a duplicate and skipped, unless
// one names the other in `not_duplicate_of`. Records of one input that share a source URL are
// all written, with a warning: lint then asks for a merge or an exception. Files are created
// through `create`. Throws `Error` when the input cannot be read at all.
ImportReport import_cases(const Project& project, const Store& store, std::string_view input, std::string_view bytes,
                          const ImportOptions& options, const CreateCaseFile& create);

// "created 3, skipped as duplicate 1, invalid 0".
std::string import_summary_line(const ImportSummary& summary);

// One line per record: "INPUT:LINE: created cases/ID.yaml", "INPUT:LINE: skipped: duplicate of
// ...", "INPUT:LINE: error: MESSAGE [RULE]" (one per error), warnings likewise.
void write_import_text(std::ostream& out, const ImportReport& report);

// {"input", "dry_run", "summary": {created, duplicate, invalid}, "records": [{line, outcome, id,
// path, duplicate_of, reason, findings: [{severity, rule, message}]}]}.
void write_import_json(std::ostream& out, const ImportReport& report);

} // namespace llmops
