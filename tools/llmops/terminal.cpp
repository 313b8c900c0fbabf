#include "terminal.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace llmops::cli {

bool is_terminal(std::FILE* stream)
{
  return ::isatty(::fileno(stream)) == 1;
}

bool color_enabled(std::FILE* stream)
{
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) {
    return false;
  }
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) {
    return false;
  }
  return is_terminal(stream);
}

void show_progress(std::string_view label, std::size_t done, std::size_t total)
{
  if (done >= total) {
    std::fprintf(stderr, "\r\x1b[K");
  } else {
    std::fprintf(stderr, "\r%.*s %zu/%zu", static_cast<int>(label.size()), label.data(), done, total);
  }
  std::fflush(stderr);
}

std::function<void(std::size_t done, std::size_t total)> case_reading_progress(bool quiet)
{
  if (quiet || !is_terminal(stderr)) {
    return {};
  }
  return [](std::size_t done, std::size_t total) {
    if (total >= 2000) {
      show_progress("reading cases", done, total);
    }
  };
}

void warn_skipped_cases(std::size_t skipped)
{
  if (skipped > 0) {
    fmt::print(stderr, "llmops: warning: {} case file{} left out: {} could not be read as a case ('llmops lint' says "
                       "why)\n",
               skipped, skipped == 1 ? " is" : "s are", skipped == 1 ? "it" : "they");
  }
}

} // namespace llmops::cli
