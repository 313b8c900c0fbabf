#include "llmops/vocabulary.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"
#include "toml_util.hpp"

#include <algorithm>
#include <regex>

namespace llmops {

namespace fs = std::filesystem;

namespace {

// "file:line:col: " for an entry read from a file, nothing for one built in code.
template <typename Entry> std::string at(const Entry& entry)
{
  return entry.origin.empty() ? std::string{} : entry.origin + ": ";
}

bool is_slug(std::string_view s)
{
  static const std::regex k_slug("^[a-z0-9]+(-[a-z0-9]+)*$");
  return !s.empty() && s.size() <= 64 && std::regex_match(s.begin(), s.end(), k_slug);
}

// A name a suggestion may come from, with the slug it stands for and its rank for ties.
struct Candidate
{
  std::string_view slug;
  std::string_view name;  // the slug itself or one of its aliases
  std::size_t rank = 0;   // higher wins a tie
  bool preferred = false; // wins a tie before rank does
};

// The slugs whose names are closest to `written`: at most a third of its length away, or a prefix.
std::vector<std::string> closest(std::string_view written, const std::vector<Candidate>& candidates,
                                 std::size_t limit)
{
  struct Scored
  {
    std::size_t distance;
    const Candidate* candidate;
  };
  std::vector<Scored> scored;
  const std::size_t threshold = std::max<std::size_t>(2, written.size() / 3);
  for (const Candidate& c : candidates) {
    std::size_t d = text::edit_distance(written, c.name);
    bool prefix = c.name.size() > 3 && (c.name.starts_with(written) || written.starts_with(c.name));
    if (d <= threshold || prefix) {
      scored.push_back({prefix ? std::min<std::size_t>(d, 1) : d, &c});
    }
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.distance != b.distance) {
      return a.distance < b.distance;
    }
    if (a.candidate->preferred != b.candidate->preferred) {
      return a.candidate->preferred;
    }
    if (a.candidate->rank != b.candidate->rank) {
      return a.candidate->rank > b.candidate->rank;
    }
    return a.candidate->slug < b.candidate->slug;
  });
  std::vector<std::string> out;
  for (const Scored& s : scored) {
    if (std::find(out.begin(), out.end(), s.candidate->slug) == out.end()) {
      out.emplace_back(s.candidate->slug);
    }
    if (out.size() == limit) {
      break;
    }
  }
  return out;
}

} // namespace

Vocabulary Vocabulary::load(const fs::path& dir)
{
  using namespace detail;
  std::vector<Family> families;
  std::vector<Tag> tags;
  std::vector<Industry> industries;
  std::string all_text;

  const fs::path tags_path = dir / "tags.toml";
  std::string text = read_text_file(tags_path);
  all_text += text;
  toml::table doc = parse_toml(text, tags_path);
  reject_unknown_keys(doc, {"families", "tags"}, tags_path, "tags.toml");
  if (const auto* table = doc["families"].as_table()) {
    for (const auto& [key, node] : *table) {
      const auto* entry = node.as_table();
      if (!entry) {
        throw Error(where(tags_path, node) + ": [families." + std::string(key.str()) + "] must be a table");
      }
      reject_unknown_keys(*entry, {"label", "description", "order"}, tags_path, "a family");
      families.push_back({std::string(key.str()), get_string(*entry, "label", tags_path, std::string(key.str())),
                          get_string(*entry, "description", tags_path), get_number(*entry, "order", tags_path, 0),
                          where(tags_path, node)});
    }
  }
  if (const auto* table = doc["tags"].as_table()) {
    for (const auto& [key, node] : *table) {
      const auto* entry = node.as_table();
      if (!entry) {
        throw Error(where(tags_path, node) + ": [tags." + std::string(key.str()) + "] must be a table");
      }
      reject_unknown_keys(*entry, {"family", "label", "description", "aliases", "keywords", "deprecated", "replaced_by"},
                          tags_path, "a tag");
      Tag tag;
      tag.slug = std::string(key.str());
      tag.family = get_string(*entry, "family", tags_path);
      tag.label = get_string(*entry, "label", tags_path, tag.slug);
      tag.description = get_string(*entry, "description", tags_path);
      tag.aliases = get_strings(*entry, "aliases", tags_path);
      tag.keywords = get_strings(*entry, "keywords", tags_path);
      tag.deprecated = get_number(*entry, "deprecated", tags_path, false);
      tag.replaced_by = get_string(*entry, "replaced_by", tags_path);
      tag.origin = where(tags_path, node);
      tags.push_back(std::move(tag));
    }
  }

  const fs::path industries_path = dir / "industries.toml";
  text = read_text_file(industries_path);
  all_text += text;
  doc = parse_toml(text, industries_path);
  reject_unknown_keys(doc, {"industries"}, industries_path, "industries.toml");
  if (const auto* table = doc["industries"].as_table()) {
    for (const auto& [key, node] : *table) {
      const auto* entry = node.as_table();
      if (!entry) {
        throw Error(where(industries_path, node) + ": [industries." + std::string(key.str()) + "] must be a table");
      }
      reject_unknown_keys(*entry, {"label", "description", "aliases"}, industries_path, "an industry");
      industries.push_back({std::string(key.str()), get_string(*entry, "label", industries_path, std::string(key.str())),
                            get_string(*entry, "description", industries_path),
                            get_strings(*entry, "aliases", industries_path), where(industries_path, node)});
    }
  }
  Vocabulary vocabulary = from(std::move(families), std::move(tags), std::move(industries));
  vocabulary.m_text = std::move(all_text);
  return vocabulary;
}

Vocabulary Vocabulary::from(std::vector<Family> families, std::vector<Tag> tags, std::vector<Industry> industries)
{
  Vocabulary v;
  v.m_families = std::move(families);
  std::stable_sort(v.m_families.begin(), v.m_families.end(),
                   [](const Family& a, const Family& b) { return a.order < b.order; });
  v.m_tags = std::move(tags);
  std::sort(v.m_tags.begin(), v.m_tags.end(), [](const Tag& a, const Tag& b) { return a.slug < b.slug; });
  v.m_industries = std::move(industries);
  std::sort(v.m_industries.begin(), v.m_industries.end(),
            [](const Industry& a, const Industry& b) { return a.slug < b.slug; });
  v.index();
  return v;
}

void Vocabulary::index()
{
  for (const auto& family : m_families) {
    if (!is_slug(family.slug)) {
      throw Error(at(family) + "family '" + family.slug + "' is not a lowercase slug");
    }
  }
  for (std::size_t i = 0; i < m_tags.size(); ++i) {
    const Tag& tag = m_tags[i];
    if (!is_slug(tag.slug)) {
      throw Error(at(tag) + "tag '" + tag.slug + "' is not a lowercase slug");
    }
    if (!find_family(tag.family)) {
      throw Error(at(tag) + "tag '" + tag.slug + "' is in unknown family '" + tag.family + "'");
    }
    m_tag_index.emplace(tag.slug, i);
  }
  for (std::size_t i = 0; i < m_tags.size(); ++i) {
    const Tag& tag = m_tags[i];
    for (const auto& alias : tag.aliases) {
      if (!is_slug(alias)) {
        throw Error(at(tag) + "alias '" + alias + "' of tag '" + tag.slug + "' is not a lowercase slug");
      }
      if (m_tag_index.count(alias)) {
        throw Error(at(tag) + "alias '" + alias + "' of tag '" + tag.slug + "' is also a tag");
      }
      if (!m_alias_index.emplace(alias, i).second) {
        throw Error(at(tag) + "alias '" + alias + "' belongs to two tags");
      }
    }
    if (tag.deprecated) {
      if (tag.replaced_by.empty()) {
        continue; // retired without a replacement
      }
      const Tag* target = find_tag(tag.replaced_by);
      if (!target || target->deprecated) {
        throw Error(at(tag) + "deprecated tag '" + tag.slug + "' is replaced by '" + tag.replaced_by +
                    "', which is not a current tag");
      }
    } else if (!tag.replaced_by.empty()) {
      throw Error(at(tag) + "tag '" + tag.slug + "' has replaced_by but is not deprecated");
    }
  }
  for (std::size_t i = 0; i < m_industries.size(); ++i) {
    const Industry& industry = m_industries[i];
    if (!is_slug(industry.slug)) {
      throw Error(at(industry) + "industry '" + industry.slug + "' is not a lowercase slug");
    }
    if (!m_industry_index.emplace(industry.slug, i).second) {
      throw Error(at(industry) + "industry '" + industry.slug + "' is defined twice");
    }
  }
  for (std::size_t i = 0; i < m_industries.size(); ++i) {
    for (const auto& alias : m_industries[i].aliases) {
      if (!m_industry_index.emplace(alias, i).second) {
        throw Error(at(m_industries[i]) + "industry alias '" + alias + "' is already an industry or an alias");
      }
    }
  }
}

const Family* Vocabulary::find_family(std::string_view slug) const
{
  auto it = std::find_if(m_families.begin(), m_families.end(), [&](const Family& f) { return f.slug == slug; });
  return it == m_families.end() ? nullptr : &*it;
}

const Tag* Vocabulary::find_tag(std::string_view slug) const
{
  auto it = m_tag_index.find(slug);
  return it == m_tag_index.end() ? nullptr : &m_tags[it->second];
}

const Industry* Vocabulary::find_industry(std::string_view slug) const
{
  auto it = m_industry_index.find(slug);
  if (it == m_industry_index.end() || m_industries[it->second].slug != slug) {
    return nullptr;
  }
  return &m_industries[it->second];
}

TagLookup Vocabulary::lookup_tag(std::string_view written) const
{
  if (const Tag* tag = find_tag(written)) {
    if (tag->deprecated) {
      return {TagMatch::deprecated, tag, tag->replaced_by};
    }
    return {TagMatch::canonical, tag, tag->slug};
  }
  if (auto it = m_alias_index.find(written); it != m_alias_index.end()) {
    const Tag& tag = m_tags[it->second];
    if (tag.deprecated) {
      return {TagMatch::deprecated, &tag, tag.replaced_by};
    }
    return {TagMatch::alias, &tag, tag.slug};
  }
  return {};
}

const Industry* Vocabulary::lookup_industry(std::string_view written, bool* via_alias) const
{
  auto it = m_industry_index.find(written);
  if (it == m_industry_index.end()) {
    return nullptr;
  }
  const Industry& industry = m_industries[it->second];
  if (via_alias) {
    *via_alias = industry.slug != written;
  }
  return &industry;
}

std::vector<std::string> Vocabulary::suggest_tags(std::string_view written,
                                                  const std::map<std::string, std::size_t, std::less<>>& usage,
                                                  std::size_t limit, std::string_view family) const
{
  std::vector<Candidate> candidates;
  candidates.reserve(m_tags.size() + m_alias_index.size());
  for (const Tag& tag : m_tags) {
    if (tag.deprecated) {
      continue;
    }
    auto it = usage.find(tag.slug);
    std::size_t rank = it == usage.end() ? 0 : it->second;
    const bool preferred = !family.empty() && tag.family == family;
    candidates.push_back({tag.slug, tag.slug, rank, preferred});
    for (const auto& alias : tag.aliases) {
      candidates.push_back({tag.slug, alias, rank, preferred});
    }
  }
  return closest(written, candidates, limit);
}

std::vector<std::string> Vocabulary::suggest_industries(std::string_view written, std::size_t limit) const
{
  std::vector<Candidate> candidates;
  candidates.reserve(m_industry_index.size());
  for (const Industry& industry : m_industries) {
    candidates.push_back({industry.slug, industry.slug, 0});
    for (const auto& alias : industry.aliases) {
      candidates.push_back({industry.slug, alias, 0});
    }
  }
  return closest(written, candidates, limit);
}

} // namespace llmops
