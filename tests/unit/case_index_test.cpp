// Tests for libcore/src/case_index.cpp, index_cache.cpp and index_codec.cpp: a warm load gives
// exactly what a cold load gives, whatever happened to the files or to the cache in between.
#include "test_support.hpp"

#include "llmops/case_index.hpp"
#include "llmops/case_reader.hpp"
#include "llmops/query.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <numeric>
#include <thread>

using namespace llmops;
using namespace llmops::test;

namespace fs = std::filesystem;

namespace {

// Every fact of a case on one line each, positions included, for comparing whole cases.
std::string dump(const Case& c)
{
  std::string out = c.path + (c.parsed ? " parsed\n" : "\n");
  auto pos = [](const Position& p) { return std::to_string(p.line) + ":" + std::to_string(p.column); };
  auto text = [&](const char* name, const Located<std::string>& v) {
    out += std::string(name) + (v.present ? "=" + v.value + " @" + pos(v.position) : " absent") + "\n";
  };
  out +=
    "schema_version=" + std::to_string(c.schema_version.value) + (c.schema_version.present ? "" : " absent") + "\n";
  text("id", c.id);
  text("title", c.title);
  text("company", c.company);
  text("industry", c.industry);
  out += "year=" + std::to_string(c.year.value) + (c.year.present ? " @" + pos(c.year.position) : " absent") + "\n";
  text("status", c.status);
  text("created_at", c.created_at);
  text("source_url", c.source_url);
  text("summary", c.summary);
  text("notes", c.notes);
  for (const auto& s : c.sources) {
    text("source", s);
  }
  for (const auto& s : c.not_duplicate_of) {
    text("not_duplicate_of", s);
  }
  out += "tags @" + pos(c.tags_position) + (c.tags_listed ? " listed" : "") + "\n";
  for (const TagRef& t : c.tags) {
    out += "  " + t.family + "/" + t.slug + " @" + pos(t.position) + "\n";
  }
  return out;
}

std::string dump(const CaseIndex& index)
{
  std::string out;
  for (std::size_t i = 0; i < index.size(); ++i) {
    out += dump(index.at(i));
    if (index.has_search_text()) {
      for (std::size_t f = 0; f < k_text_fields; ++f) {
        out += std::string(index.search(i).fields[f]) + "#" + std::to_string(index.search(i).lengths[f]) + "\n";
      }
    }
  }
  for (const auto& skipped : index.stats().skipped) {
    out += "skipped " + skipped + "\n";
  }
  return out;
}

// A copy of the query fixture in a temporary folder, loadable with and without its cache.
struct Database
{
  TempDir dir;
  fs::path root = dir.path() / "db";

  Database() { fs::copy(data_dir() / "query", root, fs::copy_options::recursive); }

  CaseIndex load(bool use_cache, bool search = true, bool full = true) const
  {
    Project project = Project::open(root);
    IndexOptions options;
    options.use_cache = use_cache;
    options.search_text = search;
    options.full_text = full;
    return CaseIndex::load(project, DiskStore(root), options);
  }

  fs::path cache_file() const { return root / ".llmops/cache/query.bin"; }
};

// The ids and scores of `expression` over `index`, in order.
std::string results(const CaseIndex& index, const Project& project, std::string_view expression)
{
  QueryResult r = run_query(parse_query(expression, project.vocabulary, project.schema), index);
  std::string out;
  for (const Match& m : r.matches) {
    out += index.at(m.index).id.value + " " + std::to_string(m.score) + "\n";
  }
  return out;
}

} // namespace

TEST_CASE("a warm load gives exactly the cases of a cold load")
{
  Database db;
  const std::string cold = dump(db.load(false));
  REQUIRE_FALSE(fs::exists(db.cache_file()));

  CaseIndex first = db.load(true);
  CHECK(first.stats().from_cache == 0);
  CHECK(dump(first) == cold);
  REQUIRE(fs::exists(db.cache_file()));

  CaseIndex warm = db.load(true);
  CHECK(warm.stats().from_cache == warm.stats().files);
  CHECK(dump(warm) == cold);
  CHECK(warm.stats().skipped == std::vector<std::string>{"cases/broken-quote.yaml"});

  SECTION("and leaves out what was not asked for, as a cold load does")
  {
    CHECK(dump(db.load(true, false, false)) == dump(db.load(false, false, false)));
    CHECK(dump(db.load(true, true, false)) == dump(db.load(false, true, false)));
    CHECK(db.load(true, false, false).at(0).summary.value.empty());
  }
}

TEST_CASE("an index from cases gives the same search text as a loaded one")
{
  Database db;
  CaseIndex loaded = db.load(false);
  std::vector<Case> cases(loaded.cases().begin(), loaded.cases().end());
  CaseIndex built = CaseIndex::from_cases(cases);
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    CHECK(built.search(i).fields == loaded.search(i).fields);
    CHECK(built.search(i).lengths == loaded.search(i).lengths);
  }
  CHECK(built.average_length(TextField::notes) == loaded.average_length(TextField::notes));
}

TEST_CASE("a changed, added or removed file is read afresh and the rest comes from the cache")
{
  Database db;
  db.load(true);
  const fs::path nubank = db.root / "cases/nubank-customer-chat.yaml";
  write_file(nubank, replace_line(read_file(nubank), "year:", "year: 2019"));
  fs::remove(db.root / "cases/soylent-menu-summaries.yaml");
  fs::copy_file(db.root / "cases/hooli-evaluation-harness.yaml", db.root / "cases/hooli-copy.yaml");

  CaseIndex warm = db.load(true);
  CHECK(warm.stats().files == 20);
  CHECK(warm.stats().from_cache == 18);
  CHECK(dump(warm) == dump(db.load(false)));
  Project project = Project::open(db.root);
  CHECK(results(warm, project, "year:2019").find("nubank-customer-chat") != std::string::npos);

  SECTION("and the rewritten cache serves the next load whole")
  {
    CaseIndex again = db.load(true);
    CHECK(again.stats().from_cache == 20);
    CHECK(dump(again) == dump(warm));
  }
}

TEST_CASE("a damaged cache file reads as a miss, never as data")
{
  Database db;
  const std::string cold = dump(db.load(false));
  Project project = Project::open(db.root);
  const std::string cold_results = results(db.load(false), project, "evaluation OR tag:rag");
  db.load(true);
  std::string bytes = read_file(db.cache_file());
  REQUIRE(bytes.size() > 4096);

  SECTION("a flipped byte in the blobs")
  {
    for (std::size_t at = bytes.size() / 3; at < bytes.size(); at += bytes.size() / 7) {
      bytes[at] = static_cast<char>(bytes[at] ^ 0x5A);
    }
  }
  SECTION("a flipped byte in the table")
  {
    bytes[40] = static_cast<char>(bytes[40] ^ 0x01);
  }
  SECTION("a truncated file")
  {
    bytes.resize(bytes.size() / 2);
  }
  SECTION("garbage")
  {
    bytes.assign(bytes.size(), '\x7F');
  }
  SECTION("an empty file")
  {
    bytes.clear();
  }
  write_file(db.cache_file(), bytes);
  CaseIndex warm = db.load(true);
  CHECK(dump(warm) == cold);
  CHECK(results(warm, project, "evaluation OR tag:rag") == cold_results);
  CHECK(dump(db.load(true)) == cold);
}

TEST_CASE("a cache written under another configuration is not used")
{
  Database db;
  db.load(true);
  const fs::path config = db.root / "llmops.toml";
  write_file(config, read_file(config) + "\n# changed\n");
  CaseIndex after = db.load(true);
  CHECK(after.stats().from_cache == 0);
  CHECK(dump(after) == dump(db.load(false)));
}

TEST_CASE("an unwritable cache folder only costs speed")
{
  Database db;
  write_file(db.root / ".llmops", "a file where the cache folder should be");
  CaseIndex index = db.load(true);
  CHECK(index.size() == 19);
  CHECK(dump(index) == dump(db.load(false)));
}

TEST_CASE("a file is known by its stamp once it is older than the racy window, and read again when it changes")
{
  Database db;
  db.load(true);
  // Stamps of files changed in the last two seconds are not trusted (file times tick coarsely).
  CHECK(db.load(true).stats().unread == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  db.load(true); // records the stamps, now old enough to trust
  CaseIndex trusted = db.load(true);
  CHECK(trusted.stats().unread == trusted.stats().files);
  const std::string cold = dump(db.load(false));
  CHECK(dump(trusted) == cold);

  // The same size, rewritten at once: the stamp changes (ctime), so the file is read.
  const fs::path hooli = db.root / "cases/hooli-evaluation-harness.yaml";
  std::string text = read_file(hooli);
  const std::string before = "Hooli scores search answers";
  const std::string after = "Hooli grades search answers";
  REQUIRE(text.find(before) != std::string::npos);
  REQUIRE(before.size() == after.size());
  text.replace(text.find(before), before.size(), after);
  write_file(hooli, text);
  CaseIndex changed = db.load(true);
  CHECK(changed.stats().unread == changed.stats().files - 1);
  CHECK(dump(changed) == dump(db.load(false)));
  CHECK(dump(changed).find("Hooli grades") != std::string::npos);

  SECTION("and a file changed again within the racy window is read every time")
  {
    text.replace(text.find(after), after.size(), "Hooli checks search answers");
    write_file(hooli, text);
    CaseIndex again = db.load(true);
    CHECK(dump(again).find("Hooli checks") != std::string::npos);
    CHECK(db.load(true).stats().unread == again.stats().files - 1);
  }
}

TEST_CASE("long texts loaded for a few cases are those a full load gives")
{
  Database db;
  Project project = Project::open(db.root);
  const std::string full = dump(db.load(false, false, true));
  for (bool use_cache : {false, true, true}) {
    INFO("use_cache " << use_cache);
    IndexOptions options;
    options.use_cache = use_cache;
    CaseIndex index = CaseIndex::load(project, DiskStore(db.root), options);
    std::vector<std::size_t> all(index.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      all[i] = i;
    }
    CHECK(index.at(3).summary.value.empty());
    index.load_text(project, DiskStore(db.root), std::span(all).subspan(0, 2));
    CHECK(!index.at(1).summary.value.empty());
    CHECK(index.at(3).summary.value.empty());
    index.load_text(project, DiskStore(db.root), all);
    CHECK(dump(index) == full);
  }
}

TEST_CASE("search text left out of the cache by a load without words is made by the first load with them")
{
  Database db;
  const std::string cold = dump(db.load(false, true, true));
  db.load(true, false, false);
  const auto without = fs::file_size(db.cache_file());
  CHECK(dump(db.load(true, true, true)) == cold);
  const auto with = fs::file_size(db.cache_file());
  CHECK(with > without);
  CHECK(dump(db.load(true, true, true)) == cold);
  CHECK(fs::file_size(db.cache_file()) == with);
}

TEST_CASE("a cache written without long texts is completed by the first load that wants them")
{
  Database db;
  const std::string full = dump(db.load(false, true, true));
  db.load(true, false, false);
  const auto facts_only = fs::file_size(db.cache_file());
  Project project = Project::open(db.root);
  IndexOptions options;
  options.long_texts = true;
  CaseIndex index = CaseIndex::load(project, DiskStore(db.root), options);
  CHECK(index.stats().from_cache == 1); // every case is read again for its texts; the broken file is not
  CHECK(fs::file_size(db.cache_file()) > facts_only);
  CaseIndex warm = CaseIndex::load(project, DiskStore(db.root), options);
  CHECK(warm.stats().from_cache == warm.stats().files);
  std::vector<std::size_t> all(warm.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  warm.load_text(project, DiskStore(db.root), all);
  CHECK(dump(db.load(true, true, true)) == full);
}

TEST_CASE("the index reads the same facts as lint, without making its findings")
{
  // Every YAML file of every fixture, hostile and faulty ones included.
  const Project& project = test_project();
  CheckContext lint_context{project.config, project.schema, project.vocabulary, 2025, true};
  CheckContext index_context = lint_context;
  index_context.facts_only = true;
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data_dir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") {
      continue;
    }
    const std::string bytes = read_file(entry.path());
    const std::string path = "cases/" + entry.path().filename().string();
    INFO(entry.path().string());
    FileReport full = check_case_file(path, bytes, lint_context);
    FileReport facts = check_case_file(path, bytes, index_context);
    CHECK(dump(facts.facts) == dump(full.facts));
    CHECK(facts.diagnostics.empty());
    ++files;
  }
  CHECK(files > 50);
}
