#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

enum class Severity : std::uint8_t { off, info, warning, error };

// The name printed for `severity` ("error", "warning", "info", "off").
std::string_view severity_name(Severity severity);

// Parses "error", "warning", "info" or "off"; nothing for anything else.
std::optional<Severity> parse_severity(std::string_view text);

// A 1-based place in a file; line 0 means "the file as a whole".
struct Position
{
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// A replacement of the bytes [offset, offset + length) of a file by `replacement`.
struct Edit
{
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string replacement;
};

// A finding about the data: where, how bad, which rule, what, and how to fix it.
struct Diagnostic
{
  std::string path; // relative to the database root, '/' separated
  Position position;
  std::uint32_t span = 1; // columns to underline from `position.column`
  Severity severity = Severity::error;
  std::string rule;
  std::string message;
  std::string source_line;        // the line at `position`, for a caret display
  std::optional<std::string> fix; // a one-line description of the safe automatic fix
};

// Orders diagnostics by path, line, column, rule: the order every printer uses.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

} // namespace llmops
