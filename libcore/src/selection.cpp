// Which files a lint run reports on: paths typed on the command line, or the files a branch changed.
#include "llmops/error.hpp"
#include "llmops/git.hpp"
#include "llmops/lint.hpp"
#include "llmops/rules.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace llmops {

namespace fs = std::filesystem;

namespace {

// `path` relative to `root` when it lies inside it.
std::optional<std::string> relative_inside(const fs::path& root, const fs::path& path)
{
  fs::path relative = path.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") {
    return std::nullopt;
  }
  std::string s = relative.generic_string();
  return s == "." ? std::string{} : s;
}

} // namespace

PathSelection select_paths(const Project& project, const fs::path& base, const std::vector<std::string>& args)
{
  PathSelection selection;
  const Config& config = project.config;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(config.root, ec);
  std::set<std::string> chosen;
  for (const std::string& arg : args) {
    fs::path typed = base / arg;
    if (!fs::exists(fs::symlink_status(typed, ec))) {
      throw Error("no such file or folder: " + arg);
    }
    fs::path resolved = fs::weakly_canonical(typed, ec);
    auto relative = relative_inside(root, resolved);
    if (!relative) {
      Diagnostic d;
      d.path = arg;
      d.severity = rule_severity(config, "path-escape");
      d.rule = "path-escape";
      d.message = fmt::format("'{}' leads outside the database root {}; lint only files inside it", arg, root.string());
      selection.findings.push_back(std::move(d));
      continue;
    }
    if (fs::is_directory(resolved, ec)) {
      if (relative->empty() || *relative == config.cases_dir) {
        selection.all = true;
        continue;
      }
      for (const auto& entry : fs::directory_iterator(resolved, ec)) {
        if (entry.path().extension() == ".yaml") {
          chosen.insert(*relative + "/" + entry.path().filename().string());
        }
      }
      continue;
    }
    chosen.insert(*relative);
  }
  selection.paths.assign(chosen.begin(), chosen.end());
  return selection;
}

PathSelection select_changed(const Project& project, const std::string& base)
{
  const Config& config = project.config;
  PathSelection selection;
  for (const std::string& path : changed_files(config.root, base, config.main_branch)) {
    if (path == k_config_file || path.starts_with(config.schema_dir + "/")) {
      selection.all = true;
      selection.paths.clear();
      return selection;
    }
    if (path.starts_with(config.cases_dir + "/") && path.ends_with(".yaml")) {
      selection.paths.push_back(path);
    }
  }
  return selection;
}

std::string describe_database(const std::vector<Case>& cases)
{
  std::set<std::string> companies;
  std::set<std::string> industries;
  long long first = 0;
  long long last = 0;
  std::size_t drafts = 0;
  std::size_t without_year = 0;
  std::size_t with_summary = 0;
  for (const Case& c : cases) {
    if (c.company.present) {
      companies.insert(c.company.value);
    }
    if (c.industry.present) {
      industries.insert(c.industry.value);
    }
    if (c.year.present) {
      first = first == 0 ? c.year.value : std::min(first, c.year.value);
      last = std::max(last, c.year.value);
    } else {
      ++without_year;
    }
    drafts += c.status.present && c.status.value == "draft" ? 1U : 0U;
    with_summary += c.summary.present ? 1U : 0U;
  }
  auto count = [](std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::string years = first == 0 ? "no years" : first == last ? fmt::format("year {}", first)
                                                              : fmt::format("years {}-{}", first, last);
  return fmt::format("{} from {} in {}, {} ({} without a year), {}, {} with a summary",
                     count(cases.size(), "case", "cases"), count(companies.size(), "company", "companies"),
                     count(industries.size(), "industry", "industries"), years, without_year,
                     count(drafts, "draft", "drafts"), with_summary);
}

} // namespace llmops
