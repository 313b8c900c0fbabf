// The hostile database (tests/data/hostile, completed by make_hostile.py in a temporary folder):
// every nasty file yields its documented finding, nothing crashes or hangs, and the well-formed
// case beside them is still linted.
#include "test_support.hpp"

#include "llmops/lint.hpp"
#include "llmops/store.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fcntl.h>
#include <map>
#include <unistd.h>

using namespace llmops;
using namespace llmops::test;

namespace fs = std::filesystem;

namespace {

using Lines = std::vector<std::string>;

// A completed copy of the hostile database, linted once without a cache.
class HostileDatabase
{
public:
  HostileDatabase()
  {
    m_root = m_dir.path() / "hostile";
    std::string command = std::string("\"") + LLMOPS_PYTHON + "\" \"" + (data_dir() / "make_hostile.py").string() +
                          "\" \"" + m_root.string() + "\" --unreadable";
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("make_hostile.py failed: " + command);
    }
    // chmod 000 does not keep root out: only test file-unreadable where it means something.
    int fd = ::open((m_root / "cases" / "unreadable.yaml").c_str(), O_RDONLY);
    m_unreadable = fd < 0;
    if (fd >= 0) {
      ::close(fd);
      fs::remove(m_root / "cases" / "unreadable.yaml");
    }
    Project project = Project::open(m_root);
    LintRequest request;
    request.use_cache = false;
    request.current_year = 2025;
    m_report = run_lint(project, DiskStore(m_root), request);
  }

  const LintReport& report() const { return m_report; }
  bool unreadable_tested() const { return m_unreadable; }

  // The rendered findings about `name` in the cases folder.
  Lines about(const std::string& name) const
  {
    Lines out;
    for (const auto& d : m_report.diagnostics) {
      if (d.path == "cases/" + name) {
        out.push_back(render(d));
      }
    }
    return out;
  }

private:
  TempDir m_dir;
  fs::path m_root;
  bool m_unreadable = false;
  LintReport m_report;
};

const HostileDatabase& hostile()
{
  static const HostileDatabase db;
  return db;
}

} // namespace

TEST_CASE("every hostile fixture yields its documented finding")
{
  const HostileDatabase& db = hostile();
  const std::map<std::string, Lines> expected = {
    {"billion-laughs.yaml",
     {"cases/billion-laughs.yaml:1:7: error: anchors (&name) are not allowed in case files; remove the anchor "
      "[yaml-anchor]"}},
    {"case with spaces ü.yaml",
     {"cases/case with spaces ü.yaml: error: file name 'case with spaces ü.yaml' is not a case id; "
      "name the file <id>.yaml with a lowercase id such as 'case-with-spaces-u.yaml' [file-name]",
      "cases/case with spaces ü.yaml:2:5: error: id 'case-with-spaces-u' does not match the file name 'case "
      "with spaces ü.yaml'; rename the file to 'case-with-spaces-u.yaml' or change the id [id-mismatch]"}},
    {"crlf-line-ends.yaml",
     {"cases/crlf-line-ends.yaml:1:18: warning: 12 lines end in CRLF; case files use LF line endings [file-crlf]"}},
    {"dangling-link.yaml", {"cases/dangling-link.yaml: error: symlink points to nothing; remove it [file-unreadable]"}},
    {"deep-nesting.yaml",
     {"cases/deep-nesting.yaml:21:17: error: nesting is deeper than 8 levels (limits.max_depth) [yaml-depth]"}},
    {"directory-like-a-case.yaml",
     {"cases/directory-like-a-case.yaml: error: a directory named like a case; cases are files, move or rename it "
      "[file-name]"}},
    {"good-case.yaml",
     {"cases/good-case.yaml:1:1: info: the case has no summary yet; add a short 'summary:' in your own words (see "
      "CONTRIBUTING.md) [summary-missing]"}},
    {"huge-file.yaml",
     {"cases/huge-file.yaml: error: the file is larger than 262144 bytes (limits.max_file_bytes); a case is a short "
      "record [file-too-large]"}},
    {"invalid-utf8.yaml",
     {"cases/invalid-utf8.yaml:3:15: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8 [file-encoding]"}},
    {"legacy-extension.yml",
     {"cases/legacy-extension.yml: error: case files end in .yaml, not .yml; rename it [file-name]"}},
    {"long-line.yaml",
     {"cases/long-line.yaml: error: the file is larger than 262144 bytes (limits.max_file_bytes); a case is a short "
      "record [file-too-large]"}},
    {"named-pipe.yaml",
     {"cases/named-pipe.yaml: error: not a regular file; cases are files named <id>.yaml [file-name]"}},
    {"nul-bytes.yaml",
     {"cases/nul-bytes.yaml:1:1: error: the file holds a NUL byte: it is not a text file; save it as UTF-8 text "
      "[file-binary]"}},
    {"outside-link.yaml",
     {"cases/outside-link.yaml: error: symlink points outside the database root; a case must be a file inside it "
      "[path-escape]"}},
    {"repeated-key.yaml",
     {"cases/repeated-key.yaml:4:1: error: field 'title' appears twice (first on line 3); YAML readers keep only one: "
      "delete one [key-duplicate]"}},
    {"utf16-bom.yaml",
     {"cases/utf16-bom.yaml:1:1: error: the file is UTF-16 or UTF-32 (it starts with that byte order mark); save it "
      "as UTF-8 [file-encoding]"}},
    {"wide-line.yaml",
     {"cases/wide-line.yaml:13:1: error: line is 20007 bytes long; the limit is 16384 (limits.max_line_bytes): wrap "
      "the text in a block scalar (>-) [line-too-long]"}},
  };
  for (const auto& [name, lines] : expected) {
    INFO(name);
    CHECK(db.about(name) == lines);
  }

  SECTION("ten thousand tags are too many")
  {
    Lines too_many;
    for (const auto& line : db.about("many-tags.yaml")) {
      if (line.ends_with("[tags-too-many]")) {
        too_many.push_back(line);
      }
    }
    CHECK(too_many == Lines{"cases/many-tags.yaml:10:3: error: 10001 tags; the limit is 200 "
                            "(limits.max_tags_per_case): keep the ones that describe the case [tags-too-many]"});
  }
  SECTION("a file nobody may read")
  {
    if (!db.unreadable_tested()) {
      WARN("running as root, which reads a chmod 000 file anyway: file-unreadable for a mode-000 file is not tested");
      return;
    }
    CHECK(db.about("unreadable.yaml") ==
          Lines{"cases/unreadable.yaml: error: cannot read the file: Permission denied [file-unreadable]"});
  }
  SECTION("nothing else is reported")
  {
    std::size_t counted = 0;
    for (const auto& [name, lines] : expected) {
      counted += db.about(name).size();
    }
    counted += db.about("many-tags.yaml").size();
    counted += db.about("unreadable.yaml").size();
    CHECK(counted == db.report().diagnostics.size());
  }
}

TEST_CASE("the well-formed cases beside the hostile ones are still read")
{
  const LintReport& report = hostile().report();
  std::vector<std::string> parsed;
  for (const Case& c : report.cases) {
    parsed.push_back(c.path);
  }
  CHECK(std::find(parsed.begin(), parsed.end(), "cases/good-case.yaml") != parsed.end());
  CHECK(std::find(parsed.begin(), parsed.end(), "cases/crlf-line-ends.yaml") != parsed.end());
  CHECK(std::find(parsed.begin(), parsed.end(), "cases/case with spaces ü.yaml") != parsed.end());
  // The .yaml files that are files: 13 committed or generated, and the unreadable one when tested.
  CHECK(report.summary.files == (hostile().unreadable_tested() ? 14U : 13U));
}

// Limits exist to keep hostile input cheap to reject (llmops.toml, [limits]); past
// max_tags_per_case each of the 10,000 tags is still judged and reported on its own.
TEST_CASE("a tag list past max_tags_per_case is not judged tag by tag")
{
  CHECK(hostile().about("many-tags.yaml").size() <= 12);
}

// The caret display of a UTF-16 file shows its first line decoded as bytes: "??s c h e m a ...".
TEST_CASE("a UTF-16 file is not shown as garbled source text")
{
  bool checked = false;
  for (const auto& d : hostile().report().diagnostics) {
    if (d.path == "cases/utf16-bom.yaml") {
      CHECK(d.source_line.empty());
      checked = true;
    }
  }
  CHECK(checked);
}
