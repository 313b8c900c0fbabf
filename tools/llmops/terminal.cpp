#include "terminal.hpp"

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

} // namespace llmops::cli
