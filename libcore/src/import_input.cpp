#include "import_input.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace llmops::detail {

namespace {

using Json = nlohmann::ordered_json;

std::size_t line_at(std::string_view bytes, std::size_t offset)
{
  offset = std::min(offset, bytes.size());
  return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 5: "; the place is given separately, so only the reason is kept.
std::string json_reason(const nlohmann::json::parse_error& e)
{
  std::string_view what = e.what();
  auto colon = what.find(": ");
  return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
}

std::vector<InputRecord> read_json_lines(std::string_view bytes)
{
  std::vector<InputRecord> records;
  std::size_t line = 0;
  for (std::string_view text : text::split_lines(bytes)) {
    ++line;
    if (text.ends_with('\r')) {
      text.remove_suffix(1);
    }
    if (text::trim(text).empty()) {
      continue;
    }
    InputRecord record;
    record.line = line;
    try {
      record.fields = Json::parse(text);
      if (!record.fields.is_object()) {
        record.problem = "a record must be a JSON object ({...})";
      }
    } catch (const nlohmann::json::parse_error& e) {
      record.problem = "invalid JSON: " + json_reason(e);
    }
    records.push_back(std::move(record));
  }
  return records;
}

// The offsets where the elements of the top-level array in `bytes` start (`bytes` parsed already).
std::vector<std::size_t> element_offsets(std::string_view bytes)
{
  std::vector<std::size_t> starts;
  int depth = 0;
  bool in_string = false;
  bool expecting = false; // after '[' or a ',' at depth 1
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      continue;
    }
    if (depth == 1 && expecting && c != ']') {
      starts.push_back(i);
      expecting = false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
      expecting = depth == 1;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expecting = true;
    }
  }
  return starts;
}

std::vector<InputRecord> read_json_array(std::string_view name, std::string_view bytes)
{
  Json document;
  try {
    document = Json::parse(bytes);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("{}:{}: invalid JSON: {}", name, line_at(bytes, e.byte == 0 ? 0 : e.byte - 1),
                            json_reason(e)));
  }
  if (!document.is_array()) {
    throw Error(fmt::format("{}: expected a JSON array of records or JSON Lines", name));
  }
  const std::vector<std::size_t> starts = element_offsets(bytes);
  std::vector<InputRecord> records;
  for (std::size_t i = 0; i < document.size(); ++i) {
    InputRecord record;
    record.line = i < starts.size() ? line_at(bytes, starts[i]) : 0;
    record.fields = std::move(document[i]);
    if (!record.fields.is_object()) {
      record.problem = "a record must be a JSON object ({...})";
    }
    records.push_back(std::move(record));
  }
  return records;
}

// One CSV row as RFC 4180 reads it, starting at `pos` (advanced past the row's line break).
struct CsvRow
{
  std::vector<std::string> cells;
  std::size_t line = 0;
  std::string problem;
};

CsvRow read_csv_row(std::string_view bytes, std::size_t& pos, std::size_t& line)
{
  CsvRow row;
  row.line = line;
  std::string cell;
  while (true) {
    if (pos < bytes.size() && bytes[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < bytes.size()) {
        char c = bytes[pos++];
        if (c == '"') {
          if (pos < bytes.size() && bytes[pos] == '"') {
            cell += '"';
            ++pos;
            continue;
          }
          closed = true;
          break;
        }
        line += c == '\n' ? 1 : 0;
        cell += c;
      }
      if (!closed && row.problem.empty()) {
        row.problem = "a quoted cell is not closed before the end of the file";
      }
      if (pos < bytes.size() && bytes[pos] != ',' && bytes[pos] != '\n' && bytes[pos] != '\r' &&
          row.problem.empty()) {
        row.problem = fmt::format("text after the closing quote of cell {}; double a quote inside a quoted cell "
                                  "(\"\")",
                                  row.cells.size() + 1);
      }
    }
    // Unquoted text (or whatever follows a closing quote, kept so that nothing is lost).
    while (pos < bytes.size() && bytes[pos] != ',' && bytes[pos] != '\n' &&
           !(bytes[pos] == '\r' && pos + 1 < bytes.size() && bytes[pos + 1] == '\n')) {
      cell += bytes[pos++];
    }
    row.cells.push_back(std::move(cell));
    cell.clear();
    if (pos < bytes.size() && bytes[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < bytes.size()) {
      pos += bytes[pos] == '\r' ? 2U : 1U;
      ++line;
    }
    return row;
  }
}

std::vector<InputRecord> read_csv(std::string_view name, std::string_view bytes)
{
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  std::size_t pos = 0;
  std::size_t line = 1;
  auto blank = [](const CsvRow& row) { return row.cells.size() == 1 && row.cells[0].empty(); };
  CsvRow header;
  do {
    if (pos >= bytes.size()) {
      throw Error(fmt::format("{}: the CSV file has no header row naming its columns", name));
    }
    header = read_csv_row(bytes, pos, line);
  } while (blank(header));
  if (!header.problem.empty()) {
    throw Error(fmt::format("{}:{}: {}", name, header.line, header.problem));
  }
  std::set<std::string, std::less<>> seen;
  for (auto& column : header.cells) {
    column = std::string(text::trim(column));
    if (column.empty()) {
      throw Error(fmt::format("{}:{}: a column of the header row has no name", name, header.line));
    }
    if (!seen.insert(column).second) {
      throw Error(fmt::format("{}:{}: column '{}' is named twice in the header row", name, header.line, column));
    }
  }
  std::vector<InputRecord> records;
  while (pos < bytes.size()) {
    CsvRow row = read_csv_row(bytes, pos, line);
    if (blank(row)) {
      continue;
    }
    InputRecord record;
    record.line = row.line;
    record.problem = row.problem;
    if (record.problem.empty() && row.cells.size() != header.cells.size()) {
      record.problem = fmt::format("the row has {} cells; the header has {}", row.cells.size(), header.cells.size());
    }
    record.fields = Json::object();
    for (std::size_t i = 0; i < row.cells.size() && i < header.cells.size(); ++i) {
      record.fields[header.cells[i]] = std::move(row.cells[i]);
    }
    records.push_back(std::move(record));
  }
  return records;
}

} // namespace

InputFormat detect_format(std::string_view name, std::string_view bytes)
{
  const std::string lower = text::ascii_lower(name);
  if (lower.ends_with(".jsonl") || lower.ends_with(".ndjson")) {
    return InputFormat::jsonl;
  }
  if (lower.ends_with(".csv")) {
    return InputFormat::csv;
  }
  auto first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && bytes[first] == '[') {
    return InputFormat::json;
  }
  if (first != std::string_view::npos && bytes[first] == '{') {
    return InputFormat::jsonl;
  }
  return lower.ends_with(".json") ? InputFormat::json : InputFormat::csv;
}

std::vector<InputRecord> read_input(std::string_view name, std::string_view bytes, InputFormat format)
{
  if (format == InputFormat::automatic) {
    format = detect_format(name, bytes);
  }
  switch (format) {
  case InputFormat::jsonl:
    return read_json_lines(bytes);
  case InputFormat::json:
    return read_json_array(name, bytes);
  default:
    return read_csv(name, bytes);
  }
}

} // namespace llmops::detail
