#include "llmops/git.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT: POSIX

namespace llmops {

namespace fs = std::filesystem;

ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& cwd)
{
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str())); // NOLINT: posix_spawn's signature
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    throw Error("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  ProcessResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          sinks[i]->append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          ::close(fds[i].fd);
          fds[i].fd = -1;
          --open_count;
        }
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

namespace {

// The first line of git's complaint: enough to act on, never its whole usage text.
std::string first_line(std::string_view err)
{
  err = text::trim(err);
  return std::string(err.substr(0, err.find('\n')));
}

std::string git_or_throw(const fs::path& root, std::vector<std::string> args, const std::string& what)
{
  args.insert(args.begin(), "git");
  ProcessResult r = run_process(args, root);
  if (r.exit_code != 0) {
    throw Error(what + ": " + first_line(r.err));
  }
  return r.out;
}

void split_nul(const std::string& s, std::vector<std::string>& out)
{
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find('\0', start);
    if (end == std::string::npos) {
      end = s.size();
    }
    if (end > start) {
      out.push_back(s.substr(start, end - start));
    }
    start = end + 1;
  }
}

} // namespace

std::vector<std::string> changed_files(const fs::path& root, const std::string& base, const std::string& main_branch)
{
  ProcessResult inside = run_process({"git", "rev-parse", "--is-inside-work-tree"}, root);
  if (inside.exit_code != 0) {
    throw Error("--changed: " + root.string() + " is not in a git work tree (" + first_line(inside.err) + ")");
  }
  std::string from = base;
  if (from.empty()) {
    std::string last_error;
    for (const std::string& candidate : {main_branch, "origin/" + main_branch}) {
      ProcessResult r = run_process({"git", "merge-base", "HEAD", candidate}, root);
      if (r.exit_code == 0) {
        from = std::string(text::trim(r.out));
        break;
      }
      last_error = first_line(r.err);
    }
    if (from.empty()) {
      ProcessResult shallow = run_process({"git", "rev-parse", "--is-shallow-repository"}, root);
      std::string hint = text::trim(shallow.out) == "true"
                           ? "this clone is shallow: fetch more history ('git fetch --unshallow') or "
                           : "";
      throw Error("--changed: cannot find where HEAD left '" + main_branch + "' or 'origin/" + main_branch + "'" +
                  (last_error.empty() ? "" : " (" + last_error + ")") + "; " + hint + "name the base with --changed=REF");
    }
  } else if (run_process({"git", "rev-parse", "--verify", "--quiet", from + "^{commit}"}, root).exit_code != 0) {
    throw Error("--changed=" + from + ": not a commit in this repository");
  }
  std::vector<std::string> files;
  split_nul(git_or_throw(root, {"diff", "--name-only", "-z", "--relative", "--diff-filter=ACMRT", from, "--"},
                         "--changed: git diff against '" + from + "' failed"),
            files);
  split_nul(git_or_throw(root, {"ls-files", "-z", "--others", "--exclude-standard"},
                         "--changed: git ls-files failed"),
            files);
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

} // namespace llmops
