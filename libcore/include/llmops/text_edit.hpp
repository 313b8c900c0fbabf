#pragma once
// Minimal text edits: replacing byte ranges of a file, and the byte-level hygiene fixes.

#include "llmops/diagnostic.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// `text` with every edit in `edits` applied (offsets refer to `text`); throws `Error` when two
// edits overlap or one reaches past the end. Insertions at one offset keep their given order.
std::string apply_edits(std::string_view text, std::vector<Edit> edits);

// One change a fixer made, reported as "path:line:col: fixed: description [rule]".
struct Change
{
  Position position;
  std::string rule;
  std::string description;
};

// The result of the byte-level fixes on one file.
struct HygieneFix
{
  std::string text;
  std::vector<Change> changes;
};

// Which byte-level fixes to make.
struct HygieneOptions
{
  bool bom = true;
  bool crlf = true;
  bool trailing_space = true;
};

// Removes a UTF-8 byte order mark, turns CRLF line ends into LF and strips white space at the
// end of each line of `bytes` (each as `options` allows), reporting each change; lines are left
// alone in invalid UTF-8 and in files holding NUL bytes.
HygieneFix fix_hygiene(std::string_view bytes, const HygieneOptions& options = {});

} // namespace llmops
