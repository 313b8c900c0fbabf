// Tests for libcore/src/case_writer.cpp: the canonical layout, and that every value, however
// hostile, reads back through the case reader exactly as it was given.
#include "test_support.hpp"

#include "llmops/case_writer.hpp"
#include "llmops/text.hpp"

#include <catch2/catch.hpp>

using namespace llmops;
using namespace llmops::test;

namespace {

CaseRecord sample()
{
  CaseRecord r;
  r.id = "acme-support-bot";
  r.title = "How Acme Answers Support Tickets";
  r.company = "Acme";
  r.industry = "tech";
  r.year = 2024;
  r.status = "published";
  r.created_at = "2024-05-02";
  r.source_url = "https://acme.example.com/blog/acme-support-bot";
  r.tags = {{"application", {"chatbot", "customer-support"}}, {"technique", {"rag"}}};
  return r;
}

// Writes `record`, reads it back with every per-file and vocabulary rule, and returns the report.
FileReport round_trip(const CaseRecord& record)
{
  const Project& project = test_project();
  const std::string text = write_case(record, project.schema);
  CheckContext context{project.config, project.schema, project.vocabulary, 2025, true};
  FileReport report = check_case_file("cases/" + record.id + ".yaml", text, context);
  check_case_vocabulary(report.facts, context, {}, report.diagnostics);
  std::erase_if(report.diagnostics, [](const Diagnostic& d) { return d.rule == "summary-missing"; });
  return report;
}

// Strings that YAML would misread, truncate or reject if written without care.
const std::vector<std::string> k_hostile = {
  "Agentic AI for Legal Research: Building Deep Research in Westlaw",
  "Ends with a colon:",
  "key: value",
  "a:b and http://x.example/y",
  "# starts like a comment",
  "C# and F# in production",
  "a #hash after a space",
  "\"quoted\" at the start",
  "ends \"quoted\"",
  "'single' at the start",
  "it's fine",
  "- a dash and a space",
  "-dash",
  "--- a document marker",
  "... an end marker",
  "* star",
  "*alias",
  "&anchor",
  "!tag",
  "%directive",
  "@handle",
  "`backtick`",
  "| pipe",
  "> greater",
  "? question",
  "[bracket] first",
  "{brace} first",
  ", comma first",
  "yes",
  "No",
  "NO",
  "y",
  "n",
  "on",
  "Off",
  "true",
  "False",
  "null",
  "Null",
  "~",
  "2024",
  "-7",
  "+12",
  "1.5",
  "1e3",
  ".5",
  ".inf",
  ".NaN",
  "0x1F",
  "0o17",
  "0b1010",
  "1_000",
  "1:30",
  "2025-01-01",
  "2025-1-1 10:00",
  "<<",
  "=",
  "Condé Nast",
  "Moody’s",
  "株式会社 日本",
  "🚀 Rocket launch",
  "emoji at the end 🤖",
  " leading space",
  "trailing space ",
  "back\\slash",
  "non-breaking\u00a0space",
  "zero\u200bwidth",
  "nel\u0085char",
  "line\u2028separator",
  "bom\ufeffinside",
  "DEL\x7f",
  "bell\x07",
  "O'Reilly & Associates, Inc.",
  "100% uptime",
  "a, b, c",
  "brackets [inside] {too}",
  "question? yes",
  "Q&A: Ask Anything",
  "colon:no-space",
  "title with: two: colons",
};

} // namespace

TEST_CASE("a case is written with the modeline, schema_version and the fields in schema order")
{
  CaseRecord r = sample();
  r.sources = {"https://acme.example.com/talk"};
  r.summary = "A short account in our own words.";
  r.not_duplicate_of = {"acme-other-bot"};
  const std::string expected = "# yaml-language-server: $schema=../schema/case.schema.json\n"
                               "schema_version: 1\n"
                               "id: acme-support-bot\n"
                               "title: How Acme Answers Support Tickets\n"
                               "company: Acme\n"
                               "industry: tech\n"
                               "year: 2024\n"
                               "status: published\n"
                               "created_at: 2024-05-02\n"
                               "source_url: https://acme.example.com/blog/acme-support-bot\n"
                               "sources:\n"
                               "  - https://acme.example.com/talk\n"
                               "tags:\n"
                               "  application: [chatbot, customer-support]\n"
                               "  technique: [rag]\n"
                               "summary: >-\n"
                               "  A short account in our own words.\n"
                               "not_duplicate_of: [acme-other-bot]\n";
  CHECK(write_case(r, test_project().schema) == expected);
}

TEST_CASE("absent values leave their keys out")
{
  CaseRecord r = sample();
  r.year.reset();
  r.created_at.clear();
  r.tags.push_back({"tool", {}});
  const std::string text = write_case(r, test_project().schema);
  CHECK(text.find("year:") == std::string::npos);
  CHECK(text.find("created_at:") == std::string::npos);
  CHECK(text.find("tool:") == std::string::npos);
  CHECK(text.find("summary:") == std::string::npos);
}

TEST_CASE("a scalar is plain when that is safe and double-quoted otherwise")
{
  CHECK(yaml_scalar("How Acme Answers") == "How Acme Answers");
  CHECK(yaml_scalar("Condé Nast") == "Condé Nast");
  CHECK(yaml_scalar("C# and F#") == "C# and F#");
  CHECK(yaml_scalar("https://example.com/a#b") == "https://example.com/a#b");
  CHECK(yaml_scalar("Legal Research: Westlaw") == "\"Legal Research: Westlaw\"");
  CHECK(yaml_scalar("No") == "\"No\"");
  CHECK(yaml_scalar("2024") == "\"2024\"");
  CHECK(yaml_scalar("2025-01-01") == "\"2025-01-01\"");
  CHECK(yaml_scalar("-dash") == "\"-dash\"");
  CHECK(yaml_scalar("say \"hi\"") == "say \"hi\"");
  CHECK(yaml_scalar("\"hi\" said") == "\"\\\"hi\\\" said\"");
  CHECK(yaml_scalar("a\\b: c") == "\"a\\\\b: c\"");
  CHECK(yaml_scalar("tab\there") == "\"tab\\there\"");
  CHECK(yaml_scalar("line\nbreak") == "\"line\\nbreak\"");
  CHECK(yaml_scalar("bell\x07") == "\"bell\\u0007\"");
  CHECK(yaml_scalar("line\u2028sep") == "\"line\\u2028sep\"");
  CHECK(yaml_scalar(" padded ") == "\" padded \"");
  CHECK(yaml_scalar("") == "\"\"");
}

TEST_CASE("every hostile title and company reads back exactly, with no findings")
{
  for (const std::string& value : k_hostile) {
    CAPTURE(value);
    CaseRecord r = sample();
    r.title = "Title " + std::to_string(value.size()); // keep the id stable, vary one field at a time
    r.company = value;
    if (value.front() == ' ' || value.back() == ' ') {
      // Allowed by YAML but not by the schema: written faithfully, then reported.
      FileReport report = round_trip(r);
      CHECK(report.facts.company.value == value);
      CHECK(render_rule(report.diagnostics, "field-format").size() == 1);
      continue;
    }
    FileReport report = round_trip(r);
    CHECK(render_all(report.diagnostics) == std::vector<std::string>{});
    CHECK(report.facts.company.value == value);
    r.company = "Acme";
    r.title = value;
    report = round_trip(r);
    CHECK(render_all(report.diagnostics) == std::vector<std::string>{});
    CHECK(report.facts.title.value == value);
  }
}

TEST_CASE("every field of a full record reads back as given")
{
  CaseRecord r = sample();
  r.title = "Agentic AI: \"Deep Research\" at #1 — 🚀";
  r.company = "Moody’s";
  r.sources = {"https://acme.example.com/a?b=c&d=e#f", "https://acme.example.com/- dash"};
  r.not_duplicate_of = {"acme-other-bot", "acme-third-bot"};
  r.summary = "One paragraph in our own words.";
  r.notes = "First line.\n\n  An indented line: with # and \"quotes\".\nLast line.";
  FileReport report = round_trip(r);
  const Case& c = report.facts;
  CHECK(render_rule(report.diagnostics, "url-invalid").size() == 1); // the space in the second source
  std::erase_if(report.diagnostics, [](const Diagnostic& d) { return d.rule == "url-invalid"; });
  std::erase_if(report.diagnostics, [](const Diagnostic& d) { return d.rule == "exception-unknown"; });
  CHECK(render_all(report.diagnostics) == std::vector<std::string>{});
  CHECK(c.id.value == r.id);
  CHECK(c.title.value == r.title);
  CHECK(c.company.value == r.company);
  CHECK(c.industry.value == r.industry);
  CHECK(c.year.value == *r.year);
  CHECK(c.status.value == r.status);
  CHECK(c.created_at.value == r.created_at);
  CHECK(c.source_url.value == r.source_url);
  REQUIRE(c.sources.size() == 2);
  CHECK(c.sources[0].value == r.sources[0]);
  CHECK(c.sources[1].value == r.sources[1]);
  REQUIRE(c.tags.size() == 3);
  CHECK(c.tags[0].family == "application");
  CHECK(c.tags[0].slug == "chatbot");
  CHECK(c.tags[2].family == "technique");
  CHECK(c.tags[2].slug == "rag");
  CHECK(c.summary.value == r.summary);
  CHECK(c.notes.value == r.notes);
  REQUIRE(c.not_duplicate_of.size() == 2);
  CHECK(c.not_duplicate_of[1].value == "acme-third-bot");
}

TEST_CASE("long texts read back exactly, whatever their shape")
{
  const std::vector<std::string> texts = {
    "Short.",
    std::string(300, 'x'),
    "A long paragraph " + std::string(60, 'y') +
      " that has to be folded over several lines because it is much "
      "longer than the width of one line, with  two spaces here and "
      "there,  so that folding must not break at them.",
    "Ends with one line break.\n",
    "Ends with two line breaks.\n\n",
    "\nStarts with a line break.",
    "  Starts with spaces\nthen more.",
    "Trailing space on a line \nis kept.",
    "A tab\tinside.",
    "- looks like a list\n- of items\n",
    "# looks like a comment\nbut is text",
    "Crosses\r\nline endings",
    "yes",
    "\"quoted\"",
  };
  for (const std::string& text : texts) {
    CAPTURE(text);
    CaseRecord r = sample();
    r.summary = text;
    r.notes = text;
    FileReport report = round_trip(r);
    CHECK(render_all(report.diagnostics) == std::vector<std::string>{});
    CHECK(report.facts.summary.value == text);
    CHECK(report.facts.notes.value == text);
  }
}

TEST_CASE("a paragraph is folded at single spaces into lines of at most 100 columns")
{
  CaseRecord r = sample();
  r.summary = "";
  for (int i = 0; i < 40; ++i) {
    r.summary += (i == 0 ? "" : " ") + std::string("word") + std::to_string(i);
  }
  const std::string text = write_case(r, test_project().schema);
  const std::size_t at = text.find("summary: >-\n");
  REQUIRE(at != std::string::npos);
  for (std::string_view line : text::split_lines(std::string_view(text).substr(at + 12))) {
    CHECK(line.size() <= 100);
    CHECK(line.starts_with("  word"));
  }
}
