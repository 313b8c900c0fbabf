#include "test_support.hpp"

#include "llmops/store.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace llmops::test {

namespace fs = std::filesystem;

fs::path data_dir()
{
  return fs::path(LLMOPS_TEST_DATA);
}

TempDir::TempDir()
{
  std::string pattern = (fs::temp_directory_path() / "llmops-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder");
  }
  m_path = fs::path(pattern);
}

TempDir::~TempDir()
{
  std::error_code ec;
  // Restore permissions a test may have taken away, so that everything can be removed.
  for (auto it = fs::recursive_directory_iterator(m_path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_symlink(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
  }
  fs::remove_all(m_path, ec);
}

void write_file(const fs::path& path, std::string_view bytes)
{
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

std::string read_file(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void copy_fixture(std::string_view name, const fs::path& into)
{
  fs::copy(data_dir() / name, into, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
}

const Project& test_project()
{
  static const Project project = Project::open(data_dir() / "db");
  return project;
}

std::string valid_case(std::string_view id)
{
  std::string text;
  text += "schema_version: 1\n";
  text += "id: " + std::string(id) + "\n";
  text += "title: How Acme Answers Support Tickets\n";
  text += "company: Acme\n";
  text += "industry: tech\n";
  text += "year: 2024\n";
  text += "status: published\n";
  text += "created_at: 2024-05-02\n";
  text += "source_url: https://acme.example.com/blog/" + std::string(id) + "\n";
  text += "tags:\n";
  text += "  application: [chatbot]\n";
  text += "  technique: [rag]\n";
  text += "summary: A short account in our own words.\n";
  return text;
}

namespace {

std::size_t find_line(const std::string& text, std::string_view prefix)
{
  std::size_t at = 0;
  while (at < text.size()) {
    if (std::string_view(text).substr(at).starts_with(prefix)) {
      return at;
    }
    auto next = text.find('\n', at);
    if (next == std::string::npos) {
      break;
    }
    at = next + 1;
  }
  throw std::runtime_error("no line starts with '" + std::string(prefix) + "'");
}

} // namespace

std::string replace_line(std::string text, std::string_view prefix, std::string_view line)
{
  std::size_t at = find_line(text, prefix);
  std::size_t end = text.find('\n', at);
  text.replace(at, end - at, line);
  return text;
}

std::string remove_line(std::string text, std::string_view prefix)
{
  std::size_t at = find_line(text, prefix);
  std::size_t end = text.find('\n', at);
  text.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
  return text;
}

FileReport check_text(std::string_view text, std::string_view path)
{
  const Project& project = test_project();
  CheckContext context{project.config, project.schema, project.vocabulary, 2025};
  return check_case_file(path, text, context);
}

std::string render(const Diagnostic& d)
{
  std::string where = d.path;
  if (d.position.line > 0) {
    where += ":" + std::to_string(d.position.line) + ":" + std::to_string(d.position.column);
  }
  return where + ": " + std::string(severity_name(d.severity)) + ": " + d.message + " [" + d.rule + "]";
}

std::vector<std::string> render_all(const std::vector<Diagnostic>& diagnostics)
{
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(render(d));
  }
  return out;
}

std::vector<std::string> render_rule(const std::vector<Diagnostic>& diagnostics, std::string_view rule)
{
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    if (d.rule == rule) {
      out.push_back(render(d));
    }
  }
  return out;
}

LintReport lint_memory(const std::vector<std::pair<std::string, std::string>>& files, const LintRequest& request,
                       const Project& project)
{
  MemoryStore store;
  for (const auto& [path, bytes] : files) {
    store.add(path, bytes);
  }
  LintRequest copy = request;
  copy.use_cache = false; // a memory store has no folder to keep a cache in
  if (copy.current_year == 0) {
    copy.current_year = 2025;
  }
  return run_lint(project, store, copy);
}

} // namespace llmops::test
