// llmops completions SHELL (hidden): prints a completion script generated from the commands.
#include "cli_model.hpp"
#include "commands.hpp"

#include <iostream>
#include <memory>

namespace llmops::cli {

Runner register_completions(CLI::App& app, const GlobalOptions& /*global*/)
{
  auto shell = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("completions", "Print a shell completion script");
  command->group(""); // hidden: packagers and install scripts use it, users need not see it
  command->add_option("SHELL", *shell, "The shell")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  command->footer("Install the output as, for example, /usr/share/bash-completion/completions/llmops, "
                  "/usr/share/zsh/vendor-completions/_llmops or /usr/share/fish/vendor_completions.d/llmops.fish "
                  "('cmake --install' does this).");
  const CLI::App* root = &app;
  return [shell, root]() {
    const CommandDoc doc = describe_app(*root, "llmops");
    std::cout << (*shell == "bash" ? bash_completion(doc) : *shell == "zsh" ? zsh_completion(doc) : fish_completion(doc));
    return 0;
  };
}

} // namespace llmops::cli
