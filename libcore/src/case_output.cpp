#include "llmops/case_output.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

struct NamedKind
{
  std::string_view name;
  OutputFieldKind kind;
};

constexpr NamedKind k_fields[] = {
  {"id", OutputFieldKind::id},
  {"path", OutputFieldKind::path},
  {"title", OutputFieldKind::title},
  {"company", OutputFieldKind::company},
  {"industry", OutputFieldKind::industry},
  {"year", OutputFieldKind::year},
  {"status", OutputFieldKind::status},
  {"created_at", OutputFieldKind::created_at},
  {"source_url", OutputFieldKind::source_url},
  {"sources", OutputFieldKind::sources},
  {"tags", OutputFieldKind::tags},
  {"summary", OutputFieldKind::summary},
  {"notes", OutputFieldKind::notes},
  {"not_duplicate_of", OutputFieldKind::not_duplicate_of},
  {"score", OutputFieldKind::score},
};

const Located<std::string>* text_of(const Case& c, OutputFieldKind kind)
{
  switch (kind) {
  case OutputFieldKind::id:
    return &c.id;
  case OutputFieldKind::title:
    return &c.title;
  case OutputFieldKind::company:
    return &c.company;
  case OutputFieldKind::industry:
    return &c.industry;
  case OutputFieldKind::status:
    return &c.status;
  case OutputFieldKind::created_at:
    return &c.created_at;
  case OutputFieldKind::source_url:
    return &c.source_url;
  case OutputFieldKind::summary:
    return &c.summary;
  case OutputFieldKind::notes:
    return &c.notes;
  default:
    return nullptr;
  }
}

std::vector<std::string> list_of(const Case& c, const OutputField& field)
{
  std::vector<std::string> out;
  if (field.kind == OutputFieldKind::sources || field.kind == OutputFieldKind::not_duplicate_of) {
    for (const auto& item : field.kind == OutputFieldKind::sources ? c.sources : c.not_duplicate_of) {
      out.push_back(item.value);
    }
  } else {
    for (const TagRef& tag : c.tags) {
      if (field.kind == OutputFieldKind::tags || tag.family == field.name) {
        out.push_back(tag.slug);
      }
    }
  }
  return out;
}

double rounded(double score)
{
  return std::round(score * 1e6) / 1e6;
}

Json case_json(const Case& c, const std::vector<OutputField>& fields, double score)
{
  Json object = Json::object();
  for (const OutputField& field : fields) {
    Json& value = object[field.name];
    if (const Located<std::string>* text = text_of(c, field.kind)) {
      value = text->present ? Json(text->value) : Json(nullptr);
    } else if (field.kind == OutputFieldKind::path) {
      value = c.path;
    } else if (field.kind == OutputFieldKind::year) {
      value = c.year.present ? Json(c.year.value) : Json(nullptr);
    } else if (field.kind == OutputFieldKind::score) {
      value = rounded(score);
    } else if (field.kind == OutputFieldKind::tags) {
      value = Json::object();
      for (const TagRef& tag : c.tags) {
        value[tag.family].push_back(tag.slug);
      }
    } else {
      value = list_of(c, field);
    }
  }
  return object;
}

std::string csv_cell(const std::string& text)
{
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    out += c == '"' ? "\"\"" : std::string(1, c);
  }
  return out + "\"";
}

} // namespace

std::vector<OutputField> parse_output_fields(std::string_view list, const Vocabulary& vocabulary)
{
  std::vector<OutputField> fields;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    std::string name = text::ascii_lower(text::trim(list.substr(start, comma - start)));
    start = comma + 1;
    name = name == "created" ? "created_at" : name == "url" ? "source_url" : name;
    auto known =
      std::find_if(std::begin(k_fields), std::end(k_fields), [&](const NamedKind& f) { return f.name == name; });
    if (known != std::end(k_fields)) {
      fields.push_back({known->kind, name});
    } else if (vocabulary.find_family(name) != nullptr) {
      fields.push_back({OutputFieldKind::family, name});
    } else {
      std::vector<std::string> names;
      for (const NamedKind& f : k_fields) {
        names.emplace_back(f.name);
      }
      for (const Family& family : vocabulary.families()) {
        names.push_back(family.slug);
      }
      std::string hint;
      std::size_t best = 3;
      for (const std::string& candidate : names) {
        if (std::size_t d = text::edit_distance(name, candidate); d < best) {
          best = d;
          hint = fmt::format("did you mean '{}'? ", candidate);
        }
      }
      throw Error(fmt::format("--fields: unknown field '{}'; {}fields are {}", name, hint, fmt::join(names, ", ")));
    }
  }
  return fields;
}

bool needs_full_text(const std::vector<OutputField>& fields)
{
  return std::any_of(fields.begin(), fields.end(), [](const OutputField& f) {
    return f.kind == OutputFieldKind::summary || f.kind == OutputFieldKind::notes;
  });
}

std::string field_text(const Case& c, const OutputField& field, double score)
{
  if (const Located<std::string>* text = text_of(c, field.kind)) {
    return text->present ? text->value : std::string();
  }
  switch (field.kind) {
  case OutputFieldKind::path:
    return c.path;
  case OutputFieldKind::year:
    return c.year.present ? std::to_string(c.year.value) : std::string();
  case OutputFieldKind::score:
    return fmt::format("{:.3f}", score);
  default:
    return fmt::format("{}", fmt::join(list_of(c, field), " "));
  }
}

void write_cases_json(std::ostream& out, const CaseIndex& index, const QueryResult& result,
                      const std::vector<OutputField>& fields, const std::vector<Facet>* facets,
                      std::string_view expression)
{
  Json document = Json::object();
  document["query"] = std::string(expression);
  document["total"] = result.total;
  document["count"] = result.matches.size();
  Json& cases = document["cases"] = Json::array();
  for (const Match& match : result.matches) {
    cases.push_back(case_json(index.at(match.index), fields, match.score));
  }
  if (facets != nullptr) {
    Json& object = document["facets"] = Json::object();
    for (const Facet& facet : *facets) {
      Json& counts = object[facet.name] = Json::array();
      for (const FacetCount& count : facet.counts) {
        counts.push_back(Json{{"value", count.value}, {"count", count.count}});
      }
    }
  }
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void write_cases_jsonl(std::ostream& out, const CaseIndex& index, const QueryResult& result,
                       const std::vector<OutputField>& fields)
{
  for (const Match& match : result.matches) {
    out << case_json(index.at(match.index), fields, match.score).dump(-1, ' ', false, Json::error_handler_t::replace)
        << '\n';
  }
}

void write_cases_csv(std::ostream& out, const CaseIndex& index, const QueryResult& result,
                     const std::vector<OutputField>& fields)
{
  for (std::size_t i = 0; i < fields.size(); ++i) {
    out << (i > 0 ? "," : "") << fields[i].name;
  }
  out << '\n';
  for (const Match& match : result.matches) {
    const Case& c = index.at(match.index);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out << (i > 0 ? "," : "") << csv_cell(field_text(c, fields[i], match.score));
    }
    out << '\n';
  }
}

} // namespace llmops
