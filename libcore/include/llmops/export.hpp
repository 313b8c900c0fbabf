#pragma once

#include "llmops/case_index.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// What `llmops export` writes. Every format's bytes depend on the database only (no clock, no
// host, no path), so two exports of one database are identical.
enum class ExportFormat : std::uint8_t {
  json,     // one JSON array of case records
  jsonl,    // one case record per line
  csv,      // RFC 4180, one row per case
  sqlite,   // an SQLite database with an FTS5 index (a file; needs `-o`)
  markdown, // a folder: index.md and one page per tag (needs `-o`)
  atom,     // an Atom 1.0 feed of the newest cases
  html,     // one self-contained HTML page that searches and filters the cases (see html_page.hpp)
};

// The names of the record fields json, jsonl and csv use.
enum class ExportProfile : std::uint8_t {
  full, // every field of a case under its own name (see docs/export.md)
  hf,   // the columns of the public ZenML LLMOps dataset on Hugging Face
};

// Everything an export needs besides the database.
struct ExportOptions
{
  ExportFormat format = ExportFormat::json;
  ExportProfile profile = ExportProfile::full;
};

// The format named `name`; nothing when it is not one of `export_format_names()`.
std::optional<ExportFormat> parse_export_format(std::string_view name);

// The format names `parse_export_format` accepts, in the order the help lists them.
std::vector<std::string> export_format_names();

// The name of `format`, as `parse_export_format` reads it.
std::string_view export_format_name(ExportFormat format);

// The profile named `name` ("full" or "hf"); nothing otherwise.
std::optional<ExportProfile> parse_export_profile(std::string_view name);

// True when `format` can be written to a stream (standard output); false for sqlite and markdown,
// which need a path.
bool export_format_streams(ExportFormat format);

// True when `format` writes records whose field names `ExportProfile` chooses (json, jsonl, csv).
bool export_format_has_profile(ExportFormat format);

// The cases of `index` that `query` matches, in the order `format` lists them: by id (then path)
// for every format but atom, which lists the newest first (created_at descending, then id) and
// leaves out cases without a valid created_at date; at most `limit` of them (0: all, but 50 for atom).
std::vector<std::size_t> export_rows(const CaseIndex& index, const Query& query, ExportFormat format,
                                     std::size_t limit);

// Writes the export of the cases at `rows` of `index` to `out`; requires
// `export_format_streams(options.format)`.
void write_export(std::ostream& out, const Project& project, const CaseIndex& index, std::span<const std::size_t> rows,
                  const ExportOptions& options);

// Writes the export of the cases at `rows` of `index` to `target`, atomically: the export is built
// next to it under a temporary name (a file, or a folder for markdown) and renamed into place, so
// that `target` holds either its previous content or the complete new export, whatever happens.
// An existing `target` is replaced only when it is of the same kind (a regular file for the file
// formats, an SQLite database for sqlite, a folder written by a previous markdown export); else
// throws `Error` naming it, as it does on any write failure. Temporaries left by an interrupted
// export to the same target are removed first.
void export_to_path(const std::filesystem::path& target, const Project& project, const CaseIndex& index,
                    std::span<const std::size_t> rows, const ExportOptions& options);

} // namespace llmops
