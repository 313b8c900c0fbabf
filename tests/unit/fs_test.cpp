// Tests for libcore/src/fs.cpp: exclusive creation never replaces a file, leaves no temporary
// behind, and lets exactly one of several racing writers win.
#include "test_support.hpp"

#include "llmops/error.hpp"
#include "llmops/fs.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace llmops;
using namespace llmops::test;

namespace fs = std::filesystem;

namespace {

std::size_t entries(const fs::path& dir)
{
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

} // namespace

TEST_CASE("an exclusive create writes a new file and refuses an existing one")
{
  TempDir dir;
  const fs::path path = dir.path() / "case.yaml";
  CHECK(create_file_exclusive(path, "first\n"));
  CHECK(read_file(path) == "first\n");
  CHECK_FALSE(create_file_exclusive(path, "second\n"));
  CHECK(read_file(path) == "first\n");
  CHECK(entries(dir.path()) == 1); // no temporary file left behind
}

TEST_CASE("of writers racing for one name, exactly one wins and its bytes are whole")
{
  TempDir dir;
  const fs::path path = dir.path() / "race.yaml";
  std::atomic<int> wins{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 8; ++i) {
    writers.emplace_back([&, i]() {
      if (create_file_exclusive(path, std::string(4096, static_cast<char>('a' + i)))) {
        ++wins;
      }
    });
  }
  for (auto& writer : writers) {
    writer.join();
  }
  CHECK(wins == 1);
  const std::string bytes = read_file(path);
  REQUIRE(bytes.size() == 4096);
  CHECK(bytes == std::string(4096, bytes.front()));
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("a create in a folder that does not exist is an environment error")
{
  TempDir dir;
  CHECK_THROWS_AS(create_file_exclusive(dir.path() / "missing" / "case.yaml", "x"), Error);
  CHECK_THROWS_WITH(read_whole_file(dir.path() / "absent.yaml"),
                    Catch::Matchers::StartsWith("cannot read " + (dir.path() / "absent.yaml").string()));
}
