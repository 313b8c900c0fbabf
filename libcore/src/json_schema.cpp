// Generates the JSON Schema of a case from schema/: the same data lint reads, so the two cannot
// drift apart. The committed copy, schema/case.schema.json, is checked against this output.
#include "llmops/json_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

// One line, not empty, no white space at either end: lint's rule for every text but the long ones.
constexpr const char* k_one_line = "^[^ \\t\\r\\n\\f\\v]([^\\r\\n]*[^ \\t\\r\\n\\f\\v])?$";
// Some character that is not white space: lint's rule for summary and notes.
constexpr const char* k_not_blank = "[^ \\t\\r\\n\\f\\v]";
// An absolute http(s) address without spaces or control characters.
constexpr const char* k_url = "^[hH][tT][tT][pP][sS]?://[^ \\x00-\\x1f\\x7f/?#]+[^ \\x00-\\x1f\\x7f]*$";

// An enum of `current` values, with `legacy` ones (aliases, deprecated slugs) accepted in a
// second, deprecated branch when there are any.
Json enum_with_legacy(std::vector<std::string> current, std::vector<std::string> legacy, const std::string& note)
{
  std::sort(current.begin(), current.end());
  if (legacy.empty()) {
    return Json{{"enum", current}};
  }
  std::sort(legacy.begin(), legacy.end());
  return Json{{"anyOf", Json::array({Json{{"enum", current}},
                                     Json{{"enum", legacy}, {"deprecated", true}, {"description", note}}})}};
}

Json industries(const Vocabulary& vocabulary)
{
  std::vector<std::string> slugs;
  std::vector<std::string> aliases;
  for (const Industry& industry : vocabulary.industries()) {
    slugs.push_back(industry.slug);
    aliases.insert(aliases.end(), industry.aliases.begin(), industry.aliases.end());
  }
  return enum_with_legacy(slugs, aliases, "An alias: accepted with a warning; llmops lint --fix writes the slug.");
}

Json tags(const Vocabulary& vocabulary)
{
  std::vector<Family> families = vocabulary.families();
  std::stable_sort(families.begin(), families.end(), [](const Family& a, const Family& b) { return a.order < b.order; });
  Json properties = Json::object();
  for (const Family& family : families) {
    std::vector<std::string> current;
    std::vector<std::string> legacy;
    for (const Tag& tag : vocabulary.tags()) {
      if (tag.family != family.slug) {
        continue;
      }
      (tag.deprecated ? legacy : current).push_back(tag.slug);
      if (!tag.deprecated) {
        legacy.insert(legacy.end(), tag.aliases.begin(), tag.aliases.end());
      }
    }
    Json items = enum_with_legacy(current, legacy,
                                  "An alias or deprecated tag: accepted with a warning; llmops lint --fix writes "
                                  "the canonical tag.");
    properties[family.slug] = Json{{"description", family.label + ": " + family.description},
                                   {"type", "array"},
                                   {"items", std::move(items)}};
  }
  return Json{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
}

Json url_value()
{
  return Json{{"type", "string"}, {"format", "uri"}, {"pattern", k_url}};
}

Json id_value(const Schema& schema)
{
  Json value{{"type", "string"}};
  if (const FieldSpec* id = schema.find("id")) {
    if (id->pattern) {
      value["pattern"] = *id->pattern;
    }
    if (id->min_length) {
      value["minLength"] = *id->min_length;
    }
    if (id->max_length) {
      value["maxLength"] = *id->max_length;
    }
  }
  return value;
}

Json property(const FieldSpec& spec, const Schema& schema, const Vocabulary& vocabulary, const Config& config)
{
  Json value = Json::object();
  if (!spec.help.empty()) {
    value["description"] = spec.help;
  }
  auto lengths = [&]() {
    if (spec.min_length) {
      value["minLength"] = *spec.min_length;
    }
    if (spec.max_length) {
      value["maxLength"] = *spec.max_length;
    }
  };
  switch (spec.type) {
  case FieldType::string: {
    value["type"] = "string";
    const bool long_text = spec.name == "summary" || spec.name == "notes"; // as the case reader has it
    value["pattern"] = spec.pattern ? *spec.pattern : long_text ? k_not_blank : k_one_line;
    lengths();
    break;
  }
  case FieldType::integer: {
    value["type"] = "integer";
    std::optional<long long> min = spec.min;
    if (spec.name == "year") {
      min = std::max<long long>(config.limits.year_min, spec.min.value_or(config.limits.year_min));
      value["$comment"] = "The upper bound is this year plus limits.year_max_ahead; llmops lint checks it.";
    }
    if (min) {
      value["minimum"] = *min;
    }
    if (spec.max) {
      value["maximum"] = *spec.max;
    }
    break;
  }
  case FieldType::url:
    value.update(url_value());
    lengths();
    break;
  case FieldType::date:
    value["type"] = "string";
    value["format"] = "date";
    value["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    break;
  case FieldType::enumeration:
    value["type"] = "string";
    if (spec.values_from == "industries") {
      value.update(industries(vocabulary));
    } else {
      value["enum"] = spec.values;
    }
    break;
  case FieldType::tags:
    value.update(tags(vocabulary));
    break;
  case FieldType::url_list:
    value["type"] = "array";
    value["items"] = url_value();
    break;
  case FieldType::id_list:
    value["type"] = "array";
    value["items"] = id_value(schema);
    break;
  }
  return value;
}

} // namespace

std::string json_schema(const Schema& schema, const Vocabulary& vocabulary, const Config& config)
{
  Json doc;
  doc["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  doc["title"] = "llmops case";
  doc["description"] = "One case file, cases/<id>.yaml. Generated by 'llmops schema --json-schema' from "
                       "schema/case.toml, schema/tags.toml and schema/industries.toml: change those, not this file.";
  doc["type"] = "object";
  Json required = Json::array();
  Json properties = Json::object();
  for (const FieldSpec& spec : schema.fields) {
    if (spec.required) {
      required.push_back(spec.name);
    }
    properties[spec.name] = property(spec, schema, vocabulary, config);
  }
  doc["required"] = std::move(required);
  doc["properties"] = std::move(properties);
  doc["additionalProperties"] = false;
  return doc.dump(2) + "\n";
}

} // namespace llmops
