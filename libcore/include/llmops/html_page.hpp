#pragma once

#include "llmops/case_index.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <ostream>
#include <span>
#include <string>

namespace llmops {

// What the HTML page says about itself.
struct HtmlPageOptions
{
  std::string title = "LLMOps case studies"; // the page's <title> and heading
  std::string generated; // one line saying what the page was made from (cases, commit, date); may be empty
};

// Writes one self-contained HTML page (no external scripts, styles, fonts or requests; it works
// from file:// offline) that searches, filters and shows the cases of `index` at `rows`, in that
// order: the cases go in as one JSON document inside the page, with `<`, `>`, `&`, U+2028 and
// U+2029 written as \u escapes, and the page's script renders every value as text. Tags and
// industries are resolved through `vocabulary` (aliases and deprecated tags to their canonical
// tag) and shown by label, tags grouped by family. The same arguments give the same bytes.
void write_html_page(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                     const Vocabulary& vocabulary, const HtmlPageOptions& options);

} // namespace llmops
