// Tags as contributors type them: resolved by alias, letter case or prefix, and proposed from
// the words of a title and summary.
#include "llmops/add.hpp"

#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops {

namespace {

// `s` folded to lower-case ASCII-ish words separated by single spaces, with a space either side.
std::string word_text(std::string_view s)
{
  std::string folded = text::fold(s);
  std::string out = " ";
  for (char c : folded) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (word) {
      out += c;
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') {
    out += ' ';
  }
  return out;
}

} // namespace

TagChoice resolve_tag(const Vocabulary& vocabulary, std::string_view written, const TagUsage& usage, bool allow_prefix)
{
  TagChoice choice;
  TagLookup found = vocabulary.lookup_tag(written);
  std::string how;
  if (found.match == TagMatch::unknown) {
    found = vocabulary.lookup_tag(text::ascii_lower(written));
    how = "case";
  }
  if (found.match != TagMatch::unknown) {
    if (found.match == TagMatch::alias) {
      how = "alias";
    } else if (found.match == TagMatch::deprecated) {
      how = "deprecated";
    }
    choice.how = how;
    if (!found.canonical.empty()) {
      choice.canonical = std::string(found.canonical);
      choice.family = vocabulary.find_tag(found.canonical)->family;
    }
    return choice;
  }
  const std::string lower = text::ascii_lower(written);
  if (allow_prefix && !lower.empty()) {
    // Slugs first: an alias that happens to share the prefix does not make a slug ambiguous.
    for (bool by_alias : {false, true}) {
      for (const Tag& tag : vocabulary.tags()) {
        const bool starts = by_alias ? std::any_of(tag.aliases.begin(), tag.aliases.end(),
                                                   [&](const std::string& a) { return a.starts_with(lower); })
                                     : tag.slug.starts_with(lower);
        if (!tag.deprecated && starts) {
          choice.candidates.push_back(tag.slug);
        }
      }
      if (!choice.candidates.empty()) {
        break;
      }
    }
    if (choice.candidates.size() == 1) {
      choice.canonical = choice.candidates.front();
      choice.family = vocabulary.find_tag(choice.canonical)->family;
      choice.how = "prefix";
      choice.candidates.clear();
      return choice;
    }
    if (!choice.candidates.empty()) {
      return choice;
    }
  }
  auto suggestions = vocabulary.suggest_tags(written, usage);
  if (!suggestions.empty()) {
    choice.suggestion = suggestions.front();
  }
  return choice;
}

std::string tag_problem(const Vocabulary& vocabulary, std::string_view written, const TagChoice& choice)
{
  if (choice.how == "deprecated") {
    return fmt::format("tag '{}' is deprecated and has no replacement", written);
  }
  if (!choice.candidates.empty()) {
    std::string list;
    const std::size_t shown = std::min<std::size_t>(choice.candidates.size(), 8);
    for (std::size_t i = 0; i < shown; ++i) {
      list += (i == 0 ? "" : ", ") + choice.candidates[i];
    }
    return fmt::format("tag '{}' is the start of several tags: {}{}", written, list,
                       choice.candidates.size() > shown ? ", ..." : "");
  }
  if (!choice.suggestion.empty()) {
    return fmt::format("unknown tag '{}'; did you mean '{}' ({})?", written, choice.suggestion,
                       vocabulary.find_tag(choice.suggestion)->family);
  }
  return fmt::format("unknown tag '{}'", written);
}

std::vector<std::string> suggest_tags_for(const Vocabulary& vocabulary, std::string_view title, std::string_view summary,
                                          const std::vector<std::string>& already)
{
  const std::string haystack = word_text(std::string(title) + " \n " + std::string(summary));
  std::vector<std::string> out;
  for (const Family& family : vocabulary.families()) {
    for (const Tag& tag : vocabulary.tags()) {
      if (tag.deprecated || tag.family != family.slug ||
          std::find(already.begin(), already.end(), tag.slug) != already.end()) {
        continue;
      }
      std::vector<std::string> phrases{tag.slug, tag.label};
      phrases.insert(phrases.end(), tag.aliases.begin(), tag.aliases.end());
      phrases.insert(phrases.end(), tag.keywords.begin(), tag.keywords.end());
      const bool found = std::any_of(phrases.begin(), phrases.end(), [&](const std::string& phrase) {
        const std::string needle = word_text(phrase);
        return needle.size() > 2 && haystack.find(needle) != std::string::npos;
      });
      if (found) {
        out.push_back(tag.slug);
      }
    }
  }
  return out;
}

} // namespace llmops
