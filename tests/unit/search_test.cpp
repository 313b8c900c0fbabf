// Tests for libcore/src/search.cpp: how text is folded and split into the words free-text
// queries look for.
#include "llmops/search.hpp"

#include <catch2/catch.hpp>

using namespace llmops;

TEST_CASE("words are folded and split at punctuation, symbols and spaces")
{
  using Words = std::vector<std::string>;
  CHECK(search::words("Condé Nast's GPT-4o") == Words{"conde", "nast", "s", "gpt", "4o"});
  CHECK(search::words("Moody\u2019s \u201cAI\u201d\u2014fast") == Words{"moody", "s", "ai", "fast"});
  CHECK(search::words("  ZÜRICH, Straße  ") == Words{"zurich", "strasse"});
  CHECK(search::words("e\u0301valuation") == Words{"evaluation"}); // a combining accent joins
  CHECK(search::words("3\u00d74 \u00bd") == Words{"3", "4"});
  CHECK(search::words("\u6a5f\u68b0\u5b66\u7fd2 and \u0440\u0443\u0441") ==
        Words{"\u6a5f\u68b0\u5b66\u7fd2", "and", "\u0440\u0443\u0441"});
  CHECK(search::words("\U0001F680 launch") == Words{"launch"});
  CHECK(search::words("").empty());
  CHECK(search::words("\u2014 ... \u2014").empty());
}

TEST_CASE("malformed UTF-8 splits words instead of being read past")
{
  CHECK(search::words(std::string("ab\xC3", 3)) == std::vector<std::string>{"ab"});
  CHECK(search::words(std::string("ab\x80 cd", 6)) == std::vector<std::string>{"ab", "cd"});
  CHECK(search::words(std::string("\xF0\x9F", 2)).empty());
}

TEST_CASE("normalized text has one space around every word and counts them")
{
  std::uint32_t count = 0;
  CHECK(search::normalize("Hello, World!", &count) == " hello world ");
  CHECK(count == 2);
  CHECK(search::normalize("", &count) == " ");
  CHECK(count == 0);
}

TEST_CASE("a phrase is counted where its words stand side by side")
{
  const std::string text = search::normalize("the cat sat; the cat ran. Cat the cat");
  CHECK(search::count_phrase(text, search::phrase_pattern({"cat"})) == 4);
  CHECK(search::count_phrase(text, search::phrase_pattern({"the", "cat"})) == 3);
  CHECK(search::count_phrase(text, search::phrase_pattern({"cat", "the", "cat"})) == 1);
  CHECK(search::count_phrase(text, search::phrase_pattern({"ca"})) == 0);
  CHECK(search::count_phrase(text, " ca") == 4); // without its final space the last word is a prefix
  CHECK(search::count_phrase(search::normalize("a a a"), search::phrase_pattern({"a"})) == 3);
  CHECK(search::count_phrase(text, "") == 0);
}
