#pragma once
// Private helpers of the statistics: the canonical tags of a case, each once.

#include "llmops/case.hpp"
#include "llmops/vocabulary.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::detail {

// One tag of a case as statistics count it; the views point into the vocabulary or the case.
struct CountedTag
{
  std::string_view slug;   // canonical when the vocabulary knows it, else as written
  std::string_view family; // the vocabulary's family, else the family it is listed under
};

// Fills `out` with the tags of `c`, resolved through aliases and deprecations, each once, in the
// order written. A case has a few dozen tags at most, so a linear scan finds repeats.
inline void counted_tags(const Case& c, const Vocabulary& vocabulary, std::vector<CountedTag>& out)
{
  out.clear();
  for (const TagRef& ref : c.tags) {
    TagLookup look = vocabulary.lookup_tag(ref.slug);
    const Tag* entry = look.match == TagMatch::unknown ? nullptr : vocabulary.find_tag(look.canonical);
    CountedTag tag{entry != nullptr ? look.canonical : std::string_view(ref.slug),
                   entry != nullptr ? std::string_view(entry->family) : std::string_view(ref.family)};
    if (std::none_of(out.begin(), out.end(), [&](const CountedTag& t) { return t.slug == tag.slug; })) {
      out.push_back(tag);
    }
  }
}

// The label of tag `slug`, or the slug when the vocabulary does not know it.
inline std::string tag_label(std::string_view slug, const Vocabulary& vocabulary)
{
  const Tag* tag = vocabulary.find_tag(slug);
  return tag != nullptr && !tag->label.empty() ? tag->label : std::string(slug);
}

} // namespace llmops::detail
