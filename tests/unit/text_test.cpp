// Tests for libcore/src/text.cpp: UTF-8, slugs, distances, titles and company names.
#include "llmops/text.hpp"

#include <catch2/catch.hpp>

using namespace llmops;

TEST_CASE("well-formed UTF-8 is accepted, from ASCII to four-byte code points")
{
  CHECK(text::is_valid_utf8(""));
  CHECK(text::is_valid_utf8("plain ascii"));
  CHECK(text::is_valid_utf8("café"));                          // é, two bytes
  CHECK(text::is_valid_utf8("’"));                             // three bytes
  CHECK(text::is_valid_utf8("😀"));                             // four bytes
  CHECK(text::is_valid_utf8("\xF4\x8F\xBF\xBF"));              // U+10FFFF, the last code point
  CHECK(text::is_valid_utf8("\xEF\xBB\xBFschema_version: 1")); // a BOM is valid UTF-8
}

TEST_CASE("malformed UTF-8 is rejected at the offset of its first bad byte")
{
  std::size_t bad = 99;
  SECTION("a lone continuation byte")
  {
    CHECK_FALSE(text::is_valid_utf8("ab\x80", &bad));
    CHECK(bad == 2);
  }
  SECTION("a two-byte overlong encoding of '/'")
  {
    CHECK_FALSE(text::is_valid_utf8("x\xC0\xAF", &bad));
    CHECK(bad == 1);
  }
  SECTION("a three-byte overlong encoding of NUL")
  {
    CHECK_FALSE(text::is_valid_utf8("\xE0\x80\x80", &bad));
    CHECK(bad == 0);
  }
  SECTION("a four-byte overlong encoding")
  {
    CHECK_FALSE(text::is_valid_utf8("abc\xF0\x80\x80\xAF", &bad));
    CHECK(bad == 3);
  }
  SECTION("an encoded UTF-16 surrogate")
  {
    CHECK_FALSE(text::is_valid_utf8("a\xED\xA0\x80", &bad));
    CHECK(bad == 1);
    CHECK_FALSE(text::is_valid_utf8("\xED\xBF\xBF"));
  }
  SECTION("a code point past U+10FFFF")
  {
    CHECK_FALSE(text::is_valid_utf8("\xF4\x90\x80\x80", &bad));
    CHECK(bad == 0);
    CHECK_FALSE(text::is_valid_utf8("\xF5\x80\x80\x80"));
  }
  SECTION("a sequence cut short by the end of the text")
  {
    CHECK_FALSE(text::is_valid_utf8("ok\xE2\x80", &bad));
    CHECK(bad == 2);
  }
  SECTION("a sequence interrupted by an ASCII byte")
  {
    CHECK_FALSE(text::is_valid_utf8("Ac\xC3(me", &bad));
    CHECK(bad == 2);
  }
  SECTION("bytes that never appear in UTF-8")
  {
    CHECK_FALSE(text::is_valid_utf8("\xFF", &bad));
    CHECK(bad == 0);
    CHECK_FALSE(text::is_valid_utf8("\xFE\xFF"));
  }
}

TEST_CASE("lengths and columns are counted in code points")
{
  CHECK(text::utf8_length("") == 0);
  CHECK(text::utf8_length("café") == 4);
  CHECK(text::utf8_length("😀!") == 2);
  CHECK(text::utf8_column("café: x", 0) == 1);
  CHECK(text::utf8_column("café: x", 5) == 5); // the ':' after é
  CHECK(text::utf8_column("abc", 10) == 4);    // past the end: one after the last
}

TEST_CASE("folding lower-cases and strips accents from Latin letters")
{
  CHECK(text::fold("Crème Brûlée") == "creme brulee");
  CHECK(text::fold("Straße") == "strasse");
  CHECK(text::fold("Łódź") == "lodz");
  CHECK(text::fold("e\xCC\x81") == "e"); // a combining acute accent folds away
  CHECK(text::fold("日本") == "日本");   // other scripts are kept
}

TEST_CASE("slugify makes lowercase ASCII words joined by '-'")
{
  CHECK(text::slugify("Dropbox A Practical Blueprint") == "dropbox-a-practical-blueprint");
  CHECK(text::slugify("  RAG -- at   Scale!  ") == "rag-at-scale");
  CHECK(text::slugify("GPT-4o & LLaMA 3.1") == "gpt-4o-llama-3-1");
  CHECK(text::slugify("") == "");
  CHECK(text::slugify("!!!") == "");

  SECTION("accents are folded, not dropped")
  {
    CHECK(text::slugify("Condé Nast") == "conde-nast");
    CHECK(text::slugify("Zürich Versicherung") == "zurich-versicherung");
    CHECK(text::slugify("Æther") == "aether");
  }
  SECTION("an ASCII apostrophe joins the word it is in")
  {
    CHECK(text::slugify("Let's Build") == "lets-build");
    CHECK(text::slugify("Moody's Analytics") == "moodys-analytics");
  }
  SECTION("a typographic apostrophe joins words as the ASCII one does")
  {
    CHECK(text::slugify("Moody’s Analytics") == "moodys-analytics");
  }
  SECTION("other scripts separate words")
  {
    CHECK(text::slugify("LINE 日本 Bot") == "line-bot");
  }
}

TEST_CASE("truncate_slug cuts at a '-' boundary, or hard when one word is too long")
{
  CHECK(text::truncate_slug("short-slug", 80) == "short-slug");
  CHECK(text::truncate_slug("abc-def-ghi", 11) == "abc-def-ghi");
  CHECK(text::truncate_slug("abc-def-ghi", 10) == "abc-def");
  CHECK(text::truncate_slug("abc-def-ghi", 7) == "abc-def"); // the cut falls exactly on a '-'
  CHECK(text::truncate_slug("abc-def-ghi", 6) == "abc");
  CHECK(text::truncate_slug("abcdefghij", 4) == "abcd");
  std::string long_slug;
  for (int i = 0; i < 20; ++i) {
    long_slug += (i ? "-" : "") + std::string("word");
  }
  auto cut = text::truncate_slug(long_slug, 80);
  CHECK(cut.size() <= 80);
  CHECK(cut.back() != '-');
  CHECK(long_slug.starts_with(cut));
}

TEST_CASE("edit_distance counts a swap of two neighbours as one edit")
{
  CHECK(text::edit_distance("", "") == 0);
  CHECK(text::edit_distance("", "abc") == 3);
  CHECK(text::edit_distance("rag", "rag") == 0);
  CHECK(text::edit_distance("retreival", "retrieval") == 1);
  CHECK(text::edit_distance("kitten", "sitting") == 3);
  CHECK(text::edit_distance("langchian", "langchain") == 1);
  CHECK(text::edit_distance("rga", "rag") == 1);
  CHECK(text::edit_distance("ca", "abc") == 3); // no substring is edited twice
  CHECK(text::edit_distance("abc", "") == 3);
}

TEST_CASE("title_words are the distinct folded words of a title, sorted")
{
  CHECK(text::title_words("Scaling RAG at Acme: RAG in Production") ==
        std::vector<std::string>{"acme", "at", "in", "production", "rag", "scaling"});
  CHECK(text::title_words("Café Bots") == std::vector<std::string>{"bots", "cafe"});
  CHECK(text::title_words("").empty());
}

TEST_CASE("title_similarity is the Dice coefficient of two word sets")
{
  auto a = text::title_words("Scaling Support Bots at Acme");
  CHECK(text::title_similarity(a, a) == Approx(1.0));
  CHECK(text::title_similarity(a, text::title_words("scaling support bots at ACME")) == Approx(1.0));
  CHECK(text::title_similarity(a, text::title_words("Scaling Support Bots")) == Approx(6.0 / 8.0));
  CHECK(text::title_similarity(a, text::title_words("Something Else Entirely")) == Approx(0.0));
  CHECK(text::title_similarity({}, {}) == Approx(1.0));
  CHECK(text::title_similarity(a, {}) == Approx(0.0));
}

TEST_CASE("company_key lets spelling variants of one company meet")
{
  CHECK(text::company_key("Booking.com") == "booking");
  CHECK(text::company_key("Booking") == "booking");
  CHECK(text::company_key("eBay") == "ebay");
  CHECK(text::company_key("ebay") == "ebay");
  CHECK(text::company_key("Acme, Inc.") == "acme");
  CHECK(text::company_key("Acme Corp") == "acme");
  CHECK(text::company_key("Thomson Reuters") == "thomsonreuters");
  CHECK(text::company_key("Thomson-Reuters") == "thomsonreuters");
  CHECK(text::company_key("Condé Nast") == "condenast");
  CHECK(text::company_key("Co") == "co"); // a name that is only a suffix keeps it

  SECTION("different companies keep different keys")
  {
    CHECK(text::company_key("Booking.com") != text::company_key("Bookings Ltd Analytics"));
    CHECK(text::company_key("Meta") != text::company_key("Metal Inc"));
  }
}

TEST_CASE("split_lines splits at LF and keeps a CR on its line")
{
  CHECK(text::split_lines("") == std::vector<std::string_view>{});
  CHECK(text::split_lines("a\nb") == std::vector<std::string_view>{"a", "b"});
  CHECK(text::split_lines("a\nb\n") == std::vector<std::string_view>{"a", "b"});
  CHECK(text::split_lines("a\r\n\nc") == std::vector<std::string_view>{"a\r", "", "c"});
}
