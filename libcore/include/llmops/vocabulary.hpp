#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace llmops {

// A hash for unordered containers keyed by std::string that also finds by std::string_view.
struct StringHash
{
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// A string-keyed hash map with lookups by std::string_view that allocate nothing.
template <typename T> using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// A group of tags with one question in common (what it does, how, with what, which practice).
struct Family
{
  std::string slug;
  std::string label;
  std::string description;
  int order = 0;
  std::string origin; // "file:line:col" of its definition; empty when built in code
};

struct Tag
{
  std::string slug;
  std::string family;
  std::string label;
  std::string description;
  std::vector<std::string> aliases;
  std::vector<std::string> keywords;
  bool deprecated = false;
  std::string replaced_by; // a canonical slug, when `deprecated`
  std::string origin;      // "file:line:col" of its definition; empty when built in code
};

struct Industry
{
  std::string slug;
  std::string label;
  std::string description;
  std::vector<std::string> aliases;
  std::string origin; // "file:line:col" of its definition; empty when built in code
};

// How a written tag relates to the vocabulary.
enum class TagMatch : std::uint8_t { canonical, alias, deprecated, unknown };

struct TagLookup
{
  TagMatch match = TagMatch::unknown;
  const Tag* tag = nullptr; // the entry written (deprecated) or meant (alias)
  std::string_view canonical; // the slug to write instead (empty when unknown); lives as long as the vocabulary
};

// The controlled vocabulary: tag families, tags and industries, from `schema/`.
class Vocabulary
{
public:
  // Reads `dir/tags.toml` and `dir/industries.toml`; throws `Error` on an invalid file
  // (unknown family, alias that shadows a tag, replacement that is not canonical, cycle).
  static Vocabulary load(const std::filesystem::path& dir);

  // Builds a vocabulary from values, checking it as `load` does (for tests and tools).
  static Vocabulary from(std::vector<Family> families, std::vector<Tag> tags,
                         std::vector<Industry> industries);

  const std::vector<Family>& families() const { return m_families; }
  const std::vector<Tag>& tags() const { return m_tags; }
  const std::vector<Industry>& industries() const { return m_industries; }

  const Family* find_family(std::string_view slug) const;
  const Tag* find_tag(std::string_view slug) const; // canonical or deprecated entries only
  const Industry* find_industry(std::string_view slug) const;

  // Resolves a written tag: canonical, alias (to its tag), deprecated (to its replacement).
  TagLookup lookup_tag(std::string_view written) const;

  // Resolves a written industry through aliases; null when unknown. `via_alias` tells which.
  const Industry* lookup_industry(std::string_view written, bool* via_alias = nullptr) const;

  // Canonical tags closest to `written` by edit distance (at most `limit`); ties go to tags of
  // `family` (the family the tag was listed under, if any), then to the most used by `usage`
  // (slug -> count), then by slug.
  std::vector<std::string> suggest_tags(std::string_view written,
                                        const std::map<std::string, std::size_t, std::less<>>& usage,
                                        std::size_t limit = 1, std::string_view family = {}) const;

  // Industries closest to `written` by edit distance.
  std::vector<std::string> suggest_industries(std::string_view written, std::size_t limit = 1) const;

  // The bytes the vocabulary was read from, part of the cache key.
  const std::string& text() const { return m_text; }

private:
  void index();

  std::vector<Family> m_families;
  std::vector<Tag> m_tags;
  std::vector<Industry> m_industries;
  StringMap<std::size_t> m_tag_index;      // slug -> m_tags index
  StringMap<std::size_t> m_alias_index;    // alias -> m_tags index
  StringMap<std::size_t> m_industry_index; // slug or alias -> index
  std::string m_text;
};

} // namespace llmops
