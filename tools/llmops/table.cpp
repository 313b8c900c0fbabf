#include "table.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>

namespace llmops::cli {

namespace {

constexpr std::size_t k_gap = 2;
constexpr std::size_t k_min_flexible = 8;
constexpr std::size_t k_default_width = 100;

// Decodes the code point at `i` of `s` (malformed bytes as themselves), advancing `i`.
char32_t next_code_point(std::string_view s, std::size_t& i)
{
  auto byte = static_cast<unsigned char>(s[i++]);
  if (byte < 0xC0 || byte >= 0xF8) {
    return byte;
  }
  std::size_t extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1;
  char32_t cp = byte & (0x3FU >> extra);
  for (std::size_t k = 0; k < extra && i < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3FU);
  }
  return cp;
}

std::size_t width_of(char32_t cp)
{
  if ((cp >= 0x300 && cp < 0x370) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;
  }
  const bool wide =
    (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

} // namespace

std::size_t terminal_width(int fd)
{
  struct winsize size
  {};
  if (::isatty(fd) != 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long value = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && value > 0 && value < 10000) {
      return static_cast<std::size_t>(value);
    }
  }
  return k_default_width;
}

std::size_t display_width(std::string_view text)
{
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    width += width_of(next_code_point(text, i));
  }
  return width;
}

std::string fit(std::string_view text, std::size_t width)
{
  std::string out;
  std::size_t used = 0;
  const std::size_t total = display_width(text);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(text, i);
    const std::size_t w = width_of(cp);
    if (total > width && used + w + 1 > width) {
      out += "\u2026";
      break;
    }
    used += w;
    if (cp < 0x20 || cp == 0x7F) {
      out.push_back(' ');
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

void print_table(std::ostream& out, const std::vector<Column>& columns,
                 const std::vector<std::vector<std::string>>& rows, std::size_t width)
{
  const std::size_t n = columns.size();
  std::vector<std::size_t> widths(n);
  std::vector<std::size_t> floors(n);
  for (std::size_t c = 0; c < n; ++c) {
    widths[c] = display_width(columns[c].header);
    floors[c] = columns[c].flexible ? std::max(widths[c], k_min_flexible) : widths[c];
    for (const auto& row : rows) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
    floors[c] = std::min(floors[c], widths[c]);
  }
  std::size_t total = (n > 0 ? (n - 1) * k_gap : 0);
  for (std::size_t w : widths) {
    total += w;
  }
  // Narrow the widest flexible column, one column at a time, until the table fits.
  while (total > width) {
    std::size_t widest = n;
    for (std::size_t c = 0; c < n; ++c) {
      if (columns[c].flexible && widths[c] > floors[c] && (widest == n || widths[c] > widths[widest])) {
        widest = c;
      }
    }
    if (widest == n) {
      break;
    }
    --widths[widest];
    --total;
  }
  auto print_row = [&](auto cell) {
    std::string line;
    for (std::size_t c = 0; c < n; ++c) {
      std::string text = fit(cell(c), widths[c]);
      std::string pad(widths[c] - std::min(widths[c], display_width(text)), ' ');
      if (c + 1 == n && !columns[c].align_right) {
        pad.clear(); // no trailing spaces at the end of a line
      }
      line += columns[c].align_right ? pad + text : text + pad;
      if (c + 1 < n) {
        line.append(k_gap, ' ');
      }
    }
    out << line << '\n';
  };
  print_row([&](std::size_t c) -> const std::string& { return columns[c].header; });
  for (const auto& row : rows) {
    print_row([&](std::size_t c) -> const std::string& { return row[c]; });
  }
}

} // namespace llmops::cli
