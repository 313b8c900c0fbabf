// llmops: the command line over libcore. It builds the commands, parses, runs the chosen one and
// maps the outcome to the documented exit codes; the work itself lives in libcore.
#include "commands.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"
#include "llmops/version.hpp"

#include <algorithm>
#include <iostream>

namespace {

using llmops::ExitCode;
using RegisterFn = llmops::cli::Runner (*)(CLI::App&, const llmops::cli::GlobalOptions&);

// Every subcommand, in the order `llmops --help` lists them.
constexpr RegisterFn k_commands[] = {
  llmops::cli::register_lint,
  llmops::cli::register_query,
  llmops::cli::register_export,
  llmops::cli::register_import,
  llmops::cli::register_add,
  llmops::cli::register_schema,
  llmops::cli::register_tag,
  llmops::cli::register_stats,
  llmops::cli::register_completions,
  llmops::cli::register_man,
};

// CLI11's help, without the "{value}" markers that flags with an optional value carry in their names.
class Formatter : public CLI::Formatter
{
public:
  std::string make_option_name(const CLI::Option* option, bool positional) const override
  {
    std::string name = CLI::Formatter::make_option_name(option, positional);
    for (auto open = name.find('{'); open != std::string::npos; open = name.find('{', open)) {
      auto close = name.find('}', open);
      name.erase(open, close == std::string::npos ? std::string::npos : close - open + 1);
    }
    return name;
  }
};

// The first word of `argv` that is not an option (or the value of -C), or null.
const char* first_word(int argc, char** argv)
{
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-C") {
      ++i;
    } else if (!arg.starts_with('-')) {
      return argv[i];
    }
  }
  return nullptr;
}

// "unknown command 'lnt'; did you mean 'lint'?" when the first word is not a command.
std::string unknown_command(const CLI::App& app, std::string_view word)
{
  std::string best;
  std::size_t best_distance = 3;
  for (const CLI::App* sub : app.get_subcommands({})) {
    std::size_t d = llmops::text::edit_distance(word, sub->get_name());
    if (d < best_distance) {
      best_distance = d;
      best = sub->get_name();
    }
  }
  std::string message = "unknown command '" + std::string(word) + "'";
  return best.empty() ? message + "; 'llmops --help' lists the commands" : message + "; did you mean '" + best + "'?";
}

int run_main(int argc, char** argv)
{
  CLI::App app{"llmops: a curated database of LLM production case studies, kept as YAML files in git.", "llmops"};
  app.formatter(std::make_shared<Formatter>());
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

  std::vector<std::string> names;
  for (CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  if (const char* word = first_word(argc, argv);
      word && std::find(names.begin(), names.end(), std::string_view(word)) == names.end()) {
    std::cerr << "llmops: error: " << unknown_command(app, word) << "\n";
    return static_cast<int>(ExitCode::usage);
  }
  if (argc == 1) {
    std::cerr << app.help();
    return static_cast<int>(ExitCode::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits with its own codes (0 for --help and --version, 100+ otherwise): translate them.
    if (e.get_exit_code() == 0) {
      return app.exit(e);
    }
    std::string usage = "llmops";
    for (const auto& [command, runner] : runners) {
      usage = command->parsed() ? "llmops " + command->get_name() : usage;
    }
    std::cerr << "llmops: error: " << e.what() << "\nRun '" << usage << " --help' for usage.\n";
    return static_cast<int>(ExitCode::usage);
  }
  for (auto& [command, runner] : runners) {
    if (command->parsed()) {
      return runner();
    }
  }
  return static_cast<int>(ExitCode::usage);
}

} // namespace

// The one place where environment errors become a message and exit code 2.
int main(int argc, char** argv)
{
  try {
    return run_main(argc, argv);
  } catch (const llmops::Error& e) {
    std::cerr << "llmops: error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "llmops: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "llmops: internal error\n";
  }
  return static_cast<int>(ExitCode::usage);
}
