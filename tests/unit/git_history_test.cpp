// Tests for libcore/src/git_history.cpp: the one-walk history of the cases folder against
// repositories built here with set commit dates, a rename, a deletion and a shallow clone.
#include "test_support.hpp"

#include "llmops/case_index.hpp"
#include "llmops/error.hpp"
#include "llmops/git.hpp"
#include "llmops/git_history.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace llmops;
using namespace llmops::test;
namespace fs = std::filesystem;

namespace {

// Runs git in `dir` with a fixed identity, no user or system configuration, and commit dates `date`.
std::string git(const fs::path& dir, std::vector<std::string> args, const std::string& date = "2024-01-01T12:00:00Z")
{
  ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  ::setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  ::setenv("GIT_AUTHOR_DATE", date.c_str(), 1);
  ::setenv("GIT_COMMITTER_DATE", date.c_str(), 1);
  args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c",
                             "init.defaultBranch=main", "-c", "protocol.file.allow=always"});
  ProcessResult r = run_process(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// A repository with a history worth walking:
//   2024-01-05  add cases/a.yaml, cases/b.yaml, notes.txt
//   2024-05-05  rename a.yaml -> c.yaml, add d.yaml
//   2024-06-05  change b.yaml, delete d.yaml, add f.yaml (tagged v3 before)
struct HistoryRepo
{
  TempDir tmp;
  fs::path dir = tmp.path() / "db";

  HistoryRepo()
  {
    fs::create_directories(dir / "cases");
    git(dir, {"init", "-q"});
    write_file(dir / "cases/a.yaml", "id: a\n");
    write_file(dir / "cases/b.yaml", "id: b\n");
    write_file(dir / "notes.txt", "not a case\n");
    git(dir, {"add", "-A"});
    git(dir, {"commit", "-qm", "one"}, "2024-01-05T10:00:00Z");
    git(dir, {"tag", "v1"});
    git(dir, {"mv", "cases/a.yaml", "cases/c.yaml"});
    write_file(dir / "cases/d.yaml", "id: d\n");
    git(dir, {"add", "-A"});
    git(dir, {"commit", "-qm", "two"}, "2024-05-05T10:00:00Z");
    git(dir, {"tag", "v2"});
    write_file(dir / "cases/b.yaml", "id: b\ntitle: B\n");
    fs::remove(dir / "cases/d.yaml");
    write_file(dir / "cases/f.yaml", "id: f\n");
    git(dir, {"add", "-A"});
    git(dir, {"commit", "-qm", "three"}, "2024-06-05T10:00:00Z");
  }

  Config config() const
  {
    Config c;
    c.root = dir;
    return c;
  }
};

Case case_at(std::string path, std::string created_at = {})
{
  Case c;
  c.path = std::move(path);
  c.parsed = true;
  if (!created_at.empty()) {
    c.created_at.value = std::move(created_at);
    c.created_at.present = true;
  }
  return c;
}

} // namespace

TEST_CASE("the history log is replayed: additions, renames, copies and deletions")
{
  using namespace std::string_literals;
  const std::string log = "\x01"
                          "2024-01-05\0\nA\0cases/a.yaml\0A\0cases/b.yaml\0"
                          "\x01"
                          "2024-05-05\0\nR100\0cases/a.yaml\0cases/c.yaml\0A\0cases/d.yaml\0"
                          "\x01"
                          "2024-06-05\0\nD\0cases/d.yaml\0C90\0cases/b.yaml\0cases/e.yaml\0"
                          "\x01"
                          "2024-07-01\0"s;
  const FirstAdded dates = parse_history_log(log);
  CHECK(dates ==
        FirstAdded{{"cases/b.yaml", "2024-01-05"}, {"cases/c.yaml", "2024-01-05"}, {"cases/e.yaml", "2024-06-05"}});
  CHECK_THROWS_WITH(parse_history_log("\x01yesterday"s + '\0'),
                    "git log printed something unexpected (a commit date 'yesterday'); is git older than 2.25?");
  CHECK(parse_history_log("").empty());
}

TEST_CASE("the walk gives each file the day of the commit that first added it, renames followed")
{
  HistoryRepo repo;
  const RepositoryInfo info = probe_repository(repo.dir);
  REQUIRE(info.state == RepositoryState::ready);
  CHECK(info.head.size() == 40);
  const FirstAdded dates = first_added_dates(repo.config(), info, false);
  CHECK(dates ==
        FirstAdded{{"cases/b.yaml", "2024-01-05"}, {"cases/c.yaml", "2024-01-05"}, {"cases/f.yaml", "2024-06-05"}});
  CHECK_FALSE(fs::exists(repo.dir / ".llmops/cache/git-history.txt"));
}

TEST_CASE("the walk is cached under HEAD's commit id and redone when HEAD moves")
{
  HistoryRepo repo;
  const RepositoryInfo info = probe_repository(repo.dir);
  const fs::path cache = repo.dir / ".llmops/cache/git-history.txt";
  first_added_dates(repo.config(), info, true);
  const std::string text = read_file(cache);
  CHECK(text == "llmops git-history 1\n" + info.head +
                  "\ncases\n2024-01-05\tcases/b.yaml\n2024-01-05\tcases/c.yaml\n2024-06-05\tcases/f.yaml\n");
  // A cache for this HEAD is believed as it stands: the walk does not run again.
  write_file(cache, "llmops git-history 1\n" + info.head + "\ncases\n1999-09-09\tcases/b.yaml\n");
  CHECK(first_added_dates(repo.config(), info, true) == FirstAdded{{"cases/b.yaml", "1999-09-09"}});
  // A new commit moves HEAD: the walk runs again and the cache is replaced.
  write_file(repo.dir / "cases/g.yaml", "id: g\n");
  git(repo.dir, {"add", "-A"});
  git(repo.dir, {"commit", "-qm", "four"}, "2024-10-01T10:00:00Z");
  const RepositoryInfo moved = probe_repository(repo.dir);
  const FirstAdded dates = first_added_dates(repo.config(), moved, true);
  CHECK(dates.at("cases/b.yaml") == "2024-01-05");
  CHECK(dates.at("cases/g.yaml") == "2024-10-01");
  CHECK(read_file(cache).find(moved.head) != std::string::npos);
}

TEST_CASE("curation dates: created_at first, then git, then today for files not committed")
{
  HistoryRepo repo;
  write_file(repo.dir / "cases/new.yaml", "id: new\n");
  CaseIndex index = CaseIndex::from_cases({case_at("cases/b.yaml", "2023-03-03"), case_at("cases/c.yaml"),
                                           case_at("cases/f.yaml", "2024-6-1"), case_at("cases/new.yaml")});
  CurationOptions options;
  options.use_cache = false;
  options.today = "2026-12-04";
  const CurationDates dates = curation_dates(index, repo.config(), options);
  CHECK(dates.dates == std::vector<std::string>{"2023-03-03", "2024-01-05", "2024-06-05", "2026-12-04"});
  CHECK(dates.sources ==
        std::vector<DateSource>{DateSource::created_at, DateSource::git, DateSource::git, DateSource::uncommitted});
  CHECK(dates.history_read);
  CHECK(dates.counts[static_cast<int>(DateSource::git)] == 2);
}

TEST_CASE("a shallow clone is refused when a date must come from git, and only then")
{
  HistoryRepo repo;
  const fs::path clone = repo.tmp.path() / "shallow";
  git(repo.tmp.path(), {"clone", "-q", "--depth", "1", "file://" + repo.dir.string(), clone.string()});
  CHECK(probe_repository(clone).state == RepositoryState::shallow);
  Config config;
  config.root = clone;
  CurationOptions options;
  options.use_cache = false;
  options.today = "2026-12-04";
  const CaseIndex undated = CaseIndex::from_cases({case_at("cases/b.yaml", "2023-03-03"), case_at("cases/c.yaml")});
  CHECK_THROWS_WITH(curation_dates(undated, config, options),
                    "1 case has no created_at, and this clone is shallow, so the commit that first added its file "
                    "is not known; run 'git fetch --unshallow' (or pass --no-git to leave it undated)");
  const CaseIndex dated = CaseIndex::from_cases({case_at("cases/b.yaml", "2023-03-03")});
  CHECK_FALSE(curation_dates(dated, config, options).history_read);
  options.use_git = false;
  CHECK(curation_dates(undated, config, options).sources[1] == DateSource::none);
}

TEST_CASE("outside a git repository a date that must come from git is an error saying what to do")
{
  TempDir tmp;
  Config config;
  config.root = tmp.path();
  CurationOptions options;
  const CaseIndex undated = CaseIndex::from_cases({case_at("cases/x.yaml"), case_at("cases/y.yaml")});
  try {
    curation_dates(undated, config, options);
    FAIL("no error");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.starts_with("2 cases have no created_at, and their dates would come from git history, but " +
                              tmp.path().string() + " is not in a git repository"));
    CHECK(message.ends_with("add created_at to them, or pass --no-git to leave them undated"));
  }
}

TEST_CASE("files added since a revision: committed or not, renames excluded")
{
  HistoryRepo repo;
  write_file(repo.dir / "cases/untracked.yaml", "id: u\n");
  CHECK(files_added_since(repo.dir, "cases", "v1") == std::vector<std::string>{"cases/f.yaml", "cases/untracked.yaml"});
  CHECK(files_added_since(repo.dir, "cases", "v2") == std::vector<std::string>{"cases/f.yaml", "cases/untracked.yaml"});
  CHECK_THROWS_WITH(files_added_since(repo.dir, "cases", "nope"),
                    "--since nope: neither a date (YYYY-MM-DD) nor a commit of this repository");
}
