// yaml_loop: the parser's floor for `llmops lint`.
//
// Loads every `*.yaml` file directly inside a directory with `YAML::LoadFile` and does nothing
// else with it, on one or more threads. bench/bench.py times it next to `llmops lint` on the same
// files: lint cannot be faster than parsing with the same library unless it skips the parse
// (its cache), so this loop is the yardstick for the cold-run goal.
//
// Usage: yaml_loop [-j THREADS] DIR
// Exit codes: 0 every file parsed, 1 some file failed to parse, 2 usage or environment error.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int k_exit_ok = 0;
constexpr int k_exit_parse_failed = 1;
constexpr int k_exit_usage = 2;
constexpr unsigned k_max_threads = 256;

// What one worker saw: files loaded, top-level entries summed over them, and failures.
struct Totals
{
  std::size_t files = 0;
  std::size_t entries = 0;
  std::size_t failures = 0;
};

// Returns the regular files ending in `.yaml` directly inside `dir`, sorted by name.
std::vector<fs::path>
list_yaml_files(const fs::path& dir)
{
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Loads the files of `files` whose index it claims from `next` until none are left.
// The size of each root node is summed so the loaded document is observably used.
Totals
load_files(const std::vector<fs::path>& files, std::atomic<std::size_t>& next)
{
  Totals totals;
  for (std::size_t i = next.fetch_add(1); i < files.size(); i = next.fetch_add(1)) {
    try {
      const YAML::Node root = YAML::LoadFile(files[i].string());
      totals.entries += root.size();
      ++totals.files;
    } catch (const YAML::Exception& e) {
      ++totals.failures;
      std::fprintf(stderr, "%s: %s\n", files[i].c_str(), e.what());
    }
  }
  return totals;
}

// Parses a thread count in 1..k_max_threads from `text`; returns 0 when it is not one.
unsigned
parse_thread_count(std::string_view text)
{
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > k_max_threads) {
    return 0;
  }
  return value;
}

int
usage()
{
  std::fputs("usage: yaml_loop [-j THREADS] DIR\n", stderr);
  return k_exit_usage;
}

} // namespace

int
main(int argc, char** argv)
{
  unsigned thread_count = 1;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-j" && i + 1 < argc) {
      thread_count = parse_thread_count(argv[++i]);
      if (thread_count == 0) {
        return usage();
      }
    } else if (dir.empty() && !arg.empty() && arg.front() != '-') {
      dir = arg;
    } else {
      return usage();
    }
  }
  if (dir.empty()) {
    return usage();
  }

  std::vector<fs::path> files;
  try {
    files = list_yaml_files(dir);
  } catch (const fs::filesystem_error& e) {
    std::fprintf(stderr, "yaml_loop: error: %s\n", e.what());
    return k_exit_usage;
  }

  std::atomic<std::size_t> next{0};
  std::vector<Totals> per_thread(thread_count);
  std::vector<std::thread> helpers;
  // The main thread is worker 0, so `-j 1` runs no extra thread at all.
  for (unsigned t = 1; t < thread_count; ++t) {
    helpers.emplace_back([&files, &next, &per_thread, t] { per_thread[t] = load_files(files, next); });
  }
  per_thread[0] = load_files(files, next);
  for (std::thread& helper : helpers) {
    helper.join();
  }

  Totals sum;
  for (const Totals& totals : per_thread) {
    sum.files += totals.files;
    sum.entries += totals.entries;
    sum.failures += totals.failures;
  }
  std::printf("yaml_loop: %zu files loaded, %zu top-level entries, %zu failed, %u thread(s)\n",
              sum.files,
              sum.entries,
              sum.failures,
              thread_count);
  return sum.failures == 0 ? k_exit_ok : k_exit_parse_failed;
}
