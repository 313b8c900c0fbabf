#include "prompt.hpp"

#include "llmops/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace llmops::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int /*signal*/)
{
  g_interrupted = 1;
}

} // namespace

Prompter::Prompter()
{
  m_have_termios = ::tcgetattr(STDIN_FILENO, &m_old_termios) == 0;
  struct sigaction action{};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; // no SA_RESTART: a pending read returns EINTR
  ::sigaction(SIGINT, &action, &m_old_action);
  g_interrupted = 0;
}

Prompter::~Prompter()
{
  if (m_have_termios) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &m_old_termios);
  }
  ::sigaction(SIGINT, &m_old_action, nullptr);
}

void Prompter::say(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

std::string Prompter::ask(std::string_view prompt)
{
  say(prompt);
  std::string line;
  for (;;) {
    if (g_interrupted != 0) {
      say("\n");
      throw Interrupted{};
    }
    char c = 0;
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) {
      if (c == '\n') {
        return line;
      }
      line += c;
    } else if (n == 0) {
      if (line.empty()) {
        say("\n");
        throw InputEnded{};
      }
      return line;
    } else if (errno != EINTR) {
      throw Error(std::string("cannot read the answer: ") + std::strerror(errno));
    }
  }
}

bool Prompter::confirm(std::string_view question, bool default_yes)
{
  for (;;) {
    std::string answer = ask(std::string(question) + (default_yes ? " [Y/n] " : " [y/N] "));
    if (answer.empty()) {
      return default_yes;
    }
    if (answer == "y" || answer == "Y" || answer == "yes") {
      return true;
    }
    if (answer == "n" || answer == "N" || answer == "no") {
      return false;
    }
    say("  please answer y or n\n");
  }
}

int Prompter::run_command(const std::string& command)
{
  if (m_have_termios) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &m_old_termios);
  }
  const int status = std::system(command.c_str()); // ignores SIGINT while the command runs
  g_interrupted = 0;
  if (m_have_termios) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &m_old_termios);
  }
  return status;
}

} // namespace llmops::cli
