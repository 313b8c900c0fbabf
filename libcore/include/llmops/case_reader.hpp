#pragma once

#include "llmops/case.hpp"
#include "llmops/config.hpp"
#include "llmops/diagnostic.hpp"
#include "llmops/schema.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// What the per-file checks need to know about the database.
struct CheckContext
{
  const Config& config;
  const Schema& schema;
  const Vocabulary& vocabulary;
  int current_year = 2026;
  bool keep_text = false; // keep summary and notes text in the facts (lint needs only their presence)
  bool facts_only = false; // skip the checks that only make findings: the facts are the same, faster
};

// The result of checking one file on its own.
struct FileReport
{
  Case facts;
  std::vector<Diagnostic> diagnostics;
};

// Reads the bytes of the case file at `path` (relative to the root) and runs every per-file rule:
// hygiene, YAML syntax, the schema and the vocabulary. Never throws on bad data.
FileReport check_case_file(std::string_view path, std::string_view bytes, const CheckContext& context);

// How often each canonical tag is used across the database: the tie-breaker for suggestions.
using TagUsage = std::map<std::string, std::size_t, std::less<>>;

// Counts canonical tag use over `cases`, resolving aliases and deprecations.
TagUsage count_tag_usage(const std::vector<Case>& cases, const Vocabulary& vocabulary);

// Runs the vocabulary rules (tags, families, industry) on the facts of one parsed case.
void check_case_vocabulary(const Case& facts, const CheckContext& context, const TagUsage& usage,
                           std::vector<Diagnostic>& out);

} // namespace llmops
