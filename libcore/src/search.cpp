#include "llmops/search.hpp"

#include "llmops/text.hpp"

#include <array>
#include <cstring>

namespace llmops::search {

namespace {

// ASCII bytes that belong to words, lower-cased; 0 for separators.
constexpr std::array<char, 128> k_ascii_word = [] {
  std::array<char, 128> table{};
  for (char c = '0'; c <= '9'; ++c) {
    table[static_cast<std::size_t>(c)] = c;
  }
  for (char c = 'a'; c <= 'z'; ++c) {
    table[static_cast<std::size_t>(c)] = c;
    table[static_cast<std::size_t>(c - 'a' + 'A')] = c;
  }
  return table;
}();

// Decodes the code point at `i` of `s`; `length` receives its byte count. Malformed bytes decode
// as one byte each, to U+FFFD, so that nothing is ever read past the end.
char32_t decode(std::string_view s, std::size_t i, std::size_t& length)
{
  auto byte = static_cast<unsigned char>(s[i]);
  length = 1;
  if (byte < 0xC0 || byte >= 0xF8) {
    return 0xFFFD; // a continuation byte out of place, or no UTF-8 lead byte at all
  }
  std::size_t extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1;
  if (i + extra >= s.size()) {
    return 0xFFFD;
  }
  char32_t cp = byte & (0x3FU >> extra);
  for (std::size_t k = 1; k <= extra; ++k) {
    auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) {
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3FU);
  }
  length = extra + 1;
  return cp;
}

// True for code points that separate words: punctuation, symbols, spaces, emoji.
bool is_separator(char32_t cp)
{
  return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

} // namespace

std::uint32_t append_normalized(std::string& out, std::string_view s)
{
  if (out.empty()) {
    out.push_back(' ');
  }
  // Folding never lengthens the text (a two-byte letter folds to at most two ASCII letters), so
  // the words are written straight into room made once, then the rest is cut off.
  const std::size_t start = out.size();
  out.resize(start + s.size() + 1);
  char* const base = out.data();
  char* at = base + start;
  std::uint32_t count = 0;
  bool in_word = false;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      const char c = k_ascii_word[byte];
      if (c == 0) {
        if (in_word) {
          *at++ = ' ';
          in_word = false;
        }
        ++i;
        continue;
      }
      if (!in_word) {
        in_word = true;
        ++count;
      }
      *at++ = c;
      // The rest of an ASCII word, without the checks above.
      for (++i; i < n && static_cast<unsigned char>(s[i]) < 0x80; ++i) {
        const char next = k_ascii_word[static_cast<unsigned char>(s[i])];
        if (next == 0) {
          break;
        }
        *at++ = next;
      }
      continue;
    }
    std::size_t length = 1;
    const char32_t cp = decode(s, i, length);
    if (cp >= 0x300 && cp < 0x370) {
      // Combining accents fold to nothing and join the letters around them.
    } else if (is_separator(cp)) {
      if (in_word) {
        *at++ = ' ';
        in_word = false;
      }
    } else {
      if (!in_word) {
        in_word = true;
        ++count;
      }
      const std::string folded = cp < 0x180 ? text::fold(s.substr(i, length)) : std::string(s.substr(i, length));
      std::memcpy(at, folded.data(), folded.size());
      at += folded.size();
    }
    i += length;
  }
  if (in_word) {
    *at++ = ' ';
  }
  out.resize(static_cast<std::size_t>(at - base));
  return count;
}

std::string normalize(std::string_view s, std::uint32_t* count)
{
  std::string out;
  out.reserve(s.size() + 2);
  std::uint32_t n = append_normalized(out, s);
  if (count) {
    *count = n;
  }
  return out;
}

std::vector<std::string> words(std::string_view s)
{
  std::vector<std::string> out;
  const std::string normalized = normalize(s);
  std::size_t start = 1;
  while (start < normalized.size()) {
    std::size_t end = normalized.find(' ', start);
    out.emplace_back(normalized.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string phrase_pattern(const std::vector<std::string>& phrase)
{
  std::string pattern = " ";
  for (const auto& word : phrase) {
    pattern += word;
    pattern.push_back(' ');
  }
  return pattern;
}

std::uint32_t count_phrase(std::string_view text, std::string_view pattern)
{
  if (pattern.size() < 2) {
    return 0;
  }
  std::uint32_t count = 0;
  std::size_t at = 0;
  while (at + pattern.size() <= text.size()) {
    const void* hit = ::memmem(text.data() + at, text.size() - at, pattern.data(), pattern.size());
    if (hit == nullptr) {
      break;
    }
    ++count;
    // The space that ends one occurrence may start the next one.
    at = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) + pattern.size() - 1;
  }
  return count;
}

} // namespace llmops::search
