#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::text {

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
// On failure `bad_offset` receives the offset of the first bad byte.
bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

// The number of code points in valid UTF-8 `s`.
std::size_t utf8_length(std::string_view s);

// The display column (1-based, in code points) of byte `offset` within `line`.
std::size_t utf8_column(std::string_view line, std::size_t offset);

// ASCII lower-casing; other bytes are kept.
std::string ascii_lower(std::string_view s);

// `s` without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

// Lower-cases and strips accents from Latin letters, for case- and accent-insensitive comparison.
std::string fold(std::string_view s);

// Lowercase ASCII words of `s` joined by '-': accents folded, everything else a separator.
std::string slugify(std::string_view s);

// Cuts `slug` to at most `max` bytes at a '-' boundary (or hard, when one word is longer).
std::string truncate_slug(std::string_view slug, std::size_t max);

// Edit distance between `a` and `b`: insertions, deletions, substitutions and swaps of two
// adjacent characters each count 1 (optimal string alignment), so "retreival" is 1 from "retrieval".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The distinct folded words of a title, sorted: the input of `title_similarity`.
std::vector<std::string> title_words(std::string_view title);

// Similarity of two titles in [0, 1]: the Dice coefficient of their word sets.
double title_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

// A key under which spelling variants of a company name meet: folded words joined without
// separators, legal and domain suffixes ("Inc", "Ltd", ".com") dropped: "Booking.com" -> "booking".
std::string company_key(std::string_view company);

// Splits `s` at '\n' (a trailing '\r' stays on the line).
std::vector<std::string_view> split_lines(std::string_view s);

} // namespace llmops::text
