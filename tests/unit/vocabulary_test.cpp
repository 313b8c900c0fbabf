// Tests for libcore/src/vocabulary.cpp: reading schema/tags.toml and schema/industries.toml,
// resolving written tags and suggesting the tag that was meant.
#include "test_support.hpp"

#include "llmops/error.hpp"
#include "llmops/vocabulary.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace llmops;
using namespace llmops::test;

namespace {

const char* const k_families = R"(
[families.application]
label = "Application"
order = 1

[families.technique]
label = "Technique"
order = 2
)";

const char* const k_industries = R"(
[industries.tech]
label = "Tech"
aliases = ["technology"]
)";

// The message of the `Error` that loading `tags` and `industries` from a folder throws.
std::string load_error(const std::string& tags, const std::string& industries, std::string* dir_out = nullptr)
{
  TempDir dir;
  write_file(dir.path() / "tags.toml", tags);
  write_file(dir.path() / "industries.toml", industries);
  if (dir_out) {
    *dir_out = dir.path().string();
  }
  try {
    Vocabulary::load(dir.path());
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace

TEST_CASE("the test vocabulary loads with its families in order")
{
  const Vocabulary& v = test_project().vocabulary;
  REQUIRE(v.families().size() == 4);
  CHECK(v.families()[0].slug == "application");
  CHECK(v.families()[1].slug == "technique");
  CHECK(v.families()[2].slug == "tool");
  CHECK(v.families()[3].slug == "practice");
  REQUIRE(v.find_tag("rag"));
  CHECK(v.find_tag("rag")->family == "technique");
  CHECK(v.find_tag("rag")->label == "RAG");
  CHECK(v.find_tag("retrieval-augmented-generation") == nullptr); // an alias is not an entry
  CHECK(v.find_tag("amazon-aws") != nullptr);                     // a deprecated tag is
  CHECK(v.find_industry("tech") != nullptr);
  CHECK(v.find_industry("technology") == nullptr);
  CHECK_FALSE(v.text().empty());
}

TEST_CASE("a written tag is looked up as canonical, alias, deprecated or unknown")
{
  const Vocabulary& v = test_project().vocabulary;

  SECTION("canonical")
  {
    auto found = v.lookup_tag("rag");
    CHECK(found.match == TagMatch::canonical);
    CHECK(found.canonical == "rag");
    REQUIRE(found.tag);
    CHECK(found.tag->slug == "rag");
  }
  SECTION("an alias resolves to its tag")
  {
    auto found = v.lookup_tag("retrieval-augmented-generation");
    CHECK(found.match == TagMatch::alias);
    CHECK(found.canonical == "rag");
    REQUIRE(found.tag);
    CHECK(found.tag->slug == "rag");
  }
  SECTION("a deprecated tag resolves to its replacement")
  {
    auto found = v.lookup_tag("amazon-aws");
    CHECK(found.match == TagMatch::deprecated);
    CHECK(found.canonical == "aws");
    REQUIRE(found.tag);
    CHECK(found.tag->slug == "amazon-aws");
  }
  SECTION("a deprecated tag without a replacement resolves to nothing")
  {
    auto found = v.lookup_tag("gpt-3");
    CHECK(found.match == TagMatch::deprecated);
    CHECK(found.canonical.empty());
  }
  SECTION("unknown, including a different case")
  {
    CHECK(v.lookup_tag("retreival").match == TagMatch::unknown);
    CHECK(v.lookup_tag("RAG").match == TagMatch::unknown);
    CHECK(v.lookup_tag("").match == TagMatch::unknown);
    CHECK(v.lookup_tag("retreival").tag == nullptr);
  }
}

TEST_CASE("a written industry is looked up directly or through an alias")
{
  const Vocabulary& v = test_project().vocabulary;
  bool via_alias = true;
  const Industry* direct = v.lookup_industry("finance", &via_alias);
  REQUIRE(direct);
  CHECK(direct->slug == "finance");
  CHECK_FALSE(via_alias);

  const Industry* aliased = v.lookup_industry("fintech", &via_alias);
  REQUIRE(aliased);
  CHECK(aliased->slug == "finance");
  CHECK(via_alias);

  CHECK(v.lookup_industry("fintec") == nullptr);
}

TEST_CASE("the suggested tag is the closest current one")
{
  const Vocabulary& v = test_project().vocabulary;
  const TagUsage none;
  CHECK(v.suggest_tags("retreival", none) == std::vector<std::string>{"retrieval"});
  CHECK(v.suggest_tags("ragg", none) == std::vector<std::string>{"rag"});
  CHECK(v.suggest_tags("langchian", none) == std::vector<std::string>{"langchain"});
  CHECK(v.suggest_tags("chat-bo", none) == std::vector<std::string>{"chatbot"});  // near its alias
  CHECK(v.suggest_tags("fine", none) == std::vector<std::string>{"fine-tuning"}); // a prefix
  CHECK(v.suggest_tags("zzzzzzzzzzzz", none).empty());

  SECTION("a deprecated tag is never suggested")
  {
    CHECK(v.suggest_tags("amazon-aw", none) != std::vector<std::string>{"amazon-aws"});
  }
  SECTION("several suggestions come nearest first, each once")
  {
    auto three = v.suggest_tags("evalss", none, 3);
    REQUIRE_FALSE(three.empty());
    CHECK(three.front() == "evals");
    CHECK(std::set<std::string>(three.begin(), three.end()).size() == three.size());
  }
  SECTION("industries are suggested the same way, through their aliases too")
  {
    CHECK(v.suggest_industries("fintec") == std::vector<std::string>{"finance"});
    CHECK(v.suggest_industries("helthcare") == std::vector<std::string>{"healthcare"});
    CHECK(v.suggest_industries("zzzzzz").empty());
  }
}

TEST_CASE("equally close suggestions are ordered by usage, then by slug")
{
  auto v = Vocabulary::from(
    {{"tool", "Tool", "", 1, ""}},
    {{"car", "tool", "Car", "", {}, {}, false, "", ""}, {"cat", "tool", "Cat", "", {}, {}, false, "", ""}}, {});
  CHECK(v.suggest_tags("cap", {}, 2) == std::vector<std::string>{"car", "cat"});
  CHECK(v.suggest_tags("cap", {{"cat", 3}}, 2) == std::vector<std::string>{"cat", "car"});
  CHECK(v.suggest_tags("cap", {{"car", 7}, {"cat", 3}}, 2) == std::vector<std::string>{"car", "cat"});
  CHECK(v.suggest_tags("cap", {{"cat", 3}}) == std::vector<std::string>{"cat"});
}

TEST_CASE("an invalid vocabulary is refused with the file and the problem")
{
  std::string dir;
  SECTION("a TOML syntax error names the file, line and column")
  {
    auto message = load_error("[families.application\nlabel = 1\n", k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:1:"));
  }
  SECTION("a tag in a family that does not exist")
  {
    auto message = load_error(std::string(k_families) + "[tags.rag]\nfamily = \"techniques\"\n", k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": tag 'rag' is in unknown family 'techniques'"));
  }
  SECTION("an alias that is also a tag")
  {
    auto message =
      load_error(std::string(k_families) + "[tags.rag]\nfamily = \"technique\"\naliases = [\"retrieval\"]\n"
                                           "[tags.retrieval]\nfamily = \"technique\"\n",
                 k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": alias 'retrieval' of tag 'rag' is also a tag"));
  }
  SECTION("an alias claimed by two tags")
  {
    auto message =
      load_error(std::string(k_families) + "[tags.rag]\nfamily = \"technique\"\naliases = [\"retr\"]\n"
                                           "[tags.retrieval]\nfamily = \"technique\"\naliases = [\"retr\"]\n",
                 k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": alias 'retr' belongs to two tags"));
  }
  SECTION("a replacement that is not a current tag")
  {
    auto message = load_error(std::string(k_families) +
                                "[tags.old]\nfamily = \"technique\"\ndeprecated = true\nreplaced_by = \"new\"\n",
                              k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": deprecated tag 'old' is replaced by 'new', which is not a current tag"));
  }
  SECTION("a chain of replacements (a replacement that is itself deprecated)")
  {
    auto message =
      load_error(std::string(k_families) + "[tags.a]\nfamily = \"technique\"\ndeprecated = true\nreplaced_by = \"b\"\n"
                                           "[tags.b]\nfamily = \"technique\"\ndeprecated = true\nreplaced_by = \"a\"\n",
                 k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": deprecated tag 'a' is replaced by 'b', which is not a current tag"));
  }
  SECTION("replaced_by on a tag that is not deprecated")
  {
    auto message = load_error(std::string(k_families) + "[tags.a]\nfamily = \"technique\"\nreplaced_by = \"b\"\n"
                                                        "[tags.b]\nfamily = \"technique\"\n",
                              k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": tag 'a' has replaced_by but is not deprecated"));
  }
  SECTION("a tag slug that is not a lowercase slug")
  {
    auto message =
      load_error(std::string(k_families) + "[tags.Fine_Tuning]\nfamily = \"technique\"\n", k_industries, &dir);
    CHECK_THAT(message, Catch::StartsWith(dir + "/tags.toml:") && Catch::EndsWith(": tag 'Fine_Tuning' is not a lowercase slug"));
  }
  SECTION("an unknown key in a tag, at its line")
  {
    auto message =
      load_error(std::string(k_families) + "[tags.rag]\nfamily = \"technique\"\nalias = [\"x\"]\n", k_industries, &dir);
    CHECK(message == dir + "/tags.toml:11:9: unknown key 'alias' in a tag");
  }
  SECTION("a value of the wrong type, at its line")
  {
    auto message =
      load_error(std::string(k_families) + "[tags.rag]\nfamily = \"technique\"\naliases = \"x\"\n", k_industries, &dir);
    CHECK(message == dir + "/tags.toml:11:11: 'aliases' must be an array of strings");
  }
  SECTION("an industry alias that is already an industry")
  {
    auto message = load_error(k_families, "[industries.tech]\naliases = [\"other\"]\n[industries.other]\n", &dir);
    CHECK_THAT(message, Catch::EndsWith(": industry alias 'other' is already an industry or an alias"));
  }
  SECTION("a missing file")
  {
    TempDir empty;
    CHECK_THROWS_WITH(Vocabulary::load(empty.path()), "cannot read " + (empty.path() / "tags.toml").string());
  }
}

TEST_CASE("a problem in industries.toml names industries.toml, not tags.toml")
{
  std::string dir;
  auto message = load_error(k_families, "[industries.tech]\naliases = [\"other\"]\n[industries.other]\n", &dir);
  CHECK_THAT(message, Catch::StartsWith(dir + "/industries.toml:") && Catch::EndsWith(": industry alias 'other' is already an industry or an alias"));
  message = load_error(k_families, "[industries.Tech_Sector]\n", &dir);
  CHECK_THAT(message, Catch::StartsWith(dir + "/industries.toml:") && Catch::EndsWith(": industry 'Tech_Sector' is not a lowercase slug"));
}
