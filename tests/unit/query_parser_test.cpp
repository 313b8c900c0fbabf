// Tests for libcore/src/query_parser.cpp and query_terms.cpp: what each expression means (in the
// normalized form `Query::describe` prints) and where and why a bad one is refused.
#include "test_support.hpp"

#include "llmops/query.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace llmops;
using namespace llmops::test;

namespace {

// The query database: the repository's full vocabulary, with aliases and deprecated tags.
const Project& project()
{
  static const Project p = Project::open(data_dir() / "query");
  return p;
}

std::string describe(std::string_view expression)
{
  return parse_query(expression, project().vocabulary, project().schema).describe();
}

// "column N: message" for the error `expression` raises, or "(no error)".
std::string error_of(std::string_view expression)
{
  try {
    parse_query(expression, project().vocabulary, project().schema);
  } catch (const QueryError& e) {
    return "column " + std::to_string(e.column()) + ": " + e.what();
  }
  return "(no error)";
}

} // namespace

TEST_CASE("an empty expression matches every case")
{
  CHECK(describe("") == "*");
  CHECK(describe("   ") == "*");
}

TEST_CASE("terms side by side are joined by AND, which binds tighter than OR")
{
  CHECK(describe("tag:rag industry:finance year>=2024") == "(and tag:rag industry:finance year:2024..)");
  CHECK(describe("tag:rag AND industry:finance") == "(and tag:rag industry:finance)");
  CHECK(describe("tag:rag OR tag:evals industry:finance") == "(or tag:rag (and tag:evals industry:finance))");
  CHECK(describe("(tag:rag OR tag:evals) industry:finance") == "(and (or tag:rag tag:evals) industry:finance)");
  CHECK(describe("a OR b OR c") == "(or a b c)");
}

TEST_CASE("NOT and a leading minus negate the term that follows")
{
  CHECK(describe("-tag:poc") == "(not tag:poc)");
  CHECK(describe("NOT tag:poc") == "(not tag:poc)");
  CHECK(describe("agents -tag:poc") == "(and agents (not tag:poc))");
  CHECK(describe("-(tag:rag OR tag:evals)") == "(not (or tag:rag tag:evals))");
  CHECK(describe("fine-tuning") == "\"fine tuning\"");
}

TEST_CASE("lower-case and, or and not are words to search for")
{
  CHECK(describe("rock and roll") == "(and rock and roll)");
}

TEST_CASE("tag terms resolve aliases and deprecated slugs to the canonical tag")
{
  CHECK(describe("tag:retrieval-augmented-generation") == "tag:rag");
  CHECK(describe("tag:amazon-aws") == "tag:aws");
  CHECK(describe("tag:RAG") == "tag:rag");
  CHECK(describe("technique:rag") == "technique:rag");
  CHECK(describe("tag:rag,evaluation") == "tag:rag,evals");

  SECTION("and accept every spelling that resolves to the same tag")
  {
    Query q = parse_query("tag:aws", project().vocabulary, project().schema);
    REQUIRE(q.terms.size() == 1);
    std::vector<std::string> accepted = q.terms[0].accepted;
    std::sort(accepted.begin(), accepted.end());
    CHECK(accepted == std::vector<std::string>{"amazon-aws", "amazon-web-services", "aws"});
  }
}

TEST_CASE("industry terms resolve aliases")
{
  CHECK(describe("industry:fintech") == "industry:finance");
  CHECK(describe("industry:telco,media") == "industry:telecommunications,media-entertainment");
}

TEST_CASE("year and created terms compare, with ranges and open ends")
{
  CHECK(describe("year:2024") == "year:2024");
  CHECK(describe("year=2024") == "year:2024");
  CHECK(describe("year>2024") == "year:2025..");
  CHECK(describe("year<2024") == "year:..2023");
  CHECK(describe("year<=2024") == "year:..2024");
  CHECK(describe("year:2023..2025") == "year:2023..2025");
  CHECK(describe("year:..2020") == "year:..2020");
  CHECK(describe("created>=2025-01") == "created>=2025-01");
  CHECK(describe("created<2025") == "created<2025");
  CHECK(describe("created:2024-06..2024-12-31") == "created:2024-06..2024-12-31");
  CHECK(describe("created_at:2024") == "created:2024");
}

TEST_CASE("field values may be quoted, and words are folded")
{
  CHECK(describe("company:\"Mercado Libre\"") == "company:\"mercado libre\"");
  CHECK(describe("title:Évaluation") == "title:evaluation");
  CHECK(describe("\"Condé Nast\"") == "\"conde nast\"");
  CHECK(describe("\"say \\\"hi\\\"\"") == "\"say hi\"");
  CHECK(describe("evaluat*") == "evaluat*");
  CHECK(describe("title:\"knowledge gr*\"") == "title:\"knowledge gr*\"");
  CHECK(describe("has:created") == "has:created_at");
  CHECK(describe("missing:url") == "missing:source_url");
  CHECK(describe("has:practice") == "has:practice");
  CHECK(describe("url:YouTube.com") == "url:youtube.com");
  CHECK(describe("id:acme-*") == "id:acme-*");
  CHECK(describe("status:draft") == "status:draft");
}

TEST_CASE("only free text outside a negation ranks the results")
{
  auto q = [](std::string_view e) { return parse_query(e, project().vocabulary, project().schema); };
  CHECK(q("agents").ranked());
  CHECK(q("tag:rag agents").ranked());
  CHECK_FALSE(q("tag:rag -agents").ranked());
  CHECK(q("tag:rag -agents").needs_search_text());
  CHECK_FALSE(q("title:agents company:acme").needs_search_text());
  CHECK_FALSE(q("tag:rag year>=2024").ranked());
}

TEST_CASE("a syntax error names its column and what was expected")
{
  CHECK(error_of("tag:rag AND (") == "column 13: expected a term after '('");
  CHECK(error_of("(tag:rag") == "column 9: expected ')' to close the '(' at column 1");
  CHECK(error_of("tag:rag)") == "column 8: unexpected ')': no '(' is open before it");
  CHECK(error_of("tag:rag OR") == "column 9: expected a term after OR");
  CHECK(error_of("OR tag:rag") == "column 1: expected a term, not OR (AND and OR go between two terms)");
  CHECK(error_of("NOT") == "column 1: expected a term after NOT");
  CHECK(error_of("a - b") ==
        "column 3: expected a term right after '-' (as in -tag:poc, which leaves out what matches tag:poc)");
  CHECK(error_of("say \"hello") == "column 5: this quoted phrase is never closed: expected a closing '\"'");
  CHECK(error_of("\u2014") == "column 1: expected a word or a phrase with letters or digits, not \u2014");
}

TEST_CASE("a field error points at the value and says what the field takes")
{
  CHECK(error_of("tag:") == "column 5: expected a tag after 'tag:' (as in tag:rag or tag:rag,evals)");
  CHECK(error_of("tag:retreival") == "column 5: unknown tag 'retreival'; expected a tag of schema/tags.toml");
  CHECK(error_of("tag:rag,evls") == "column 9: unknown tag 'evls'; did you mean 'evals'?");
  CHECK(error_of("technique:chatbot") ==
        "column 11: 'chatbot' is a tag of the application family, not technique; write application:chatbot or "
        "tag:chatbot");
  CHECK(error_of("industry:fintek") == "column 10: unknown industry 'fintek'; did you mean 'finance'?");
  CHECK(error_of("status:live") == "column 8: unknown status 'live'; expected draft or published");
  CHECK(error_of("year>=20x4") ==
        "column 7: expected a year after 'year>=', not '20x4' (as in year:2024, year>=2024 or year:2023..2025)");
  CHECK(error_of("year:2025..2023") == "column 6: the range 2025..2023 is empty: write the earlier year first");
  CHECK(error_of("year>2020..2023") ==
        "column 6: expected a year after 'year>', not '2020..2023' (as in year:2024, year>=2024 or "
        "year:2023..2025)");
  CHECK(error_of("created:2025-1") ==
        "column 9: expected a date YYYY, YYYY-MM or YYYY-MM-DD after 'created:', not '2025-1' (as in "
        "created>=2025-01 or created:2024..2025-06)");
  CHECK(error_of("has:sumary") == "column 5: unknown field 'sumary'; did you mean 'summary'?");
  CHECK(error_of("tag>rag") ==
        "column 4: expected ':' after 'tag' (tag:VALUE); only year and created compare with '>'");
  CHECK(error_of("id:*") ==
        "column 4: expected a case id or a prefix after 'id:', not '*' (as in id:acme-support-bot or id:acme-*)");
}

TEST_CASE("an unknown field is refused, with the way to search for the text")
{
  CHECK(error_of("re:invent") ==
        "column 1: unknown field 're'; expected one of tag, application, technique, tool, practice, industry, "
        "company, title, status, year, created, has, missing, url, id (to search for the text itself, put it in "
        "quotes: \"re:invent\")");
  CHECK(describe("\"re:invent\"") == "\"re invent\"");
  CHECK(describe("c++") == "c");
}

TEST_CASE("columns count characters, not bytes")
{
  CHECK(error_of("Zürich year>=abc") ==
        "column 14: expected a year after 'year>=', not 'abc' (as in year:2024, year>=2024 or year:2023..2025)");
  QueryError error(14, 3, "expected a year");
  CHECK(format_query_error("Zürich year>=abc", error) == "expected a year\n  Zürich year>=abc\n               ^~~");
}

TEST_CASE("bytes that are not UTF-8 are refused at their column, with their value")
{
  CHECK(error_of("rag \xB3 x") == "column 5: the query is not valid UTF-8: byte 0xB3 is not part of a character; "
                                  "retype it in a UTF-8 terminal");
  CHECK(error_of("Zürich \xC3") == "column 8: the query is not valid UTF-8: byte 0xC3 is not part of a character; "
                                   "retype it in a UTF-8 terminal");
  try {
    parse_query("\xB3", project().vocabulary, project().schema);
    FAIL("no error");
  } catch (const QueryError& e) {
    CHECK(e.span() == 1);
  }
}

TEST_CASE("sort keys name a field and an optional direction")
{
  REQUIRE(parse_sort_key("year"));
  CHECK(parse_sort_key("year")->field == SortField::year);
  CHECK_FALSE(parse_sort_key("year")->descending);
  CHECK(parse_sort_key("year:desc")->descending);
  CHECK(parse_sort_key("relevance")->descending);
  CHECK_FALSE(parse_sort_key("relevance:asc")->descending);
  CHECK_FALSE(parse_sort_key("yeer"));
  CHECK_FALSE(parse_sort_key("year:down"));
  CHECK_FALSE(parse_sort_key("year:"));
}

TEST_CASE("a misspelt field name gets a suggestion")
{
  CHECK(error_of("industy:finance") == "column 1: unknown field 'industy'; did you mean 'industry'?");
  CHECK(error_of("techniqe:rag") == "column 1: unknown field 'techniqe'; did you mean 'technique'?");
  CHECK(error_of("speaker:\"Jane Doe\"") ==
        "column 1: unknown field 'speaker'; expected one of tag, application, technique, tool, practice, industry, "
        "company, title, status, year, created, has, missing, url, id");
}

TEST_CASE("any string either parses or is refused at a column inside it")
{
  // Hostile input: pieces of the language glued at random, with bytes that are not UTF-8.
  const std::vector<std::string> pieces = {"tag:", "rag",  "\"",   "(",        ")",    " ",    "-",        "OR", "AND",
                                           "NOT",  "year", ">=",   "..",       ":",    "2024", "*",        ",",  "\\",
                                           "é",    "\xC3", "\xFF", "\xB3", "\xE2\x80", "has:", "id:",  "created<", "\t", "x"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  for (int i = 0; i < 5000; ++i) {
    std::string expression;
    for (int n = length(rng); n > 0; --n) {
      expression += pieces[pick(rng)];
    }
    INFO(expression);
    try {
      Query q = parse_query(expression, project().vocabulary, project().schema);
      CHECK_FALSE(q.describe().empty());
    } catch (const QueryError& e) {
      CHECK(e.column() >= 1);
      CHECK(e.column() <= expression.size() + 1);
      CHECK(e.span() >= 1);
      CHECK_FALSE(format_query_error(expression, e).empty());
    }
  }
}
