// llmops: the command line over libcore. It builds the commands, parses, runs the chosen one and
// maps the outcome to the documented exit codes; the work itself lives in libcore.
#include "commands.hpp"

#include "llmops/error.hpp"
#include "llmops/version.hpp"

#include <iostream>

namespace {

using llmops::ExitCode;
using RegisterFn = llmops::cli::Runner (*)(CLI::App&, const llmops::cli::GlobalOptions&);

// Every subcommand, in the order `llmops --help` lists them.
constexpr RegisterFn k_commands[] = {
  llmops::cli::register_lint,
};

} // namespace

int main(int argc, char** argv)
{
  CLI::App app{"llmops: a curated database of LLM production case studies, kept as YAML files in git.", "llmops"};
  app.set_version_flag("--version", std::string("llmops ") + llmops::k_version);
  app.require_subcommand(1);
  app.fallthrough();
  app.footer("Exit codes: 0 clean, 1 findings, 2 usage or environment error.\n"
             "Run 'llmops COMMAND --help' for the options of a command.");
  llmops::cli::GlobalOptions global;
  app.add_option("-C", global.directory, "Run as if started in DIR (the database root is found from there)")
    ->option_text("DIR");

  std::vector<std::pair<CLI::App*, llmops::cli::Runner>> runners;
  for (RegisterFn register_command : k_commands) {
    auto before = app.get_subcommands({}).size();
    llmops::cli::Runner runner = register_command(app, global);
    runners.emplace_back(app.get_subcommands({}).at(before), std::move(runner));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits with its own codes (0 for --help and --version, 100+ otherwise): translate them.
    int code = app.exit(e);
    return code == 0 ? static_cast<int>(ExitCode::clean) : static_cast<int>(ExitCode::usage);
  }
  try {
    for (auto& [command, runner] : runners) {
      if (command->parsed()) {
        return runner();
      }
    }
    return static_cast<int>(ExitCode::usage);
  } catch (const llmops::Error& e) {
    std::cerr << "llmops: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::usage);
  } catch (const std::exception& e) {
    std::cerr << "llmops: internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::usage);
  }
}
