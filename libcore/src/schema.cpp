#include "llmops/schema.hpp"

#include "llmops/error.hpp"
#include "toml_util.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace llmops {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 8> k_type_names = {{
  {FieldType::string, "string"},
  {FieldType::integer, "integer"},
  {FieldType::url, "url"},
  {FieldType::date, "date"},
  {FieldType::enumeration, "enum"},
  {FieldType::tags, "tags"},
  {FieldType::url_list, "url_list"},
  {FieldType::id_list, "id_list"},
}};

// The fields the reader knows how to interpret; the schema may constrain them, not invent new ones.
const std::set<std::string, std::less<>> k_known_fields = {
  "schema_version", "id",     "title", "company", "industry", "year", "status",           "created_at",
  "source_url",     "sources", "tags",  "summary", "notes",    "not_duplicate_of"};

} // namespace

std::string_view field_type_name(FieldType type)
{
  for (const auto& [t, name] : k_type_names) {
    if (t == type) {
      return name;
    }
  }
  return "string";
}

const FieldSpec* Schema::find(std::string_view name) const
{
  auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

Schema load_schema(const fs::path& dir)
{
  using namespace detail;
  const fs::path path = dir / "case.toml";
  Schema schema;
  schema.text = read_text_file(path);
  const toml::table doc = parse_toml(schema.text, path);
  reject_unknown_keys(doc, {"schema_version", "order", "fields"}, path, "case.toml");
  schema.version = get_number(doc, "schema_version", path, 1);
  const auto order = get_strings(doc, "order", path);
  const auto* fields = doc["fields"].as_table();
  if (!fields) {
    throw Error(path.string() + ": missing [fields]");
  }
  for (const auto& [key, node] : *fields) {
    const auto* table = node.as_table();
    std::string name(key.str());
    if (!table) {
      throw Error(where(path, node) + ": [fields." + name + "] must be a table");
    }
    if (!k_known_fields.count(name)) {
      throw Error(where(path, node) + ": field '" + name + "' is not one llmops knows how to read");
    }
    if (std::find(order.begin(), order.end(), name) == order.end()) {
      throw Error(where(path, node) + ": field '" + name + "' is missing from `order`");
    }
  }
  for (const auto& name : order) {
    const auto* table = (*fields)[name].as_table();
    if (!table) {
      throw Error(path.string() + ": `order` names '" + name + "', which has no [fields." + name + "]");
    }
    reject_unknown_keys(*table,
                        {"type", "required", "pattern", "min_length", "max_length", "min", "max", "values",
                         "values_from", "help"},
                        path, "[fields." + name + "]");
    FieldSpec spec;
    spec.name = name;
    const std::string type = get_string(*table, "type", path, "string");
    auto it = std::find_if(k_type_names.begin(), k_type_names.end(), [&](const auto& p) { return p.second == type; });
    if (it == k_type_names.end()) {
      throw Error(where(path, *table) + ": unknown type '" + type + "' for field '" + name + "'");
    }
    spec.type = it->first;
    spec.required = get_number(*table, "required", path, false);
    if (table->contains("pattern")) {
      spec.pattern = get_string(*table, "pattern", path);
      try {
        spec.compiled_pattern.emplace(*spec.pattern, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error& e) {
        throw Error(where(path, *table) + ": invalid pattern for '" + name + "': " + e.what());
      }
    }
    if (table->contains("min_length")) {
      spec.min_length = get_number<std::size_t>(*table, "min_length", path, 0);
    }
    if (table->contains("max_length")) {
      spec.max_length = get_number<std::size_t>(*table, "max_length", path, 0);
    }
    if (table->contains("min")) {
      spec.min = get_number<long long>(*table, "min", path, 0);
    }
    if (table->contains("max")) {
      spec.max = get_number<long long>(*table, "max", path, 0);
    }
    spec.values = get_strings(*table, "values", path);
    spec.values_from = get_string(*table, "values_from", path);
    if (!spec.values_from.empty() && spec.values_from != "industries" && spec.values_from != "tags") {
      throw Error(where(path, *table) + ": values_from must be \"industries\" or \"tags\"");
    }
    spec.help = get_string(*table, "help", path);
    schema.fields.push_back(std::move(spec));
  }
  for (const char* required : {"id", "title", "company", "source_url", "tags"}) {
    if (!schema.find(required)) {
      throw Error(path.string() + ": the schema must define field '" + required + "'");
    }
  }
  return schema;
}

} // namespace llmops
