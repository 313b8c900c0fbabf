#pragma once

#include "llmops/case_index.hpp"
#include "llmops/git_history.hpp"
#include "llmops/stats.hpp"

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace llmops {

// How a column's values are written.
enum class CellKind : std::uint8_t {
  text,
  count, // an integer
  share, // a fraction, shown as a percentage with one decimal ("12.5%"); JSON keeps the fraction
  ratio, // a decimal number, two decimals ("1.75")
};

// A column of a statistics table.
struct StatColumn
{
  std::string key;    // JSON key and CSV header
  std::string header; // what a reader sees above the column
  CellKind kind = CellKind::text;
  bool data_only = false; // in CSV and JSON only: tables and Markdown show the label beside it
};

// One value of a table: nothing, text or a number.
using StatCell = std::variant<std::monostate, std::string, long long, double>;

// One table of a statistic.
struct StatTable
{
  std::string name;  // "breakdown", "trend", "new-cases", ...
  std::string title; // "Cases by industry"
  std::vector<StatColumn> columns;
  std::vector<std::vector<StatCell>> rows;
  std::vector<std::string> notes; // sentences printed under the table
};

// Where and when the figures were taken, so that a post can say so.
struct Stamp
{
  std::string commit; // short commit id; empty outside a git repository or before the first commit
  bool in_git = false;
  bool dirty = false; // uncommitted changes under the database root
  std::string date;   // "YYYY-MM-DD"
  std::string query;  // the scope's query ("" for every case)
  std::string theme;  // the theme's name, when one was used
  std::string theme_title;

  // "commit 1a2b3c4", "commit 1a2b3c4 with uncommitted changes", "not in a git repository".
  std::string source() const;
};

// Asks git (two short processes) for HEAD's short id and whether the work tree under
// `root` has uncommitted changes, the cache folder `cache_dir` (relative to `root`) excepted;
// never throws. `date`, `query` and the theme are left empty.
Stamp stamp_of(const std::filesystem::path& root, const std::string& cache_dir);

// A whole statistic: a title and its tables, the first being the main one (the one CSV writes).
struct StatReport
{
  std::string statistic; // "overview", "breakdown", "trend", "since", "cooccurrence"
  std::string title;
  std::size_t scope = 0; // cases counted
  std::vector<StatTable> tables;
};

// The overview as a table of measures.
StatReport overview_report(const OverviewStats& overview);

// The breakdown as a table: value, label, cases, share.
StatReport breakdown_report(const Breakdown& breakdown);

// The trend as a table of periods; a curation trend notes where its dates came from (`dates`, may be null).
StatReport trend_report(const Trend& trend, std::size_t scope, const CurationDates* dates);

// The tags that grew, and the new cases (id, curation date, title; oldest date first, then path) with
// where each date came from.
StatReport since_report(const SinceStats& since, const CaseIndex& index, const CurationDates* dates);

// The co-occurring tags or pairs, with count, support and lift.
StatReport cooccurrence_report(const Cooccurrence& cooccurrence);

// The text of one cell: numbers as their kind says, nothing as "".
std::string cell_text(const StatCell& cell, CellKind kind);

// The report as Markdown: a heading, the stamp as an italic line, each table with its notes.
void write_report_markdown(std::ostream& out, const StatReport& report, const Stamp& stamp);

// The main table as CSV (RFC 4180 quoting, LF line ends), numbers unformatted.
void write_report_csv(std::ostream& out, const StatReport& report);

// The report as one JSON document: statistic, title, cases, stamp, and each table with rows as
// objects keyed by column (numbers as numbers, shares as fractions).
void write_report_json(std::ostream& out, const StatReport& report, const Stamp& stamp);

} // namespace llmops
