// A whole case record given to `llmops add --from -`: one YAML or JSON object (a case file is
// one) turned into field values, so that it takes the same path as values given as options.
#include "llmops/add.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"
#include "yaml_doc.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace llmops {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::uint32_t k_max_depth = 8;

void shape_problem(AddRecordInput& out, std::string message)
{
  Diagnostic d;
  d.rule = "field-type";
  d.message = std::move(message);
  out.findings.push_back(std::move(d));
}

// The text of a JSON scalar; nothing for null, objects and arrays.
std::optional<std::string> json_text(const Json& value)
{
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number() || value.is_boolean()) {
    return value.dump();
  }
  return std::nullopt;
}

void add_json(AddRecordInput& out, const std::string& name, const Json& value, const std::string& prefix)
{
  if (value.is_null()) {
    return;
  }
  if (auto text = json_text(value)) {
    out.fields.push_back({name, prefix + *text});
    return;
  }
  if (value.is_array()) {
    for (const Json& item : value) {
      if (auto text = json_text(item)) {
        out.fields.push_back({name, prefix + *text});
      } else if (!item.is_null()) {
        shape_problem(out, fmt::format("each item of '{}' must be text", name));
      }
    }
    return;
  }
  if (name == "tags" && prefix.empty()) {
    for (const auto& [family, tags] : value.items()) {
      add_json(out, name, tags, family + ":");
    }
    return;
  }
  shape_problem(out, fmt::format("'{}' must be text or a list, not an object", name));
}

// The text of a YAML scalar; nothing for a plain null (`~`, `null`, or no value at all).
std::optional<std::string> yaml_text(const detail::YamlNode& node)
{
  if (node.kind != detail::YamlKind::scalar) {
    return std::nullopt;
  }
  if (!node.quoted && detail::plain_scalar_type(node.value) == "null") {
    return std::nullopt;
  }
  return node.value;
}

void add_yaml(AddRecordInput& out, const std::string& name, const detail::YamlNode& value, const std::string& prefix)
{
  using detail::YamlKind;
  if (value.kind == YamlKind::null) {
    return;
  }
  if (value.kind == YamlKind::scalar) {
    if (auto text = yaml_text(value)) {
      out.fields.push_back({name, prefix + *text});
    }
    return;
  }
  if (value.kind == YamlKind::sequence) {
    for (const auto& item : value.children) {
      if (auto text = yaml_text(item)) {
        out.fields.push_back({name, prefix + *text});
      } else if (item.kind != YamlKind::null && item.kind != YamlKind::scalar) {
        shape_problem(out, fmt::format("each item of '{}' must be text", name));
      }
    }
    return;
  }
  if (name == "tags" && prefix.empty()) {
    for (std::size_t i = 0; i + 1 < value.children.size(); i += 2) {
      add_yaml(out, name, value.children[i + 1], value.children[i].value + ":");
    }
    return;
  }
  shape_problem(out, fmt::format("'{}' must be text or a list, not a mapping", name));
}

} // namespace

AddRecordInput read_add_record(std::string_view bytes)
{
  std::size_t bad = 0;
  if (!text::is_valid_utf8(bytes, &bad)) {
    throw Error(fmt::format("the record is not valid UTF-8 (byte {})", bad + 1));
  }
  AddRecordInput out;
  const std::string_view start = text::trim(bytes);
  if (start.starts_with('{')) {
    Json object;
    try {
      object = Json::parse(bytes);
    } catch (const Json::parse_error& e) {
      throw Error(fmt::format("the record is not valid JSON: {}", e.what()));
    }
    for (const auto& [name, value] : object.items()) {
      add_json(out, name, value, "");
    }
    return out;
  }
  detail::YamlParse parsed = detail::parse_yaml(bytes, k_max_depth);
  if (parsed.problem) {
    throw Error(fmt::format("the record is not valid YAML: line {}: {}", parsed.problem->line + 1,
                            parsed.problem->message));
  }
  if (!parsed.root || parsed.root->kind != detail::YamlKind::map) {
    throw Error("the record must be one YAML or JSON object of case fields");
  }
  const auto& children = parsed.root->children;
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    add_yaml(out, children[i].value, children[i + 1], "");
  }
  return out;
}

} // namespace llmops
