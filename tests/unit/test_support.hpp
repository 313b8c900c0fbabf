#pragma once
// Helpers shared by the unit tests: the fixture folder, temporary folders, a loaded test
// database, and findings rendered as one line each so that assertions read like the output.

#include "llmops/case_reader.hpp"
#include "llmops/diagnostic.hpp"
#include "llmops/lint.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::test {

// tests/data in the source tree (LLMOPS_TEST_DATA), whatever the current folder.
std::filesystem::path data_dir();

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir
{
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

// Creates `path` (and its folders) holding exactly `bytes`.
void write_file(const std::filesystem::path& path, std::string_view bytes);

// The bytes of the file at `path`.
std::string read_file(const std::filesystem::path& path);

// Copies the fixture `name` under tests/data into `into` (which must exist).
void copy_fixture(std::string_view name, const std::filesystem::path& into);

// The test database tests/data/db, loaded once.
const Project& test_project();

// A case that passes every per-file rule with the test vocabulary; its lines, by number:
// 1 schema_version, 2 id, 3 title, 4 company, 5 industry, 6 year, 7 status, 8 created_at,
// 9 source_url, 10 tags, 11 application, 12 technique, 13 summary.
std::string valid_case(std::string_view id = "acme-support-bot");

// `text` with the line that starts with `prefix` replaced by `line` (without its '\n').
std::string replace_line(std::string text, std::string_view prefix, std::string_view line);

// `text` without the line that starts with `prefix`.
std::string remove_line(std::string text, std::string_view prefix);

// Runs the per-file rules of the test database on `text` as if it were `path`, in year 2025.
FileReport check_text(std::string_view text, std::string_view path = "cases/acme-support-bot.yaml");

// "path:line:column: severity: message [rule]", the first line of the text output.
std::string render(const Diagnostic& diagnostic);

// Every diagnostic rendered, in order.
std::vector<std::string> render_all(const std::vector<Diagnostic>& diagnostics);

// The rendered diagnostics whose rule is `rule`.
std::vector<std::string> render_rule(const std::vector<Diagnostic>& diagnostics, std::string_view rule);

// Lints the in-memory files `files` (path, bytes) with the test database's settings.
LintReport lint_memory(const std::vector<std::pair<std::string, std::string>>& files, const LintRequest& request = {},
                       const Project& project = test_project());

} // namespace llmops::test
