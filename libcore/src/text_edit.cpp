#include "llmops/text_edit.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops {

std::string apply_edits(std::string_view text, std::vector<Edit> edits)
{
  // Insertions (length 0) go before a replacement that starts at the same offset.
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    if (a.offset != b.offset) {
      return a.offset < b.offset;
    }
    return (a.length == 0) && (b.length != 0);
  });
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t done = 0;
  for (const Edit& edit : edits) {
    if (edit.offset < done || edit.offset + edit.length > text.size()) {
      throw Error(fmt::format("internal: overlapping text edits at byte {}", edit.offset));
    }
    out.append(text.substr(done, edit.offset - done));
    out.append(edit.replacement);
    done = edit.offset + edit.length;
  }
  out.append(text.substr(done));
  return out;
}

HygieneFix fix_hygiene(std::string_view bytes, const HygieneOptions& options)
{
  HygieneFix result;
  std::string_view body = bytes;
  if (options.bom && body.starts_with("\xEF\xBB\xBF")) {
    body.remove_prefix(3);
    result.changes.push_back({{1, 1}, "file-bom", "removed the byte order mark"});
  }
  if (body.find('\0') != std::string_view::npos || !text::is_valid_utf8(body)) {
    result.text = std::string(body);
    return result;
  }
  result.text.reserve(body.size());
  std::size_t crlf = 0;
  std::uint32_t first_crlf = 0;
  std::uint32_t line = 1;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    const bool last = end == std::string_view::npos;
    std::string_view content = body.substr(start, (last ? body.size() : end) - start);
    if (options.crlf && !content.empty() && content.back() == '\r' && !last) {
      content.remove_suffix(1);
      if (crlf++ == 0) {
        first_crlf = line;
      }
    }
    std::size_t stripped = content.size();
    if (options.trailing_space) {
      auto kept = content.find_last_not_of(" \t");
      stripped = kept == std::string_view::npos ? 0 : kept + 1;
    }
    if (stripped < content.size()) {
      result.changes.push_back({{line, static_cast<std::uint32_t>(stripped + 1)}, "file-trailing-space",
                                "removed the white space at the end of the line"});
    }
    result.text.append(content.substr(0, stripped));
    if (last) {
      break;
    }
    result.text.push_back('\n');
    start = end + 1;
    ++line;
  }
  if (crlf > 0) {
    result.changes.push_back({{first_crlf, 1}, "file-crlf",
                              fmt::format("turned {} CRLF line end{} into LF", crlf, crlf == 1 ? "" : "s")});
  }
  std::stable_sort(result.changes.begin(), result.changes.end(), [](const Change& a, const Change& b) {
    return a.position.line < b.position.line;
  });
  return result;
}

} // namespace llmops
