// The Markdown pages of `llmops export --format markdown`: an index and one page per tag.
#include "export_support.hpp"
#include "llmops/export_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace llmops {

namespace {

// A link destination inside <...>: the characters that would end it or break a table are encoded.
std::string link_target(const std::string& url)
{
  std::string out;
  for (char c : url) {
    switch (c) {
    case '<':
      out += "%3C";
      break;
    case '>':
      out += "%3E";
      break;
    case '|':
      out += "%7C";
      break;
    case '`':
      out += "%60";
      break;
    case '\\':
      out += "%5C";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string industry_label(const Case& c, const Vocabulary& vocabulary)
{
  if (!c.industry.present || c.industry.value.empty()) {
    return "(none)";
  }
  const Industry* industry = vocabulary.lookup_industry(c.industry.value);
  return industry != nullptr ? industry->label : c.industry.value;
}

// The canonical vocabulary tags of `c`, each once.
std::set<const Tag*> canonical_tags(const Case& c, const Vocabulary& vocabulary)
{
  std::set<const Tag*> out;
  for (const TagRef& ref : c.tags) {
    const TagLookup found = vocabulary.lookup_tag(ref.slug);
    if (!found.canonical.empty()) {
      if (const Tag* tag = vocabulary.find_tag(found.canonical); tag != nullptr && !tag->deprecated) {
        out.insert(tag);
      }
    }
  }
  return out;
}

std::string plural(std::size_t n)
{
  return fmt::format("{} case{}", n, n == 1 ? "" : "s");
}

std::string tag_page_path(const Tag& tag)
{
  return fmt::format("tags/{}/{}.md", tag.family, tag.slug);
}

std::string tag_page(const Tag& tag, const Vocabulary& vocabulary, const CaseIndex& index,
                     std::vector<std::size_t> cases)
{
  std::sort(cases.begin(), cases.end(), [&](std::size_t a, std::size_t b) {
    const Case& x = index.at(a);
    const Case& y = index.at(b);
    const long long year_x = x.year.present ? x.year.value : 0;
    const long long year_y = y.year.present ? y.year.value : 0;
    return std::tie(year_y, x.title.value, x.id.value, x.path) < std::tie(year_x, y.title.value, y.id.value, y.path);
  });
  const Family* family = vocabulary.find_family(tag.family);
  std::string out = fmt::format("# {}\n\n", markdown_escape(tag.label.empty() ? tag.slug : tag.label));
  out += fmt::format("Tag `{}` in the family [{}](../../index.md#{}), {}.\n\n", tag.slug,
                     markdown_escape(family != nullptr ? family->label : tag.family), tag.family, plural(cases.size()));
  if (!tag.description.empty()) {
    out += markdown_escape(tag.description) + "\n\n";
  }
  out += "| Case | Company | Industry | Year |\n|---|---|---|---:|\n";
  for (std::size_t row : cases) {
    const Case& c = index.at(row);
    const std::string title = markdown_escape(c.title.present ? c.title.value : c.path);
    const std::string link = c.source_url.present && detail::is_http_url(c.source_url.value)
                               ? fmt::format("[{}](<{}>)", title, link_target(c.source_url.value))
                               : title;
    out +=
      fmt::format("| {} | {} | {} | {} |\n", link, markdown_escape(c.company.present ? c.company.value : ""),
                  markdown_escape(industry_label(c, vocabulary)), c.year.present ? std::to_string(c.year.value) : "");
  }
  return out;
}

// Rows sorted by count, most first, then by name.
template <typename Key> std::vector<std::pair<Key, std::size_t>> by_count(const std::map<Key, std::size_t>& counts)
{
  std::vector<std::pair<Key, std::size_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

} // namespace

std::string markdown_escape(const std::string& text)
{
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += "\xEF\xBF\xBD";
    } else if (std::string_view("\\`*_[]<>|#!~&$").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<ExportFile> build_markdown_pages(const CaseIndex& index, std::span<const std::size_t> rows,
                                             const Vocabulary& vocabulary)
{
  std::map<std::string, std::size_t> industries; // label -> cases
  std::map<const Tag*, std::vector<std::size_t>> tagged;
  for (std::size_t row : rows) {
    const Case& c = index.at(row);
    ++industries[industry_label(c, vocabulary)];
    for (const Tag* tag : canonical_tags(c, vocabulary)) {
      tagged[tag].push_back(row);
    }
  }

  std::string out = "# LLM production case studies\n\n";
  out += fmt::format("{} in this export, by industry and by tag. Each tag links to a page listing its cases with a "
                     "link to their source.\n\n",
                     plural(rows.size()));
  out += "## By industry\n\n| Industry | Cases |\n|---|---:|\n";
  for (const auto& [label, count] : by_count(industries)) {
    out += fmt::format("| {} | {} |\n", markdown_escape(label), count);
  }
  std::vector<ExportFile> pages;
  out += "\n## By tag family\n";
  for (const Family& family : vocabulary.families()) {
    std::map<std::string, std::size_t> counts; // slug -> cases, for the order
    for (const auto& [tag, cases] : tagged) {
      if (tag->family == family.slug) {
        counts[tag->slug] = cases.size();
      }
    }
    out += fmt::format("\n<a id=\"{}\"></a>\n\n### {}\n\n", family.slug, markdown_escape(family.label));
    if (!family.description.empty()) {
      out += markdown_escape(family.description) + "\n\n";
    }
    if (counts.empty()) {
      out += "No case in this export carries a tag of this family.\n";
      continue;
    }
    out += "| Tag | Cases |\n|---|---:|\n";
    for (const auto& [slug, count] : by_count(counts)) {
      const Tag* tag = vocabulary.find_tag(slug);
      out += fmt::format("| [{}]({}) | {} |\n", markdown_escape(tag->label.empty() ? slug : tag->label),
                         tag_page_path(*tag), count);
      pages.push_back({tag_page_path(*tag), tag_page(*tag, vocabulary, index, tagged[tag])});
    }
  }
  pages.push_back({"index.md", std::move(out)});
  std::sort(pages.begin(), pages.end(), [](const ExportFile& a, const ExportFile& b) { return a.path < b.path; });
  return pages;
}

} // namespace llmops
