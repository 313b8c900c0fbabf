#pragma once
// The order of query results.

#include "llmops/query.hpp"

#include <optional>
#include <vector>

namespace llmops::detail {

// Orders `matches`: by `sort` when given, then by relevance when `ranked`, then newest year first,
// then title (ignoring case and accents), then path, which is unique, so the order is total.
// A case without the sorted value comes after those with one, in either direction.
void sort_matches(std::vector<Match>& matches, const CaseIndex& index, bool ranked, const std::optional<SortKey>& sort);

} // namespace llmops::detail
