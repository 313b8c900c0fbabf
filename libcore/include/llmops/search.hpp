#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::search {

// The folded words of `s`: case and Latin accents folded (as `text::fold` does), split at
// spaces, punctuation and symbols. Letters of other scripts and digits are word characters, so
// "Condé Nast's GPT-4o" gives "conde", "nast", "s", "gpt", "4o".
std::vector<std::string> words(std::string_view s);

// The words of `s` as one searchable string: each word followed by a single space, with one space
// in front (" conde nast s gpt 4o "), so that a phrase is found by looking for " w1 w2 ". When
// `count` is given it receives the number of words.
std::string normalize(std::string_view s, std::uint32_t* count = nullptr);

// Appends `normalize(s)` to `out` without the leading space (`out` must end with one, or be empty
// and then receives it); returns the number of words appended.
std::uint32_t append_normalized(std::string& out, std::string_view s);

// The pattern that finds the word sequence `phrase` in a normalized text: " w1 w2 ".
std::string phrase_pattern(const std::vector<std::string>& phrase);

// How many times `pattern` (from `phrase_pattern`) occurs in the normalized text `text`. Without
// its final space the pattern's last word is a prefix: " evaluat" counts "evaluation" too.
std::uint32_t count_phrase(std::string_view text, std::string_view pattern);

} // namespace llmops::search
