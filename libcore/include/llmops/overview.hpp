#pragma once

#include "llmops/case.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace llmops {

// One row of a breakdown: a value, its human label and how many cases have it.
struct CountRow
{
  std::string key;   // industry slug or year ("" for cases without one)
  std::string label; // "Tech", "2024", "unknown"
  std::size_t count = 0;
};

// What the database holds: the line `describe_database` gives, and cases by industry and year.
struct DatabaseOverview
{
  std::string description;
  std::size_t cases = 0;
  std::vector<CountRow> by_industry; // most cases first, ties by label; labels from the vocabulary
  std::vector<CountRow> by_year;     // oldest first; cases without a year last, as "unknown"
};

// Counts `cases` by industry (through aliases to the canonical industry) and by year.
DatabaseOverview database_overview(const std::vector<Case>& cases, const Vocabulary& vocabulary);

// The overview as a Markdown section ("## What the database holds", a sentence, two tables),
// ready to paste into a README. Deterministic: the same cases give the same bytes.
void write_overview_markdown(std::ostream& out, const DatabaseOverview& overview);

} // namespace llmops
