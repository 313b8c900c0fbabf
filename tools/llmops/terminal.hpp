#pragma once
// What the terminal allows: colour and progress only on a terminal, never with NO_COLOR.

#include <cstddef>
#include <cstdio>
#include <functional>
#include <string_view>

namespace llmops::cli {

// True when output to `stream` may be coloured: a terminal, NO_COLOR unset, TERM not "dumb".
bool color_enabled(std::FILE* stream);

// True when `stream` is a terminal (progress is shown only there).
bool is_terminal(std::FILE* stream);

// Prints "label done/total" over the previous progress line on stderr; `done == total` clears it.
void show_progress(std::string_view label, std::size_t done, std::size_t total);

// The progress of reading a database's cases, for `IndexOptions::progress`: shown for 2,000 cases
// or more, on a terminal, unless `quiet`; empty otherwise.
std::function<void(std::size_t done, std::size_t total)> case_reading_progress(bool quiet);

// Warns on stderr that `skipped` case files were left out of what a command read; nothing when 0.
void warn_skipped_cases(std::size_t skipped);

} // namespace llmops::cli
