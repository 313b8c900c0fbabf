#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// What an option or positional argument of a command is, as completions and the manual need it.
struct OptionDoc
{
  std::vector<std::string> names; // "-q", "--quiet"; for a positional argument, its name ("PATH")
  std::string description;
  std::string value_name;         // "FORMAT", "DIR"; empty for a flag
  std::vector<std::string> choices; // the accepted values, when there is a fixed set
  bool value_optional = false;    // the value may be left out (--changed[=BASE])
  bool repeatable = false;
  bool required = false;
};

// A command: its options, positional arguments and subcommands, in the order the program has them.
struct CommandDoc
{
  std::string name;
  std::string description;
  std::string footer;
  std::vector<OptionDoc> options;
  std::vector<OptionDoc> positionals;
  std::vector<CommandDoc> subcommands;
};

// What a value is completed with: a fixed set, folder names, file names, or nothing.
enum class ValueKind { choices, directory, file, none };

// How the value of `option` is completed: its choices, else a folder for DIR, a file for FILE
// or PATH (and for every positional argument), else nothing.
ValueKind value_kind(const OptionDoc& option, bool positional = false);

// A bash completion script for `program` (its subcommands and their options).
std::string bash_completion(const CommandDoc& program);

// A zsh completion function (#compdef) for `program`.
std::string zsh_completion(const CommandDoc& program);

// fish `complete` commands for `program`.
std::string fish_completion(const CommandDoc& program);

// A manual page in roff (man(7)) for `program` at version `version`: synopsis, description, one
// section per command with its options, and the footers (exit codes) as the program prints them.
std::string man_page(const CommandDoc& program, std::string_view version);

} // namespace llmops
