#include "export_support.hpp"

#include "llmops/text.hpp"

#include <algorithm>

namespace llmops::detail {

std::vector<FamilyTags> tags_by_family(const Case& c, const Vocabulary& vocabulary)
{
  std::vector<FamilyTags> out;
  for (const Family& family : vocabulary.families()) {
    out.push_back({family.slug, {}});
  }
  for (const TagRef& tag : c.tags) {
    auto it = std::find_if(out.begin(), out.end(), [&](const FamilyTags& f) { return f.family == tag.family; });
    if (it == out.end()) {
      out.push_back({tag.family, {}});
      it = out.end() - 1;
    }
    it->slugs.push_back(tag.slug);
  }
  std::erase_if(out, [](const FamilyTags& f) { return f.slugs.empty(); });
  return out;
}

bool is_http_url(std::string_view url)
{
  const std::string lower = text::ascii_lower(url.substr(0, 8));
  const std::size_t scheme = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (scheme == 0 || url.size() == scheme) {
    return false;
  }
  return std::none_of(url.begin(), url.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

bool is_iso_date(std::string_view date)
{
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return false;
  }
  for (std::size_t i = 0; i < date.size(); ++i) {
    if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) {
      return false;
    }
  }
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const int month = std::stoi(std::string(date.substr(5, 2)));
  const int day = std::stoi(std::string(date.substr(8, 2)));
  constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > k_days[month - 1]) {
    return false;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::string xml_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += "\xEF\xBF\xBD";
    } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
      out += "\xEF\xBF\xBD"; // U+FFFE, U+FFFF
      i += 2;
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += "&apos;";
    } else if (c == '\r') {
      out += "&#13;"; // a parser would turn a raw CR into LF
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace llmops::detail
