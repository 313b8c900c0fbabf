#pragma once
// A unified diff of two texts, for the --dry-run of commands that rewrite files.

#include <string>
#include <string_view>

namespace llmops {

// The unified diff (3 lines of context, `--- a/path` and `+++ b/path` headers) turning `before`
// into `after`, both files at `path`; empty when they are equal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

} // namespace llmops
