#pragma once
// The subcommands of `llmops`: each registers its options and returns what runs it.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace llmops::cli {

// Options every command shares.
struct GlobalOptions
{
  std::string directory; // -C DIR: act as if started in DIR
};

// Runs a parsed command and returns its exit code; throws `llmops::Error` for environment problems.
using Runner = std::function<int()>;

// The folder the command acts from: -C DIR, or the current folder.
std::filesystem::path start_directory(const GlobalOptions& global);

Runner register_lint(CLI::App& app, const GlobalOptions& global);
Runner register_query(CLI::App& app, const GlobalOptions& global);
Runner register_export(CLI::App& app, const GlobalOptions& global);
Runner register_add(CLI::App& app, const GlobalOptions& global);
Runner register_import(CLI::App& app, const GlobalOptions& global);
Runner register_schema(CLI::App& app, const GlobalOptions& global);
Runner register_tag(CLI::App& app, const GlobalOptions& global);
Runner register_stats(CLI::App& app, const GlobalOptions& global);
Runner register_completions(CLI::App& app, const GlobalOptions& global);
Runner register_man(CLI::App& app, const GlobalOptions& global);

} // namespace llmops::cli
