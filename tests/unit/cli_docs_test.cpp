// Tests for libcore/src/completions.cpp and man_page.cpp: what each generator makes of a small
// program, quoting included. The real program's scripts are exercised by tests/cli.
#include "llmops/cli_docs.hpp"

#include <catch2/catch.hpp>

using namespace llmops;

namespace {

CommandDoc program()
{
  CommandDoc root{"tool", "tool: does things.", "Exit codes: 0 fine.", {}, {}, {}};
  root.options = {{{"-h", "--help"}, "Print help", "", {}, false, false, false},
                  {{"-C"}, "Run in DIR", "DIR", {}, false, false, false}};
  CommandDoc check{"check", "Check [things]: it's careful", "Exit codes: 1 findings.", {}, {}, {}};
  check.options = {{{"--format"}, "Output format", "FORMAT", {"text", "json"}, false, false, false},
                   {{"--since"}, "Since BASE", "BASE", {}, true, false, false},
                   {{"--map"}, "Rename 'A=B'", "A=B", {}, false, true, false},
                   {{"-q", "--quiet"}, "Say less", "", {}, false, false, false}};
  check.positionals = {{{"PATH"}, "Files to check", "PATH", {}, false, true, false}};
  root.subcommands = {check};
  return root;
}

} // namespace

TEST_CASE("a value is completed from its choices, as a folder, as a file, or not at all")
{
  const CommandDoc doc = program();
  CHECK(value_kind(doc.subcommands[0].options[0]) == ValueKind::choices);
  CHECK(value_kind(doc.options[1]) == ValueKind::directory);
  CHECK(value_kind(doc.subcommands[0].options[2]) == ValueKind::none);
  CHECK(value_kind(doc.subcommands[0].positionals[0], true) == ValueKind::file);
}

TEST_CASE("bash completes options with values, the command's words and its files")
{
  const std::string script = bash_completion(program());
  CHECK(script.find("      -C) ((i++)) ;;\n") != std::string::npos);
  CHECK(script.find("        --format) COMPREPLY=($(compgen -W 'text json' -- \"$cur\")); return ;;\n") !=
        std::string::npos);
  CHECK(script.find("--since)") == std::string::npos); // its value is optional: never the next word
  CHECK(script.find("COMPREPLY=($(compgen -W '--format --since --map -q --quiet' -- \"$cur\"))") != std::string::npos);
  CHECK(script.find("complete -o filenames -o bashdefault -F _tool tool\n") != std::string::npos);
}

TEST_CASE("zsh specs escape brackets and colons and quote for the shell")
{
  const std::string script = zsh_completion(program());
  CHECK(script.find("#compdef tool\n") == 0);
  CHECK(script.find("'check:Check [things]: it'\\''s careful'") != std::string::npos);
  CHECK(script.find("--format'[Output format]:FORMAT:(text json)'") != std::string::npos);
  CHECK(script.find("--since=-'[Since BASE]::BASE: '") != std::string::npos);
  CHECK(script.find("'*'--map'[Rename '\\''A=B'\\'']:A=B: '") != std::string::npos);
  CHECK(script.find("'(-q --quiet)'{-q,--quiet}'[Say less]'") != std::string::npos);
  CHECK(script.find("'*:PATH:_files'") != std::string::npos);
}

TEST_CASE("fish lines name each option once, with its values and description")
{
  const std::string script = fish_completion(program());
  CHECK(script.find("complete -c tool -n '__fish_use_subcommand' -s C -x -a '(__fish_complete_directories)' -d "
                    "'Run in DIR'\n") != std::string::npos);
  CHECK(script.find("complete -c tool -n '__fish_use_subcommand' -a check -d 'Check [things]: it\\'s careful'\n") !=
        std::string::npos);
  CHECK(script.find("complete -c tool -n '__fish_seen_subcommand_from check' -l format -x -a 'text json' -d 'Output "
                    "format'\n") != std::string::npos);
  CHECK(script.find("complete -c tool -n '__fish_seen_subcommand_from check' -s q -l quiet -d 'Say less'\n") !=
        std::string::npos);
  CHECK(script.find("complete -c tool -n '__fish_seen_subcommand_from check' -F\n") != std::string::npos);
}

TEST_CASE("the manual page has a section per command and escapes roff")
{
  const std::string page = man_page(program(), "1.2.3");
  CHECK(page.find(".TH TOOL 1 \"\" \"tool 1.2.3\" \"User Commands\"\n") != std::string::npos);
  CHECK(page.find(".SH NAME\ntool \\- does things.\n") != std::string::npos);
  CHECK(page.find("\\fBtool check\\fR [\\fIOPTIONS\\fR] [\\fIPATH\\fR...]\n") != std::string::npos);
  CHECK(page.find(".TP\n\\fB\\-\\-format\\fR \\fIFORMAT\\fR\nOutput format. One of: text, json.\n") !=
        std::string::npos);
  CHECK(page.find(".TP\n\\fB\\-\\-since\\fR[=\\fIBASE\\fR]\n") != std::string::npos);
  CHECK(page.find(".TP\n\\fBPATH\\fR...\nFiles to check.\n") != std::string::npos);
  CHECK(page.find(".SH EXIT STATUS\n.PP\nExit codes: 0 fine.\n") != std::string::npos);
}
