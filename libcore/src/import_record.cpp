#include "import_record.hpp"

#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace llmops::detail {

namespace {

using Json = nlohmann::ordered_json;

std::string_view type_of(const Json& value)
{
  switch (value.type()) {
  case Json::value_t::boolean:
    return "true or false";
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
  case Json::value_t::number_float:
    return "a number";
  case Json::value_t::array:
    return "a list";
  case Json::value_t::object:
    return "an object";
  default:
    return "text";
  }
}

bool is_absent(const Json& value)
{
  return value.is_null() || (value.is_string() && text::trim(value.get_ref<const std::string&>()).empty());
}

// Splits `s` at any of `separators`, dropping empty pieces.
std::vector<std::string> split(std::string_view s, std::string_view separators)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find_first_of(separators, start);
    if (end == std::string_view::npos) {
      end = s.size();
    }
    if (end > start) {
      out.emplace_back(s.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

constexpr std::string_view k_space = " \t\r\n";
constexpr std::string_view k_list_separators = " \t\r\n,;|";

class Converter
{
public:
  Converter(const Project& project, const TagUsage& usage, ConvertedRecord& out)
    : m_project(project), m_usage(usage), m_out(out)
  {
  }

  void field(const std::string& name, const Json& value);
  void finish();

private:
  void problem(std::string_view rule, std::string message, Severity severity = Severity::error)
  {
    Diagnostic d;
    d.severity = severity;
    d.rule = std::string(rule);
    d.message = std::move(message);
    m_out.findings.push_back(std::move(d));
  }

  // Reads text; spaces around a one-line value (never meant, always an error in a case) are
  // removed with a warning. Summary and notes are kept exactly.
  bool text(const std::string& name, const Json& value, std::string& into)
  {
    if (!value.is_string()) {
      problem("field-type", fmt::format("'{}' must be text, not {}", name, type_of(value)));
      return false;
    }
    const auto& given = value.get_ref<const std::string&>();
    const bool long_text = name == "summary" || name == "notes";
    into = long_text ? given : std::string(text::trim(given));
    if (into.size() != given.size()) {
      problem("field-format", fmt::format("the spaces around '{}' were removed", name), Severity::warning);
    }
    return true;
  }

  void list(const std::string& name, const Json& value, std::string_view separators, std::vector<std::string>& into);
  void year(const Json& value);
  void draft(const Json& value);
  void tag(std::string_view written);

  const Project& m_project;
  const TagUsage& m_usage;
  ConvertedRecord& m_out;
  std::optional<bool> m_draft;
  std::map<std::string, std::set<std::string>, std::less<>> m_tags; // family -> canonical slugs
};

void Converter::list(const std::string& name, const Json& value, std::string_view separators,
                     std::vector<std::string>& into)
{
  if (value.is_string()) {
    into = split(value.get_ref<const std::string&>(), separators);
    return;
  }
  if (!value.is_array()) {
    problem("field-type", fmt::format("'{}' must be a list, not {}", name, type_of(value)));
    return;
  }
  for (const Json& item : value) {
    if (!item.is_string()) {
      problem("field-type", fmt::format("each item of '{}' must be text, not {}", name, type_of(item)));
      continue;
    }
    into.emplace_back(text::trim(item.get_ref<const std::string&>()));
  }
}

void Converter::year(const Json& value)
{
  if (value.is_number_integer() || value.is_number_unsigned()) {
    m_out.record.year = value.get<long long>();
    return;
  }
  if (value.is_string()) {
    std::string_view digits = text::trim(value.get_ref<const std::string&>());
    long long number = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec == std::errc{} && end == digits.data() + digits.size()) {
      m_out.record.year = number;
      return;
    }
  }
  problem("field-type", fmt::format("'year' must be a whole number, not {} ({})", type_of(value), value.dump()));
}

void Converter::draft(const Json& value)
{
  if (value.is_boolean()) {
    m_draft = value.get<bool>();
    return;
  }
  if (value.is_string() || value.is_number_integer()) {
    const std::string word = text::ascii_lower(text::trim(value.is_string() ? value.get<std::string>() : value.dump()));
    if (word == "true" || word == "yes" || word == "1") {
      m_draft = true;
      return;
    }
    if (word == "false" || word == "no" || word == "0") {
      m_draft = false;
      return;
    }
  }
  problem("field-type", fmt::format("'draft' must be true or false, not {}", value.dump()));
}

void Converter::tag(std::string_view written)
{
  const Vocabulary& vocabulary = m_project.vocabulary;
  TagLookup found = vocabulary.lookup_tag(written);
  if (found.match == TagMatch::unknown) {
    found = vocabulary.lookup_tag(text::ascii_lower(written)); // "RAG" is "rag"
  }
  if (found.match == TagMatch::unknown) {
    auto suggestions = vocabulary.suggest_tags(written, m_usage);
    std::string hint;
    if (!suggestions.empty()) {
      hint = fmt::format("; did you mean '{}' ({})?", suggestions.front(), vocabulary.find_tag(suggestions.front())->family);
    }
    problem("tag-unknown", fmt::format("unknown tag '{}'{}", written, hint));
    return;
  }
  if (found.canonical.empty()) {
    problem("tag-deprecated", fmt::format("tag '{}' is deprecated and has no replacement; it was left out", written),
            Severity::warning);
    return;
  }
  const Tag* canonical = vocabulary.find_tag(found.canonical);
  m_tags[canonical->family].insert(std::string(found.canonical));
}

void Converter::field(const std::string& name, const Json& value)
{
  CaseRecord& r = m_out.record;
  if (is_absent(value)) {
    return;
  }
  if (name == "schema_version") {
    if (!value.is_number_integer() || value.get<long long>() != m_project.schema.version) {
      problem("schema-version", fmt::format("schema_version {} is not the version this database uses ({})",
                                            value.dump(), m_project.schema.version));
    }
  } else if (name == "id") {
    m_out.id_given = text(name, value, r.id);
  } else if (name == "title") {
    text(name, value, r.title);
  } else if (name == "company") {
    text(name, value, r.company);
  } else if (name == "industry" && text(name, value, r.industry)) {
    const Industry* industry = m_project.vocabulary.lookup_industry(r.industry);
    industry = industry ? industry : m_project.vocabulary.lookup_industry(text::ascii_lower(r.industry));
    if (industry) {
      r.industry = industry->slug; // unknown ones stay, for the vocabulary rules to report
    }
  } else if (name == "year") {
    year(value);
  } else if (name == "status") {
    text(name, value, r.status);
  } else if (name == "draft") {
    draft(value);
  } else if (name == "created_at" && text(name, value, r.created_at)) {
    // A time stamp keeps its date: the day the case was first catalogued.
    static const std::regex k_stamp("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ].*");
    if (std::regex_match(r.created_at, k_stamp)) {
      r.created_at.resize(10);
    }
  } else if (name == "source_url") {
    text(name, value, r.source_url);
  } else if (name == "sources") {
    list(name, value, k_space, r.sources);
  } else if (name == "not_duplicate_of") {
    list(name, value, k_list_separators, r.not_duplicate_of);
  } else if (name == "summary") {
    text(name, value, r.summary);
  } else if (name == "notes") {
    text(name, value, r.notes);
  } else if (name == "tags") {
    std::vector<std::string> written;
    if (value.is_object()) {
      // The case format's own shape; the family given is not trusted, each tag names its own.
      for (const auto& [family, tags] : value.items()) {
        list("tags." + family, tags, k_list_separators, written);
      }
    } else {
      list(name, value, k_list_separators, written);
    }
    for (const auto& slug : written) {
      tag(slug);
    }
  }
}

void Converter::finish()
{
  CaseRecord& r = m_out.record;
  if (m_draft) {
    const std::string status = *m_draft ? "draft" : "published";
    if (!r.status.empty() && r.status != status) {
      problem("field-enum", fmt::format("'status' is '{}' but 'draft' is {}", r.status, *m_draft ? "true" : "false"));
    }
    r.status = status;
  } else if (r.status.empty()) {
    r.status = "draft"; // nothing is published by accident
  }
  for (const Family& family : m_project.vocabulary.families()) {
    if (auto it = m_tags.find(family.slug); it != m_tags.end()) {
      r.tags.push_back({family.slug, {it->second.begin(), it->second.end()}});
    }
  }
}

} // namespace

ConvertedRecord convert_record(const Json& fields, const std::vector<FieldRename>& renames, const Project& project,
                               const TagUsage& usage)
{
  ConvertedRecord out;
  Converter converter(project, usage, out);
  std::map<std::string, std::string, std::less<>> given; // target field -> input field that gave it
  for (const auto& item : fields.items()) {
    // Named, not a structured binding: clang 14 cannot capture one in a lambda.
    const std::string& name = item.key();
    const Json& value = item.value();
    std::string target = name;
    auto rename = std::find_if(renames.begin(), renames.end(), [&](const FieldRename& r) { return r.from == name; });
    if (rename != renames.end()) {
      if (rename->to.empty()) {
        continue;
      }
      target = rename->to;
    }
    if (target != "draft" && !project.schema.find(target)) {
      std::string hint;
      std::size_t best = 3;
      for (const FieldSpec& spec : project.schema.fields) {
        if (auto d = text::edit_distance(target, spec.name); d < best) {
          best = d;
          hint = fmt::format("did you mean '{}'? ", spec.name);
        }
      }
      Diagnostic d;
      d.rule = "field-unknown";
      d.message = fmt::format("unknown field '{}'; {}rename it with --map {}=FIELD or leave it out with --map {}=", target,
                              hint, name, name);
      out.findings.push_back(std::move(d));
      continue;
    }
    // Tags may come from several fields (the hf columns application_tags, tools_tags, ...):
    // each tag names its own family, so they are merged. Any other field may be given once.
    if (auto [it, fresh] = given.emplace(target, name); !fresh && target != "tags") {
      Diagnostic d;
      d.rule = "key-duplicate";
      d.message = fmt::format("field '{}' is given twice (as '{}' and '{}')", target, it->second, name);
      out.findings.push_back(std::move(d));
      continue;
    }
    converter.field(target, value);
  }
  converter.finish();
  return out;
}

void check_written_case(const std::string& path, const std::string& text, const CheckContext& context,
                        const TagUsage& usage, std::vector<Diagnostic>& errors, std::vector<Diagnostic>& warnings)
{
  FileReport checked = check_case_file(path, text, context);
  check_case_vocabulary(checked.facts, context, usage, checked.diagnostics);
  for (Diagnostic& d : checked.diagnostics) {
    if (d.severity == Severity::error) {
      errors.push_back(std::move(d));
    } else if (d.severity == Severity::warning) {
      warnings.push_back(std::move(d));
    }
  }
}

} // namespace llmops::detail
