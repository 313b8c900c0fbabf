#include "test_support.hpp"

#include "llmops/case_edit.hpp"
#include "llmops/diff.hpp"
#include "llmops/lint.hpp"
#include "llmops/text_edit.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace llmops;

namespace {

const Vocabulary& vocabulary()
{
  return test::test_project().vocabulary;
}

// A case full of comments, odd spacing, both list styles and every quoting style.
const std::string k_odd = R"(# yaml-language-server: $schema=../schema/case.schema.json
# A header comment.
schema_version: 1
id: acme-support-bot   # trailing comment
title: "How Acme: Answers Support Tickets"
company: 'Acme'
industry: technology
year: 2024
status: published

source_url: https://acme.example.com/blog/support-bot
tags:
  # families below
  application:   [ chatbot ,  "customer-service" ]   # flow, odd spacing
  technique:
    - rag        # the main one
    # a comment between items
    - 'retrieval-augmented-generation'
    - embeddings
  tool: [openai]
summary: >-
  Acme answers tickets.
)";

std::string edited(const std::string& text, const std::vector<FamilyTags>& wanted)
{
  CaseRewrite rewrite = rewrite_case_tags(text, wanted, vocabulary());
  INFO(rewrite.problem);
  REQUIRE(rewrite.ok());
  return rewrite.text;
}

} // namespace

TEST_CASE("the tags of a case are read in file order, as written")
{
  auto tags = read_case_tags(k_odd);
  REQUIRE(tags);
  CHECK(*tags == std::vector<FamilyTags>{{"application", {"chatbot", "customer-service"}},
                                         {"technique", {"rag", "retrieval-augmented-generation", "embeddings"}},
                                         {"tool", {"openai"}}});
}

TEST_CASE("replacing a tag changes only its scalar, keeping its quotes and everything around it")
{
  std::string out = edited(k_odd, {{"application", {"chatbot", "customer-support"}},
                                   {"technique", {"rag", "rag-v2", "embeddings"}},
                                   {"tool", {"openai"}}});
  std::string expected = k_odd;
  expected.replace(expected.find("\"customer-service\""), 18, "\"customer-support\"");
  expected.replace(expected.find("'retrieval-augmented-generation'"), 32, "'rag-v2'");
  CHECK(out == expected);
}

TEST_CASE("retagging from one parse gives the bytes of rewrite_case_tags, and lint reads back the wanted tags")
{
  const Project& project = test::test_project();
  auto rename = [](std::vector<FamilyTags>& tags) {
    for (FamilyTags& family : tags) {
      std::replace(family.slugs.begin(), family.slugs.end(), std::string("rag"), std::string("rag-v2"));
    }
    return true;
  };
  for (const std::string& text : {k_odd, "\xEF\xBB\xBF" + k_odd}) {
    CaseRetag retagged = retag_case(text, rename, vocabulary());
    REQUIRE(retagged.located);
    REQUIRE(retagged.changed);
    REQUIRE(retagged.rewrite.ok());
    CHECK(retagged.rewrite.text == edited(text, retagged.wanted));
    CheckContext context{project.config, project.schema, project.vocabulary, 2025};
    FileReport report = check_case_file("cases/acme-support-bot.yaml", retagged.rewrite.text, context);
    CHECK(same_tags(report.facts.tags, retagged.wanted));
    std::vector<FamilyTags> other = retagged.wanted;
    other.back().slugs.push_back("langchain");
    CHECK_FALSE(same_tags(report.facts.tags, other));
  }
  SECTION("a case whose tags cannot be located says why")
  {
    CaseRetag retagged = retag_case("title: x\n", rename, vocabulary());
    CHECK_FALSE(retagged.located);
    CHECK(retagged.rewrite.problem == "the case has no 'tags' mapping to edit");
  }
}

TEST_CASE("removing a tag from a block list removes its line and nothing else")
{
  std::string out = edited(k_odd, {{"application", {"chatbot", "customer-service"}},
                                   {"technique", {"rag", "embeddings"}},
                                   {"tool", {"openai"}}});
  std::string expected = k_odd;
  expected.erase(expected.find("    - 'retrieval"), std::string_view("    - 'retrieval-augmented-generation'\n").size());
  CHECK(out == expected);
}

TEST_CASE("removing a tag from a flow list keeps the list valid and its separator")
{
  SECTION("the first of two")
  {
    std::string out = edited(k_odd, {{"application", {"customer-service"}},
                                     {"technique", {"rag", "retrieval-augmented-generation", "embeddings"}},
                                     {"tool", {"openai"}}});
    CHECK(out.find("  application:   [ \"customer-service\" ]   # flow, odd spacing\n") != std::string::npos);
  }
  SECTION("the last of three, written with plain commas")
  {
    std::string text = test::replace_line(test::valid_case(), "  technique:", "  technique: [rag,evals,embeddings]");
    std::string out = edited(text, {{"application", {"chatbot"}}, {"technique", {"rag", "evals"}}});
    CHECK(out == test::replace_line(text, "  technique:", "  technique: [rag,evals]"));
  }
}

TEST_CASE("removing the last tag of a family removes the family's lines")
{
  SECTION("a flow list")
  {
    std::string out = edited(k_odd, {{"application", {"chatbot", "customer-service"}},
                                     {"technique", {"rag", "retrieval-augmented-generation", "embeddings"}}});
    CHECK(out == test::remove_line(k_odd, "  tool: [openai]"));
  }
  SECTION("a block list with a comment between its items")
  {
    std::string out = edited(k_odd, {{"application", {"chatbot", "customer-service"}}, {"tool", {"openai"}}});
    std::string expected = k_odd;
    auto begin = expected.find("  technique:\n");
    expected.erase(begin, expected.find("  tool:") - begin);
    CHECK(out == expected);
  }
  SECTION("but never the last family of all")
  {
    CaseRewrite rewrite = rewrite_case_tags(test::valid_case(), {}, vocabulary());
    CHECK(rewrite.problem == "the case would be left without tags");
  }
}

TEST_CASE("a tag is added at the end of its list, or in a new family in family order")
{
  SECTION("a flow list")
  {
    std::string out = edited(test::valid_case(), {{"application", {"chatbot", "summarization"}}, {"technique", {"rag"}}});
    CHECK(out == test::replace_line(test::valid_case(), "  application:", "  application: [chatbot, summarization]"));
  }
  SECTION("a block list, with the indentation of its items")
  {
    std::string out = edited(k_odd, {{"application", {"chatbot", "customer-service"}},
                                     {"technique", {"rag", "retrieval-augmented-generation", "embeddings", "evals"}},
                                     {"tool", {"openai"}}});
    std::string expected = k_odd;
    expected.insert(expected.find("  tool:"), "    - evals\n");
    CHECK(out == expected);
  }
  SECTION("a new family goes before the families that come after it")
  {
    std::string out = edited(test::valid_case(), {{"application", {"chatbot"}}, {"technique", {"rag"}},
                                                  {"practice", {"monitoring"}}, {"tool", {"aws"}}});
    std::string expected = test::valid_case();
    expected.insert(expected.find("summary:"), "  tool: [aws]\n  practice: [monitoring]\n");
    CHECK(out == expected);
  }
  SECTION("a new family after block lists is written as a block list")
  {
    std::string text = "tags:\n  technique:\n  - rag\n";
    std::string out = edited(text, {{"technique", {"rag"}}, {"tool", {"aws", "openai"}}});
    CHECK(out == "tags:\n  technique:\n  - rag\n  tool:\n  - aws\n  - openai\n");
  }
  SECTION("at the end of a file without a final line break")
  {
    std::string out = edited("tags:\n  technique:\n    - rag", {{"technique", {"rag", "evals"}}});
    CHECK(out == "tags:\n  technique:\n    - rag\n    - evals");
  }
}

TEST_CASE("a tags mapping written on one line is edited only within its lists")
{
  std::string text = "tags: {technique: [rag, evals], tool: [aws]}\n";
  CHECK(edited(text, {{"technique", {"rag"}}, {"tool", {"aws"}}}) == "tags: {technique: [rag], tool: [aws]}\n");
  CHECK(rewrite_case_tags(text, {{"technique", {"rag", "evals"}}}, vocabulary()).problem ==
        "family 'tool' cannot be removed from a tags mapping written on one line");
}

TEST_CASE("a slug that YAML would read as another type is written in double quotes")
{
  CHECK(render_scalar("rag") == "rag");
  CHECK(render_scalar("yes") == "\"yes\"");
  CHECK(render_scalar("2024") == "\"2024\"");
  CHECK(render_scalar("rag", '\'') == "'rag'");
}

TEST_CASE("a field is rewritten in its own quote style")
{
  CaseRewrite rewrite = rewrite_case_field(k_odd, "industry", "tech");
  REQUIRE(rewrite.ok());
  CHECK(rewrite.text == test::replace_line(k_odd, "industry:", "industry: tech"));
  CHECK(rewrite_case_field(k_odd, "company", "Acme Inc").text ==
        test::replace_line(k_odd, "company:", "company: 'Acme Inc'"));
}

TEST_CASE("the byte-level fixes remove a BOM, CRLF and trailing white space and say where")
{
  HygieneFix fix = fix_hygiene("\xEF\xBB\xBFid: a  \r\ntitle: b\r\nc: d \t");
  CHECK(fix.text == "id: a\ntitle: b\nc: d");
  REQUIRE(fix.changes.size() == 4);
  CHECK(fix.changes[0].rule == "file-bom");
  CHECK(fix.changes[1].rule == "file-trailing-space");
  CHECK(fix.changes[1].position.column == 6);
  CHECK(fix.changes[2].rule == "file-crlf");
  CHECK(fix.changes[2].description == "turned 2 CRLF line ends into LF");
  CHECK(fix.changes[3].position.line == 3);
}

TEST_CASE("overlapping edits are refused")
{
  CHECK(apply_edits("abcdef", {{1, 2, "X"}, {0, 0, "<"}, {4, 0, ">"}}) == "<aXd>ef");
  CHECK_THROWS(apply_edits("abcdef", {{1, 3, ""}, {2, 1, ""}}));
}

TEST_CASE("a unified diff shows the changed lines with three lines of context")
{
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
  std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nthirteen\n";
  CHECK(unified_diff("f.yaml", before, after) ==
        "--- a/f.yaml\n+++ b/f.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+thirteen\n");
  CHECK(unified_diff("f.yaml", before, before).empty());
  CHECK(unified_diff("f", "a", "b") == "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n"
                                       "\\ No newline at end of file\n");
}
