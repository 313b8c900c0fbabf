// Tag rewriting by text edits: the YAML tree gives the byte offset of every tag, family key and
// bracket; the edits replace, remove or insert only the bytes of the tag lines.
#include "llmops/case_edit.hpp"

#include "llmops/text_edit.hpp"
#include "yaml_doc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace llmops {

namespace {

using detail::YamlKind;
using detail::YamlNode;

constexpr std::uint32_t k_max_depth = 32;
constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// One tag as written: its value and the bytes [begin, end) of the scalar, quotes included.
struct Item
{
  std::string slug;
  std::size_t begin = 0;
  std::size_t end = 0;
  char quote = 0;
};

// One `family: list` entry of the tags mapping.
struct Entry
{
  std::string family;
  std::size_t key_offset = 0;
  bool flow = false;
  bool no_list = false; // `family:` with nothing after it
  std::size_t open = 0;  // flow: offset of '['
  std::size_t close = 0; // flow: offset of ']'
  std::vector<Item> items;
};

struct Layout
{
  bool block = true; // the tags mapping is written as indented lines, not as {..}
  std::vector<Entry> entries;
};

std::size_t line_begin(std::string_view t, std::size_t offset)
{
  if (offset == 0) {
    return 0;
  }
  auto p = t.rfind('\n', offset - 1);
  return p == std::string_view::npos ? 0 : p + 1;
}

std::size_t line_end(std::string_view t, std::size_t offset)
{
  auto p = t.find('\n', offset);
  return p == std::string_view::npos ? t.size() : p + 1;
}

bool only_spaces(std::string_view s)
{
  return s.find_first_not_of(' ') == std::string_view::npos;
}

// The end of the quoted text opening at `offset`, or nothing when it does not close.
std::optional<std::size_t> quote_end(std::string_view t, std::size_t offset)
{
  const char quote = t[offset];
  for (std::size_t i = offset + 1; i < t.size(); ++i) {
    if (quote == '"' && t[i] == '\\') {
      ++i;
    } else if (t[i] == quote) {
      if (quote == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return std::nullopt;
}

// The bytes of scalar `node` in `t`, or nothing when they cannot be located exactly.
std::optional<Item> locate_scalar(std::string_view t, const YamlNode& node)
{
  if (node.kind != YamlKind::scalar || node.offset >= t.size()) {
    return std::nullopt;
  }
  Item item{node.value, node.offset, node.offset, 0};
  const char c = t[node.offset];
  if (node.quoted) {
    if (c != '"' && c != '\'') {
      return std::nullopt; // a block scalar
    }
    auto end = quote_end(t, node.offset);
    if (!end || t.substr(node.offset, *end - node.offset).find('\n') != std::string_view::npos) {
      return std::nullopt;
    }
    item.end = *end;
    item.quote = c;
    return item;
  }
  if (t.substr(node.offset, node.value.size()) != node.value) {
    return std::nullopt; // a plain scalar folded over lines
  }
  item.end = node.offset + node.value.size();
  return item;
}

// The ']' closing the flow list opened at `open`, or nothing when the list nests or never closes.
std::optional<std::size_t> flow_close(std::string_view t, std::size_t open)
{
  for (std::size_t i = open + 1; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"' || c == '\'') {
      auto end = quote_end(t, i);
      if (!end) {
        return std::nullopt;
      }
      i = *end - 1;
    } else if (c == '#' && (t[i - 1] == ' ' || t[i - 1] == '\n')) {
      i = t.find('\n', i);
      if (i == std::string_view::npos) {
        return std::nullopt;
      }
    } else if (c == ']') {
      return i;
    } else if (c == '[' || c == '{') {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Finds the tags of the case in `t`; fills `problem` when they cannot be edited safely.
std::optional<Layout> locate(std::string_view t, std::string& problem)
{
  auto parse = detail::parse_yaml(t, k_max_depth);
  if (!parse.root || parse.root->kind != YamlKind::map) {
    problem = "the file is not a readable YAML mapping";
    return std::nullopt;
  }
  const YamlNode* tags = nullptr;
  const auto& top = parse.root->children;
  for (std::size_t i = 0; i + 1 < top.size(); i += 2) {
    if (top[i].kind == YamlKind::scalar && top[i].value == "tags") {
      if (tags) {
        problem = "'tags' appears twice";
        return std::nullopt;
      }
      tags = &top[i + 1];
    }
  }
  if (!tags || tags->kind != YamlKind::map) {
    problem = "the case has no 'tags' mapping to edit";
    return std::nullopt;
  }
  Layout layout;
  layout.block = !tags->flow;
  for (std::size_t i = 0; i + 1 < tags->children.size(); i += 2) {
    const YamlNode& key = tags->children[i];
    const YamlNode& list = tags->children[i + 1];
    Entry entry;
    entry.family = key.value;
    entry.key_offset = key.offset;
    if (key.kind != YamlKind::scalar) {
      problem = "a tag family is not a plain name";
      return std::nullopt;
    }
    for (const Entry& other : layout.entries) {
      if (other.family == entry.family) {
        problem = fmt::format("tag family '{}' appears twice", entry.family);
        return std::nullopt;
      }
    }
    if (list.kind == YamlKind::null) {
      entry.no_list = true;
    } else if (list.kind != YamlKind::sequence) {
      problem = fmt::format("the tags of family '{}' are not a list", entry.family);
      return std::nullopt;
    } else {
      entry.flow = list.flow;
      if (entry.flow) {
        auto close = list.offset < t.size() && t[list.offset] == '[' ? flow_close(t, list.offset) : std::nullopt;
        if (!close) {
          problem = fmt::format("the list of family '{}' cannot be located", entry.family);
          return std::nullopt;
        }
        entry.open = list.offset;
        entry.close = *close;
      }
      for (const YamlNode& node : list.children) {
        auto item = locate_scalar(t, node);
        if (!item) {
          problem = fmt::format("a tag of family '{}' is written in a way that cannot be edited", entry.family);
          return std::nullopt;
        }
        if (!entry.flow) {
          std::string_view prefix = t.substr(line_begin(t, item->begin), item->begin - line_begin(t, item->begin));
          auto dash = prefix.find('-');
          std::size_t rest = line_end(t, item->end);
          std::string_view after = t.substr(item->end, rest - item->end);
          auto kept = after.find_first_not_of(" \r\n");
          if (dash == std::string_view::npos || !only_spaces(prefix.substr(0, dash)) ||
              !only_spaces(prefix.substr(dash + 1)) || (kept != std::string_view::npos && after[kept] != '#')) {
            problem = fmt::format("a tag of family '{}' does not stand on a line of its own", entry.family);
            return std::nullopt;
          }
        }
        entry.items.push_back(std::move(*item));
      }
    }
    layout.entries.push_back(std::move(entry));
  }
  return layout;
}

enum class Op : std::uint8_t { keep, replace, remove, insert };

// One step turning the written list into the wanted one; `item` is the written item it concerns
// (for an insertion: the written item it goes after, or -1 for the front).
struct Step
{
  Op op;
  long item;
  std::string slug;
};

// The fewest keeps, replacements, removals and insertions that turn `from` into `to`.
std::vector<Step> align(const std::vector<Item>& from, const std::vector<std::string>& to)
{
  const std::size_t n = from.size();
  const std::size_t m = to.size();
  std::vector<std::vector<std::size_t>> cost(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) {
    for (std::size_t j = 0; j <= m; ++j) {
      if (i == 0 || j == 0) {
        cost[i][j] = i + j;
        continue;
      }
      std::size_t diagonal = cost[i - 1][j - 1] + (from[i - 1].slug == to[j - 1] ? 0 : 1);
      cost[i][j] = std::min({diagonal, cost[i - 1][j] + 1, cost[i][j - 1] + 1});
    }
  }
  std::vector<Step> steps;
  std::size_t i = n;
  std::size_t j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + (from[i - 1].slug == to[j - 1] ? 0 : 1)) {
      Op op = from[i - 1].slug == to[j - 1] ? Op::keep : Op::replace;
      steps.push_back({op, static_cast<long>(i - 1), to[j - 1]});
      --i;
      --j;
    } else if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
      steps.push_back({Op::remove, static_cast<long>(i - 1), {}});
      --i;
    } else {
      steps.push_back({Op::insert, static_cast<long>(i) - 1, to[j - 1]});
      --j;
    }
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

std::size_t entry_end(std::string_view t, const Entry& e)
{
  if (e.flow) {
    return line_end(t, e.close);
  }
  if (e.items.empty()) {
    return line_end(t, e.key_offset);
  }
  return line_end(t, e.items.back().end);
}

std::string item_prefix(std::string_view t, const Item& item)
{
  std::size_t begin = line_begin(t, item.begin);
  return std::string(t.substr(begin, item.begin - begin));
}

// Edits turning the list of `e` into `wanted` (not empty).
bool list_edits(std::string_view t, const Entry& e, const std::vector<std::string>& wanted, std::vector<Edit>& out,
                std::string& problem)
{
  auto steps = align(e.items, wanted);
  const bool only_replacements =
    std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.op == Op::keep || s.op == Op::replace; });
  if (e.flow && !only_replacements) {
    std::string joined;
    std::string separator = ", ";
    if (e.items.size() >= 2) {
      std::string_view between = t.substr(e.items[0].end, e.items[1].begin - e.items[0].end);
      if (between.find('\n') == std::string_view::npos) {
        separator = std::string(between);
      }
    }
    for (const Step& s : steps) {
      if (s.op == Op::remove) {
        continue;
      }
      joined += joined.empty() ? "" : separator;
      if (s.op == Op::keep) {
        const Item& item = e.items[static_cast<std::size_t>(s.item)];
        joined += t.substr(item.begin, item.end - item.begin);
      } else {
        joined += render_scalar(s.slug, s.op == Op::replace ? e.items[static_cast<std::size_t>(s.item)].quote : 0);
      }
    }
    if (e.items.empty()) {
      out.push_back({e.open + 1, e.close - e.open - 1, joined});
      return true;
    }
    std::size_t begin = e.items.front().begin;
    std::size_t end = e.items.back().end;
    if (t.substr(begin, end - begin).find('#') != std::string_view::npos) {
      problem = fmt::format("the list of family '{}' holds a comment", e.family);
      return false;
    }
    out.push_back({begin, end - begin, joined});
    return true;
  }
  for (const Step& s : steps) {
    if (s.op == Op::keep) {
      continue;
    }
    if (s.op == Op::replace) {
      const Item& item = e.items[static_cast<std::size_t>(s.item)];
      out.push_back({item.begin, item.end - item.begin, render_scalar(s.slug, item.quote)});
    } else if (s.op == Op::remove) {
      const Item& item = e.items[static_cast<std::size_t>(s.item)];
      std::size_t begin = line_begin(t, item.begin);
      out.push_back({begin, line_end(t, item.end) - begin, ""});
    } else if (s.item < 0) {
      const Item& first = e.items.front();
      out.push_back({line_begin(t, first.begin), 0, item_prefix(t, first) + render_scalar(s.slug) + "\n"});
    } else {
      const Item& after = e.items[static_cast<std::size_t>(s.item)];
      std::size_t at = line_end(t, after.end);
      std::string line = item_prefix(t, after) + render_scalar(s.slug);
      out.push_back({at, 0, at == t.size() && t.back() != '\n' ? "\n" + line : line + "\n"});
    }
  }
  return true;
}

// The text of a new `family: [..]` entry, in the style of the entries already there.
std::string new_entry(std::string_view t, const Layout& layout, const FamilyTags& family)
{
  std::string indent = item_prefix(t, Item{{}, layout.entries.front().key_offset, 0, 0});
  for (const Entry& e : layout.entries) {
    if (!e.flow && !e.items.empty()) {
      std::string text = indent + family.family + ":\n";
      for (const auto& slug : family.slugs) {
        text += item_prefix(t, e.items.front()) + render_scalar(slug) + "\n";
      }
      return text;
    }
    if (e.flow) {
      break;
    }
  }
  std::string joined;
  for (const auto& slug : family.slugs) {
    joined += (joined.empty() ? "" : ", ") + render_scalar(slug);
  }
  return indent + family.family + ": [" + joined + "]\n";
}

// `tags` without empty families, keyed by family, for comparing what was wanted and what was written.
std::map<std::string, std::vector<std::string>> by_family(const std::vector<FamilyTags>& tags)
{
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : tags) {
    if (!f.slugs.empty()) {
      out[f.family] = f.slugs;
    }
  }
  return out;
}

} // namespace

std::string render_scalar(std::string_view slug, char quote)
{
  bool plain = !slug.empty() && detail::plain_scalar_type(slug).empty() &&
               std::isalnum(static_cast<unsigned char>(slug.front())) != 0 &&
               std::all_of(slug.begin(), slug.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
               });
  if (quote == '\'' && slug.find_first_of("'\n") == std::string_view::npos) {
    return "'" + std::string(slug) + "'";
  }
  if (plain && quote != '"') {
    return std::string(slug);
  }
  std::string out = "\"";
  for (char c : slug) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "\"";
}

std::optional<std::vector<FamilyTags>> read_case_tags(std::string_view text)
{
  if (text.starts_with(k_bom)) {
    text.remove_prefix(k_bom.size());
  }
  std::string problem;
  auto layout = locate(text, problem);
  if (!layout) {
    return std::nullopt;
  }
  std::vector<FamilyTags> out;
  for (const Entry& e : layout->entries) {
    FamilyTags family{e.family, {}};
    for (const Item& item : e.items) {
      family.slugs.push_back(item.slug);
    }
    out.push_back(std::move(family));
  }
  return out;
}

namespace {

// `t`, whose tags are at `layout`, edited to hold `want`; not parsed again.
CaseRewrite edit_located(std::string_view t, const std::optional<Layout>& layout,
                         const std::map<std::string, std::vector<std::string>>& want, const Vocabulary& vocabulary)
{
  CaseRewrite result;
  if (want.empty()) {
    result.problem = "the case would be left without tags";
    return result;
  }
  std::vector<Edit> edits;
  for (const Entry& e : layout->entries) {
    auto it = want.find(e.family);
    if (it == want.end()) {
      if (e.items.empty()) {
        continue; // an empty family stays as written
      }
      std::size_t begin = line_begin(t, e.key_offset);
      if (!layout->block || !only_spaces(t.substr(begin, e.key_offset - begin))) {
        result.problem = fmt::format("family '{}' cannot be removed from a tags mapping written on one line", e.family);
        return result;
      }
      edits.push_back({begin, entry_end(t, e) - begin, ""});
    } else if (e.no_list) {
      result.problem = fmt::format("family '{}' has no list to add to", e.family);
      return result;
    } else if (!list_edits(t, e, it->second, edits, result.problem)) {
      return result;
    }
  }
  std::vector<FamilyTags> added;
  for (const auto& wanted : want) {
    // A named reference, not a structured binding: clang 14 cannot capture those in a lambda.
    const auto& family = wanted.first;
    auto found = std::find_if(layout->entries.begin(), layout->entries.end(),
                              [&](const Entry& e) { return e.family == family; });
    if (found == layout->entries.end()) {
      added.push_back({family, wanted.second});
    }
  }
  auto order = [&](std::string_view family) {
    const Family* f = vocabulary.find_family(family);
    return f ? f->order : 1 << 20;
  };
  std::stable_sort(added.begin(), added.end(),
                   [&](const FamilyTags& a, const FamilyTags& b) { return order(a.family) < order(b.family); });
  for (const FamilyTags& family : added) {
    if (!layout->block || layout->entries.empty()) {
      result.problem = fmt::format("family '{}' cannot be added to this tags mapping", family.family);
      return result;
    }
    std::string text = new_entry(t, *layout, family);
    auto before = std::find_if(layout->entries.begin(), layout->entries.end(),
                               [&](const Entry& e) { return order(e.family) > order(family.family); });
    std::size_t at = before != layout->entries.end() ? line_begin(t, before->key_offset)
                                                     : entry_end(t, layout->entries.back());
    if (at == t.size() && !t.empty() && t.back() != '\n') {
      text = "\n" + text.substr(0, text.size() - 1);
    }
    edits.push_back({at, 0, std::move(text)});
  }
  result.text = apply_edits(t, std::move(edits));
  return result;
}

} // namespace

CaseRewrite rewrite_case_tags(std::string_view t, const std::vector<FamilyTags>& wanted, const Vocabulary& vocabulary)
{
  if (t.starts_with(k_bom)) {
    // Offsets are those of the text after the mark; the mark itself is lint --fix's business.
    CaseRewrite result = rewrite_case_tags(t.substr(k_bom.size()), wanted, vocabulary);
    result.text = result.ok() ? std::string(k_bom) + result.text : std::string();
    return result;
  }
  CaseRewrite result;
  auto layout = locate(t, result.problem);
  if (!layout) {
    return result;
  }
  auto want = by_family(wanted);
  result = edit_located(t, layout, want, vocabulary);
  if (!result.ok()) {
    return result;
  }
  auto check = read_case_tags(result.text);
  if (!check || by_family(*check) != want) {
    result.text.clear();
    result.problem = "the edited file would not hold the wanted tags";
  }
  return result;
}

CaseRetag retag_case(std::string_view t, const std::function<bool(std::vector<FamilyTags>&)>& retag,
                     const Vocabulary& vocabulary)
{
  CaseRetag out;
  const bool bom = t.starts_with(k_bom);
  if (bom) {
    t.remove_prefix(k_bom.size());
  }
  auto layout = locate(t, out.rewrite.problem);
  if (!layout) {
    return out;
  }
  out.located = true;
  for (const Entry& e : layout->entries) {
    FamilyTags family{e.family, {}};
    for (const Item& item : e.items) {
      family.slugs.push_back(item.slug);
    }
    out.wanted.push_back(std::move(family));
  }
  out.changed = retag(out.wanted);
  if (!out.changed) {
    return out;
  }
  out.rewrite = edit_located(t, layout, by_family(out.wanted), vocabulary);
  if (out.rewrite.ok() && bom) {
    out.rewrite.text.insert(0, k_bom);
  }
  return out;
}

bool same_tags(const std::vector<TagRef>& written, const std::vector<FamilyTags>& wanted)
{
  std::map<std::string, std::vector<std::string>> read;
  for (const TagRef& tag : written) {
    read[tag.family].push_back(tag.slug);
  }
  return read == by_family(wanted);
}

CaseRewrite rewrite_case_field(std::string_view t, std::string_view key, std::string_view value)
{
  CaseRewrite result;
  auto parse = detail::parse_yaml(t, k_max_depth);
  if (!parse.root || parse.root->kind != YamlKind::map) {
    result.problem = "the file is not a readable YAML mapping";
    return result;
  }
  const auto& top = parse.root->children;
  for (std::size_t i = 0; i + 1 < top.size(); i += 2) {
    if (top[i].kind == YamlKind::scalar && top[i].value == key) {
      auto item = locate_scalar(t, top[i + 1]);
      if (!item) {
        result.problem = fmt::format("the value of '{}' cannot be located", key);
        return result;
      }
      result.text = apply_edits(t, {{item->begin, item->end - item->begin, render_scalar(value, item->quote)}});
      return result;
    }
  }
  result.problem = fmt::format("the case has no '{}'", key);
  return result;
}

} // namespace llmops
