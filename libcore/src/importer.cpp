// llmops import: records from JSON Lines, a JSON array or CSV become case files, each written by
// the case writer and checked by the case reader before it is created, never over a file.
#include "llmops/environment.hpp"
#include "llmops/importer.hpp"

#include "import_input.hpp"
#include "import_record.hpp"
#include "llmops/case_id.hpp"
#include "llmops/case_writer.hpp"
#include "llmops/error.hpp"
#include "llmops/text.hpp"
#include "llmops/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <unordered_map>

namespace llmops {

namespace {


// A case already in the database, or created earlier in this import.
struct Known
{
  std::string id;
  std::string path;
  std::string title;
  std::vector<std::string> not_duplicate_of;
  std::size_t line = 0; // the input line that created it; 0 for cases that were there before
};

bool names(const std::vector<std::string>& list, const std::string& id)
{
  return std::find(list.begin(), list.end(), id) != list.end();
}

// The normalised keys of every URL of `record`, each once.
std::vector<std::string> url_keys(const CaseRecord& record)
{
  std::vector<std::string> keys;
  auto add = [&](const std::string& url) {
    if (!url.empty()) {
      std::string key = normalize_url(url);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(std::move(key));
      }
    }
  };
  add(record.source_url);
  for (const auto& url : record.sources) {
    add(url);
  }
  return keys;
}

// The cases of the database and what identifies them, growing as the import creates files.
class Catalogue
{
public:
  Catalogue(const Project& project, const Store& store, const LintReport& existing)
  {
    for (const Case& c : existing.cases) {
      if (!c.id.present) {
        continue;
      }
      Known known{c.id.value, c.path, c.title.value, {}, 0};
      for (const auto& e : c.not_duplicate_of) {
        known.not_duplicate_of.push_back(e.value);
      }
      CaseRecord urls;
      urls.source_url = c.source_url.value;
      for (const auto& s : c.sources) {
        urls.sources.push_back(s.value);
      }
      add(std::move(known), url_keys(urls));
    }
    // A file that does not parse still holds its name.
    for (const StoreEntry& entry : store.list(project.config.cases_dir)) {
      std::string_view name = std::string_view(entry.path).substr(entry.path.rfind('/') + 1);
      if (name.ends_with(".yaml")) {
        m_taken.emplace(name.substr(0, name.size() - 5));
      }
    }
  }

  bool taken(std::string_view id) const { return m_taken.count(id) > 0 || m_by_id.count(std::string(id)) > 0; }

  const Known* by_id(const std::string& id) const
  {
    auto it = m_by_id.find(id);
    return it == m_by_id.end() ? nullptr : &m_known[it->second];
  }

  // The cases with URL `key` that `record` (with id `id`) does not declare apart from.
  std::vector<const Known*> sharing(const std::string& key, const std::string& id, const CaseRecord& record) const
  {
    std::vector<const Known*> out;
    auto it = m_by_url.find(key);
    if (it == m_by_url.end()) {
      return out;
    }
    for (std::size_t index : it->second) {
      const Known& k = m_known[index];
      if (!names(record.not_duplicate_of, k.id) && !names(k.not_duplicate_of, id)) {
        out.push_back(&k);
      }
    }
    return out;
  }

  void add(Known known, const std::vector<std::string>& keys)
  {
    const std::size_t index = m_known.size();
    m_by_id.emplace(known.id, index);
    for (const auto& key : keys) {
      m_by_url[key].push_back(index);
    }
    m_known.push_back(std::move(known));
  }

private:
  std::vector<Known> m_known;
  std::unordered_map<std::string, std::size_t> m_by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> m_by_url;
  std::set<std::string, std::less<>> m_taken;
};

void locate(Diagnostic& d, std::string_view input, std::size_t line)
{
  d.path = std::string(input);
  d.position = {static_cast<std::uint32_t>(line), 0};
  d.span = 0;
  d.source_line.clear();
  d.fix.reset();
}

} // namespace

FieldRename parse_field_rename(std::string_view text, const Schema& schema)
{
  auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw Error(fmt::format("--map '{}': write SOURCE=TARGET (or SOURCE= to leave the field out)", text));
  }
  FieldRename rename{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
  if (!rename.to.empty() && rename.to != "draft" && !schema.find(rename.to)) {
    std::string fields;
    for (const FieldSpec& spec : schema.fields) {
      fields += spec.name + ", ";
    }
    throw Error(fmt::format("--map '{}': '{}' is not a field of a case; the fields are {}and draft", text, rename.to,
                            fields));
  }
  return rename;
}

ImportReport import_cases(const Project& project, const Store& store, std::string_view input, std::string_view bytes,
                          const ImportOptions& options, const CreateCaseFile& create)
{
  ImportReport report;
  report.input = std::string(input);
  const std::vector<detail::InputRecord> records = detail::read_input(input, bytes, options.format);

  LintRequest request;
  request.use_cache = false; // the store may be in memory; and import must not depend on a cache
  request.current_year = options.current_year;
  const LintReport existing = run_lint(project, store, request);
  const TagUsage usage = count_tag_usage(existing.cases, project.vocabulary);
  Catalogue catalogue(project, store, existing);
  CheckContext context{project.config, project.schema, project.vocabulary,
                       options.current_year != 0 ? options.current_year : current_year()};

  for (const detail::InputRecord& input_record : records) {
    ImportedRecord& out = report.records.emplace_back();
    out.line = input_record.line;
    auto finish_invalid = [&](std::vector<Diagnostic> findings) {
      out.outcome = ImportOutcome::invalid;
      out.findings = std::move(findings);
      for (Diagnostic& d : out.findings) {
        locate(d, input, out.line);
      }
      ++report.summary.invalid;
    };
    if (!input_record.problem.empty()) {
      Diagnostic d;
      d.rule = "input-syntax";
      d.message = input_record.problem;
      finish_invalid({std::move(d)});
      continue;
    }
    detail::ConvertedRecord converted = detail::convert_record(input_record.fields, options.renames, project, usage);
    CaseRecord& record = converted.record;
    record.id = converted.id_given ? record.id
                                   : unique_case_id(record.company, record.title, record.year,
                                                    [&](std::string_view id) { return catalogue.taken(id); });
    out.id = record.id;

    // Duplicates first: a record that is already there is skipped whatever else is wrong with it.
    const std::vector<std::string> keys = url_keys(record);
    const Known* duplicate = converted.id_given ? catalogue.by_id(record.id) : nullptr;
    out.reason = duplicate ? "same id" : "";
    std::vector<const Known*> shared; // cases created earlier in this import with the same URL
    for (const auto& key : keys) {
      for (const Known* k : catalogue.sharing(key, record.id, record)) {
        // Of several cases with the URL, name the one with the record's own title, if any.
        if (k->line == 0 && (!duplicate || (out.reason != "same id" && k->title == record.title))) {
          duplicate = k;
          out.reason = "same source URL";
        } else if (k->line != 0 && std::find(shared.begin(), shared.end(), k) == shared.end()) {
          shared.push_back(k);
        }
      }
    }
    if (!duplicate && converted.id_given && catalogue.taken(record.id)) {
      out.reason = "same id";
      out.path = project.config.cases_dir + "/" + record.id + ".yaml";
      out.outcome = ImportOutcome::duplicate;
      ++report.summary.duplicates;
      continue;
    }
    if (duplicate) {
      out.outcome = ImportOutcome::duplicate;
      out.path = duplicate->path;
      ++report.summary.duplicates;
      continue;
    }

    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;
    for (Diagnostic& d : converted.findings) {
      (d.severity == Severity::error ? errors : warnings).push_back(std::move(d));
    }
    const std::string path = project.config.cases_dir + "/" + record.id + ".yaml";
    const std::string text = write_case(record, project.schema);
    if (errors.empty()) {
      detail::check_written_case(path, text, context, usage, errors, warnings);
    }
    if (!errors.empty()) {
      finish_invalid(std::move(errors));
      continue;
    }
    for (const Known* k : shared) {
      Diagnostic d;
      d.severity = Severity::warning;
      d.rule = "duplicate-url";
      d.message = fmt::format("source URL is also that of line {} ({}); both are written: merge them, or mark them "
                              "with not_duplicate_of if they are different stories",
                              k->line, k->path);
      warnings.push_back(std::move(d));
    }
    if (!create(path, text)) {
      out.outcome = ImportOutcome::duplicate;
      out.reason = "a file of that name exists";
      out.path = path;
      ++report.summary.duplicates;
      continue;
    }
    out.outcome = ImportOutcome::created;
    out.path = path;
    out.findings = std::move(warnings);
    for (Diagnostic& d : out.findings) {
      locate(d, input, out.line);
    }
    ++report.summary.created;
    catalogue.add(Known{record.id, path, record.title, record.not_duplicate_of, out.line}, keys);
  }
  return report;
}

} // namespace llmops
