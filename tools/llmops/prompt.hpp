#pragma once
// Questions on a terminal for `llmops add`: prompts on stderr, answers read from stdin one line
// at a time, Ctrl-C and Ctrl-D turned into exceptions, the terminal's state put back on exit.

#include <csignal>
#include <optional>
#include <string>
#include <string_view>
#include <termios.h>

namespace llmops::cli {

// Ctrl-C at a prompt: the command writes nothing and exits with `k_interrupted_exit`.
struct Interrupted
{
};

// Ctrl-D (end of input) at a prompt: the command writes nothing.
struct InputEnded
{
};

// The exit status after Ctrl-C: 128 + SIGINT, as shells report a command stopped by it.
inline constexpr int k_interrupted_exit = 130;

// A session of questions. While it lives, SIGINT interrupts a pending read instead of killing the
// program; its destructor restores the signal disposition and the terminal attributes.
class Prompter
{
public:
  Prompter();
  ~Prompter();
  Prompter(const Prompter&) = delete;
  Prompter& operator=(const Prompter&) = delete;

  // Prints `prompt` on stderr and returns the line typed, without its line break; throws
  // `Interrupted` on Ctrl-C and `InputEnded` on Ctrl-D before any character.
  std::string ask(std::string_view prompt);

  // Asks a yes/no `question`; an empty answer is `default_yes`.
  bool confirm(std::string_view question, bool default_yes);

  // Prints `text` on stderr as it is.
  void say(std::string_view text);

  // Runs the shell command `command` (an editor) with the terminal as it was before the session,
  // and returns its exit status; SIGINT goes to the command, not to this program.
  int run_command(const std::string& command);

private:
  struct sigaction m_old_action{};
  struct termios m_old_termios{};
  bool m_have_termios = false;
};

} // namespace llmops::cli
