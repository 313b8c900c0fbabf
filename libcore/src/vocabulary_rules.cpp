// The rules that judge a case's tags and industry against the vocabulary. They run on facts,
// not on bytes, so a vocabulary change never needs the files parsed again.
#include "llmops/case_reader.hpp"
#include "llmops/rules.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops {

namespace {

void add(std::vector<Diagnostic>& out, const Config& config, const Case& facts, std::string_view rule,
         Position position, std::string message, std::size_t span, std::optional<std::string> fix = std::nullopt)
{
  Diagnostic d;
  d.path = facts.path;
  d.position = position;
  d.span = static_cast<std::uint32_t>(std::max<std::size_t>(span, 1));
  d.severity = rule_severity(config, rule);
  d.rule = std::string(rule);
  d.message = std::move(message);
  d.fix = std::move(fix);
  out.push_back(std::move(d));
}

} // namespace

TagUsage count_tag_usage(const std::vector<Case>& cases, const Vocabulary& vocabulary)
{
  TagUsage usage;
  std::vector<std::string_view> seen;
  StringMap<std::size_t> counts;
  for (const Case& c : cases) {
    seen.clear();
    for (const TagRef& ref : c.tags) {
      auto found = vocabulary.lookup_tag(ref.slug);
      if (!found.canonical.empty()) {
        seen.push_back(found.canonical);
      }
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (std::string_view slug : seen) {
      auto it = counts.find(slug);
      if (it == counts.end()) {
        counts.emplace(std::string(slug), 1);
      } else {
        ++it->second;
      }
    }
  }
  usage.insert(counts.begin(), counts.end());
  return usage;
}

void check_case_vocabulary(const Case& facts, const CheckContext& context, const TagUsage& usage,
                           std::vector<Diagnostic>& out)
{
  const Vocabulary& vocabulary = context.vocabulary;
  const Config& config = context.config;
  if (facts.industry.present) {
    bool via_alias = false;
    const Industry* industry = vocabulary.lookup_industry(facts.industry.value, &via_alias);
    const auto span = facts.industry.value.size();
    if (!industry) {
      auto suggestions = vocabulary.suggest_industries(facts.industry.value);
      std::string hint = suggestions.empty()
                           ? "; schema/industries.toml lists them"
                           : fmt::format("; did you mean '{}'?", suggestions.front());
      add(out, config, facts, "industry-unknown", facts.industry.position,
          fmt::format("unknown industry '{}'{}", facts.industry.value, hint), span);
    } else if (via_alias) {
      add(out, config, facts, "industry-alias", facts.industry.position,
          fmt::format("industry '{}' is an alias; write '{}'", facts.industry.value, industry->slug), span,
          fmt::format("replace '{}' with '{}'", facts.industry.value, industry->slug));
    }
  }
  if (facts.tags_listed && facts.tags.empty()) {
    add(out, config, facts, "tags-empty", facts.tags_position,
        "the case has no tags; add at least one from the vocabulary", 1);
  }
  if (facts.tags.size() > config.limits.max_tags_per_case) {
    return; // reported as tags-too-many; judging each of thousands of tags would bury it
  }
  // Canonical slug of each tag, for the duplicate check below (sorted, so duplicates are adjacent).
  std::vector<std::pair<std::string_view, const TagRef*>> canonical_refs;
  canonical_refs.reserve(facts.tags.size());
  const TagRef* previous = nullptr;
  for (const TagRef& ref : facts.tags) {
    const Family* family = vocabulary.find_family(ref.family);
    const auto span = ref.slug.size();
    const bool first_of_family = !previous || previous->family != ref.family;
    if (!family && first_of_family) {
      std::string names;
      std::string hint;
      for (const auto& f : vocabulary.families()) {
        names += (names.empty() ? "" : ", ") + f.slug;
        if (hint.empty() && text::edit_distance(ref.family, f.slug) <= 2) {
          hint = fmt::format("did you mean '{}'? ", f.slug);
        }
      }
      add(out, config, facts, "tag-family-unknown", ref.position,
          fmt::format("unknown tag family '{}'; {}the families are: {}", ref.family, hint, names), span);
    }
    if (config.sort_tags && !first_of_family && ref.slug < previous->slug) {
      add(out, config, facts, "tag-unsorted", ref.position,
          fmt::format("tags in family '{}' are not sorted: '{}' comes before '{}'", ref.family, ref.slug,
                      previous->slug),
          span, fmt::format("sort the tags of family '{}'", ref.family));
    }
    previous = &ref;
    TagLookup found = vocabulary.lookup_tag(ref.slug);
    switch (found.match) {
    case TagMatch::unknown: {
      auto suggestions = vocabulary.suggest_tags(ref.slug, usage, 1, ref.family);
      std::string hint;
      if (!suggestions.empty()) {
        const Tag* tag = vocabulary.find_tag(suggestions.front());
        hint = fmt::format("; did you mean '{}' ({})?", suggestions.front(), tag->family);
      }
      add(out, config, facts, "tag-unknown", ref.position,
          fmt::format("unknown tag '{}' in family '{}'{}", ref.slug, ref.family, hint), span);
      continue;
    }
    case TagMatch::alias:
      add(out, config, facts, "tag-alias", ref.position,
          fmt::format("tag '{}' is an alias of '{}'; write '{}'", ref.slug, found.canonical, found.canonical), span,
          fmt::format("replace '{}' with '{}'", ref.slug, found.canonical));
      break;
    case TagMatch::deprecated:
      if (found.canonical.empty()) {
        add(out, config, facts, "tag-deprecated", ref.position,
            fmt::format("tag '{}' is deprecated and has no replacement; remove it", ref.slug), span);
        continue;
      }
      add(out, config, facts, "tag-deprecated", ref.position,
          fmt::format("tag '{}' is deprecated; it is replaced by '{}'", ref.slug, found.canonical), span,
          fmt::format("replace '{}' with '{}'", ref.slug, found.canonical));
      break;
    case TagMatch::canonical:
      break;
    }
    const Tag* canonical = vocabulary.find_tag(found.canonical);
    if (family && canonical && canonical->family != ref.family) {
      add(out, config, facts, "tag-family", ref.position,
          fmt::format("tag '{}' belongs to family '{}', not '{}'; move it to '{}'", found.canonical, canonical->family,
                      ref.family, canonical->family),
          span, fmt::format("move '{}' to family '{}'", found.canonical, canonical->family));
    }
    canonical_refs.emplace_back(found.canonical, &ref);
  }
  // A stable sort keeps each tag's first use first among its duplicates.
  std::stable_sort(canonical_refs.begin(), canonical_refs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < canonical_refs.size(); ++i) {
    if (canonical_refs[i].first != canonical_refs[i - 1].first) {
      continue;
    }
    std::size_t first_index = i - 1;
    while (first_index > 0 && canonical_refs[first_index - 1].first == canonical_refs[i].first) {
      --first_index;
    }
    const TagRef& first = *canonical_refs[first_index].second;
    const TagRef& ref = *canonical_refs[i].second;
    std::string message =
      first.slug == ref.slug
        ? fmt::format("tag '{}' is already listed on line {}; remove this one", ref.slug, first.position.line)
        : fmt::format("'{}' is tag '{}', already listed as '{}' on line {}; remove this one", ref.slug,
                      canonical_refs[i].first, first.slug, first.position.line);
    add(out, config, facts, "tag-duplicate", ref.position, std::move(message), ref.slug.size(),
        fmt::format("remove the second '{}'", ref.slug));
  }
}

} // namespace llmops
