#include "llmops/case_reader.hpp"

#include "llmops/rules.hpp"
#include "llmops/text.hpp"
#include "llmops/url.hpp"
#include "yaml_doc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace llmops {

namespace {

using detail::YamlKind;
using detail::YamlNode;

constexpr std::size_t k_max_repeats = 10; // per rule and file, for line-by-line hygiene findings

// Checks one file: keeps the text, its line starts and the findings together.
class FileChecker
{
public:
  FileChecker(std::string_view path, std::string_view text, const CheckContext& context, FileReport& out)
    : m_path(path), m_text(text), m_context(context), m_out(out)
  {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        m_line_starts.push_back(i + 1);
      }
    }
  }

  // The 1-based position of byte `offset`, its column counted in code points.
  Position at_offset(std::size_t offset) const
  {
    offset = std::min(offset, m_text.size());
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    auto line = static_cast<std::size_t>(it - m_line_starts.begin()) - 1;
    std::size_t start = m_line_starts[line];
    auto column = text::utf8_column(m_text.substr(start, offset - start), offset - start);
    return {static_cast<std::uint32_t>(line + 1), static_cast<std::uint32_t>(column)};
  }

  Position at(const YamlNode& node) const { return at_offset(node.offset); }

  // A position from yaml-cpp's 0-based line and column (used where no offset is known).
  Position at_mark(std::uint32_t line, std::uint32_t column) const
  {
    if (line < m_line_starts.size()) {
      return at_offset(m_line_starts[line] + column);
    }
    return {line + 1, column + 1};
  }

  void report(std::string_view rule, Position position, std::string message, std::uint32_t span = 1,
              std::optional<std::string> fix = std::nullopt)
  {
    if (m_context.facts_only) {
      return;
    }
    Diagnostic d;
    d.path = std::string(m_path);
    d.position = position;
    d.span = span; // 0: the finding is about the whole mapping, no caret
    d.severity = rule_severity(m_context.config, rule);
    d.rule = std::string(rule);
    d.message = std::move(message);
    d.fix = std::move(fix);
    m_out.diagnostics.push_back(std::move(d));
  }

  // Hygiene of the bytes; false when the file cannot be parsed at all.
  bool check_bytes();
  // Gives every null value its own place and text: yaml-cpp places an empty value ("key:") at
  // the start of the next line; an explicit "null" or "~" keeps its spelling in `value`.
  void settle_nulls(YamlNode& node) const;
  void check_document(const YamlNode& root);

private:
  static std::uint32_t scalar_span(const YamlNode& node)
  {
    if (node.kind == YamlKind::null) {
      return static_cast<std::uint32_t>(std::max<std::size_t>(node.value.size(), 1));
    }
    if (node.kind != YamlKind::scalar || node.value.find('\n') != std::string::npos) {
      return 1;
    }
    return static_cast<std::uint32_t>(text::utf8_length(node.value) + (node.quoted ? 2 : 0));
  }

  void check_field(const FieldSpec& spec, const YamlNode& key, const YamlNode& value);
  bool expect_text(const FieldSpec& spec, const YamlNode& value, std::string_view what);
  void check_text(const FieldSpec& spec, const YamlNode& value);
  void check_url(std::string_view field, const YamlNode& value);
  void check_tags(const YamlNode& value);
  void check_list(const FieldSpec& spec, const YamlNode& value);
  void check_id_value(const YamlNode& value, std::string_view field);
  std::optional<long long> read_integer(const FieldSpec& spec, const YamlNode& value);
  static bool valid_date(std::string_view s);

  std::string_view m_path;
  std::string_view m_text;
  const CheckContext& m_context;
  FileReport& m_out;
  std::vector<std::size_t> m_line_starts;
};

bool FileChecker::check_bytes()
{
  const auto& limits = m_context.config.limits;
  if (const void* nul = std::memchr(m_text.data(), '\0', m_text.size())) {
    auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - m_text.data());
    report("file-binary", at_offset(offset), "the file holds a NUL byte: it is not a text file; save it as UTF-8 text",
           0);
    return false;
  }
  std::size_t bad = 0;
  if (!text::is_valid_utf8(m_text, &bad)) {
    report("file-encoding", at_offset(bad),
           fmt::format("invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                       static_cast<unsigned char>(m_text[bad])));
    return false;
  }
  if (m_context.facts_only) {
    return true; // the rest of the hygiene checks only make findings
  }
  std::size_t crlf_lines = 0;
  Position first_crlf;
  std::size_t tabs = 0;
  std::size_t trailing = 0;
  for (std::size_t line = 0; line < m_line_starts.size(); ++line) {
    std::size_t start = m_line_starts[line];
    std::size_t end = line + 1 < m_line_starts.size() ? m_line_starts[line + 1] - 1 : m_text.size();
    std::string_view content = m_text.substr(start, end - start);
    if (!content.empty() && content.back() == '\r') {
      if (crlf_lines++ == 0) {
        first_crlf = at_offset(end - 1);
      }
      content.remove_suffix(1);
    }
    if (content.size() > limits.max_line_bytes) {
      report("line-too-long", at_offset(start),
             fmt::format("line is {} bytes long; the limit is {} (limits.max_line_bytes): wrap the text in a block "
                         "scalar (>-)",
                         content.size(), limits.max_line_bytes));
    }
    for (std::size_t i = 0; i < content.size(); ++i) {
      if (content[i] == '\t' && tabs++ < k_max_repeats) {
        report("file-tab", at_offset(start + i),
               "tab character; YAML indents with spaces (inside quoted text, write \\t)");
      }
    }
    auto kept = content.find_last_not_of(" \t");
    std::size_t stripped = kept == std::string_view::npos ? 0 : kept + 1;
    if (stripped < content.size() && trailing++ < k_max_repeats) {
      report("file-trailing-space", at_offset(start + stripped), "trailing white space", 
             static_cast<std::uint32_t>(content.size() - stripped), "remove the trailing white space");
    }
  }
  if (crlf_lines > 0) {
    report("file-crlf", first_crlf,
           fmt::format("{} line{} end{} in CRLF; case files use LF line endings", crlf_lines,
                       crlf_lines == 1 ? "" : "s", crlf_lines == 1 ? "s" : ""),
           1, "convert CRLF to LF");
  }
  for (auto [count, rule] : {std::pair{tabs, "file-tab"}, std::pair{trailing, "file-trailing-space"}}) {
    if (count > k_max_repeats) {
      report(rule, {0, 0}, fmt::format("{} more like this in the file", count - k_max_repeats));
    }
  }
  return true;
}

void FileChecker::settle_nulls(YamlNode& node) const
{
  for (std::size_t i = 0; node.kind == YamlKind::map && i + 1 < node.children.size(); i += 2) {
    const YamlNode& key = node.children[i];
    YamlNode& value = node.children[i + 1];
    if (value.kind != YamlKind::null || key.kind != YamlKind::scalar) {
      continue;
    }
    std::size_t line_end = m_text.find('\n', key.offset);
    line_end = line_end == std::string_view::npos ? m_text.size() : line_end;
    if (value.line != key.line) {
      std::size_t colon = m_text.find(':', key.offset + key.value.size() + (key.quoted ? 2 : 0));
      value.offset = colon < line_end ? colon + 1 : line_end;
      value.line = key.line;
      value.value.clear();
      continue;
    }
    std::size_t end = m_text.find_first_of(" \t\r\n,]}#", value.offset);
    end = std::min(end == std::string_view::npos ? m_text.size() : end, line_end);
    value.value = std::string(m_text.substr(value.offset, end - value.offset));
  }
  for (YamlNode& child : node.children) {
    settle_nulls(child);
  }
}

void FileChecker::check_document(const YamlNode& root)
{
  const Schema& schema = m_context.schema;
  Case& facts = m_out.facts;
  if (root.kind != YamlKind::map) {
    report("field-type", at(root), "a case file must be a mapping of field names to values (key: value lines)");
    return;
  }
  std::vector<const YamlNode*> seen_keys(schema.fields.size(), nullptr);
  for (std::size_t i = 0; i + 1 < root.children.size(); i += 2) {
    const YamlNode& key = root.children[i];
    const YamlNode& value = root.children[i + 1];
    if (key.kind != YamlKind::scalar) {
      report("field-type", at(key), "a field name must be plain text");
      continue;
    }
    const FieldSpec* spec = schema.find(key.value);
    if (!spec) {
      std::string hint;
      std::size_t best = 3;
      for (const auto& field : schema.fields) {
        auto d = text::edit_distance(key.value, field.name);
        if (d < best) {
          best = d;
          hint = fmt::format("; did you mean '{}'?", field.name);
        }
      }
      report("field-unknown", at(key), fmt::format("unknown field '{}'{}", key.value, hint), scalar_span(key));
      continue;
    }
    auto index = static_cast<std::size_t>(spec - schema.fields.data());
    if (const YamlNode* first = seen_keys[index]) {
      report("key-duplicate", at(key),
             fmt::format("field '{}' appears twice (first on line {}); YAML readers keep only one: delete one",
                         key.value, at(*first).line),
             scalar_span(key));
      continue;
    }
    seen_keys[index] = &key;
    check_field(*spec, key, value);
  }
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& spec = schema.fields[i];
    if (spec.required && !seen_keys[i]) {
      std::string help = spec.help.empty() ? "" : fmt::format(" ({})", spec.help);
      report("field-missing", at(root), fmt::format("missing required field '{}'{}", spec.name, help), 0);
    }
  }
  if (schema.find("summary") && !facts.summary.present) {
    report("summary-missing", at(root),
           "the case has no summary yet; add a short 'summary:' in your own words (see CONTRIBUTING.md)", 0);
  }
  if (facts.id.present) {
    std::string_view stem = m_path.substr(m_path.rfind('/') + 1);
    if (stem.ends_with(".yaml")) {
      stem.remove_suffix(5);
    }
    if (facts.id.value != stem) {
      // Renaming the file is advice only when the id itself is a valid one.
      const bool valid_id = std::none_of(m_out.diagnostics.begin(), m_out.diagnostics.end(),
                                         [](const Diagnostic& d) { return d.rule == "id-format"; });
      std::string advice = valid_id ? fmt::format("rename the file to '{}.yaml' or change the id", facts.id.value)
                                    : fmt::format("change the id to '{}'", stem);
      report("id-mismatch", facts.id.position,
             fmt::format("id '{}' does not match the file name '{}.yaml'; {}", facts.id.value, stem, advice),
             static_cast<std::uint32_t>(facts.id.value.size()));
    }
  }
  if (facts.tags.size() > m_context.config.limits.max_tags_per_case) {
    report("tags-too-many", facts.tags_position,
           fmt::format("{} tags; the limit is {} (limits.max_tags_per_case): keep the ones that describe the case",
                       facts.tags.size(), m_context.config.limits.max_tags_per_case));
  }
}

bool FileChecker::expect_text(const FieldSpec& spec, const YamlNode& value, std::string_view what)
{
  if (value.kind == YamlKind::null && !value.value.empty()) {
    report("field-type", at(value),
           fmt::format("'{}' is read as null, not text; put it in double quotes (\"{}\") or {}", spec.name,
                       value.value, spec.required ? fmt::format("write {}", what) : std::string("remove the line")),
           scalar_span(value));
    return false;
  }
  if (value.kind == YamlKind::null) {
    report("field-empty", at(value),
           fmt::format("'{}' is empty; {}", spec.name,
                       spec.required ? fmt::format("write {}", what) : std::string("remove the line or fill it in")));
    return false;
  }
  if (value.kind != YamlKind::scalar) {
    report("field-type", at(value),
           fmt::format("'{}' must be {}, not a {}", spec.name, what, value.kind == YamlKind::map ? "mapping" : "list"));
    return false;
  }
  if (!value.quoted) {
    auto type = detail::plain_scalar_type(value.value);
    if (!type.empty()) {
      report("field-type", at(value),
             fmt::format("'{}' is read as {} {}, not text; put it in double quotes: \"{}\"", spec.name,
                         type == "int" ? "an" : "a", type == "int" ? "integer" : type == "bool" ? "boolean" : type,
                         value.value),
             scalar_span(value));
      return false;
    }
  }
  return true;
}

void FileChecker::check_text(const FieldSpec& spec, const YamlNode& value)
{
  if (m_context.facts_only) {
    return;
  }
  const std::string& v = value.value;
  auto length = text::utf8_length(v);
  if (text::trim(v).empty()) {
    report("field-empty", at(value), fmt::format("'{}' is empty", spec.name), scalar_span(value));
    return;
  }
  if (spec.max_length && length > *spec.max_length) {
    report("field-too-long", at(value),
           fmt::format("'{}' is {} characters long; the limit is {}", spec.name, length, *spec.max_length),
           std::min<std::uint32_t>(scalar_span(value), 200));
  } else if (spec.min_length && length < *spec.min_length) {
    report("field-empty", at(value),
           fmt::format("'{}' is {} characters long; at least {} are needed", spec.name, length, *spec.min_length),
           scalar_span(value));
  }
  bool multi_line = spec.name == "summary" || spec.name == "notes";
  if (!multi_line && v.find('\n') != std::string::npos) {
    report("field-format", at(value), fmt::format("'{}' must be a single line", spec.name));
  } else if (!multi_line && text::trim(v).size() != v.size()) {
    report("field-format", at(value), fmt::format("'{}' has leading or trailing spaces inside its value", spec.name),
           scalar_span(value));
  }
  if (spec.compiled_pattern && spec.name != "id" &&
      !std::regex_match(v.begin(), v.end(), *spec.compiled_pattern)) {
    report("field-format", at(value), fmt::format("'{}' does not match the pattern {}", spec.name, *spec.pattern),
           scalar_span(value));
  }
}

void FileChecker::check_id_value(const YamlNode& value, std::string_view field)
{
  if (m_context.facts_only) {
    return;
  }
  const std::string& v = value.value;
  const FieldSpec* spec = m_context.schema.find("id");
  std::size_t max = spec && spec->max_length ? *spec->max_length : 80;
  bool shape = !v.empty() && v.front() != '-' && v.back() != '-' && v.find("--") == std::string::npos &&
               std::all_of(v.begin(), v.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
  if (!shape) {
    report("id-format", at(value),
           fmt::format("{} '{}' must be lowercase ASCII letters and digits in words joined by single '-' (like "
                       "'{}')",
                       field, v, text::truncate_slug(text::slugify(v), max)),
           scalar_span(value));
  } else if (v.size() > max) {
    report("id-format", at(value), fmt::format("{} is {} characters long; the limit is {}", field, v.size(), max),
           scalar_span(value));
  }
}

void FileChecker::check_url(std::string_view field, const YamlNode& value)
{
  if (m_context.facts_only) {
    return;
  }
  std::string why;
  if (!parse_url(value.value, &why)) {
    report("url-invalid", at(value), fmt::format("{} '{}' {}", field, value.value, why),
           std::min<std::uint32_t>(scalar_span(value), 200));
  }
}

std::optional<long long> FileChecker::read_integer(const FieldSpec& spec, const YamlNode& value)
{
  if (value.kind == YamlKind::null) {
    report("field-empty", at(value),
           fmt::format("'{}' is empty; {}", spec.name,
                       spec.required ? "write a number" : "when it is unknown, leave the line out"));
    return std::nullopt;
  }
  long long number = 0;
  const std::string& v = value.value;
  const char* begin = v.data() + (v.starts_with('+') ? 1 : 0);
  auto [end, ec] = std::from_chars(begin, v.data() + v.size(), number);
  if (value.kind != YamlKind::scalar || value.quoted || ec != std::errc{} || end != v.data() + v.size()) {
    std::string hint = value.kind == YamlKind::scalar && value.quoted ? ": remove the quotes" : "";
    report("field-type", at(value), fmt::format("'{}' must be a whole number{}", spec.name, hint), scalar_span(value));
    return std::nullopt;
  }
  return number;
}

bool FileChecker::valid_date(std::string_view s)
{
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return false;
  }
  int y = 0;
  int m = 0;
  int d = 0;
  if (std::from_chars(s.data(), s.data() + 4, y).ec != std::errc{} ||
      std::from_chars(s.data() + 5, s.data() + 7, m).ec != std::errc{} ||
      std::from_chars(s.data() + 8, s.data() + 10, d).ec != std::errc{}) {
    return false;
  }
  static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1) {
    return false;
  }
  return d <= (m == 2 && !leap ? 28 : k_days[m - 1]);
}

void FileChecker::check_tags(const YamlNode& value)
{
  Case& facts = m_out.facts;
  facts.tags_position = at(value);
  if (value.kind == YamlKind::null && value.value.empty()) {
    facts.tags_listed = true; // "tags:" with nothing after it: reported as tags-empty
    return;
  }
  if (value.kind != YamlKind::map) {
    report("field-type", at(value),
           "'tags' must be a mapping from family to a list of tags, e.g. 'technique: [rag, evals]'");
    return;
  }
  facts.tags_listed = true;
  for (std::size_t i = 0; i + 1 < value.children.size(); i += 2) {
    const YamlNode& family = value.children[i];
    const YamlNode& list = value.children[i + 1];
    if (family.kind != YamlKind::scalar) {
      report("field-type", at(family), "a tag family must be a plain name such as 'technique'");
      continue;
    }
    for (std::size_t j = 0; j < i; j += 2) {
      if (value.children[j].kind == YamlKind::scalar && value.children[j].value == family.value) {
        report("key-duplicate", at(family),
               fmt::format("tag family '{}' appears twice (first on line {}); merge the two lists", family.value,
                           at(value.children[j]).line),
               scalar_span(family));
      }
    }
    if (list.kind == YamlKind::null) {
      continue;
    }
    if (list.kind != YamlKind::sequence) {
      report("field-type", at(list),
             fmt::format("tags of family '{}' must be a list, e.g. '{}: [{}]'", family.value, family.value,
                         list.kind == YamlKind::scalar ? list.value : "tag"));
      continue;
    }
    for (const YamlNode& item : list.children) {
      if (item.kind != YamlKind::scalar) {
        report("field-type", at(item), "a tag must be a plain slug such as 'rag'");
        continue;
      }
      facts.tags.push_back({family.value, item.value, at(item)});
    }
  }
}

void FileChecker::check_list(const FieldSpec& spec, const YamlNode& value)
{
  Case& facts = m_out.facts;
  if (value.kind == YamlKind::null) {
    report("field-empty", at(value), fmt::format("'{}' is empty; remove the line or list at least one value", spec.name));
    return;
  }
  if (value.kind != YamlKind::sequence) {
    report("field-type", at(value), fmt::format("'{}' must be a list", spec.name));
    return;
  }
  for (const YamlNode& item : value.children) {
    if (!expect_text(spec, item, spec.type == FieldType::url_list ? "a URL" : "a case id")) {
      continue;
    }
    Located<std::string> located{item.value, at(item), true};
    if (spec.type == FieldType::url_list) {
      check_url(spec.name, item);
      facts.sources.push_back(std::move(located));
    } else {
      check_id_value(item, spec.name);
      facts.not_duplicate_of.push_back(std::move(located));
    }
  }
}

void FileChecker::check_field(const FieldSpec& spec, const YamlNode& key, const YamlNode& value)
{
  (void)key;
  Case& facts = m_out.facts;
  const auto& limits = m_context.config.limits;
  switch (spec.type) {
  case FieldType::integer: {
    auto number = read_integer(spec, value);
    if (!number) {
      return;
    }
    Located<long long> located{*number, at(value), true};
    if (spec.name == "schema_version") {
      facts.schema_version = located;
      if (*number != m_context.schema.version) {
        report("schema-version", at(value),
               fmt::format("schema_version {} is not the version this database uses ({})", *number,
                           m_context.schema.version),
               scalar_span(value));
      }
    } else if (spec.name == "year") {
      facts.year = located;
      long long min = std::max<long long>(limits.year_min, spec.min.value_or(limits.year_min));
      long long max = m_context.current_year + limits.year_max_ahead;
      if (spec.max) {
        max = std::min(max, *spec.max);
      }
      if (*number < min || *number > max) {
        report("year-range", at(value), fmt::format("year {} is outside {}..{}", *number, min, max), scalar_span(value));
      }
    }
    return;
  }
  case FieldType::tags:
    check_tags(value);
    return;
  case FieldType::url_list:
  case FieldType::id_list:
    check_list(spec, value);
    return;
  default:
    break;
  }
  std::string_view what = spec.type == FieldType::url ? "a URL" : spec.type == FieldType::date ? "a date (YYYY-MM-DD)" : "text";
  if (!expect_text(spec, value, what)) {
    return;
  }
  // Lint needs only the presence of the long texts; their bytes are not kept.
  const bool drop_text = !m_context.keep_text && (spec.name == "summary" || spec.name == "notes");
  Located<std::string> located{drop_text ? std::string{} : value.value, at(value), true};
  if (spec.type == FieldType::date) {
    if (!valid_date(value.value)) {
      report("field-format", at(value),
             fmt::format("'{}' must be a date written YYYY-MM-DD, not '{}'", spec.name, value.value), scalar_span(value));
    }
  } else if (spec.type == FieldType::url) {
    check_text(spec, value);
    check_url(spec.name, value);
  } else if (spec.name == "id") {
    check_id_value(value, "id");
  } else {
    check_text(spec, value);
  }
  if (spec.type == FieldType::enumeration && !spec.values.empty() &&
      std::find(spec.values.begin(), spec.values.end(), value.value) == spec.values.end()) {
    report("field-enum", at(value),
           fmt::format("'{}' must be one of: {} (not '{}')", spec.name, fmt::join(spec.values, ", "), value.value),
           scalar_span(value));
  }
  if (spec.name == "id") {
    facts.id = std::move(located);
  } else if (spec.name == "title") {
    facts.title = std::move(located);
  } else if (spec.name == "company") {
    facts.company = std::move(located);
  } else if (spec.name == "industry") {
    facts.industry = std::move(located);
  } else if (spec.name == "status") {
    facts.status = std::move(located);
  } else if (spec.name == "created_at") {
    facts.created_at = std::move(located);
  } else if (spec.name == "source_url") {
    facts.source_url = std::move(located);
  } else if (spec.name == "summary") {
    facts.summary = std::move(located);
  } else if (spec.name == "notes") {
    facts.notes = std::move(located);
  }
}

} // namespace

FileReport check_case_file(std::string_view path, std::string_view bytes, const CheckContext& context)
{
  FileReport report;
  report.facts.path = std::string(path);
  const auto& limits = context.config.limits;
  if (bytes.size() > limits.max_file_bytes) {
    FileChecker checker(path, {}, context, report);
    checker.report("file-too-large", {0, 0},
                   fmt::format("the file is larger than {} bytes (limits.max_file_bytes); a case is a short record",
                               limits.max_file_bytes));
    return report;
  }
  std::string_view text = bytes;
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    FileChecker checker(path, {}, context, report);
    checker.report("file-encoding", {1, 1},
                   "the file is UTF-16 or UTF-32 (it starts with that byte order mark); save it as UTF-8", 0);
    return report;
  }
  bool bom = text.starts_with("\xEF\xBB\xBF");
  if (bom) {
    text.remove_prefix(3);
  }
  FileChecker checker(path, text, context, report);
  if (bom) {
    checker.report("file-bom", {1, 1}, "the file starts with a UTF-8 byte order mark", 1, "remove the byte order mark");
  }
  if (!checker.check_bytes()) {
    return report;
  }
  auto parsed = detail::parse_yaml(text, limits.max_depth);
  if (parsed.root) {
    checker.settle_nulls(*parsed.root);
  }
  if (parsed.problem) {
    using Kind = detail::YamlProblem::Kind;
    const auto& problem = *parsed.problem;
    std::string_view rule = problem.kind == Kind::anchor ? "yaml-anchor" : problem.kind == Kind::depth ? "yaml-depth" : "yaml-syntax";
    std::string message = problem.kind == Kind::syntax ? "YAML syntax error: " + problem.message : problem.message;
    checker.report(rule, checker.at_mark(problem.line, problem.column), message);
    return report;
  }
  if (const detail::YamlNode* open = detail::find_unterminated_quote(*parsed.root, text)) {
    checker.report("yaml-syntax", checker.at(*open),
                   "YAML syntax error: this quoted text is never closed; add the closing quote");
    return report;
  }
  // Facts of a file that is not a mapping would be empty: such a file is not counted as a case.
  report.facts.parsed = parsed.root->kind == detail::YamlKind::map;
  checker.check_document(*parsed.root);
  return report;
}

} // namespace llmops
