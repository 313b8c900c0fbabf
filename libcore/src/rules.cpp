#include "llmops/rules.hpp"

#include <algorithm>
#include <array>

namespace llmops {

namespace {

using enum Severity;

constexpr std::array k_rules = {
  // File hygiene: checked on the bytes, before YAML is parsed.
  Rule{"file-too-large", error, false, "the file is larger than limits.max_file_bytes"},
  Rule{"file-binary", error, false, "the file holds NUL bytes: it is not a text file"},
  Rule{"file-encoding", error, false, "the file is not valid UTF-8 (or is UTF-16/UTF-32)"},
  Rule{"file-bom", warning, true, "the file starts with a UTF-8 byte order mark"},
  Rule{"file-crlf", warning, true, "lines end in CRLF instead of LF"},
  Rule{"file-tab", error, false, "a tab character (YAML indents with spaces; write \\t inside quotes)"},
  Rule{"file-trailing-space", warning, true, "white space at the end of a line"},
  Rule{"line-too-long", error, false, "a line longer than limits.max_line_bytes"},
  Rule{"file-name", error, false, "an entry in the cases folder that is not a <id>.yaml file"},
  Rule{"path-escape", error, false, "a path or symlink that leads outside the database root"},
  Rule{"file-unreadable", error, false, "the file could not be read"},
  // YAML structure.
  Rule{"yaml-syntax", error, false, "the file is not valid YAML"},
  Rule{"yaml-anchor", error, false, "anchors, aliases and custom tags are not allowed in case files"},
  Rule{"yaml-depth", error, false, "nesting deeper than limits.max_depth"},
  Rule{"key-duplicate", error, false, "the same key twice in one mapping"},
  // Schema.
  Rule{"field-unknown", error, false, "a key the case schema does not define"},
  Rule{"field-missing", error, false, "a required field is absent"},
  Rule{"field-type", error, false, "a value of the wrong type (text, number, list, mapping)"},
  Rule{"field-empty", error, false, "an empty value where text is required"},
  Rule{"field-too-long", error, false, "text longer than the schema allows"},
  Rule{"field-format", error, false, "a value that does not match its format (pattern, date, one line)"},
  Rule{"field-enum", error, false, "a value that is not one of the allowed values"},
  Rule{"schema-version", error, false, "a schema_version this llmops does not read"},
  Rule{"id-format", error, false, "an id that is not lowercase ASCII words joined by '-', at most 80 characters"},
  Rule{"id-mismatch", error, false, "the id differs from the file name"},
  Rule{"url-invalid", error, false, "a URL that is not a well-formed http(s) address"},
  Rule{"year-range", error, false, "a year outside limits.year_min .. this year + limits.year_max_ahead"},
  Rule{"summary-missing", info, false, "the case has no summary yet"},
  // Vocabulary.
  Rule{"tag-unknown", error, false, "a tag that is not in the vocabulary"},
  Rule{"tag-alias", warning, true, "a tag written as an alias of a canonical tag"},
  Rule{"tag-deprecated", warning, true, "a deprecated tag (fixable when it names a replacement)"},
  Rule{"tag-family", error, true, "a tag listed under the wrong family"},
  Rule{"tag-family-unknown", error, false, "a tag family that is not in the vocabulary"},
  Rule{"tag-duplicate", warning, true, "the same tag twice in one case"},
  Rule{"tag-unsorted", warning, true, "tags not sorted within a family (when lint.sort_tags is on)"},
  Rule{"tags-too-many", error, false, "more tags than limits.max_tags_per_case"},
  Rule{"tags-empty", warning, false, "the case has no tags"},
  Rule{"industry-unknown", error, false, "an industry that is not in the vocabulary"},
  Rule{"industry-alias", warning, true, "an industry written as an alias"},
  // Across cases.
  Rule{"duplicate-id", error, false, "two cases with the same id"},
  Rule{"duplicate-url", error, false, "two cases with the same source URL after normalisation"},
  Rule{"duplicate-title", warning, false, "near-identical titles from the same company"},
  Rule{"company-spelling", warning, false, "one company spelled two ways"},
  Rule{"exception-unknown", warning, false, "not_duplicate_of names a case that does not exist"},
};

} // namespace

std::span<const Rule> all_rules()
{
  return k_rules;
}

const Rule* find_rule(std::string_view id)
{
  auto it = std::find_if(k_rules.begin(), k_rules.end(), [&](const Rule& r) { return r.id == id; });
  return it == k_rules.end() ? nullptr : &*it;
}

Severity rule_severity(const Config& config, std::string_view id)
{
  if (auto it = config.severities.find(id); it != config.severities.end()) {
    return it->second;
  }
  const Rule* rule = find_rule(id);
  return rule ? rule->default_severity : Severity::error;
}

} // namespace llmops
