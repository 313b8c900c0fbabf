#pragma once

#include "llmops/config.hpp"
#include "llmops/schema.hpp"
#include "llmops/vocabulary.hpp"

#include <string>

namespace llmops {

// The case format as a JSON Schema (draft 2020-12), for editors and other validators: the fields
// of `schema` with their types, patterns and bounds, `additionalProperties: false`, industries
// and each family's tags as enums (aliases and deprecated slugs in a separate, deprecated
// branch: lint accepts them with a warning). It accepts what lint accepts without an error as
// far as a JSON Schema can say it; what it cannot say (the id equals the file name, duplicate
// keys, YAML quoting, file hygiene, duplicates across cases, the year's upper bound, which moves
// with the calendar) stays with lint. Pretty-printed, with a final newline; deterministic.
std::string json_schema(const Schema& schema, const Vocabulary& vocabulary, const Config& config);

} // namespace llmops
