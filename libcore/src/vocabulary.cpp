#include "llmops/vocabulary.hpp"

#include "llmops/error.hpp"
#include "llmops/text.hpp"
#include "toml_util.hpp"

#include <algorithm>
#include <regex>

namespace llmops {

namespace fs = std::filesystem;

namespace {

bool is_slug(std::string_view s)
{
  static const std::regex k_slug("^[a-z0-9]+(-[a-z0-9]+)*$");
  return !s.empty() && s.size() <= 64 && std::regex_match(s.begin(), s.end(), k_slug);
}

// The entries closest to `written` by edit distance: at most a third of its length away.
template <typename Range, typename Key, typename Rank>
std::vector<std::string> closest(std::string_view written, const Range& range, Key key, Rank rank, std::size_t limit)
{
  struct Candidate
  {
    std::size_t distance;
    std::size_t rank;
    std::string slug;
  };
  std::vector<Candidate> candidates;
  const std::size_t threshold = std::max<std::size_t>(2, written.size() / 3);
  for (const auto& item : range) {
    for (const std::string& name : key(item)) {
      std::size_t d = text::edit_distance(written, name);
      bool prefix = name.size() > 3 && (name.starts_with(written) || std::string_view(written).starts_with(name));
      if (d <= threshold || prefix) {
        candidates.push_back({prefix ? std::min<std::size_t>(d, 1) : d, rank(item), std::string(item.slug)});
      }
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.distance != b.distance) {
      return a.distance < b.distance;
    }
    if (a.rank != b.rank) {
      return a.rank > b.rank;
    }
    return a.slug < b.slug;
  });
  std::vector<std::string> out;
  for (const auto& c : candidates) {
    if (std::find(out.begin(), out.end(), c.slug) == out.end()) {
      out.push_back(c.slug);
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
                          get_string(*entry, "description", tags_path), get_number(*entry, "order", tags_path, 0)});
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
                            get_strings(*entry, "aliases", industries_path)});
    }
  }
  try {
    Vocabulary vocabulary = from(std::move(families), std::move(tags), std::move(industries));
    vocabulary.m_text = std::move(all_text);
    return vocabulary;
  } catch (const Error& e) {
    throw Error((dir / "tags.toml").string() + ": " + e.what());
  }
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
      throw Error("family '" + family.slug + "' is not a lowercase slug");
    }
  }
  for (std::size_t i = 0; i < m_tags.size(); ++i) {
    const Tag& tag = m_tags[i];
    if (!is_slug(tag.slug)) {
      throw Error("tag '" + tag.slug + "' is not a lowercase slug");
    }
    if (!find_family(tag.family)) {
      throw Error("tag '" + tag.slug + "' is in unknown family '" + tag.family + "'");
    }
    m_tag_index.emplace(tag.slug, i);
  }
  for (std::size_t i = 0; i < m_tags.size(); ++i) {
    const Tag& tag = m_tags[i];
    for (const auto& alias : tag.aliases) {
      if (!is_slug(alias)) {
        throw Error("alias '" + alias + "' of tag '" + tag.slug + "' is not a lowercase slug");
      }
      if (m_tag_index.count(alias)) {
        throw Error("alias '" + alias + "' of tag '" + tag.slug + "' is also a tag");
      }
      if (!m_alias_index.emplace(alias, i).second) {
        throw Error("alias '" + alias + "' belongs to two tags");
      }
    }
    if (tag.deprecated) {
      if (tag.replaced_by.empty()) {
        continue; // retired without a replacement
      }
      const Tag* target = find_tag(tag.replaced_by);
      if (!target || target->deprecated) {
        throw Error("deprecated tag '" + tag.slug + "' is replaced by '" + tag.replaced_by +
                    "', which is not a current tag");
      }
    } else if (!tag.replaced_by.empty()) {
      throw Error("tag '" + tag.slug + "' has replaced_by but is not deprecated");
    }
  }
  for (std::size_t i = 0; i < m_industries.size(); ++i) {
    const Industry& industry = m_industries[i];
    if (!is_slug(industry.slug)) {
      throw Error("industry '" + industry.slug + "' is not a lowercase slug");
    }
    if (!m_industry_index.emplace(industry.slug, i).second) {
      throw Error("industry '" + industry.slug + "' is defined twice");
    }
  }
  for (std::size_t i = 0; i < m_industries.size(); ++i) {
    for (const auto& alias : m_industries[i].aliases) {
      if (!m_industry_index.emplace(alias, i).second) {
        throw Error("industry alias '" + alias + "' is already an industry or an alias");
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
                                                  std::size_t limit) const
{
  std::vector<const Tag*> current;
  for (const auto& tag : m_tags) {
    if (!tag.deprecated) {
      current.push_back(&tag);
    }
  }
  struct View
  {
    const Tag* tag;
    std::string_view slug;
  };
  std::vector<View> views;
  for (const Tag* tag : current) {
    views.push_back({tag, tag->slug});
  }
  return closest(
    written, views,
    [](const View& v) {
      std::vector<std::string> names{v.tag->slug};
      names.insert(names.end(), v.tag->aliases.begin(), v.tag->aliases.end());
      return names;
    },
    [&](const View& v) {
      auto it = usage.find(v.tag->slug);
      return it == usage.end() ? std::size_t{0} : it->second;
    },
    limit);
}

std::vector<std::string> Vocabulary::suggest_industries(std::string_view written, std::size_t limit) const
{
  return closest(
    written, m_industries,
    [](const Industry& i) {
      std::vector<std::string> names{i.slug};
      names.insert(names.end(), i.aliases.begin(), i.aliases.end());
      return names;
    },
    [](const Industry&) { return std::size_t{0}; }, limit);
}

} // namespace llmops
