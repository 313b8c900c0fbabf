#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace llmops {

enum class FieldType : std::uint8_t { string, integer, url, date, enumeration, tags, url_list, id_list };

// One field of the case format, as `schema/case.toml` defines it.
struct FieldSpec
{
  std::string name;
  FieldType type = FieldType::string;
  bool required = false;
  std::optional<std::string> pattern; // ECMAScript regex the whole value must match
  std::optional<std::regex> compiled_pattern;
  std::optional<std::size_t> min_length; // in code points
  std::optional<std::size_t> max_length;
  std::optional<long long> min;
  std::optional<long long> max;
  std::vector<std::string> values; // allowed values of an enumeration
  std::string values_from;         // "industries" or "tags": values come from the vocabulary
  std::string help;                // one sentence for contributors
};

// The case format: the fields in canonical order.
struct Schema
{
  int version = 1;
  std::vector<FieldSpec> fields;
  std::string text; // the file's bytes, part of the cache key

  // The field named `name`, or null.
  const FieldSpec* find(std::string_view name) const;
};

// Reads `dir/case.toml`; throws `Error` with the file and problem when it is invalid.
Schema load_schema(const std::filesystem::path& dir);

// The name of a field type as written in case.toml.
std::string_view field_type_name(FieldType type);

} // namespace llmops
