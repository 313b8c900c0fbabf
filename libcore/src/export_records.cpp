// The record formats of `llmops export`: JSON, JSON Lines and CSV, under the full or the hf profile.
#include "export_support.hpp"
#include "llmops/export_writers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

// The hf columns that hold tags, each with the family it takes; "extra_tags" takes the rest.
struct HfTagColumn
{
  std::string_view column;
  std::string_view family;
};

constexpr HfTagColumn k_hf_tag_columns[] = {
  {"application_tags", "application"},
  {"tools_tags", "tool"},
  {"extra_tags", ""},
  {"techniques_tags", "technique"},
};

bool is_named_hf_family(std::string_view family)
{
  for (const HfTagColumn& column : k_hf_tag_columns) {
    if (!column.family.empty() && column.family == family) {
      return true;
    }
  }
  return false;
}

// The tags of `c` that go into the hf column `column`, in vocabulary family order.
std::vector<std::string> hf_tags(const Case& c, const HfTagColumn& column, const Vocabulary& vocabulary)
{
  std::vector<std::string> out;
  for (const detail::FamilyTags& family : detail::tags_by_family(c, vocabulary)) {
    bool wanted = column.family.empty() ? !is_named_hf_family(family.family) : family.family == column.family;
    if (wanted) {
      out.insert(out.end(), family.slugs.begin(), family.slugs.end());
    }
  }
  return out;
}

Json text_or_null(const Located<std::string>& value)
{
  return value.present ? Json(value.value) : Json(nullptr);
}

Json list_json(const std::vector<Located<std::string>>& values)
{
  Json out = Json::array();
  for (const auto& value : values) {
    out.push_back(value.value);
  }
  return out;
}

Json full_record(const Case& c, const Vocabulary& vocabulary)
{
  Json record = Json::object();
  record["id"] = text_or_null(c.id);
  record["path"] = c.path;
  record["schema_version"] = c.schema_version.present ? Json(c.schema_version.value) : Json(nullptr);
  record["title"] = text_or_null(c.title);
  record["company"] = text_or_null(c.company);
  record["industry"] = text_or_null(c.industry);
  record["year"] = c.year.present ? Json(c.year.value) : Json(nullptr);
  record["status"] = text_or_null(c.status);
  record["created_at"] = text_or_null(c.created_at);
  record["source_url"] = text_or_null(c.source_url);
  record["sources"] = list_json(c.sources);
  Json& tags = record["tags"] = Json::object();
  for (const detail::FamilyTags& family : detail::tags_by_family(c, vocabulary)) {
    tags[family.family] = family.slugs;
  }
  record["summary"] = text_or_null(c.summary);
  record["notes"] = text_or_null(c.notes);
  record["not_duplicate_of"] = list_json(c.not_duplicate_of);
  return record;
}

Json hf_record(const Case& c, const Vocabulary& vocabulary)
{
  Json record = Json::object();
  record["created_at"] = text_or_null(c.created_at);
  record["title"] = text_or_null(c.title);
  record["industry"] = text_or_null(c.industry);
  record["year"] = c.year.present ? Json(c.year.value) : Json(nullptr);
  record["source_url"] = text_or_null(c.source_url);
  record["company"] = text_or_null(c.company);
  for (const HfTagColumn& column : k_hf_tag_columns) {
    record[std::string(column.column)] = fmt::format("{}", fmt::join(hf_tags(c, column, vocabulary), ","));
  }
  record["short_summary"] = text_or_null(c.summary);
  record["full_summary"] = text_or_null(c.notes);
  return record;
}

std::string record_line(const Case& c, const Vocabulary& vocabulary, ExportProfile profile)
{
  const Json record = profile == ExportProfile::hf ? hf_record(c, vocabulary) : full_record(c, vocabulary);
  // Invalid UTF-8 cannot come from a case file (the reader refuses it); replace rather than throw.
  return record.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A cell of the full profile's CSV, in the column order the header names.
std::vector<std::string> full_header(const Vocabulary& vocabulary)
{
  std::vector<std::string> header = {"id",   "path",   "title",      "company",    "industry",
                                     "year", "status", "created_at", "source_url", "sources"};
  for (const Family& family : vocabulary.families()) {
    header.push_back(family.slug);
  }
  header.insert(header.end(), {"summary", "notes", "not_duplicate_of"});
  return header;
}

std::string joined(const std::vector<Located<std::string>>& values, std::string_view separator)
{
  std::string out;
  for (const auto& value : values) {
    out += out.empty() ? "" : separator;
    out += value.value;
  }
  return out;
}

std::vector<std::string> full_row(const Case& c, const Vocabulary& vocabulary)
{
  auto text = [](const Located<std::string>& value) { return value.present ? value.value : std::string(); };
  std::vector<std::string> row = {text(c.id),         c.path,
                                  text(c.title),      text(c.company),
                                  text(c.industry),   c.year.present ? std::to_string(c.year.value) : std::string(),
                                  text(c.status),     text(c.created_at),
                                  text(c.source_url), joined(c.sources, " ")};
  const std::vector<detail::FamilyTags> families = detail::tags_by_family(c, vocabulary);
  for (const Family& family : vocabulary.families()) {
    std::string cell;
    for (const detail::FamilyTags& tags : families) {
      if (tags.family == family.slug) {
        cell = fmt::format("{}", fmt::join(tags.slugs, ", "));
      }
    }
    row.push_back(std::move(cell));
  }
  row.insert(row.end(), {text(c.summary), text(c.notes), joined(c.not_duplicate_of, " ")});
  return row;
}

std::vector<std::string> hf_row(const Case& c, const Vocabulary& vocabulary)
{
  std::vector<std::string> row;
  const Json record = hf_record(c, vocabulary);
  for (const auto& item : record.items()) {
    const Json& value = item.value();
    row.push_back(value.is_null() ? std::string() : value.is_string() ? value.get<std::string>() : value.dump());
  }
  return row;
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells)
{
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out << (i > 0 ? "," : "") << csv_export_cell(cells[i]);
  }
  out << "\r\n";
}

} // namespace

std::string csv_export_cell(const std::string& text)
{
  std::string cell = text;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    return cell;
  }
  std::string quoted = "\"";
  for (char c : cell) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

void write_records_json(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                        const Vocabulary& vocabulary, ExportProfile profile)
{
  out << "[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out << (i == 0 ? "\n" : ",\n") << record_line(index.at(rows[i]), vocabulary, profile);
  }
  out << "\n]\n";
}

void write_records_jsonl(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                         const Vocabulary& vocabulary, ExportProfile profile)
{
  for (std::size_t row : rows) {
    out << record_line(index.at(row), vocabulary, profile) << '\n';
  }
}

void write_records_csv(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                       const Vocabulary& vocabulary, ExportProfile profile)
{
  if (profile == ExportProfile::hf) {
    std::vector<std::string> header;
    const Json record = hf_record(Case{}, vocabulary);
    for (const auto& item : record.items()) {
      header.push_back(item.key());
    }
    write_csv_row(out, header);
  } else {
    write_csv_row(out, full_header(vocabulary));
  }
  for (std::size_t row : rows) {
    const Case& c = index.at(row);
    write_csv_row(out, profile == ExportProfile::hf ? hf_row(c, vocabulary) : full_row(c, vocabulary));
  }
}

} // namespace llmops
