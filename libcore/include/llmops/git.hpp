#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace llmops {

// The output and exit status of a finished program.
struct ProcessResult
{
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up in PATH) in `cwd` without a shell and waits for it.
// Throws `Error` when the program cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

// The files (relative to `root`, '/' separated) that differ from `base` in the git work tree at
// `root`: committed, staged, unstaged and untracked-but-not-ignored changes; deletions excluded.
// When `base` is empty, it is the merge base of HEAD with `main_branch` (or origin/`main_branch`).
// Throws `Error` when git fails (not a repository, unknown base).
std::vector<std::string> changed_files(const std::filesystem::path& root, const std::string& base,
                                       const std::string& main_branch);

} // namespace llmops
