// llmops export: which cases, in what order, and how each format reaches its target.
#include "llmops/export.hpp"

#include "export_output.hpp"
#include "export_support.hpp"
#include "llmops/error.hpp"
#include "llmops/export_writers.hpp"
#include "llmops/html_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>

namespace llmops {

namespace fs = std::filesystem;

namespace {

struct NamedFormat
{
  std::string_view name;
  ExportFormat format;
};

// Every format, in the order the help lists them. A new format is added here and in the two
// switches below (`write_export`, `export_to_path`).
constexpr std::array k_formats = {
  NamedFormat{"json", ExportFormat::json},         NamedFormat{"jsonl", ExportFormat::jsonl},
  NamedFormat{"csv", ExportFormat::csv},           NamedFormat{"sqlite", ExportFormat::sqlite},
  NamedFormat{"markdown", ExportFormat::markdown}, NamedFormat{"atom", ExportFormat::atom},
  NamedFormat{"html", ExportFormat::html},
};

// How many entries the feed holds unless a limit is given.
constexpr std::size_t k_atom_default_entries = 50;

// Orders by id, then path (ids are unique in a clean database, paths always).
bool by_id(const Case& a, const Case& b)
{
  return std::tie(a.id.value, a.path) < std::tie(b.id.value, b.path);
}

// The line under the HTML page's heading: how many cases, and the newest catalogue date among them
// (from the data, so that the same database gives the same page).
std::string html_generated_line(const CaseIndex& index, std::span<const std::size_t> rows)
{
  std::string newest;
  for (std::size_t row : rows) {
    const std::string& created = index.at(row).created_at.value;
    if (detail::is_iso_date(created) && created > newest) {
      newest = created;
    }
  }
  std::string count = std::to_string(rows.size());
  for (std::size_t at = count.size(); at > 3; at -= 3) {
    count.insert(at - 3, ","); // 10,000 as the page counts
  }
  std::string line = fmt::format("{} case{}", count, rows.size() == 1 ? "" : "s");
  return newest.empty() ? line : fmt::format("{}, the newest catalogued on {}", line, newest);
}

} // namespace

std::optional<ExportFormat> parse_export_format(std::string_view name)
{
  for (const NamedFormat& entry : k_formats) {
    if (entry.name == name) {
      return entry.format;
    }
  }
  return std::nullopt;
}

std::vector<std::string> export_format_names()
{
  std::vector<std::string> names;
  for (const NamedFormat& entry : k_formats) {
    names.emplace_back(entry.name);
  }
  return names;
}

std::string_view export_format_name(ExportFormat format)
{
  for (const NamedFormat& entry : k_formats) {
    if (entry.format == format) {
      return entry.name;
    }
  }
  return "?";
}

std::optional<ExportProfile> parse_export_profile(std::string_view name)
{
  if (name == "full") {
    return ExportProfile::full;
  }
  if (name == "hf") {
    return ExportProfile::hf;
  }
  return std::nullopt;
}

bool export_format_streams(ExportFormat format)
{
  return format != ExportFormat::sqlite && format != ExportFormat::markdown;
}

bool export_format_has_profile(ExportFormat format)
{
  return format == ExportFormat::json || format == ExportFormat::jsonl || format == ExportFormat::csv;
}

std::vector<std::size_t> export_rows(const CaseIndex& index, const Query& query, ExportFormat format, std::size_t limit)
{
  QueryOptions all;
  all.sort = SortKey{SortField::path, false}; // any total order: the rows are sorted again below
  const QueryResult result = run_query(query, index, all);
  std::vector<std::size_t> rows;
  rows.reserve(result.matches.size());
  for (const Match& match : result.matches) {
    if (format != ExportFormat::atom || detail::is_iso_date(index.at(match.index).created_at.value)) {
      rows.push_back(match.index);
    }
  }
  if (format == ExportFormat::atom) {
    std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      const Case& x = index.at(a);
      const Case& y = index.at(b);
      if (x.created_at.value != y.created_at.value) {
        return x.created_at.value > y.created_at.value;
      }
      return by_id(x, y);
    });
    limit = limit == 0 ? k_atom_default_entries : limit;
  } else {
    std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return by_id(index.at(a), index.at(b)); });
  }
  if (limit != 0 && rows.size() > limit) {
    rows.resize(limit);
  }
  return rows;
}

void write_export(std::ostream& out, const Project& project, const CaseIndex& index, std::span<const std::size_t> rows,
                  const ExportOptions& options)
{
  const Vocabulary& vocabulary = project.vocabulary;
  switch (options.format) {
  case ExportFormat::json:
    write_records_json(out, index, rows, vocabulary, options.profile);
    return;
  case ExportFormat::jsonl:
    write_records_jsonl(out, index, rows, vocabulary, options.profile);
    return;
  case ExportFormat::csv:
    write_records_csv(out, index, rows, vocabulary, options.profile);
    return;
  case ExportFormat::atom:
    write_atom_feed(out, index, rows, vocabulary);
    return;
  case ExportFormat::html: {
    HtmlPageOptions page;
    page.generated = html_generated_line(index, rows);
    write_html_page(out, index, rows, vocabulary, page);
    return;
  }
  case ExportFormat::sqlite:
  case ExportFormat::markdown:
    break;
  }
  throw Error(fmt::format("export: --format {} writes to a path; give -o PATH", export_format_name(options.format)));
}

void export_to_path(const fs::path& target, const Project& project, const CaseIndex& index,
                    std::span<const std::size_t> rows, const ExportOptions& options)
{
  switch (options.format) {
  case ExportFormat::sqlite: {
    detail::AtomicTarget output(target, detail::TargetKind::sqlite);
    write_sqlite_database(output.temporary(), index, rows, project.vocabulary, project.schema.version);
    output.commit();
    return;
  }
  case ExportFormat::markdown: {
    detail::AtomicTarget output(target, detail::TargetKind::folder);
    for (const ExportFile& page : build_markdown_pages(index, rows, project.vocabulary)) {
      output.add_file(page.path, page.bytes);
    }
    output.commit();
    return;
  }
  default: {
    detail::AtomicTarget output(target, detail::TargetKind::file);
    {
      std::ofstream out(output.temporary(), std::ios::binary | std::ios::trunc);
      write_export(out, project, index, rows, options);
      out.flush();
      if (!out) {
        throw Error(fmt::format("cannot write {}: the write failed (is the disk full?)", target.string()));
      }
    }
    output.commit();
    return;
  }
  }
}

} // namespace llmops
