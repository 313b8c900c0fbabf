#pragma once
// What the terminal allows: colour and progress only on a terminal, never with NO_COLOR.

#include <cstdio>
#include <string_view>

namespace llmops::cli {

// True when output to `stream` may be coloured: a terminal, NO_COLOR unset, TERM not "dumb".
bool color_enabled(std::FILE* stream);

// True when `stream` is a terminal (progress is shown only there).
bool is_terminal(std::FILE* stream);

// Prints "label done/total" over the previous progress line on stderr; `done == total` clears it.
void show_progress(std::string_view label, std::size_t done, std::size_t total);

} // namespace llmops::cli
