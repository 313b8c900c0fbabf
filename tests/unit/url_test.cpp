// Tests for libcore/src/url.cpp: what counts as a source URL, and when two URLs name one page.
#include "llmops/url.hpp"

#include <catch2/catch.hpp>

using namespace llmops;

namespace {

// The reason parse_url gives for rejecting `text`; empty when it parses.
std::string why_not(std::string_view text)
{
  std::string why;
  return parse_url(text, &why) ? std::string{} : why;
}

} // namespace

TEST_CASE("an absolute http(s) URL is split into its parts")
{
  auto url = parse_url("HTTPS://User@Example.COM:8443/a/b?x=1&y=2#top");
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "example.com");
  CHECK(url->port == "8443");
  CHECK(url->path == "/a/b");
  CHECK(url->query == "x=1&y=2");
  CHECK(url->fragment == "top");

  auto bare = parse_url("http://example.org");
  REQUIRE(bare);
  CHECK(bare->path.empty());
  CHECK(parse_url("https://[2001:db8::1]/x"));
}

TEST_CASE("a URL that is not a well-formed http(s) address is rejected with its reason")
{
  CHECK(why_not("") == "is empty");
  CHECK(why_not("https://exa mple.com/space") == "contains a space (encode it as %20)");
  CHECK(why_not("https://example.com/\x01") == "contains a control character");
  CHECK(why_not("www.example.com/no-scheme") == "is not an absolute URL (it must start with https:// or http://)");
  CHECK(why_not("not a url") == "contains a space (encode it as %20)");
  CHECK(why_not("htp://example.com/post") == "does not use http or https");
  CHECK(why_not("ftp://files.example.com/case.pdf") == "does not use http or https");
  CHECK(why_not("https:///path") == "has no host");
  CHECK(why_not("https://example.com:/x") == "has an invalid port");
  CHECK(why_not("https://example.com:80a/x") == "has an invalid port");
  CHECK(why_not("https://exa_mple.com/") == "has an invalid host name");
  CHECK(why_not("https://.example.com/") == "has an invalid host name");
  CHECK(why_not("https://example..com/") == "has an invalid host name");
  CHECK(why_not("https://example.com/ok") == "");
}

TEST_CASE("normalize_url gives two addresses of one page the same key")
{
  SECTION("the scheme does not matter")
  {
    CHECK(normalize_url("http://example.com/a") == normalize_url("https://example.com/a"));
    CHECK(normalize_url("https://example.com/a") == "example.com/a");
  }
  SECTION("the host is compared without case and without www. or m.")
  {
    CHECK(normalize_url("https://WWW.Example.COM/a") == "example.com/a");
    CHECK(normalize_url("https://m.example.com/a") == "example.com/a");
    CHECK(normalize_url("https://mobile.example.com/a") == "example.com/a");
  }
  SECTION("the path keeps its case")
  {
    CHECK(normalize_url("https://example.com/Blog/Post") == "example.com/Blog/Post");
  }
  SECTION("a trailing slash and a fragment do not matter")
  {
    CHECK(normalize_url("https://example.com/a/") == "example.com/a");
    CHECK(normalize_url("https://example.com/a#section-2") == "example.com/a");
    CHECK(normalize_url("https://example.com/") == "example.com");
  }
  SECTION("a default port does not matter, another port does")
  {
    CHECK(normalize_url("https://example.com:443/a") == "example.com/a");
    CHECK(normalize_url("http://example.com:80/a") == "example.com/a");
    CHECK(normalize_url("https://example.com:8443/a") == "example.com:8443/a");
  }
  SECTION("tracking parameters are dropped and the others sorted")
  {
    CHECK(normalize_url("https://example.com/a?utm_source=x&utm_medium=y") == "example.com/a");
    CHECK(normalize_url("https://example.com/a?b=2&utm_campaign=z&a=1&fbclid=q") == "example.com/a?a=1&b=2");
    CHECK(normalize_url("https://example.com/a?UTM_Source=x") == "example.com/a");
    CHECK(normalize_url("https://example.com/a?gclid=1&ref=hn") == "example.com/a");
  }
  SECTION("a YouTube video is named by its v parameter alone")
  {
    CHECK(normalize_url("https://www.youtube.com/watch?v=zWRrlSXBXAE") == "youtube.com/watch?v=zWRrlSXBXAE");
    CHECK(normalize_url("https://www.youtube.com/watch?v=zWRrlSXBXAE&t=42s&list=PL1") ==
          "youtube.com/watch?v=zWRrlSXBXAE");
    CHECK(normalize_url("https://youtube.com/watch?feature=share&v=abc") == "youtube.com/watch?v=abc");
    CHECK(normalize_url("https://www.youtube.com/watch?v=one") != normalize_url("https://www.youtube.com/watch?v=two"));
  }
  SECTION("a youtu.be short link is the same video")
  {
    CHECK(normalize_url("https://youtu.be/zWRrlSXBXAE") == "youtube.com/watch?v=zWRrlSXBXAE");
    CHECK(normalize_url("https://youtu.be/zWRrlSXBXAE?si=abc&t=10") ==
          normalize_url("https://www.youtube.com/watch?v=zWRrlSXBXAE"));
  }
  SECTION("query parameters of other sites are kept")
  {
    CHECK(normalize_url("https://example.com/watch?v=1&t=2") == "example.com/watch?t=2&v=1");
  }
  SECTION("text that is not a URL is kept, trimmed, so equal text still meets")
  {
    CHECK(normalize_url("  not a url ") == "not a url");
  }
}
