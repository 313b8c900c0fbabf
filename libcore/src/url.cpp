#include "llmops/url.hpp"

#include "llmops/text.hpp"

#include <algorithm>
#include <vector>

namespace llmops {

namespace {

bool fail(std::string* why, const char* reason)
{
  if (why) {
    *why = reason;
  }
  return false;
}

bool valid_host(std::string_view host)
{
  if (host.empty() || host.front() == '.' || host.back() == '-' || host.find("..") != std::string_view::npos) {
    return false;
  }
  if (host.front() == '[') { // IPv6 literal
    return host.back() == ']';
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  });
}

// Tracking parameters that never change which page a URL names.
bool is_tracking_key(std::string_view key)
{
  static constexpr std::string_view k_keys[] = {"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ref_src", "si",
                                                "igshid", "_hsenc", "_hsmi", "source"};
  if (key.starts_with("utm_")) {
    return true;
  }
  return std::find(std::begin(k_keys), std::end(k_keys), key) != std::end(k_keys);
}

} // namespace

std::optional<Url> parse_url(std::string_view text, std::string* why)
{
  if (text.empty()) {
    fail(why, "is empty");
    return std::nullopt;
  }
  for (char c : text) {
    if (c == ' ') {
      fail(why, "contains a space (encode it as %20)");
      return std::nullopt;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      fail(why, "contains a control character");
      return std::nullopt;
    }
  }
  auto colon = text.find("://");
  if (colon == std::string_view::npos) {
    fail(why, "is not an absolute URL (it must start with https:// or http://)");
    return std::nullopt;
  }
  Url url;
  url.scheme = text::ascii_lower(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") {
    fail(why, "does not use http or https");
    return std::nullopt;
  }
  auto rest = text.substr(colon + 3);
  auto authority_end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1); // user info is allowed but not part of identity
  }
  std::string_view host = authority;
  if (auto port_colon = authority.rfind(':');
      port_colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    host = authority.substr(0, port_colon);
    url.port = std::string(authority.substr(port_colon + 1));
    if (url.port.empty() || !std::all_of(url.port.begin(), url.port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      fail(why, "has an invalid port");
      return std::nullopt;
    }
  }
  url.host = text::ascii_lower(host);
  if (url.host.empty()) {
    fail(why, "has no host");
    return std::nullopt;
  }
  if (!valid_host(url.host)) {
    fail(why, "has an invalid host name");
    return std::nullopt;
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    url.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (auto question = rest.find('?'); question != std::string_view::npos) {
    url.query = std::string(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  url.path = std::string(rest);
  return url;
}

std::string normalize_url(std::string_view text)
{
  auto url = parse_url(text::trim(text));
  if (!url) {
    return std::string(text::trim(text));
  }
  std::string host = url->host;
  for (std::string_view prefix : {"www.", "m.", "mobile."}) {
    if (host.starts_with(prefix)) {
      host.erase(0, prefix.size());
      break;
    }
  }
  if (host == "youtu.be") { // youtu.be/ID is youtube.com/watch?v=ID
    auto id = url->path.size() > 1 ? url->path.substr(1) : std::string{};
    return "youtube.com/watch?v=" + id;
  }
  std::string port = url->port;
  if ((url->scheme == "http" && port == "80") || (url->scheme == "https" && port == "443")) {
    port.clear();
  }
  std::string path = url->path;
  while (!path.empty() && path.back() == '/') {
    path.pop_back();
  }
  std::vector<std::string> params;
  std::string_view query = url->query;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto key = param.substr(0, param.find('='));
    if (param.empty() || is_tracking_key(text::ascii_lower(key))) {
      continue;
    }
    // YouTube pages are named by `v` alone; playlists and start times do not change the video.
    if (host == "youtube.com" && url->path == "/watch" && key != "v") {
      continue;
    }
    params.emplace_back(param);
  }
  std::sort(params.begin(), params.end());
  std::string out = host;
  if (!port.empty()) {
    out += ":" + port;
  }
  out += path;
  for (std::size_t i = 0; i < params.size(); ++i) {
    out += (i == 0 ? "?" : "&") + params[i];
  }
  return out;
}

} // namespace llmops
