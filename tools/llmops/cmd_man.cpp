// llmops man (hidden): prints the manual page, generated from the commands.
#include "cli_model.hpp"
#include "commands.hpp"

#include "llmops/version.hpp"

#include <iostream>

namespace llmops::cli {

Runner register_man(CLI::App& app, const GlobalOptions& /*global*/)
{
  CLI::App* command = app.add_subcommand("man", "Print the manual page (roff)");
  command->group(""); // hidden, as 'completions'
  command->footer("Read it with: llmops man | man -l -");
  const CLI::App* root = &app;
  return [root]() {
    std::cout << man_page(describe_app(*root, "llmops"), k_version);
    return 0;
  };
}

} // namespace llmops::cli
