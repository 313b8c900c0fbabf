#pragma once

#include <stdexcept>
#include <string>

namespace llmops {

// An environment problem (unreadable root, broken schema file, failed write) that stops a command.
// Problems in the data are never thrown: they are `Diagnostic`s. `main` catches this once.
class Error : public std::runtime_error
{
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// The documented exit codes of every command.
enum class ExitCode : int {
  clean = 0,    // nothing to report, or only what the caller accepts
  findings = 1, // lint errors, a failed check
  usage = 2,    // bad command line, or an environment error
};

} // namespace llmops
