#pragma once
// What the vocabulary holds and how the cases use it: `tag list`, `tag show` and `tag health`.

#include "llmops/case.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace llmops {

// One tag of the vocabulary with the cases that write it (directly, or through an alias).
struct TagRow
{
  const Tag* tag = nullptr;
  std::vector<std::string> cases; // ids (or paths when a case has no id), sorted
};

// Every tag of `vocabulary` in file order, with its cases among `cases`.
std::vector<TagRow> tag_rows(const std::vector<Case>& cases, const Vocabulary& vocabulary);

// A tag seen together with another in `count` cases.
struct Companion
{
  std::string slug;
  std::size_t count = 0;
};

// The canonical tags most often listed with canonical tag `slug` in `cases`, at most `limit`.
std::vector<Companion> companions(const std::vector<Case>& cases, const Vocabulary& vocabulary,
                                  const std::string& slug, std::size_t limit);

// Two tags that look alike or go together.
struct TagPair
{
  std::string a;
  std::string b;
  std::size_t a_cases = 0;
  std::size_t b_cases = 0;
  std::size_t both = 0; // cases listing both (co-occurrence), or the edit distance (look-alikes)
};

// What `tag health` reports: suggestions for a person, never applied automatically.
struct TagHealth
{
  std::vector<std::string> unused;        // canonical tags no case uses
  std::vector<TagRow> rare;               // canonical tags used by fewer than `min_cases` cases
  std::vector<std::string> chains;        // aliases or replacements that lead nowhere or in circles
  std::vector<TagPair> near_duplicates;   // canonical slugs within a small edit distance
  std::vector<TagPair> together;          // pairs that almost always appear together
  bool empty() const
  {
    return unused.empty() && rare.empty() && chains.empty() && near_duplicates.empty() && together.empty();
  }
};

// Judges the vocabulary against `cases`: rare means fewer than `min_cases` cases; pairs appear
// together when each is listed with the other in at least `overlap` of its cases (and 3 cases).
TagHealth tag_health(const std::vector<Case>& cases, const Vocabulary& vocabulary, std::size_t min_cases,
                     double overlap);

// `rows` as a JSON array of objects (slug, family, label, cases, aliases, deprecated, replaced_by).
std::string tag_rows_json(const std::vector<TagRow>& rows);

// `rows` as CSV with a header line.
std::string tag_rows_csv(const std::vector<TagRow>& rows);

// One tag in full as a JSON object: its entry, its cases and its companions.
std::string tag_show_json(const TagRow& row, const std::vector<Companion>& with);

// `health` as a JSON object.
std::string tag_health_json(const TagHealth& health);

} // namespace llmops
