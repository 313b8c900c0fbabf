#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llmops {

// The parts of an http(s) URL that matter to the case format.
struct Url
{
  std::string scheme; // "http" or "https", lower case
  std::string host;   // lower case
  std::string port;
  std::string path;
  std::string query;
  std::string fragment;
};

// Parses `text` as an absolute http(s) URL. On failure, returns nothing and sets `why`
// to a phrase such as "has no host" or "contains a space".
std::optional<Url> parse_url(std::string_view text, std::string* why = nullptr);

// A key under which two URLs of the same page meet: scheme dropped, host lower-cased without
// "www." and "m.", default port, trailing slash, fragment and tracking parameters (utm_*, fbclid,
// gclid, ...) dropped, remaining query keys sorted. Identity-bearing keys (YouTube's `v`) stay.
std::string normalize_url(std::string_view text);

} // namespace llmops
