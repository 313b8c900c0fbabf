// Tests for libcore/src/cache.cpp through run_lint: a warm run must be indistinguishable from a
// cold one, and a cache that cannot be trusted must be ignored.
#include "test_support.hpp"

#include "llmops/cache.hpp"
#include "llmops/lint.hpp"
#include "llmops/report.hpp"
#include "llmops/store.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace llmops;
using namespace llmops::test;

namespace fs = std::filesystem;

namespace {

// A copy of tests/data/db with findings of several kinds (fixable, info, positions, cross-case).
class CachedDatabase
{
public:
  CachedDatabase()
  {
    copy_fixture("db", m_dir.path() / "db");
    const fs::path cases = root() / "cases";
    write_file(cases / "acme-helpdesk.yaml",
               replace_line(replace_line(remove_line(valid_case("acme-helpdesk"), "summary:"),
                                         "  technique:", "  technique: [retreival, retrieval-augmented-generation]"),
                            "source_url:", "source_url: https://acme.example.com/blog/support-bot/"));
    write_file(cases / "crlf-case.yaml", "schema_version: 1\r\nid: crlf-case\r\ntitle: \"yes\"\r\n");
    write_file(cases / "broken.yaml", "title: \"unclosed\n");
  }

  fs::path root() const { return m_dir.path() / "db"; }
  fs::path cache_file() const { return root() / ".llmops" / "cache" / "lint.bin"; }

  // Lints the copy; `project` is reopened so that configuration changes are seen.
  LintReport lint(bool use_cache = true) const
  {
    Project project = Project::open(root());
    LintRequest request;
    request.use_cache = use_cache;
    request.current_year = 2025;
    request.threads = 2;
    return run_lint(project, DiskStore(root()), request);
  }

private:
  TempDir m_dir;
};

// Everything a user sees of a report: the text and the JSON output.
std::string shown(const LintReport& report)
{
  std::ostringstream out;
  write_text(out, report.diagnostics, TextStyle{});
  write_json(out, report);
  return out.str();
}

} // namespace

TEST_CASE("a warm run from the cache gives byte-identical findings to a cold run")
{
  CachedDatabase db;
  LintReport cold = db.lint();
  REQUIRE(fs::exists(db.cache_file()));
  CHECK(cold.summary.from_cache == 0);
  CHECK(cold.summary.errors > 0);
  CHECK(cold.summary.fixable > 0);

  LintReport warm = db.lint();
  CHECK(warm.summary.from_cache == warm.summary.checked);
  CHECK(warm.summary.checked == 6);
  CHECK(shown(warm) == shown(cold));
  CHECK(render_all(warm.diagnostics) == render_all(cold.diagnostics));
  CHECK(warm.cases.size() == cold.cases.size());
  for (std::size_t i = 0; i < warm.diagnostics.size(); ++i) {
    CHECK(warm.diagnostics[i].span == cold.diagnostics[i].span);
    CHECK(warm.diagnostics[i].fix == cold.diagnostics[i].fix);
  }
  CHECK(describe_database(warm.cases) == describe_database(cold.cases));
}

TEST_CASE("a run without the cache neither reads nor writes it")
{
  CachedDatabase db;
  LintReport first = db.lint(false);
  CHECK_FALSE(fs::exists(db.root() / ".llmops"));
  db.lint();
  LintReport again = db.lint(false);
  CHECK(again.summary.from_cache == 0);
  CHECK(shown(again) == shown(first));
}

TEST_CASE("a corrupt cache file is ignored and replaced")
{
  CachedDatabase db;
  const std::string expected = shown(db.lint());
  std::string good = read_file(db.cache_file());
  REQUIRE(good.size() > 64);

  SECTION("garbage")
  {
    write_file(db.cache_file(), "this is not a cache file");
  }
  SECTION("an empty file")
  {
    write_file(db.cache_file(), "");
  }
  SECTION("cut short")
  {
    write_file(db.cache_file(), good.substr(0, good.size() / 2));
  }
  SECTION("one byte changed in the middle")
  {
    good[good.size() / 2] = static_cast<char>(good[good.size() / 2] ^ 0x5A);
    write_file(db.cache_file(), good);
  }
  SECTION("a header that claims huge lengths")
  {
    std::string huge = good.substr(0, 24) + std::string(64, '\xFF');
    write_file(db.cache_file(), huge);
  }
  SECTION("a folder where the file should be")
  {
    fs::remove(db.cache_file());
    fs::create_directories(db.cache_file());
  }

  LintReport report = db.lint();
  CHECK(report.summary.from_cache == 0);
  CHECK(shown(report) == expected);
  if (fs::is_regular_file(db.cache_file())) {
    CHECK(db.lint().summary.from_cache == report.summary.checked);
  }
}

TEST_CASE("a changed file is re-checked and the others come from the cache")
{
  CachedDatabase db;
  db.lint();
  const fs::path globex = db.root() / "cases" / "globex-contract-review.yaml";
  write_file(globex, replace_line(read_file(globex), "status:", "status: done"));

  LintReport report = db.lint();
  CHECK(report.summary.from_cache == report.summary.checked - 1);
  CHECK(render_rule(report.diagnostics, "field-enum") ==
        std::vector<std::string>{"cases/globex-contract-review.yaml:8:9: error: 'status' must be one of: draft, "
                                 "published (not 'done') [field-enum]"});

  SECTION("and changing it back is seen too")
  {
    write_file(globex, replace_line(read_file(globex), "status:", "status: published"));
    CHECK(render_rule(db.lint().diagnostics, "field-enum").empty());
  }
}

TEST_CASE("a changed configuration invalidates the whole cache")
{
  CachedDatabase db;
  db.lint();
  write_file(db.root() / "llmops.toml", read_file(db.root() / "llmops.toml") + "tag-alias = \"error\"\n");
  LintReport report = db.lint();
  CHECK(report.summary.from_cache == 0);
  REQUIRE(render_rule(report.diagnostics, "tag-alias").size() == 1);
  CHECK_THAT(render_rule(report.diagnostics, "tag-alias")[0], Catch::Contains(": error: "));
}

TEST_CASE("a deleted file leaves the cache and the findings")
{
  CachedDatabase db;
  db.lint();
  fs::remove(db.root() / "cases" / "broken.yaml");
  LintReport report = db.lint();
  CHECK(report.summary.checked == 5);
  CHECK(report.summary.from_cache == 5);
  CHECK(render_rule(report.diagnostics, "yaml-syntax").empty());
}

TEST_CASE("LintCache reads a missing or foreign file as empty and never throws")
{
  TempDir dir;
  LintCache missing(dir.path() / "nothing-here.bin", 42);
  CHECK(missing.size() == 0);
  auto hit = missing.find("cases/a.yaml", 1);
  CHECK_FALSE(static_cast<bool>(hit));

  write_file(dir.path() / "foreign.bin", std::string(1000, 'x'));
  LintCache foreign(dir.path() / "foreign.bin", 42);
  CHECK(foreign.size() == 0);

  SECTION("an entry is found only under its path and content hash")
  {
    FileReport report;
    report.facts.path = "cases/a.yaml";
    report.facts.parsed = true;
    foreign.put("cases/a.yaml", content_hash("bytes"), report);
    CHECK(static_cast<bool>(foreign.find("cases/a.yaml", content_hash("bytes"))));
    CHECK_FALSE(static_cast<bool>(foreign.find("cases/a.yaml", content_hash("other bytes"))));
    CHECK_FALSE(static_cast<bool>(foreign.find("cases/b.yaml", content_hash("bytes"))));
  }
  SECTION("a cache written under another key is not used")
  {
    FileReport report;
    foreign.put("cases/a.yaml", 7, report);
    foreign.save();
    CHECK(LintCache(dir.path() / "foreign.bin", 42).size() == 1);
    CHECK(LintCache(dir.path() / "foreign.bin", 43).size() == 0);
  }
  SECTION("saving where nothing can be written is silently skipped")
  {
    write_file(dir.path() / "a-file", "");
    LintCache unwritable(dir.path() / "a-file" / "sub" / "lint.bin", 1);
    unwritable.put("cases/a.yaml", 1, FileReport{});
    CHECK_NOTHROW(unwritable.save());
  }
}

TEST_CASE("content_hash tells different bytes apart")
{
  CHECK(content_hash("a") == content_hash("a"));
  CHECK(content_hash("a") != content_hash("b"));
  CHECK(content_hash("") != content_hash(std::string_view("\0", 1)));
}

TEST_CASE("a changed vocabulary is seen by a warm run, whose per-file results stay cached")
{
  CachedDatabase db;
  db.lint();
  const fs::path tags = db.root() / "schema" / "tags.toml";
  std::string text = read_file(tags);
  auto at = text.find("[tags.pinecone]");
  REQUIRE(at != std::string::npos);
  text.erase(at, text.find("\n\n", at) + 2 - at);
  write_file(tags, text);

  LintReport report = db.lint();
  CHECK(render_rule(report.diagnostics, "tag-unknown") ==
        std::vector<std::string>{"cases/acme-helpdesk.yaml:12:15: error: unknown tag 'retreival' in family "
                                 "'technique'; did you mean 'retrieval' (technique)? [tag-unknown]",
                                 "cases/acme-support-bot.yaml:16:18: error: unknown tag 'pinecone' in family 'tool' "
                                 "[tag-unknown]"});
}

TEST_CASE("many files linted on several threads give the same report, cold or warm, as on one")
{
  TempDir dir;
  copy_fixture("db", dir.path() / "db");
  const fs::path root = dir.path() / "db";
  for (int i = 0; i < 300; ++i) {
    std::string id = "company" + std::to_string(i) + "-case";
    std::string text = replace_line(valid_case(id), "company:", "company: Company " + std::to_string(i));
    if (i % 7 == 0) {
      text = replace_line(text, "status:", "status: done");
    }
    if (i % 11 == 0) {
      text = replace_line(text, "source_url:", "source_url: https://acme.example.com/blog/support-bot");
    }
    write_file(root / "cases" / (id + ".yaml"), text);
  }
  auto lint = [&](unsigned threads, bool use_cache) {
    LintRequest request;
    request.threads = threads;
    request.use_cache = use_cache;
    request.current_year = 2025;
    return run_lint(Project::open(root), DiskStore(root), request);
  };
  const std::string one = shown(lint(1, false));
  LintReport cold = lint(4, true);
  LintReport warm = lint(4, true);
  CHECK(cold.summary.files == 303);
  CHECK(warm.summary.from_cache == 303);
  CHECK(shown(cold) == one);
  CHECK(shown(warm) == one);
}
