#pragma once

#include "llmops/case_index.hpp"
#include "llmops/query.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace llmops {

// How many of the counted cases have one value.
struct FacetCount
{
  std::string value;
  std::size_t count = 0;
};

// The counts of one dimension: "industry", "year", "status", or a tag family.
struct Facet
{
  std::string name;
  std::vector<FacetCount> counts;
};

// Counts over the cases of `matches`, as a portal shows next to each filter: per industry, year
// and status, then per tag within each family of `vocabulary` (in its order). Industries and tags
// are counted under their canonical slugs, each tag once per case; unknown ones as written, a tag
// under the family it is listed in. Years go newest first, with "unknown" last; the other counts go
// by count, then value.
std::vector<Facet> compute_facets(const CaseIndex& index, std::span<const Match> matches, const Vocabulary& vocabulary);

} // namespace llmops
