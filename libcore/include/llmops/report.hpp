#pragma once

#include "llmops/diagnostic.hpp"
#include "llmops/lint.hpp"

#include <ostream>
#include <string_view>
#include <vector>

namespace llmops {

// How text output is decorated.
struct TextStyle
{
  bool color = false;      // ANSI colours (only on a terminal, never with NO_COLOR)
  bool show_source = true; // the source line with a caret under the spot
};

// Compiler-style lines: "path:line:col: severity: message [rule]", then the source line and a caret.
void write_text(std::ostream& out, const std::vector<Diagnostic>& diagnostics, const TextStyle& style);

// One line saying what was checked and what was found, e.g. "8 cases checked: 0 errors, ...".
std::string summary_line(const LintSummary& summary);

// A JSON document: {"version", "summary", "diagnostics": [{path, line, column, ...}]}.
void write_json(std::ostream& out, const LintReport& report);

// A SARIF 2.1.0 log with one run whose tool lists every rule.
void write_sarif(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

// GitHub Actions workflow commands: "::error file=…,line=…,col=…,title=RULE::message".
void write_github(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

} // namespace llmops
