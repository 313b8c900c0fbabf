#include "test_support.hpp"

#include "llmops/case_edit.hpp"
#include "llmops/fs.hpp"
#include "llmops/lint.hpp"
#include "llmops/tags_ops.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <random>
#include <sstream>

using namespace llmops;

namespace {

// The canonical tags of the test vocabulary, by family.
const std::vector<std::pair<std::string, std::vector<std::string>>> k_families = {
  {"application", {"chatbot", "customer-support", "question-answering", "summarization"}},
  {"technique", {"embeddings", "evals", "fine-tuning", "prompt-engineering", "rag", "reranking", "retrieval"}},
  {"tool", {"aws", "langchain", "openai", "pinecone"}},
  {"practice", {"cicd", "monitoring"}},
};

// A valid case with randomly chosen tags, written in randomly chosen (valid) styles: flow or
// block lists, plain, single- or double-quoted tags, comments and blank lines.
std::string random_case(std::mt19937& random, int index)
{
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  auto quote = [&](const std::string& slug) {
    switch (pick(4)) {
    case 0:
      return "'" + slug + "'";
    case 1:
      return "\"" + slug + "\"";
    default:
      return slug;
    }
  };
  std::string id = fmt::format("case-{:04d}", index);
  std::string text = "# yaml-language-server: $schema=../schema/case.schema.json\n";
  text += pick(2) ? "schema_version: 1\n" : "schema_version: 1   # always one\n";
  text += "id: " + id + "\n";
  text += fmt::format("title: \"Case {}: a study\"\n", index);
  text += fmt::format("company: {}\n", std::string(1, static_cast<char>('A' + index % 26)) + "corp" + id);
  text += pick(2) ? "industry: tech\n" : "industry: 'tech'\n";
  text += "status: published\n";
  text += pick(3) == 0 ? "\n" : "";
  text += fmt::format("source_url: https://example.com/{}/{}\n", id, pick(1000));
  text += "tags:\n";
  text += pick(2) ? "  # the families\n" : "";
  const std::string indent(static_cast<std::size_t>(2 + 2 * pick(2)), ' ');
  for (const auto& [family, slugs] : k_families) {
    std::vector<std::string> chosen;
    for (const auto& slug : slugs) {
      if (pick(3) == 0) {
        chosen.push_back(slug);
      }
    }
    if (chosen.empty() && family != "technique") {
      continue;
    }
    if (chosen.empty()) {
      chosen.push_back("rag");
    }
    if (pick(2)) {
      std::string items;
      for (const auto& slug : chosen) {
        items += (items.empty() ? "" : pick(2) ? ", " : ",") + quote(slug);
      }
      text += indent + family + (pick(2) ? ": [" : ":   [ ") + items + "]" + (pick(2) ? "  # flow\n" : "\n");
    } else {
      text += indent + family + ":\n";
      const std::string item_indent = pick(2) ? indent : indent + "  ";
      for (const auto& slug : chosen) {
        text += item_indent + "- " + quote(slug) + (pick(4) == 0 ? "   # why\n" : "\n");
        text += pick(6) == 0 ? item_indent + "# a comment between items\n" : "";
      }
    }
  }
  text += "summary: >-\n  Written in our own words.\n";
  return text;
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

} // namespace

TEST_CASE("renaming a tag in random case files changes only the bytes of their tag lines, and they lint clean")
{
  test::TempDir dir;
  test::copy_fixture("db", dir.path());
  std::mt19937 random(20260301);
  std::map<std::string, std::string> before;
  for (int i = 0; i < 200; ++i) {
    std::string path = fmt::format("cases/case-{:04d}.yaml", i);
    before[path] = random_case(random, i);
    test::write_file(dir.path() / path, before[path]);
  }
  const Project project = Project::open(dir.path());
  TagPlan plan = plan_tag_merge(project, DiskStore(dir.path()), {"rag"}, "retrieval-augmented", true);
  REQUIRE(plan.problems.empty());
  REQUIRE(plan.cases_changed > 50);
  write_plan(dir.path(), plan);

  std::size_t changed = 0;
  for (const auto& [path, text] : before) {
    std::string after = read_whole_file(dir.path() / path);
    auto old_lines = lines_of(text);
    auto new_lines = lines_of(after);
    REQUIRE(old_lines.size() == new_lines.size());
    for (std::size_t i = 0; i < old_lines.size(); ++i) {
      if (old_lines[i] != new_lines[i]) {
        INFO(path << " line " << i + 1);
        CHECK(old_lines[i].find("rag") != std::string::npos);
        std::string expected = old_lines[i];
        expected.replace(expected.find("rag"), 3, "retrieval-augmented");
        CHECK(new_lines[i] == expected);
      }
    }
    changed += text != after ? 1U : 0U;
    auto tags = read_case_tags(after);
    REQUIRE(tags);
  }
  const auto generated = std::count_if(plan.files.begin(), plan.files.end(),
                                       [](const FileChange& f) { return f.path.starts_with("cases/case-"); });
  CHECK(changed == static_cast<std::size_t>(generated));

  const Project renamed = Project::open(dir.path());
  LintRequest request;
  request.use_cache = false;
  LintReport report = run_lint(renamed, DiskStore(dir.path()), request);
  for (const Diagnostic& d : report.diagnostics) {
    INFO(test::render(d));
    CHECK(d.severity != Severity::error);
    CHECK(!d.rule.starts_with("tag"));
  }
}

TEST_CASE("a rename that cannot rewrite one case writes nothing")
{
  test::TempDir dir;
  test::copy_fixture("db", dir.path());
  // A tag in a block scalar cannot be edited in place.
  test::write_file(dir.path() / "cases/odd.yaml",
                   test::replace_line(test::valid_case("odd"), "  technique:", "  technique:\n    - |\n      rag"));
  const Project project = Project::open(dir.path());
  TagPlan plan = plan_tag_merge(project, DiskStore(dir.path()), {"rag"}, "retrieval-augmented", true);
  REQUIRE(plan.problems.size() == 1);
  CHECK(plan.problems.front().path == "cases/odd.yaml");
  CHECK(read_whole_file(dir.path() / "schema/tags.toml").find("[tags.rag]") != std::string::npos);
}

TEST_CASE("a rename run again after its vocabulary was written retags the cases left, then does nothing")
{
  test::TempDir dir;
  test::copy_fixture("db", dir.path());
  const std::string before = read_whole_file(dir.path() / "cases/acme-support-bot.yaml");
  {
    const Project project = Project::open(dir.path());
    write_plan(dir.path(), plan_tag_merge(project, DiskStore(dir.path()), {"rag"}, "retrieval-augmented", true));
  }
  const std::string renamed = read_whole_file(dir.path() / "cases/acme-support-bot.yaml");
  REQUIRE(renamed != before);
  // As if killed after the vocabulary was written but before this case was.
  write_file_atomic(dir.path() / "cases/acme-support-bot.yaml", before);
  const std::string vocabulary = read_whole_file(dir.path() / "schema/tags.toml");

  const Project again = Project::open(dir.path());
  TagPlan plan = plan_tag_merge(again, DiskStore(dir.path()), {"rag"}, "retrieval-augmented", true);
  REQUIRE(plan.problems.empty());
  REQUIRE(plan.files.size() == 1);
  CHECK(plan.files.front().path == "cases/acme-support-bot.yaml");
  CHECK(plan.files.front().after == renamed);
  write_plan(dir.path(), plan);
  CHECK(read_whole_file(dir.path() / "schema/tags.toml") == vocabulary);

  const Project done = Project::open(dir.path());
  TagPlan nothing = plan_tag_merge(done, DiskStore(dir.path()), {"rag"}, "retrieval-augmented", true);
  CHECK(nothing.problems.empty());
  CHECK(nothing.files.empty());
}

TEST_CASE("merging tags keeps one of them in a case that had both, and the others become aliases")
{
  test::TempDir dir;
  test::copy_fixture("db", dir.path());
  const Project project = Project::open(dir.path());
  TagPlan plan = plan_tag_merge(project, DiskStore(dir.path()), {"retrieval", "reranking"}, "rag", false);
  REQUIRE(plan.problems.empty());
  write_plan(dir.path(), plan);
  const Project merged = Project::open(dir.path());
  CHECK(merged.vocabulary.lookup_tag("retrieval").canonical == "rag");
  CHECK(merged.vocabulary.lookup_tag("reranking").canonical == "rag");
  CHECK(merged.vocabulary.find_tag("reranking") == nullptr);
  for (const auto& path : {"cases/acme-support-bot.yaml", "cases/globex-contract-review.yaml",
                           "cases/initech-search-assistant.yaml"}) {
    auto tags = read_case_tags(read_whole_file(dir.path() / path));
    REQUIRE(tags);
    for (const auto& family : *tags) {
      CHECK(std::count(family.slugs.begin(), family.slugs.end(), "rag") <= 1);
      CHECK(std::count(family.slugs.begin(), family.slugs.end(), "retrieval") == 0);
    }
  }
}

TEST_CASE("tag apply --where selects the cases the query matches, in path order, aliases resolved")
{
  test::TempDir dir;
  test::copy_fixture("db", dir.path());
  const Project project = Project::open(dir.path());
  const DiskStore store(dir.path());
  auto select = [&](std::string_view expression) {
    return query_case_paths(project, store, parse_query(expression, project.vocabulary, project.schema));
  };
  CHECK(select("tag:question-answering") ==
        std::vector<std::string>{"cases/globex-contract-review.yaml", "cases/initech-search-assistant.yaml"});
  CHECK(select("industry:finance OR tag:chatbot") ==
        std::vector<std::string>{"cases/acme-support-bot.yaml", "cases/initech-search-assistant.yaml"});
  CHECK(select("-tag:question-answering") == std::vector<std::string>{"cases/acme-support-bot.yaml"});
  CHECK(select("contracts") == std::vector<std::string>{"cases/globex-contract-review.yaml"});
  CHECK(select("tag:cicd year:2024").empty());
}
