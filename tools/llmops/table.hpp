#pragma once
// Plain-text tables that fit the terminal: the column widths shrink to the width available and
// long cells end in an ellipsis.

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::cli {

// A column of a table.
struct Column
{
  std::string header;
  bool flexible = false;    // may be narrowed below its widest cell to fit the width
  bool align_right = false; // numbers
};

// The width output to `fd` should fit: the terminal's (TIOCGWINSZ), else $COLUMNS, else 100.
std::size_t terminal_width(int fd);

// Columns `text` takes on a terminal: wide (East Asian) characters count two, combining marks none.
std::size_t display_width(std::string_view text);

// `text` on one line (control characters become spaces), cut to `width` columns with a final '…'.
std::string fit(std::string_view text, std::size_t width);

// Prints a header and `rows` (one string per column) in at most `width` columns, two spaces
// apart: natural widths when they fit, else the widest flexible column narrows first, down to
// its header's width or 8, whichever is more.
void print_table(std::ostream& out, const std::vector<Column>& columns,
                 const std::vector<std::vector<std::string>>& rows, std::size_t width);

} // namespace llmops::cli
