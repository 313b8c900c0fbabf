#pragma once

#include "llmops/diagnostic.hpp"

#include <optional>
#include <string>
#include <vector>

namespace llmops {

// A value read from a case file, with where it stands.
template <typename T> struct Located
{
  T value{};
  Position position;
  bool present = false;
};

// One tag as written in a case, with its place.
struct TagRef
{
  std::string family; // the family key it was listed under
  std::string slug;   // as written
  Position position;
};

// The facts of one case file: what lint, query and stats need, never a parse tree.
struct Case
{
  std::string path; // relative to the root, e.g. "cases/acme-bot.yaml"
  Located<long long> schema_version;
  Located<std::string> id;
  Located<std::string> title;
  Located<std::string> company;
  Located<std::string> industry;
  Located<long long> year;
  Located<std::string> status;
  Located<std::string> created_at;
  Located<std::string> source_url;
  std::vector<Located<std::string>> sources;
  std::vector<TagRef> tags;
  Position tags_position;
  bool tags_listed = false; // `tags` is present as a mapping (or empty), so its emptiness is meaningful
  Located<std::string> summary;
  Located<std::string> notes;
  std::vector<Located<std::string>> not_duplicate_of;
  bool parsed = false; // false when the YAML could not be read at all
};

} // namespace llmops
