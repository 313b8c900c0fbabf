#include "llmops/config.hpp"

#include "llmops/error.hpp"
#include "llmops/rules.hpp"
#include "llmops/text.hpp"
#include "toml_util.hpp"

#include <system_error>

namespace llmops {

namespace fs = std::filesystem;

fs::path find_root(const fs::path& start)
{
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(start, ec), ec);
  if (ec) {
    throw Error("cannot resolve " + start.string() + ": " + ec.message());
  }
  for (fs::path current = dir;; current = current.parent_path()) {
    if (fs::is_regular_file(current / k_config_file, ec)) {
      return current;
    }
    if (current == current.parent_path()) {
      break;
    }
  }
  throw Error("no llmops.toml in " + dir.string() +
              " or any parent folder; run inside a llmops database or pass -C DIR");
}

Config load_config(const fs::path& root)
{
  using namespace detail;
  Config config;
  config.root = root;
  const fs::path path = root / k_config_file;
  config.text = read_text_file(path);
  const toml::table doc = parse_toml(config.text, path);
  reject_unknown_keys(doc, {"paths", "limits", "lint", "rules", "themes"}, path, "llmops.toml");

  if (const auto* paths = doc["paths"].as_table()) {
    reject_unknown_keys(*paths, {"cases", "schema", "cache"}, path, "[paths]");
    config.cases_dir = get_string(*paths, "cases", path, config.cases_dir);
    config.schema_dir = get_string(*paths, "schema", path, config.schema_dir);
    config.cache_dir = get_string(*paths, "cache", path, config.cache_dir);
    for (const char* key : {"cases", "schema", "cache"}) {
      const toml::node* node = paths->get(key);
      std::string dir = node ? node->value<std::string>().value_or("") : "x";
      if (node && (fs::path(dir).is_absolute() || dir.find("..") != std::string::npos || dir.empty())) {
        throw Error(where(path, *node) + ": [paths] " + key + " must name a folder inside the database root, not '" +
                    dir + "'");
      }
    }
  }
  if (const auto* limits = doc["limits"].as_table()) {
    reject_unknown_keys(*limits,
                        {"max_file_bytes", "max_depth", "max_tags_per_case", "max_line_bytes", "year_min",
                         "year_max_ahead"},
                        path, "[limits]");
    auto& l = config.limits;
    l.max_file_bytes = get_number(*limits, "max_file_bytes", path, l.max_file_bytes);
    l.max_depth = get_number(*limits, "max_depth", path, l.max_depth);
    l.max_tags_per_case = get_number(*limits, "max_tags_per_case", path, l.max_tags_per_case);
    l.max_line_bytes = get_number(*limits, "max_line_bytes", path, l.max_line_bytes);
    l.year_min = get_number(*limits, "year_min", path, l.year_min);
    l.year_max_ahead = get_number(*limits, "year_max_ahead", path, l.year_max_ahead);
    if (l.max_depth < 3) {
      throw Error(where(path, *limits->get("max_depth")) +
                  ": limits.max_depth must be at least 3 (a case nests tags three deep)");
    }
  }
  if (const auto* lint = doc["lint"].as_table()) {
    reject_unknown_keys(*lint, {"main_branch", "sort_tags", "title_similarity"}, path, "[lint]");
    config.main_branch = get_string(*lint, "main_branch", path, config.main_branch);
    config.sort_tags = get_number(*lint, "sort_tags", path, config.sort_tags);
    config.title_similarity = get_number(*lint, "title_similarity", path, config.title_similarity);
    if (config.title_similarity <= 0.0 || config.title_similarity > 1.0) {
      throw Error(where(path, *lint->get("title_similarity")) + ": lint.title_similarity must be in (0, 1]");
    }
  }
  if (const auto* rules = doc["rules"].as_table()) {
    for (const auto& [key, value] : *rules) {
      if (!find_rule(key.str())) {
        std::string hint;
        for (const Rule& rule : all_rules()) {
          if (hint.empty() && text::edit_distance(key.str(), rule.id) <= 3) {
            hint = "; did you mean '" + std::string(rule.id) + "'?";
          }
        }
        throw Error(where(path, value) + ": unknown rule '" + std::string(key.str()) + "'" +
                    (hint.empty() ? " (llmops lint --list-rules lists them)" : hint));
      }
      auto text = value.value<std::string>();
      auto severity = text ? parse_severity(*text) : std::nullopt;
      if (!severity) {
        throw Error(where(path, value) + ": rule '" + std::string(key.str()) +
                    "' must be \"error\", \"warning\", \"info\" or \"off\"");
      }
      config.severities.emplace(std::string(key.str()), *severity);
    }
  }
  if (const toml::node* themes_node = doc.get("themes")) {
    const auto* themes = themes_node->as_table();
    if (themes == nullptr) {
      throw Error(where(path, *themes_node) + ": 'themes' must be a table of [themes.<name>] tables");
    }
    for (const auto& [key, value] : *themes) {
      const std::string name(key.str());
      const auto* theme = value.as_table();
      if (theme == nullptr) {
        throw Error(where(path, value) + ": theme '" + name + "' must be a table with a title and a query");
      }
      reject_unknown_keys(*theme, {"title", "query"}, path, "[themes." + name + "]");
      const toml::node* query = theme->get("query");
      if (query == nullptr || !theme->get("title")) {
        throw Error(where(path, value) + ": theme '" + name + "' needs both a title and a query");
      }
      Theme entry{name, get_string(*theme, "title", path), get_string(*theme, "query", path), where(path, *query)};
      if (text::trim(entry.title).empty()) {
        throw Error(where(path, *theme->get("title")) + ": theme '" + name + "' has an empty title");
      }
      config.themes.emplace(name, std::move(entry));
    }
  }
  return config;
}

} // namespace llmops
