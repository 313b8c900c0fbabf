// Line diff by longest common subsequence over the part between the common prefix and suffix;
// the files diffed here differ in a few lines, so that middle part is small.
#include "llmops/diff.hpp"

#include <fmt/format.h>

#include <vector>

namespace llmops {

namespace {

constexpr std::size_t k_context = 3;

std::vector<std::string_view> split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class Kind : std::uint8_t { same, removed, added };

struct Line
{
  Kind kind;
  std::string_view text;
};

// The lines of both texts in diff order: common, removed from `a`, added from `b`.
std::vector<Line> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b)
{
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Line> out;
  for (std::size_t i = 0; i < prefix; ++i) {
    out.push_back({Kind::same, a[i]});
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
      out.push_back({Kind::same, a[prefix + i++]});
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push_back({Kind::removed, a[prefix + i++]});
    } else {
      out.push_back({Kind::added, b[prefix + j++]});
    }
  }
  for (std::size_t k = a.size() - suffix; k < a.size(); ++k) {
    out.push_back({Kind::same, a[k]});
  }
  return out;
}

void append_line(std::string& out, char mark, std::string_view text)
{
  out.push_back(mark);
  out.append(text);
  if (text.empty() || text.back() != '\n') {
    out.append("\n\\ No newline at end of file\n");
  }
}

} // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after)
{
  if (before == after) {
    return {};
  }
  auto lines = diff_lines(split_lines(before), split_lines(after));
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  std::size_t k = 0;
  std::size_t old_line = 1; // 1-based number of lines[k] in each file
  std::size_t new_line = 1;
  while (k < lines.size()) {
    if (lines[k].kind == Kind::same) {
      ++old_line;
      ++new_line;
      ++k;
      continue;
    }
    // A hunk: from k_context lines before this change to k_context lines after the last change
    // that is within 2 * k_context common lines of the previous one.
    std::size_t begin = k;
    std::size_t back = 0;
    while (begin > 0 && back < k_context && lines[begin - 1].kind == Kind::same) {
      --begin;
      ++back;
    }
    std::size_t end = k;
    std::size_t same_run = 0;
    while (end < lines.size()) {
      if (lines[end].kind == Kind::same) {
        if (++same_run > 2 * k_context) {
          break;
        }
      } else {
        same_run = 0;
      }
      ++end;
    }
    std::size_t trailing = 0;
    while (end - trailing > k && lines[end - 1 - trailing].kind == Kind::same) {
      ++trailing;
    }
    end -= trailing > k_context ? trailing - k_context : 0;
    std::size_t old_count = 0;
    std::size_t new_count = 0;
    for (std::size_t x = begin; x < end; ++x) {
      old_count += lines[x].kind != Kind::added ? 1U : 0U;
      new_count += lines[x].kind != Kind::removed ? 1U : 0U;
    }
    std::size_t old_start = old_line - back;
    std::size_t new_start = new_line - back;
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_count == 0 ? old_start - 1 : old_start, old_count,
                       new_count == 0 ? new_start - 1 : new_start, new_count);
    for (std::size_t x = begin; x < end; ++x) {
      const char mark = lines[x].kind == Kind::same ? ' ' : lines[x].kind == Kind::removed ? '-' : '+';
      append_line(out, mark, lines[x].text);
    }
    for (std::size_t x = k; x < end; ++x) {
      old_line += lines[x].kind != Kind::added ? 1U : 0U;
      new_line += lines[x].kind != Kind::removed ? 1U : 0U;
    }
    k = end;
  }
  return out;
}

} // namespace llmops
