// llmops add: a new case built from the values a contributor gives. Conversion and checking are
// those of `llmops import` (convert_record, write_case, check_written_case), so that what add
// accepts is exactly what import and lint accept.
#include "llmops/environment.hpp"
#include "llmops/add.hpp"

#include "import_record.hpp"
#include "llmops/case_id.hpp"
#include "llmops/text.hpp"
#include "llmops/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <set>

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

bool is_list_field(std::string_view name)
{
  return name == "sources" || name == "tags" || name == "not_duplicate_of";
}

Diagnostic finding(std::string rule, std::string message, Severity severity = Severity::error)
{
  Diagnostic d;
  d.severity = severity;
  d.rule = std::move(rule);
  d.message = std::move(message);
  return d;
}

// Splits a tags value ("rag, chatbot" or "technique:rag") into items.
std::vector<std::string> split_items(std::string_view s)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find_first_of(" \t\r\n,;|", start);
    end = end == std::string_view::npos ? s.size() : end;
    if (end > start) {
      out.emplace_back(s.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

// The tag part of `item`, after checking a `FAMILY:` prefix against the tag's own family.
std::string tag_item(const Project& project, const TagUsage& usage, std::string_view item,
                     std::vector<Diagnostic>& findings)
{
  const auto colon = item.find(':');
  if (colon == std::string_view::npos) {
    return std::string(item);
  }
  const std::string family(item.substr(0, colon));
  const std::string tag(item.substr(colon + 1));
  if (!project.vocabulary.find_family(family)) {
    std::string known;
    for (const Family& f : project.vocabulary.families()) {
      known += (known.empty() ? "" : ", ") + f.slug;
    }
    findings.push_back(finding("tag-family", fmt::format("unknown tag family '{}' in '{}'; the families are {}", family,
                                                         item, known)));
    return tag;
  }
  TagChoice choice = resolve_tag(project.vocabulary, tag, usage, false);
  if (!choice.canonical.empty() && choice.family != family) {
    findings.push_back(finding("tag-family", fmt::format("tag '{}' belongs to family '{}', not '{}'", choice.canonical,
                                                         choice.family, family)));
  }
  return tag;
}

// The fields as the JSON object `convert_record` reads: list fields as arrays, the rest as text.
Json to_json(const Project& project, const TagUsage& usage, const std::vector<AddField>& fields,
             std::vector<Diagnostic>& findings)
{
  Json object = Json::object();
  for (const AddField& field : fields) {
    if (is_list_field(field.name)) {
      Json& list = object[field.name];
      if (list.is_null()) {
        list = Json::array();
      }
      if (field.name == "tags") {
        for (const std::string& item : split_items(field.value)) {
          list.push_back(tag_item(project, usage, item, findings));
        }
      } else if (!text::trim(field.value).empty()) {
        list.push_back(field.value);
      }
      continue;
    }
    if (object.contains(field.name)) {
      findings.push_back(finding("key-duplicate", fmt::format("field '{}' is given twice", field.name)));
      continue;
    }
    long long number = 0;
    const std::string& v = field.value;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
    if (field.name == "schema_version" && ec == std::errc{} && end == v.data() + v.size()) {
      object[field.name] = number;
    } else {
      object[field.name] = v;
    }
  }
  return object;
}

} // namespace

bool AddDraft::has_errors() const
{
  return std::any_of(findings.begin(), findings.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

AddContext load_add_context(const Project& project, const Store& store, bool use_cache)
{
  // Names before facts: a case written by a racing `add` in between is then either among the facts
  // (its URL refuses this one) or absent from both (the exclusive create refuses it).
  AddContext context;
  for (const StoreEntry& entry : store.list(project.config.cases_dir)) {
    std::string_view name = std::string_view(entry.path).substr(entry.path.rfind('/') + 1);
    if (name.ends_with(".yaml")) {
      context.file_ids.emplace_back(name.substr(0, name.size() - 5));
    }
  }
  LintRequest request;
  request.use_cache = use_cache;
  LintReport report = run_lint(project, store, request);
  context.usage = count_tag_usage(report.cases, project.vocabulary);
  context.cases = std::move(report.cases);
  return context;
}

AddDraft build_case(const Project& project, const AddContext& context, const std::vector<AddField>& fields,
                    const std::vector<FieldRename>& renames)
{
  AddDraft draft;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  std::vector<Diagnostic> early;
  const Json object = to_json(project, context.usage, fields, early);
  detail::ConvertedRecord converted = detail::convert_record(object, renames, project, context.usage);
  early.insert(early.end(), converted.findings.begin(), converted.findings.end());
  for (Diagnostic& d : early) {
    (d.severity == Severity::error ? errors : warnings).push_back(std::move(d));
  }
  CaseRecord& record = converted.record;
  if (record.created_at.empty()) {
    record.created_at = context.today.empty() ? today_utc() : context.today;
  }
  std::set<std::string, std::less<>> taken(context.file_ids.begin(), context.file_ids.end());
  for (const Case& c : context.cases) {
    if (c.id.present) {
      taken.insert(c.id.value);
    }
  }
  if (!converted.id_given) {
    record.id = unique_case_id(record.company, record.title, record.year,
                               [&](std::string_view id) { return taken.count(id) > 0; });
  } else if (taken.count(record.id) > 0) {
    errors.push_back(finding("duplicate-id", fmt::format("a case with id '{}' exists already ({}/{}.yaml)", record.id,
                                                         project.config.cases_dir, record.id)));
  }
  draft.path = project.config.cases_dir + "/" + record.id + ".yaml";
  draft.text = write_case(record, project.schema);
  if (errors.empty() || !converted.id_given) { // report every problem at once, unless the id is refused
    CheckContext check{project.config, project.schema, project.vocabulary,
                       context.current_year != 0 ? context.current_year : current_year()};
    detail::check_written_case(draft.path, draft.text, check, context.usage, errors, warnings);
  }
  draft.record = std::move(record);
  draft.findings = std::move(errors);
  draft.findings.insert(draft.findings.end(), warnings.begin(), warnings.end());
  return draft;
}

std::vector<SimilarCase> find_similar_cases(const CaseRecord& record, const AddContext& context, const Config& config,
                                            double min_similarity)
{
  std::set<std::string> keys;
  keys.insert(normalize_url(record.source_url));
  for (const auto& url : record.sources) {
    keys.insert(normalize_url(url));
  }
  const std::string company = text::company_key(record.company);
  const auto words = text::title_words(record.title);
  std::vector<SimilarCase> out;
  for (const Case& c : context.cases) {
    const bool excepted =
      std::find(record.not_duplicate_of.begin(), record.not_duplicate_of.end(), c.id.value) !=
        record.not_duplicate_of.end() ||
      std::any_of(c.not_duplicate_of.begin(), c.not_duplicate_of.end(),
                  [&](const Located<std::string>& e) { return e.value == record.id; });
    if (excepted || !c.id.present) {
      continue;
    }
    SimilarCase similar{c.id.value, c.path, c.title.value, text::title_similarity(words, text::title_words(c.title.value))};
    similar.same_url = !record.source_url.empty() && keys.count(normalize_url(c.source_url.value)) > 0;
    for (const auto& s : c.sources) {
      similar.same_url = similar.same_url || keys.count(normalize_url(s.value)) > 0;
    }
    const bool same_company = !company.empty() && text::company_key(c.company.value) == company;
    similar.lint_pairs = same_company && similar.similarity >= config.title_similarity;
    if (similar.same_url || (same_company && similar.similarity >= min_similarity)) {
      out.push_back(std::move(similar));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const SimilarCase& a, const SimilarCase& b) {
    return a.same_url != b.same_url ? a.same_url : a.similarity > b.similarity;
  });
  return out;
}

std::string other_company_spelling(std::string_view company, const AddContext& context)
{
  const std::string key = text::company_key(company);
  for (const Case& c : context.cases) {
    if (!key.empty() && c.company.value != company && text::company_key(c.company.value) == key) {
      return c.company.value;
    }
  }
  return "";
}

std::string today_utc()
{
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

} // namespace llmops
