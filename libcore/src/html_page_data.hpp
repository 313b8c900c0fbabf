#pragma once

#include "llmops/case_index.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace llmops::html {

// The JSON document the page's script reads: {"families", "tags", "industries", "cases"}, with
// tags and industries resolved through `vocabulary` and referred to from each case by their
// position in those tables (see docs/export.md). Invalid UTF-8 in a value becomes U+FFFD.
std::string page_data_json(const CaseIndex& index, std::span<const std::size_t> rows, const Vocabulary& vocabulary);

// `json` made safe inside a <script> element: `<`, `>`, `&`, DEL, the C1 controls, U+2028 and
// U+2029 written as \u escapes. These occur only inside strings in JSON that `page_data_json`
// writes, where the escape means the same character, so the document parses to the same value.
std::string escape_json_for_script(std::string_view json);

// `text` for an HTML text node or attribute value: `&`, `<`, `>`, `"` and `'` as character
// references, and C0 controls other than tab and line feed (never useful in a title) as spaces.
std::string escape_html(std::string_view text);

} // namespace llmops::html
