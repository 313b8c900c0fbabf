#include "llmops/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

namespace llmops::text {

namespace {

// Latin-1 Supplement and Latin Extended-A letters folded to ASCII, indexed by code point - 0xC0.
constexpr std::array<const char*, 0x180 - 0xC0> k_latin_fold = {
  "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // C0
  "d", "n", "o", "o", "o", "o", "o", "x", "o", "u", "u", "u", "u", "y", "th", "ss", // D0
  "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // E0
  "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",   // F0
  "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",   // 100
  "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",   // 110
  "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",   // 120
  "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", // 130
  "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",   // 140
  "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", // 150
  "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",   // 160
  "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",   // 170
};

// Decodes one code point at `i` of valid UTF-8 `s`, advancing `i`.
char32_t decode(std::string_view s, std::size_t& i)
{
  auto byte = static_cast<unsigned char>(s[i]);
  if (byte < 0x80) {
    ++i;
    return byte;
  }
  int extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1;
  char32_t cp = byte & (0x3F >> extra);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  return cp;
}

bool is_ascii_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace

bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset)
{
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t min = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      if (bad_offset) {
        *bad_offset = i;
      }
      return false;
    }
    if (i + len > n) {
      if (bad_offset) {
        *bad_offset = i;
      }
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(bytes[i + k]);
      if ((cc & 0xC0) != 0x80) {
        if (bad_offset) {
          *bad_offset = i;
        }
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (bad_offset) {
        *bad_offset = i;
      }
      return false;
    }
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view s)
{
  return static_cast<std::size_t>(
    std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::size_t utf8_column(std::string_view line, std::size_t offset)
{
  return utf8_length(line.substr(0, std::min(offset, line.size()))) + 1;
}

std::string ascii_lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string_view trim(std::string_view s)
{
  const auto* ws = " \t\r\n\f\v";
  auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) {
    return {};
  }
  auto last = s.find_last_not_of(ws);
  return s.substr(first, last - first + 1);
}

std::string fold(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : static_cast<char>(byte));
      ++i;
      continue;
    }
    std::size_t start = i;
    char32_t cp = decode(s, i);
    if (cp >= 0xC0 && cp < 0x180) {
      out += k_latin_fold[cp - 0xC0];
    } else if (cp >= 0x300 && cp < 0x370) {
      // combining accents fold to nothing
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

std::string slugify(std::string_view s)
{
  std::string folded = fold(s);
  // A typographic apostrophe (U+2019) joins words as the ASCII one does: "Moody’s" -> "moodys".
  for (auto at = folded.find("\xE2\x80\x99"); at != std::string::npos; at = folded.find("\xE2\x80\x99", at)) {
    folded.replace(at, 3, "'");
  }
  std::string out;
  bool pending_dash = false;
  for (char c : folded) {
    if (is_ascii_alnum(c)) {
      if (pending_dash && !out.empty()) {
        out.push_back('-');
      }
      pending_dash = false;
      out.push_back(c);
    } else if (c == '\'' || static_cast<unsigned char>(c) >= 0x80) {
      // apostrophes join ("Let's" -> "lets"); other scripts are dropped
      if (c != '\'') {
        pending_dash = true;
      }
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::string truncate_slug(std::string_view slug, std::size_t max)
{
  if (slug.size() <= max) {
    return std::string(slug);
  }
  auto cut = slug.substr(0, max + 1).rfind('-');
  if (cut == std::string_view::npos || cut == 0) {
    return std::string(slug.substr(0, max));
  }
  return std::string(slug.substr(0, cut));
}

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  // Three rows: the one before the previous is needed for transpositions.
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

namespace {

std::vector<std::string> words(std::string_view s)
{
  std::vector<std::string> out;
  std::string current;
  for (char c : fold(s)) {
    if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      current.push_back(c);
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) {
    out.push_back(std::move(current));
  }
  return out;
}

} // namespace

std::vector<std::string> title_words(std::string_view title)
{
  auto out = words(title);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double title_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
  if (a.empty() && b.empty()) {
    return 1.0;
  }
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

std::string company_key(std::string_view company)
{
  static const std::set<std::string, std::less<>> k_suffixes = {
    "com", "inc", "ltd", "llc", "corp", "corporation", "co", "gmbh", "plc", "sa", "ag", "limited"};
  auto parts = words(company);
  while (parts.size() > 1 && k_suffixes.count(parts.back()) > 0) {
    parts.pop_back();
  }
  std::string key;
  for (const auto& p : parts) {
    key += p;
  }
  return key;
}

std::vector<std::string_view> split_lines(std::string_view s)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < s.size()) {
        lines.push_back(s.substr(start));
      }
      break;
    }
    lines.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

} // namespace llmops::text
