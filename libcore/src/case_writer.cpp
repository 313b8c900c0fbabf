// Writes case files in their one canonical form. The quoting rules are those of schema/README.md:
// plain when YAML gives the string back unchanged, double quotes otherwise; tests read every
// written file back through the case reader to hold the writer to that.
#include "llmops/case_writer.hpp"

#include "llmops/text.hpp"
#include "yaml_doc.hpp"

#include <fmt/format.h>

#include <array>
#include <regex>

namespace llmops {

namespace {

// Decodes the code point at `i` of `s` and advances `i`; a byte that does not start a well-formed
// sequence is returned as is (as a value above U+10FFFF, so that callers keep it unchanged).
char32_t next_code_point(std::string_view s, std::size_t& i)
{
  auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || i + length > s.size() || !text::is_valid_utf8(s.substr(i, length))) {
    ++i;
    return 0x110000 + lead;
  }
  char32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += length;
  return cp;
}

// Characters a YAML file may not hold as they are (outside the printable set, or read as a line
// break by YAML 1.1 readers): written as escapes inside double quotes.
bool needs_escape(char32_t cp)
{
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
         cp == 0xFFFE || cp == 0xFFFF;
}

// True when `value` starts like a date or time stamp, which YAML 1.1 readers turn into one.
bool looks_like_timestamp(std::string_view value)
{
  static const std::regex k_timestamp("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
  return std::regex_match(value.begin(), value.end(), k_timestamp);
}

// True when YAML 1.1 would read `value` as a base-60 number (`1:30`).
bool looks_sexagesimal(std::string_view value)
{
  static const std::regex k_base60("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
  return std::regex_match(value.begin(), value.end(), k_base60);
}

// True when `value` can be written without quotes and reads back unchanged; `flow` for an item
// of a [..] list, where commas and brackets end the item.
bool plain_is_safe(std::string_view value, bool flow)
{
  if (value.empty() || value.front() == ' ' || value.back() == ' ') {
    return false;
  }
  if (!detail::plain_scalar_type(value).empty() || looks_like_timestamp(value) || looks_sexagesimal(value) ||
      value == "<<" || value == "=" || value.starts_with("...")) {
    return false;
  }
  static constexpr std::string_view k_indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (k_indicators.find(value.front()) != std::string_view::npos) {
    return false;
  }
  for (std::size_t i = 0; i < value.size();) {
    const char c = value[i];
    const std::size_t at = i;
    char32_t cp = next_code_point(value, i);
    if (needs_escape(cp) || cp > 0x10FFFF) {
      return false;
    }
    if (c == ':' && (at + 1 == value.size() || value[at + 1] == ' ')) {
      return false;
    }
    if (c == '#' && at > 0 && value[at - 1] == ' ') {
      return false;
    }
    if (flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}')) {
      return false;
    }
  }
  return true;
}

std::string double_quoted(std::string_view value)
{
  std::string out = "\"";
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t at = i;
    char32_t cp = next_code_point(value, i);
    switch (cp) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (needs_escape(cp)) {
        out += fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
      } else {
        out.append(value.substr(at, i - at)); // also bytes that are not UTF-8: lint names them
      }
    }
  }
  out += '"';
  return out;
}

std::string flow_scalar(std::string_view value)
{
  return plain_is_safe(value, true) ? std::string(value) : double_quoted(value);
}

// True when every line of `value` can stand in a block scalar and read back unchanged: no
// characters that need escapes, tabs or carriage returns, and no spaces at the end of a line.
bool block_is_safe(std::string_view value)
{
  if (value.find_first_not_of('\n') == std::string_view::npos) {
    return false;
  }
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t at = i;
    char32_t cp = next_code_point(value, i);
    if (cp == '\n') {
      if (at > 0 && value[at - 1] == ' ') {
        return false;
      }
      continue;
    }
    if (needs_escape(cp) || cp > 0x10FFFF) {
      return false;
    }
  }
  return value.back() != ' ';
}

constexpr std::size_t k_fold_width = 100; // columns of a folded paragraph, indentation included
constexpr std::string_view k_indent = "  ";

// A one-line text as a folded block scalar (>-), broken at single spaces: a reader joins the
// lines again with one space each, so the text comes back exactly.
std::string folded(std::string_view value)
{
  std::string out = ">-\n";
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.size();
    if (text::utf8_length(value.substr(start)) + k_indent.size() > k_fold_width) {
      // The last single space before the width; else the first one after it.
      std::size_t best = std::string_view::npos;
      for (std::size_t i = start + 1; i + 1 < value.size(); ++i) {
        bool single = value[i] == ' ' && value[i - 1] != ' ' && value[i + 1] != ' ';
        if (!single) {
          continue;
        }
        if (best != std::string_view::npos &&
            text::utf8_length(value.substr(start, i - start)) + k_indent.size() > k_fold_width) {
          break;
        }
        best = i;
      }
      if (best != std::string_view::npos) {
        end = best;
      }
    }
    out += k_indent;
    out.append(value.substr(start, end - start));
    out += '\n';
    start = end == value.size() ? end : end + 1;
  }
  return out;
}

// A text with line breaks as a literal block scalar (|), its final line breaks kept exactly by
// the chomping indicator, with an indentation indicator when the first line starts with a space.
std::string literal(std::string_view value)
{
  std::size_t content_end = value.find_last_not_of('\n') + 1;
  std::size_t trailing = value.size() - content_end;
  std::string out = "|";
  std::size_t first = value.find_first_not_of('\n');
  if (value[first] == ' ') {
    out += std::to_string(k_indent.size());
  }
  out += trailing == 0 ? "-" : trailing == 1 ? "" : "+";
  out += '\n';
  for (std::string_view line : text::split_lines(value.substr(0, content_end))) {
    if (!line.empty()) {
      out += k_indent;
      out.append(line);
    }
    out += '\n';
  }
  // split_lines drops nothing inside the content; the lines after it are the kept breaks.
  for (std::size_t k = 1; k < trailing; ++k) {
    out += '\n';
  }
  return out;
}

// A summary or notes value: a block scalar when it can be one exactly, else double quotes.
std::string long_text(std::string_view value)
{
  if (!block_is_safe(value)) {
    return double_quoted(value) + "\n";
  }
  if (value.find('\n') == std::string_view::npos) {
    // A folded line that starts with a space would be kept apart, not joined: quote it instead.
    return value.front() == ' ' ? double_quoted(value) + "\n" : folded(value);
  }
  return literal(value);
}

std::string flow_list(const std::vector<std::string>& items)
{
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + flow_scalar(items[i]);
  }
  return out + "]";
}

bool is_plain_date(std::string_view value)
{
  static const std::regex k_date("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  return std::regex_match(value.begin(), value.end(), k_date);
}

// Appends the line(s) of field `name`, if `record` has a value for it.
void write_field(std::string& out, std::string_view name, const CaseRecord& record, const Schema& schema)
{
  auto line = [&](std::string_view value) { out += fmt::format("{}: {}\n", name, value); };
  auto text_field = [&](const std::string& value) {
    if (!value.empty()) {
      line(yaml_scalar(value));
    }
  };
  if (name == "schema_version") {
    line(std::to_string(schema.version));
  } else if (name == "id") {
    text_field(record.id);
  } else if (name == "title") {
    text_field(record.title);
  } else if (name == "company") {
    text_field(record.company);
  } else if (name == "industry") {
    text_field(record.industry);
  } else if (name == "year") {
    if (record.year) {
      line(std::to_string(*record.year));
    }
  } else if (name == "status") {
    text_field(record.status);
  } else if (name == "created_at") {
    if (!record.created_at.empty()) {
      line(is_plain_date(record.created_at) ? record.created_at : yaml_scalar(record.created_at));
    }
  } else if (name == "source_url") {
    text_field(record.source_url);
  } else if (name == "sources") {
    if (!record.sources.empty()) {
      out += "sources:\n";
      for (const auto& url : record.sources) {
        out += fmt::format("{}- {}\n", k_indent, yaml_scalar(url));
      }
    }
  } else if (name == "tags") {
    std::string families;
    for (const TagFamily& family : record.tags) {
      if (!family.tags.empty()) {
        families += fmt::format("{}{}: {}\n", k_indent, flow_scalar(family.family), flow_list(family.tags));
      }
    }
    if (!families.empty()) {
      out += "tags:\n" + families;
    }
  } else if (name == "summary" || name == "notes") {
    const std::string& value = name == "summary" ? record.summary : record.notes;
    if (!value.empty()) {
      out += fmt::format("{}: {}", name, long_text(value));
    }
  } else if (name == "not_duplicate_of") {
    if (!record.not_duplicate_of.empty()) {
      line(flow_list(record.not_duplicate_of));
    }
  }
}

// Every field a `CaseRecord` can hold, in the order of the bundled schema.
constexpr std::array<std::string_view, 14> k_record_fields = {
  "schema_version", "id",         "title",   "company", "industry", "year",  "status",
  "created_at",     "source_url", "sources", "tags",    "summary",  "notes", "not_duplicate_of"};

} // namespace

std::string yaml_scalar(std::string_view value)
{
  return plain_is_safe(value, false) ? std::string(value) : double_quoted(value);
}

std::string write_case(const CaseRecord& record, const Schema& schema)
{
  std::string out(k_case_modeline);
  out += '\n';
  for (const FieldSpec& field : schema.fields) {
    write_field(out, field.name, record, schema);
  }
  for (std::string_view name : k_record_fields) {
    if (!schema.find(name)) {
      write_field(out, name, record, schema);
    }
  }
  return out;
}

} // namespace llmops
