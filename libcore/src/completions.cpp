// Shell completions generated from the description of the commands, so that they list exactly
// the options the program accepts. One function per shell; each quotes for its own shell.
#include "llmops/cli_docs.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops {

namespace {

std::string join(const std::vector<std::string>& words, std::string_view separator = " ")
{
  return fmt::format("{}", fmt::join(words, separator));
}

// All the names of `command`'s options, for "-<TAB>".
std::vector<std::string> option_names(const CommandDoc& command)
{
  std::vector<std::string> names;
  for (const OptionDoc& option : command.options) {
    names.insert(names.end(), option.names.begin(), option.names.end());
  }
  return names;
}

bool takes_value(const OptionDoc& option)
{
  return !option.value_name.empty() && !option.value_optional;
}

// `text` inside single quotes for a POSIX shell (bash and zsh alike).
std::string single_quoted(std::string_view text)
{
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

// `text` for the inside of a zsh _arguments description ("[...]"), which ends at an unescaped ']';
// the whole spec is single-quoted afterwards.
std::string zsh_description(std::string_view text)
{
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == '\\' || c == ':') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// `text` in single quotes for fish, where only \ and ' are special.
std::string fish_quoted(std::string_view text)
{
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

// The bash lines that complete the value after an option of `command`, and the rest.
std::string bash_command_body(const CommandDoc& command, std::string_view indent)
{
  std::string out;
  std::string cases;
  for (const OptionDoc& option : command.options) {
    if (!takes_value(option)) {
      continue;
    }
    std::string action;
    switch (value_kind(option)) {
    case ValueKind::choices:
      action = fmt::format("COMPREPLY=($(compgen -W {} -- \"$cur\"))", single_quoted(join(option.choices)));
      break;
    case ValueKind::directory:
      action = "COMPREPLY=($(compgen -d -- \"$cur\"))";
      break;
    case ValueKind::file:
      action = "COMPREPLY=($(compgen -f -- \"$cur\"))";
      break;
    case ValueKind::none:
      action = "COMPREPLY=()";
      break;
    }
    cases += fmt::format("{}  {}) {}; return ;;\n", indent, join(option.names, "|"), action);
  }
  if (!cases.empty()) {
    out += fmt::format("{}case \"$prev\" in\n{}{}esac\n", indent, cases, indent);
  }
  std::string words = join(option_names(command));
  std::string rest;
  if (!command.subcommands.empty()) {
    std::vector<std::string> names;
    for (const CommandDoc& sub : command.subcommands) {
      names.push_back(sub.name);
    }
    rest = fmt::format("COMPREPLY=($(compgen -W {} -- \"$cur\"))", single_quoted(join(names)));
  } else if (!command.positionals.empty()) {
    rest = "COMPREPLY=($(compgen -f -- \"$cur\"))";
  } else {
    rest = "COMPREPLY=()";
  }
  out += fmt::format("{}if [[ $cur == -* ]]; then\n{}  COMPREPLY=($(compgen -W {} -- \"$cur\"))\n{}else\n{}  {}\n{}fi\n",
                     indent, indent, single_quoted(words), indent, indent, rest, indent);
  return out;
}

std::string zsh_option_spec(const OptionDoc& option)
{
  // '(-q --quiet)'{-q,--quiet}'[...]': either spelling once; '*'{...}: as often as wanted.
  std::string prefix = option.repeatable        ? "'*'"
                       : option.names.size() > 1 ? single_quoted(fmt::format("({})", join(option.names)))
                                                 : "";
  std::string names = option.names.size() > 1 ? fmt::format("{{{}}}", join(option.names, ",")) : option.names[0];
  std::string description = fmt::format("[{}]", zsh_description(option.description));
  std::string value;
  if (!option.value_name.empty()) {
    std::string action;
    switch (value_kind(option)) {
    case ValueKind::choices:
      action = fmt::format("({})", join(option.choices));
      break;
    case ValueKind::directory:
      action = "_files -/";
      break;
    case ValueKind::file:
      action = "_files";
      break;
    case ValueKind::none:
      action = " ";
      break;
    }
    value = fmt::format("{}{}:{}", option.value_optional ? "::" : ":", zsh_description(option.value_name), action);
  }
  std::string name_part = option.value_optional ? names + "=-" : names;
  return fmt::format("{}{}{}", prefix, name_part, single_quoted(description + value));
}

} // namespace

ValueKind value_kind(const OptionDoc& option, bool positional)
{
  if (!option.choices.empty()) {
    return ValueKind::choices;
  }
  if (option.value_name == "DIR") {
    return ValueKind::directory;
  }
  if (positional || option.value_name == "FILE" || option.value_name == "PATH") {
    return ValueKind::file;
  }
  return ValueKind::none;
}

std::string bash_completion(const CommandDoc& program)
{
  std::string out = fmt::format("# bash completion for {0}; generated by '{0} completions bash'.\n\n", program.name);
  out += fmt::format("_{}()\n{{\n", program.name);
  out += "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" command=\"\" i\n";
  // The command is the first word that is neither an option nor the value of one.
  std::vector<std::string> with_values;
  for (const OptionDoc& option : program.options) {
    if (takes_value(option)) {
      with_values.insert(with_values.end(), option.names.begin(), option.names.end());
    }
  }
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n    case \"${COMP_WORDS[i]}\" in\n";
  if (!with_values.empty()) {
    out += fmt::format("      {}) ((i++)) ;;\n", join(with_values, "|"));
  }
  out += "      -*) ;;\n      *) command=\"${COMP_WORDS[i]}\"; break ;;\n    esac\n  done\n";
  out += "  case \"$command\" in\n    \"\")\n";
  out += bash_command_body(program, "      ");
  out += "      ;;\n";
  for (const CommandDoc& command : program.subcommands) {
    out += fmt::format("    {})\n", command.name);
    out += bash_command_body(command, "      ");
    out += "      ;;\n";
  }
  out += "  esac\n}\n\n";
  out += fmt::format("complete -o filenames -o bashdefault -F _{0} {0}\n", program.name);
  return out;
}

std::string zsh_completion(const CommandDoc& program)
{
  std::string out = fmt::format("#compdef {0}\n# zsh completion for {0}; generated by '{0} completions zsh'.\n\n",
                                program.name);
  out += fmt::format("_{}() {{\n", program.name);
  out += "  local curcontext=\"$curcontext\" state line\n  typeset -A opt_args\n  _arguments -C \\\n";
  for (const OptionDoc& option : program.options) {
    out += fmt::format("    {} \\\n", zsh_option_spec(option));
  }
  out += "    '1:command:->command' \\\n    '*::argument:->argument'\n";
  out += "  case $state in\n    command)\n      local -a commands\n      commands=(\n";
  for (const CommandDoc& command : program.subcommands) {
    out += fmt::format("        {}\n", single_quoted(command.name + ":" + command.description));
  }
  out += "      )\n      _describe -t commands 'command' commands ;;\n    argument)\n      case $line[1] in\n";
  for (const CommandDoc& command : program.subcommands) {
    out += fmt::format("        {})\n          _arguments \\\n", command.name);
    for (const OptionDoc& option : command.options) {
      out += fmt::format("            {} \\\n", zsh_option_spec(option));
    }
    for (const OptionDoc& positional : command.positionals) {
      out += fmt::format("            {} \\\n",
                         single_quoted(fmt::format("{}:{}:_files", positional.repeatable ? "*" : "1",
                                                   zsh_description(positional.names[0]))));
    }
    out += "            ;;\n";
  }
  out += "      esac ;;\n  esac\n}\n\n";
  out += fmt::format("_{} \"$@\"\n", program.name);
  return out;
}

std::string fish_completion(const CommandDoc& program)
{
  const std::string& name = program.name;
  std::string out = fmt::format("# fish completion for {0}; generated by '{0} completions fish'.\n\n", name);
  out += fmt::format("complete -c {} -f\n", name);
  auto option_line = [&](const std::string& condition, const OptionDoc& option) {
    std::string line = fmt::format("complete -c {} -n {}", name, fish_quoted(condition));
    for (const std::string& n : option.names) {
      line += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
    }
    if (takes_value(option)) {
      switch (value_kind(option)) {
      case ValueKind::choices:
        line += " -x -a " + fish_quoted(join(option.choices));
        break;
      case ValueKind::directory:
        line += " -x -a '(__fish_complete_directories)'";
        break;
      case ValueKind::file:
        line += " -r -F";
        break;
      case ValueKind::none:
        line += " -x";
        break;
      }
    }
    return line + " -d " + fish_quoted(option.description) + "\n";
  };
  const std::string top = "__fish_use_subcommand";
  const std::string top_quoted = fish_quoted(top);
  for (const OptionDoc& option : program.options) {
    out += option_line(top, option);
  }
  for (const CommandDoc& command : program.subcommands) {
    out += fmt::format("complete -c {} -n {} -a {} -d {}\n", name, top_quoted, command.name,
                       fish_quoted(command.description));
  }
  for (const CommandDoc& command : program.subcommands) {
    const std::string condition = "__fish_seen_subcommand_from " + command.name;
    for (const OptionDoc& option : command.options) {
      out += option_line(condition, option);
    }
    if (!command.positionals.empty()) {
      out += fmt::format("complete -c {} -n {} -F\n", name, fish_quoted(condition));
    }
  }
  return out;
}

} // namespace llmops
