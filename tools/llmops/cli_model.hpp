#pragma once
// Describes the CLI11 command tree as plain data (llmops::CommandDoc) for the generators of
// completions and the manual in libcore.

#include "llmops/cli_docs.hpp"

#include <CLI/CLI.hpp>

namespace llmops::cli {

// `app` and its visible subcommands (hidden ones, in the empty group, are left out), with their
// options in declaration order. The help flag is included; `program` names the root.
CommandDoc describe_app(const CLI::App& app, const std::string& program);

} // namespace llmops::cli
