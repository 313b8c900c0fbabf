#include "html_page_data.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace llmops::html {

namespace {

using Json = nlohmann::ordered_json;

// A tag as the page shows it: canonical when the vocabulary knows it, else as written.
struct PageTag
{
  std::size_t family_rank = 0; // place of its family among the families shown
  bool known = false;
  std::string slug;
  std::string family;
  std::string label;

  auto key() const { return std::tie(family_rank, known, slug); }
};

// The canonical (family, slug) of a written tag, and its label; unknown tags stay under the family
// they are listed in, as `compute_facets` counts them.
PageTag resolve_tag(const Vocabulary& vocabulary, const TagRef& written)
{
  const TagLookup look = vocabulary.lookup_tag(written.slug);
  const Tag* entry = look.match == TagMatch::unknown ? nullptr : vocabulary.find_tag(look.canonical);
  if (entry == nullptr && look.match == TagMatch::deprecated) {
    entry = look.tag; // deprecated without a replacement: still the vocabulary's tag, with its label
  }
  if (entry != nullptr) {
    return {0, true, entry->slug, entry->family, entry->label.empty() ? entry->slug : entry->label};
  }
  return {0, false, written.slug, written.family, written.slug};
}

// Families in the vocabulary's order, then those only cases name, by slug.
std::vector<std::string> family_order(const Vocabulary& vocabulary, const std::set<std::string>& used)
{
  std::vector<std::string> order;
  for (const Family& family : vocabulary.families()) {
    if (used.contains(family.slug)) {
      order.push_back(family.slug);
    }
  }
  for (const std::string& slug : used) {
    if (vocabulary.find_family(slug) == nullptr) {
      order.push_back(slug);
    }
  }
  return order;
}

void set_text(Json& object, const char* key, const Located<std::string>& value)
{
  if (value.present && !value.value.empty()) {
    object[key] = value.value;
  }
}

void append_escape(std::string& out, unsigned code)
{
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\u%04x", code);
  out += buffer;
}

} // namespace

std::string page_data_json(const CaseIndex& index, std::span<const std::size_t> rows, const Vocabulary& vocabulary)
{
  // First pass: which tags, families and industries the rows use.
  std::vector<std::vector<PageTag>> case_tags(rows.size());
  std::vector<std::pair<std::string, bool>> case_industry(rows.size()); // slug, known
  std::set<std::string> used_families;
  std::set<std::string> known_industries;
  std::set<std::string> unknown_industries;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const Case& c = index.at(rows[row]);
    for (const TagRef& written : c.tags) {
      PageTag tag = resolve_tag(vocabulary, written);
      used_families.insert(tag.family);
      case_tags[row].push_back(std::move(tag));
    }
    if (c.industry.present && !c.industry.value.empty()) {
      const Industry* industry = vocabulary.lookup_industry(c.industry.value);
      case_industry[row] = industry != nullptr ? std::pair{industry->slug, true} : std::pair{c.industry.value, false};
      (industry != nullptr ? known_industries : unknown_industries).insert(case_industry[row].first);
    }
  }

  Json data = Json::object();
  const std::vector<std::string> families = family_order(vocabulary, used_families);
  std::map<std::string, std::size_t, std::less<>> family_rank;
  data["families"] = Json::array();
  for (const std::string& slug : families) {
    family_rank[slug] = family_rank.size();
    const Family* family = vocabulary.find_family(slug);
    data["families"].push_back({{"slug", slug}, {"label", family != nullptr ? family->label : slug}});
  }

  // The tag table: by family, known tags before unknown ones, then by slug.
  std::vector<PageTag> table;
  for (auto& tags : case_tags) {
    for (PageTag& tag : tags) {
      tag.family_rank = family_rank.at(tag.family);
      table.push_back(tag);
    }
  }
  const auto by_key = [](const PageTag& a, const PageTag& b) { return a.key() < b.key(); };
  const auto same_key = [](const PageTag& a, const PageTag& b) { return a.key() == b.key(); };
  std::sort(table.begin(), table.end(), by_key);
  table.erase(std::unique(table.begin(), table.end(), same_key), table.end());
  data["tags"] = Json::array();
  for (const PageTag& tag : table) {
    data["tags"].push_back({{"slug", tag.slug}, {"label", tag.label}, {"family", tag.family_rank}});
  }

  // The industry table: the vocabulary's, in its order, then unknown values as written.
  std::map<std::string, std::size_t, std::less<>> industry_rank;
  data["industries"] = Json::array();
  for (const Industry& industry : vocabulary.industries()) {
    if (known_industries.contains(industry.slug)) {
      industry_rank[industry.slug] = data["industries"].size();
      data["industries"].push_back(
        {{"slug", industry.slug}, {"label", industry.label.empty() ? industry.slug : industry.label}});
    }
  }
  for (const std::string& slug : unknown_industries) {
    if (!industry_rank.contains(slug)) {
      industry_rank[slug] = data["industries"].size();
      data["industries"].push_back({{"slug", slug}, {"label", slug}});
    }
  }

  Json& cases = data["cases"] = Json::array();
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const Case& c = index.at(rows[row]);
    Json item = Json::object();
    set_text(item, "id", c.id);
    item["path"] = c.path;
    set_text(item, "title", c.title);
    set_text(item, "company", c.company);
    if (!case_industry[row].first.empty()) {
      item["industry"] = industry_rank.at(case_industry[row].first);
    }
    if (c.year.present) {
      item["year"] = c.year.value;
    }
    set_text(item, "status", c.status);
    set_text(item, "created", c.created_at);
    set_text(item, "url", c.source_url);
    Json sources = Json::array();
    for (const Located<std::string>& source : c.sources) {
      if (!source.value.empty()) {
        sources.push_back(source.value);
      }
    }
    if (!sources.empty()) {
      item["sources"] = std::move(sources);
    }
    std::vector<std::size_t> tags;
    for (const PageTag& tag : case_tags[row]) {
      auto at = std::lower_bound(table.begin(), table.end(), tag, by_key);
      tags.push_back(static_cast<std::size_t>(at - table.begin()));
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    item["tags"] = tags;
    set_text(item, "summary", c.summary);
    set_text(item, "notes", c.notes);
    cases.push_back(std::move(item));
  }
  return data.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string escape_json_for_script(std::string_view json)
{
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto byte = static_cast<unsigned char>(json[i]);
    const auto next = i + 1 < json.size() ? static_cast<unsigned char>(json[i + 1]) : 0U;
    const auto third = i + 2 < json.size() ? static_cast<unsigned char>(json[i + 2]) : 0U;
    if (byte == '<' || byte == '>' || byte == '&' || byte == 0x7F) {
      append_escape(out, byte);
    } else if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {
      append_escape(out, next); // U+0080..U+009F, the C1 controls
      i += 1;
    } else if (byte == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9)) {
      append_escape(out, third == 0xA8 ? 0x2028U : 0x2029U);
      i += 2;
    } else {
      out.push_back(static_cast<char>(byte));
    }
  }
  return out;
}

std::string escape_html(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
        out += ' ';
      } else {
        out += c;
      }
    }
  }
  return out;
}

} // namespace llmops::html
