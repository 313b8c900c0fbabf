// Tests for libcore/src/config.cpp: finding the database root and reading llmops.toml.
#include "test_support.hpp"

#include "llmops/config.hpp"
#include "llmops/error.hpp"
#include "llmops/rules.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace llmops;
using namespace llmops::test;

namespace fs = std::filesystem;

namespace {

// The message of the `Error` that reading `toml` as llmops.toml throws, with the file's path
// replaced by "llmops.toml".
std::string config_error(const std::string& toml)
{
  TempDir dir;
  write_file(dir.path() / "llmops.toml", toml);
  try {
    load_config(dir.path());
  } catch (const Error& e) {
    std::string message = e.what();
    std::string path = (dir.path() / "llmops.toml").string();
    if (auto at = message.find(path); at != std::string::npos) {
      message.replace(at, path.size(), "llmops.toml");
    }
    return message;
  }
  return "(no error)";
}

} // namespace

TEST_CASE("the root is the nearest folder at or above the start that holds llmops.toml")
{
  TempDir dir;
  const fs::path root = fs::canonical(dir.path());
  write_file(root / "llmops.toml", "");
  fs::create_directories(root / "cases" / "deeper");

  CHECK(find_root(root) == root);
  CHECK(find_root(root / "cases") == root);
  CHECK(find_root(root / "cases" / "deeper") == root);

  SECTION("a nested database wins over the one above it")
  {
    write_file(root / "cases" / "llmops.toml", "");
    CHECK(find_root(root / "cases" / "deeper") == root / "cases");
  }
  SECTION("a folder named llmops.toml does not mark a root")
  {
    fs::create_directories(root / "cases" / "deeper" / "llmops.toml");
    CHECK(find_root(root / "cases" / "deeper") == root);
  }
}

TEST_CASE("without llmops.toml above the start, find_root says how to fix it")
{
  TempDir dir;
  const fs::path start = fs::canonical(dir.path());
  CHECK_THROWS_WITH(find_root(start), "no llmops.toml in " + start.string() +
                                        " or any parent folder; run inside a llmops database or pass -C DIR");
}

TEST_CASE("llmops.toml sets paths, limits, lint options and rule severities")
{
  TempDir dir;
  write_file(dir.path() / "llmops.toml", R"(
[paths]
cases = "data/cases"
[limits]
max_file_bytes = 1000
max_depth = 5
max_tags_per_case = 7
max_line_bytes = 100
year_min = 2000
year_max_ahead = 0
[lint]
main_branch = "trunk"
sort_tags = true
title_similarity = 0.75
[rules]
summary-missing = "off"
duplicate-title = "error"
)");
  Config config = load_config(dir.path());
  CHECK(config.root == dir.path());
  CHECK(config.cases_dir == "data/cases");
  CHECK(config.schema_dir == "schema");
  CHECK(config.cache_dir == ".llmops/cache");
  CHECK(config.limits.max_file_bytes == 1000);
  CHECK(config.limits.max_depth == 5);
  CHECK(config.limits.max_tags_per_case == 7);
  CHECK(config.limits.max_line_bytes == 100);
  CHECK(config.limits.year_min == 2000);
  CHECK(config.limits.year_max_ahead == 0);
  CHECK(config.main_branch == "trunk");
  CHECK(config.sort_tags);
  CHECK(config.title_similarity == Approx(0.75));
  CHECK(rule_severity(config, "summary-missing") == Severity::off);
  CHECK(rule_severity(config, "duplicate-title") == Severity::error);
  CHECK(rule_severity(config, "tag-alias") == Severity::warning); // the default
}

TEST_CASE("an empty llmops.toml means every default")
{
  TempDir dir;
  write_file(dir.path() / "llmops.toml", "# nothing set\n");
  Config config = load_config(dir.path());
  CHECK(config.cases_dir == "cases");
  CHECK(config.limits.max_file_bytes == 262144);
  CHECK(config.limits.max_depth == 8);
  CHECK(config.limits.max_line_bytes == 16384);
  CHECK(config.title_similarity == Approx(0.9));
  CHECK_FALSE(config.sort_tags);
  CHECK(config.severities.empty());
}

TEST_CASE("an invalid llmops.toml is refused with its file, line and problem")
{
  SECTION("a TOML syntax error")
  {
    CHECK_THAT(config_error("[limits]\nmax_depth = \n"), Catch::StartsWith("llmops.toml:2:"));
  }
  SECTION("an unknown rule id, with where to find the real ones")
  {
    CHECK(config_error("[rules]\nsummary-missing = \"off\"\nno-such-rule = \"off\"\n") ==
          "llmops.toml:3:16: unknown rule 'no-such-rule' (llmops lint --list-rules lists them)");
  }
  SECTION("a severity that is not one of the four")
  {
    CHECK(config_error("[rules]\ntag-alias = \"fatal\"\n") ==
          "llmops.toml:2:13: rule 'tag-alias' must be \"error\", \"warning\", \"info\" or \"off\"");
    CHECK(config_error("[rules]\ntag-alias = 1\n") ==
          "llmops.toml:2:13: rule 'tag-alias' must be \"error\", \"warning\", \"info\" or \"off\"");
  }
  SECTION("an unknown section or key")
  {
    CHECK(config_error("[paths]\ncases = \"cases\"\n[limit]\nmax_depth = 3\n") ==
          "llmops.toml:3:1: unknown key 'limit' in llmops.toml");
    CHECK(config_error("[limits]\nmax_dept = 3\n") == "llmops.toml:2:12: unknown key 'max_dept' in [limits]");
  }
  SECTION("a value of the wrong type")
  {
    CHECK(config_error("[limits]\nmax_depth = \"8\"\n") == "llmops.toml:2:13: 'max_depth' must be an integer");
    CHECK(config_error("[lint]\nsort_tags = \"yes\"\n") == "llmops.toml:2:13: 'sort_tags' must be true or false");
  }
  SECTION("a negative size")
  {
    CHECK(config_error("[limits]\nmax_file_bytes = -1\n") == "llmops.toml:2:18: 'max_file_bytes' must not be negative");
  }
}

// The contract of load_config names the line of every problem; range checks do not yet.
TEST_CASE("a value out of range in llmops.toml is refused at its line")
{
  SECTION("a depth too small to hold a case")
  {
    CHECK(config_error("[limits]\nmax_depth = 2\n") ==
          "llmops.toml:2:13: limits.max_depth must be at least 3 (a case nests tags three deep)");
  }
  SECTION("a title similarity outside (0, 1]")
  {
    CHECK(config_error("[lint]\ntitle_similarity = 1.5\n") ==
          "llmops.toml:2:20: lint.title_similarity must be in (0, 1]");
  }
  SECTION("a path that leaves the root")
  {
    CHECK(config_error("[paths]\ncases = \"../elsewhere\"\n") ==
          "llmops.toml:2:9: [paths] cases must name a folder inside the database root, not '../elsewhere'");
  }
}

TEST_CASE("a value out of range in llmops.toml is refused")
{
  CHECK_THAT(config_error("[limits]\nmax_depth = 2\n"),
             Catch::EndsWith(": limits.max_depth must be at least 3 (a case nests tags three deep)"));
  CHECK_THAT(config_error("[lint]\ntitle_similarity = 0\n"),
             Catch::EndsWith(": lint.title_similarity must be in (0, 1]"));
  CHECK_THAT(config_error("[paths]\ncache = \"/tmp/cache\"\n"),
             Catch::EndsWith(": [paths] cache must name a folder inside the database root, not '/tmp/cache'"));
}

TEST_CASE("a missing llmops.toml cannot be read")
{
  TempDir dir;
  CHECK_THROWS_AS(load_config(dir.path()), Error);
}

TEST_CASE("every rule id is unique and has a description")
{
  std::set<std::string_view> ids;
  for (const Rule& rule : all_rules()) {
    CHECK(ids.insert(rule.id).second);
    CHECK_FALSE(rule.description.empty());
    CHECK(find_rule(rule.id) == &rule);
  }
  CHECK(find_rule("no-such-rule") == nullptr);
  CHECK(ids.count("summary-missing") == 1);
  CHECK(find_rule("summary-missing")->default_severity == Severity::info);
  CHECK(find_rule("tag-alias")->fixable);
}
