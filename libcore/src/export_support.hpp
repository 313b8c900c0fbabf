#pragma once
// What the export writers share: a case's tags grouped by family, and checks on values.

#include "llmops/case.hpp"
#include "llmops/vocabulary.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llmops::detail {

// The tags of a case listed under one family, as written.
struct FamilyTags
{
  std::string family;
  std::vector<std::string> slugs;
};

// The tags of `c` grouped by the family they are listed under: the vocabulary's families in its
// order, then families it does not know in the order the case lists them; empty groups left out.
std::vector<FamilyTags> tags_by_family(const Case& c, const Vocabulary& vocabulary);

// True when `url` starts with http:// or https:// (any case) and holds no white space or control
// character, so that it can be written as a link.
bool is_http_url(std::string_view url);

// True when `date` is a calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view date);

// `text` with the characters XML 1.0 cannot hold (C0 controls but tab, CR and LF; U+FFFE, U+FFFF)
// replaced by U+FFFD, and &, <, >, " and ' escaped.
std::string xml_escape(std::string_view text);

} // namespace llmops::detail
