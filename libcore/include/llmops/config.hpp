#pragma once

#include "llmops/diagnostic.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace llmops {

// Size and shape limits that bound the work done on any one file.
struct Limits
{
  std::uint64_t max_file_bytes = 262144;
  std::uint32_t max_depth = 8;
  std::uint32_t max_tags_per_case = 200;
  std::uint32_t max_line_bytes = 16384;
  int year_min = 1990;
  int year_max_ahead = 1;
};

// A named scope for statistics, `[themes.<name>]` in llmops.toml: a title and a query.
struct Theme
{
  std::string name;   // the table's key, e.g. "agents"
  std::string title;  // e.g. "Agents in production"
  std::string query;  // in the query language (docs/query.md), checked when the theme is used
  std::string origin; // "path:line:col" of the query in llmops.toml
};

// The settings of one database, read from `llmops.toml` at its root.
struct Config
{
  std::filesystem::path root;          // absolute
  std::string cases_dir = "cases";     // relative to `root`
  std::string schema_dir = "schema";   // relative to `root`
  std::string cache_dir = ".llmops/cache";
  Limits limits;
  std::string main_branch = "main";
  bool sort_tags = false;
  double title_similarity = 0.9;
  std::map<std::string, Severity, std::less<>> severities; // rule id -> configured severity
  std::map<std::string, Theme, std::less<>> themes;        // name -> theme
  std::string text; // the file's bytes, part of the cache key
};

// The name of the file that marks a database root.
inline constexpr const char* k_config_file = "llmops.toml";

// The nearest folder at or above `start` that holds `llmops.toml`; throws `Error` if none.
std::filesystem::path find_root(const std::filesystem::path& start);

// Reads `root/llmops.toml`; throws `Error` naming the file, line and problem when it is invalid.
Config load_config(const std::filesystem::path& root);

} // namespace llmops
