// Tests for libcore/src/cache.cpp through run_lint: a warm run must be indistinguishable from a
// cold one, and a cache that cannot be trusted must be ignored.
#include "test_support.hpp"

#include "llmops/cache.hpp"
#include "llmops/lint.hpp"
#include "llmops/report.hpp"
#include "llmops/store.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <thread>

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

  // Lints the copy (only `paths`, when given); `project` is reopened so that configuration
  // changes are seen.
  LintReport lint(bool use_cache = true, std::vector<std::string> paths = {}) const
  {
    Project project = Project::open(root());
    LintRequest request;
    request.only_paths = !paths.empty();
    request.paths = std::move(paths);
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
  FileReport out;
  CHECK_FALSE(missing.find("cases/a.yaml", 1, out));
  CHECK_FALSE(missing.find_database(0));

  write_file(dir.path() / "foreign.bin", std::string(1000, 'x'));
  LintCache foreign(dir.path() / "foreign.bin", 42);
  CHECK(foreign.size() == 0);

  SECTION("an entry is found only under its path and content hash")
  {
    FileReport report;
    report.facts.path = "cases/a.yaml";
    report.facts.parsed = true;
    foreign.put("cases/a.yaml", content_hash("bytes"), report);
    FileReport found;
    CHECK(foreign.find("cases/a.yaml", content_hash("bytes"), found));
    CHECK(found.facts.path == "cases/a.yaml");
    CHECK_FALSE(foreign.find("cases/a.yaml", content_hash("other bytes"), found));
    CHECK_FALSE(foreign.find("cases/b.yaml", content_hash("bytes"), found));
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

TEST_CASE("a warm run that trusts file stamps gives byte-identical findings to a cold run, and sees a change")
{
  CachedDatabase db;
  for (const auto& entry : fs::directory_iterator(data_dir() / "findings" / "cases")) {
    fs::copy_file(entry.path(), db.root() / "cases" / entry.path().filename());
  }
  const std::string cold = shown(db.lint(false));
  // Stamps of files changed in the last two seconds are not trusted (file times tick coarsely).
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  db.lint(); // records the stamps, now old enough to trust
  LintReport warm = db.lint();
  CHECK(warm.summary.from_cache == warm.summary.checked);
  CHECK(warm.summary.checked == 8);
  CHECK(shown(warm) == cold);
  CHECK(describe_database(warm.cases) == describe_database(db.lint(false).cases));

  // Three cases cite one page. One of them changes: the findings of the two that did not change
  // no longer name it.
  const fs::path bot = db.root() / "cases" / "acme-support-bot.yaml";
  REQUIRE(render_rule(warm.diagnostics, "duplicate-url").size() == 3);
  write_file(bot, replace_line(read_file(bot), "source_url:", "source_url: https://acme.example.com/blog/other"));
  LintReport changed = db.lint();
  CHECK(changed.summary.from_cache == changed.summary.checked - 1);
  const auto duplicates = render_rule(changed.diagnostics, "duplicate-url");
  REQUIRE(duplicates.size() == 2);
  CHECK_THAT(duplicates[0], !Catch::Contains("acme-support-bot"));
  CHECK_THAT(duplicates[1], !Catch::Contains("acme-support-bot"));
  CHECK(shown(changed) == shown(db.lint(false)));
}

TEST_CASE("findings that compare cases follow a change to any case, even when the case they are on is unchanged")
{
  CachedDatabase db;
  const std::vector<std::string> both = {
    "cases/acme-helpdesk.yaml:9:13: error: source URL is also used by 'acme-support-bot' "
    "(cases/acme-support-bot.yaml:10); merge the cases, or add 'not_duplicate_of: [acme-support-bot]' if they are "
    "different stories [duplicate-url]",
    "cases/acme-support-bot.yaml:10:13: error: source URL is also used by 'acme-helpdesk' "
    "(cases/acme-helpdesk.yaml:9); merge the cases, or add 'not_duplicate_of: [acme-helpdesk]' if they are "
    "different stories [duplicate-url]"};
  REQUIRE(render_rule(db.lint().diagnostics, "duplicate-url") == both);
  REQUIRE(render_rule(db.lint().diagnostics, "duplicate-url") == both); // warm
  const fs::path cases = db.root() / "cases";

  SECTION("a case changed")
  {
    write_file(cases / "acme-support-bot.yaml",
               replace_line(read_file(cases / "acme-support-bot.yaml"), "source_url:",
                            "source_url: https://acme.example.com/blog/other"));
  }
  SECTION("a case deleted")
  {
    fs::remove(cases / "acme-support-bot.yaml");
  }
  SECTION("a case added")
  {
    write_file(cases / "acme-voice.yaml",
               replace_line(valid_case("acme-voice"), "source_url:", "source_url: https://acme.example.com/blog/support-bot"));
  }
  SECTION("the vocabulary changed")
  {
    const fs::path tags = db.root() / "schema" / "tags.toml";
    std::string text = read_file(tags);
    const std::string pinecone = "[tags.pinecone]\nfamily = \"tool\"\n";
    REQUIRE(text.find(pinecone) != std::string::npos);
    text.replace(text.find(pinecone), pinecone.size(), pinecone + "deprecated = true\n");
    write_file(tags, text);
  }
  LintReport warm = db.lint();
  LintReport cold = db.lint(false);
  CHECK(shown(warm) == shown(cold));
  CHECK(warm.summary.from_cache >= 2);
}

TEST_CASE("with only some paths asked for, a warm run reports what a cold one does")
{
  CachedDatabase db;
  db.lint();
  db.lint(); // the findings of every rule are in the cache now
  const std::vector<std::string> paths = {"cases/acme-helpdesk.yaml", "cases/broken.yaml"};
  LintReport warm = db.lint(true, paths);
  LintReport cold = db.lint(false, paths);
  CHECK(warm.summary.checked == 2);
  CHECK(warm.summary.from_cache == 2);
  CHECK(shown(warm) == shown(cold));
  CHECK(render_rule(warm.diagnostics, "duplicate-url").size() == 1);
  CHECK(render_rule(warm.diagnostics, "tag-unknown").size() == 1);
  CHECK(render_rule(warm.diagnostics, "field-enum").empty()); // globex is not asked about
}

TEST_CASE("LintCache keeps results, stamps and the database findings across a save and a load")
{
  TempDir dir;
  const fs::path file = dir.path() / "cache" / "lint.bin";
  FileReport a;
  a.facts.path = "cases/a.yaml";
  a.facts.parsed = true;
  a.facts.id = {"a", {3, 5}, true};
  a.facts.tags = {{"tool", "openai", {9, 9}}};
  Diagnostic finding;
  finding.path = "cases/a.yaml";
  finding.position = {3, 4};
  finding.span = 2;
  finding.severity = Severity::warning;
  finding.rule = "tag-alias";
  finding.message = "tag 'gpt' is an alias of 'openai'";
  finding.fix = "replace 'gpt' with 'openai'";
  a.diagnostics = {finding};
  FileReport b;
  b.facts.path = "cases/b.yaml";
  Diagnostic across = finding;
  across.path = "cases/b.yaml";
  across.rule = "duplicate-url";
  across.fix.reset();
  const FileStamp stamp{1, 2, 3, 4, 5};
  {
    LintCache cache(file, 42);
    cache.put("cases/b.yaml", 11, b);
    cache.put("cases/a.yaml", 10, a, stamp);
    cache.put_database(99, {across, finding});
    CHECK(cache.size() == 2);
    cache.save();
  }
  LintCache loaded(file, 42);
  CHECK(loaded.size() == 2);
  FileReport out;
  REQUIRE(loaded.find_stamped("cases/a.yaml", stamp, out) == std::optional<std::uint64_t>(10));
  CHECK(out.facts.path == "cases/a.yaml");
  CHECK(out.facts.parsed);
  CHECK(out.facts.id.value == "a");
  CHECK(out.facts.id.position.line == 3);
  CHECK(out.facts.id.position.column == 5);
  REQUIRE(out.facts.tags.size() == 1);
  CHECK(out.facts.tags[0].slug == "openai");
  REQUIRE(out.diagnostics.size() == 1);
  CHECK(render(out.diagnostics[0]) == render(finding));
  CHECK(out.diagnostics[0].span == 2);
  CHECK(out.diagnostics[0].fix == finding.fix);
  CHECK_FALSE(loaded.find_stamped("cases/a.yaml", FileStamp{1, 2, 3, 4, 6}, out));
  CHECK_FALSE(loaded.find_stamped("cases/b.yaml", stamp, out)); // stored without a trusted stamp
  CHECK(loaded.find("cases/b.yaml", 11, out));
  CHECK(out.diagnostics.empty());
  CHECK_FALSE(loaded.find("cases/b.yaml", 12, out));
  auto database = loaded.find_database(99);
  REQUIRE(database);
  CHECK(render_all(*database) == render_all({across, finding}));
  CHECK((*database)[1].fix == finding.fix);
  CHECK_FALSE((*database)[0].fix);
  CHECK_FALSE(loaded.find_database(98));

  SECTION("entries dropped by retain stay dropped after a save")
  {
    loaded.retain({"cases/b.yaml", "cases/c.yaml"});
    CHECK(loaded.size() == 1);
    CHECK_FALSE(loaded.find("cases/a.yaml", 10, out));
    loaded.save();
    LintCache again(file, 42);
    CHECK(again.size() == 1);
    CHECK_FALSE(again.find("cases/a.yaml", 10, out));
    CHECK(again.find("cases/b.yaml", 11, out));
    CHECK(again.find_database(99));
  }
  SECTION("a put replaces a loaded entry, and new database findings the old ones")
  {
    loaded.put("cases/a.yaml", 12, b);
    loaded.put_database(100, {});
    CHECK(loaded.size() == 2);
    CHECK_FALSE(loaded.find("cases/a.yaml", 10, out));
    CHECK(loaded.find("cases/a.yaml", 12, out));
    loaded.save();
    LintCache again(file, 42);
    CHECK(again.size() == 2);
    CHECK(again.find("cases/a.yaml", 12, out));
    CHECK_FALSE(again.find_stamped("cases/a.yaml", stamp, out));
    CHECK_FALSE(again.find_database(99));
    REQUIRE(again.find_database(100));
    CHECK(again.find_database(100)->empty());
  }
}

TEST_CASE("a cache file whose entries are not sorted by path is not used")
{
  // A file in the cache's format with a correct checksum, as another program could write it.
  auto cache_file = [](const std::vector<std::string>& paths) {
    std::string body(8 + 1 + 4, '\0'); // no database findings
    auto u32 = [&](std::uint32_t v) { body.append(reinterpret_cast<const char*>(&v), sizeof v); };
    auto u64 = [&](std::uint64_t v) { body.append(reinterpret_cast<const char*>(&v), sizeof v); };
    u32(static_cast<std::uint32_t>(paths.size()));
    for (const std::string& path : paths) {
      u32(static_cast<std::uint32_t>(path.size()));
      body += path;
      u64(1);        // content hash
      body += '\0';  // no stamp
      u32(0);        // an empty report
    }
    std::string file = "LLMCACH6";
    const std::uint64_t key = 42;
    const std::uint64_t checksum = content_hash(body);
    file.append(reinterpret_cast<const char*>(&key), sizeof key);
    file.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    return file + body;
  };
  TempDir dir;
  write_file(dir.path() / "sorted.bin", cache_file({"cases/a.yaml", "cases/b.yaml"}));
  write_file(dir.path() / "unsorted.bin", cache_file({"cases/b.yaml", "cases/a.yaml"}));
  write_file(dir.path() / "twice.bin", cache_file({"cases/a.yaml", "cases/a.yaml"}));
  CHECK(LintCache(dir.path() / "sorted.bin", 42).size() == 2);
  CHECK(LintCache(dir.path() / "unsorted.bin", 42).size() == 0);
  CHECK(LintCache(dir.path() / "twice.bin", 42).size() == 0);
}
