#pragma once

#include "llmops/schema.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// The tags of one family, in the order they are written.
struct TagFamily
{
  std::string family;
  std::vector<std::string> tags;
};

// The values of one case as plain data: what `write_case` turns into a case file. An empty
// string or list, or an unset year, means the field is absent from the file.
struct CaseRecord
{
  std::string id;
  std::string title;
  std::string company;
  std::string industry;
  std::optional<long long> year;
  std::string status;
  std::string created_at;
  std::string source_url;
  std::vector<std::string> sources;
  std::vector<TagFamily> tags; // families in the order written; a family with no tags is left out
  std::string summary;
  std::string notes;
  std::vector<std::string> not_duplicate_of;
};

// The first line of every case file: it points YAML-aware editors at the JSON Schema.
inline constexpr std::string_view k_case_modeline = "# yaml-language-server: $schema=../schema/case.schema.json";

// The canonical text of `record`: the modeline, `schema_version` from `schema`, then the fields
// in the order of `schema` (fields the schema does not name follow, so that lint reports them
// rather than losing them), tag families as flow lists, summary and notes as block scalars.
// Every string reads back as exactly the value given. Nothing is validated here: the result is
// meant to be checked with `check_case_file`.
std::string write_case(const CaseRecord& record, const Schema& schema);

// `value` as a YAML scalar on one line in block context: plain when a YAML reader gives back the
// same string (and would not take it for a number, boolean, null or date), otherwise in double
// quotes with `"`, `\` and control characters escaped as in JSON.
std::string yaml_scalar(std::string_view value);

} // namespace llmops
