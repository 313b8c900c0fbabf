#pragma once
// The writer of each export format, over cases already chosen and ordered (see export.hpp).

#include "llmops/case_index.hpp"
#include "llmops/export.hpp"
#include "llmops/vocabulary.hpp"

#include <filesystem>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace llmops {

// A JSON array of case records, one per line between "[" and "]". A full record holds every
// field of the case in this order: id, path, schema_version, title, company, industry, year,
// status, created_at, source_url, sources, tags (an object from family to slugs as written,
// families in vocabulary order), summary, notes, not_duplicate_of; absent values are null and
// absent lists empty. An hf record holds the columns of the ZenML dataset (see docs/export.md).
void write_records_json(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                        const Vocabulary& vocabulary, ExportProfile profile);

// The records of `write_records_json`, one JSON object per line.
void write_records_jsonl(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                         const Vocabulary& vocabulary, ExportProfile profile);

// A header row, then one row per case, CRLF line ends, RFC 4180 quoting. Full profile columns: id,
// path, title, company, industry, year, status, created_at, source_url, sources (space-separated),
// one column per tag family (", "-separated), summary, notes, not_duplicate_of. A cell that starts
// with '=', '+', '-', '@', tab or carriage return gets a leading apostrophe, so that a spreadsheet
// shows it as text instead of running it as a formula.
void write_records_csv(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                       const Vocabulary& vocabulary, ExportProfile profile);

// `text` as one CSV cell: neutralised against formulas as `write_records_csv` says, then quoted
// when it holds a comma, a quote, CR or LF.
std::string csv_export_cell(const std::string& text);

// An Atom 1.0 feed of the cases at `rows` (newest first, as `export_rows` orders them): feed id
// `urn:llmops:cases`, updated at the first entry's date; each entry has the id
// `urn:llmops:case:ID`, the title, the company as author, a link to the source when it is http(s),
// the creation date as published and updated, the summary, and its tags as categories.
void write_atom_feed(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                     const Vocabulary& vocabulary);

// One file of a folder export: a path relative to the folder, with '/' between parts, and its bytes.
struct ExportFile
{
  std::string path;
  std::string bytes;
};

// The pages of the Markdown export: index.md (cases by industry and by tag family, with counts)
// and tags/FAMILY/TAG.md for every vocabulary tag some case carries (listed under its canonical
// slug), each listing its cases with a link to their http(s) source. Sorted by path.
std::vector<ExportFile> build_markdown_pages(const CaseIndex& index, std::span<const std::size_t> rows,
                                             const Vocabulary& vocabulary);

// `text` safe inside a Markdown table cell or link text: characters Markdown reads as syntax
// are backslash-escaped, line breaks become spaces.
std::string markdown_escape(const std::string& text);

// The layout version of the SQLite export, stored in `PRAGMA user_version`.
inline constexpr int k_sqlite_export_version = 1;

// Creates the SQLite database `file` (which must not exist, or be empty) holding the cases at
// `rows` and the vocabulary: tables cases, families, tags, case_tags, industries, meta, and the
// FTS5 table cases_fts over title, company, summary and notes (external content: cases). Throws
// `Error` when SQLite fails, or lacks FTS5.
void write_sqlite_database(const std::filesystem::path& file, const CaseIndex& index, std::span<const std::size_t> rows,
                           const Vocabulary& vocabulary, int schema_version);

} // namespace llmops
