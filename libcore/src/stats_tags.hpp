#pragma once
// Private helpers of the statistics: the canonical tags of a case, each once.

#include "llmops/case.hpp"
#include "llmops/vocabulary.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace llmops::detail {

// One tag of a case as statistics count it.
struct CountedTag
{
  std::string slug;   // canonical when the vocabulary knows it, else as written
  std::string family; // the vocabulary's family, else the family it is listed under
};

// The tags of `c`, resolved through aliases and deprecations, each once, in the order written.
inline std::vector<CountedTag> counted_tags(const Case& c, const Vocabulary& vocabulary)
{
  std::vector<CountedTag> out;
  for (const TagRef& ref : c.tags) {
    TagLookup look = vocabulary.lookup_tag(ref.slug);
    const Tag* entry = look.match == TagMatch::unknown ? nullptr : vocabulary.find_tag(look.canonical);
    CountedTag tag{entry != nullptr ? std::string(look.canonical) : ref.slug,
                   entry != nullptr ? entry->family : ref.family};
    if (std::none_of(out.begin(), out.end(), [&](const CountedTag& t) { return t.slug == tag.slug; })) {
      out.push_back(std::move(tag));
    }
  }
  return out;
}

// The label of tag `slug`, or the slug when the vocabulary does not know it.
inline std::string tag_label(std::string_view slug, const Vocabulary& vocabulary)
{
  const Tag* tag = vocabulary.find_tag(slug);
  return tag != nullptr && !tag->label.empty() ? tag->label : std::string(slug);
}

} // namespace llmops::detail
