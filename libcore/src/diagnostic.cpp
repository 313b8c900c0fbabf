#include "llmops/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace llmops {

std::string_view severity_name(Severity severity)
{
  switch (severity) {
  case Severity::off:
    return "off";
  case Severity::info:
    return "info";
  case Severity::warning:
    return "warning";
  case Severity::error:
    return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text)
{
  for (auto severity : {Severity::off, Severity::info, Severity::warning, Severity::error}) {
    if (severity_name(severity) == text) {
      return severity;
    }
  }
  return std::nullopt;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics)
{
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.position.line, a.position.column, a.rule, a.message)
           < std::tie(b.path, b.position.line, b.position.column, b.rule, b.message);
  });
}

} // namespace llmops
