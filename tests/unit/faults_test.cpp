// The fault corpus (tests/data/faults, made by gen_corpus.py with half its cases broken and
// converted by convert_faults.py): every injected fault is reported at its place, and nothing
// is reported as an error anywhere else.
#include "test_support.hpp"

#include "llmops/lint.hpp"
#include "llmops/store.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

using namespace llmops;
using namespace llmops::test;

namespace {

struct Expected
{
  std::string path;
  std::uint32_t line = 0;
  std::string rule;
};

// The rows of expected.tsv: path, line, rule; '#' starts a comment line.
std::vector<Expected> read_expected(const std::filesystem::path& file)
{
  std::vector<Expected> rows;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::istringstream fields(line);
    Expected row;
    std::string number;
    std::getline(fields, row.path, '\t');
    std::getline(fields, number, '\t');
    std::getline(fields, row.rule, '\t');
    row.line = static_cast<std::uint32_t>(std::stoul(number));
    rows.push_back(row);
  }
  return rows;
}

LintReport lint_faults()
{
  const auto root = data_dir() / "faults";
  Project project = Project::open(root);
  LintRequest request;
  request.use_cache = false; // never write into the source tree
  request.current_year = 2025;
  return run_lint(project, DiskStore(root), request);
}

} // namespace

TEST_CASE("every injected fault of the fault corpus is reported at its place")
{
  const auto rows = read_expected(data_dir() / "faults" / "expected.tsv");
  REQUIRE(rows.size() >= 20);
  const LintReport report = lint_faults();
  CHECK(report.summary.files == 40);

  std::set<std::tuple<std::string, std::uint32_t, std::string>> found;
  for (const auto& d : report.diagnostics) {
    found.emplace(d.path, d.position.line, d.rule);
  }
  for (const auto& row : rows) {
    INFO(row.path << ":" << row.line << " [" << row.rule << "]");
    CHECK(found.count({row.path, row.line, row.rule}) == 1);
  }

  SECTION("duplicate source URLs are reported on both sides")
  {
    std::size_t duplicates = 0;
    for (const auto& row : rows) {
      duplicates += row.rule == "duplicate-url" ? 1U : 0U;
    }
    CHECK(duplicates == 8);
    CHECK(render_rule(report.diagnostics, "duplicate-url").size() == 7); // one case is duplicated twice
  }
  SECTION("no error is reported away from an injected fault")
  {
    std::set<std::pair<std::string, std::uint32_t>> places;
    for (const auto& row : rows) {
      places.emplace(row.path, row.line);
    }
    for (const auto& d : report.diagnostics) {
      if (d.severity == Severity::error) {
        INFO(render(d));
        CHECK(places.count({d.path, d.position.line}) == 1);
      }
    }
  }
}
