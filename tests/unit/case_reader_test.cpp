// Tests for libcore/src/case_reader.cpp (and the YAML reader behind it): every per-file rule,
// one minimal case text each, with the exact finding: rule, line, column and message.
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace llmops;
using namespace llmops::test;

namespace {

using Lines = std::vector<std::string>;

// The rendered findings of checking `text` as cases/acme-support-bot.yaml.
Lines findings(std::string_view text)
{
  return render_all(check_text(text).diagnostics);
}

const std::string k_at = "cases/acme-support-bot.yaml:";

} // namespace

TEST_CASE("a well-formed case has no findings and its facts are read with their places")
{
  FileReport report = check_text(valid_case());
  CHECK(render_all(report.diagnostics) == Lines{});
  const Case& c = report.facts;
  CHECK(c.parsed);
  CHECK(c.path == "cases/acme-support-bot.yaml");
  CHECK(c.schema_version.value == 1);
  CHECK(c.id.value == "acme-support-bot");
  CHECK(c.id.position.line == 2);
  CHECK(c.id.position.column == 5);
  CHECK(c.title.value == "How Acme Answers Support Tickets");
  CHECK(c.company.value == "Acme");
  CHECK(c.industry.value == "tech");
  CHECK(c.year.present);
  CHECK(c.year.value == 2024);
  CHECK(c.status.value == "published");
  CHECK(c.created_at.value == "2024-05-02");
  CHECK(c.source_url.value == "https://acme.example.com/blog/acme-support-bot");
  CHECK(c.source_url.position.line == 9);
  CHECK(c.source_url.position.column == 13);
  REQUIRE(c.tags.size() == 2);
  CHECK(c.tags[0].family == "application");
  CHECK(c.tags[0].slug == "chatbot");
  CHECK(c.tags[0].position.line == 11);
  CHECK(c.tags[0].position.column == 17);
  CHECK(c.tags[1].family == "technique");
  CHECK(c.tags[1].slug == "rag");
  CHECK(c.summary.present);
  CHECK_FALSE(c.notes.present);
}

TEST_CASE("each per-file rule reports its finding at the place of the problem")
{
  const std::string valid = valid_case();

  SECTION("key-duplicate: a field written twice")
  {
    auto text = replace_line(valid, "year:", "year: 2024\ntitle: Again");
    CHECK(findings(text) ==
          Lines{k_at + "7:1: error: field 'title' appears twice (first on line 3); YAML readers keep only one: "
                       "delete one [key-duplicate]"});
  }
  SECTION("key-duplicate: a tag family written twice")
  {
    auto text = replace_line(valid, "  technique:", "  technique: [rag]\n  application: [summarization]");
    CHECK(findings(text) ==
          Lines{k_at + "13:3: error: tag family 'application' appears twice (first on line 11); merge the two lists "
                       "[key-duplicate]"});
  }
  SECTION("yaml-anchor: an anchor")
  {
    auto text = replace_line(valid, "title:", "title: &t How Acme Answers Support Tickets");
    CHECK(findings(text) ==
          Lines{k_at + "3:8: error: anchors (&name) are not allowed in case files; remove the anchor [yaml-anchor]"});
  }
  SECTION("yaml-anchor: an anchor and its alias")
  {
    auto text = replace_line(valid, "company:", "company: &who Acme\nnotes: *who");
    CHECK(findings(text) ==
          Lines{k_at + "4:10: error: anchors (&name) are not allowed in case files; remove the anchor [yaml-anchor]"});
  }
  SECTION("yaml-anchor: a billion laughs stops at the first anchor")
  {
    std::string laughs = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
      std::string prev = "*a" + std::to_string(i - 1);
      laughs += "lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
      for (int k = 0; k < 8; ++k) {
        laughs += ", " + prev;
      }
      laughs += "]\n";
    }
    CHECK(findings(valid + laughs) ==
          Lines{k_at + "14:7: error: anchors (&name) are not allowed in case files; remove the anchor [yaml-anchor]"});
  }
  SECTION("yaml-depth: nesting past limits.max_depth")
  {
    CHECK(findings(valid + "notes: [[[[[[[[deep]]]]]]]]\n") ==
          Lines{k_at + "14:15: error: nesting is deeper than 8 levels (limits.max_depth) [yaml-depth]"});
  }
  SECTION("yaml-depth: nesting at limits.max_depth is read (and judged by the schema)")
  {
    CHECK(findings(valid + "notes: [[[[[[[deep]]]]]]]\n") ==
          Lines{k_at + "14:8: error: 'notes' must be text, not a list [field-type]"});
  }
  SECTION("yaml-syntax: a syntax error")
  {
    auto text = replace_line(valid, "title:", "title: \"How Acme Answers");
    auto lines = findings(text);
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::StartsWith(k_at) && Catch::Contains(": error: YAML syntax error: ") &&
                           Catch::EndsWith("[yaml-syntax]"));
  }
  SECTION("yaml-syntax: more than one document")
  {
    auto lines = render_rule(check_text(valid + "---\nid: other\n").diagnostics, "yaml-syntax");
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0],
               Catch::EndsWith("error: a second YAML document starts here; a case file holds exactly one "
                               "[yaml-syntax]"));
  }
  SECTION("yaml-syntax: no document at all")
  {
    CHECK(findings("# only a comment\n") == Lines{k_at + "1:1: error: the file holds no YAML document [yaml-syntax]"});
    CHECK(findings("") == Lines{k_at + "1:1: error: the file holds no YAML document [yaml-syntax]"});
  }
  SECTION("file-tab: a tab inside a value")
  {
    auto text = replace_line(valid, "title:", "title: How\tAcme Answers Support Tickets");
    CHECK(
      findings(text) ==
      Lines{k_at + "3:11: error: tab character; YAML indents with spaces (inside quoted text, write \\t) [file-tab]"});
  }
  SECTION("file-tab: a tab as indentation also breaks the YAML")
  {
    auto text = replace_line(valid, "  application:", "\tapplication: [chatbot]");
    auto lines = findings(text);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] ==
          k_at + "11:1: error: tab character; YAML indents with spaces (inside quoted text, write \\t) [file-tab]");
    CHECK_THAT(lines[1], Catch::StartsWith(k_at + "11:") && Catch::EndsWith("[yaml-syntax]"));
  }
  SECTION("file-crlf: CRLF line ends, counted once per file")
  {
    std::string crlf;
    for (char c : valid) {
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    FileReport report = check_text(crlf);
    CHECK(render_all(report.diagnostics) ==
          Lines{k_at + "1:18: warning: 13 lines end in CRLF; case files use LF line endings [file-crlf]"});
    CHECK(report.facts.title.value == "How Acme Answers Support Tickets"); // no '\r' in values
  }
  SECTION("file-crlf: one CRLF line")
  {
    auto text = replace_line(valid, "company:", "company: Acme\r");
    CHECK(findings(text) ==
          Lines{k_at + "4:14: warning: 1 line ends in CRLF; case files use LF line endings [file-crlf]"});
  }
  SECTION("file-bom: a UTF-8 byte order mark, and later places are not shifted by it")
  {
    auto text = "\xEF\xBB\xBF" + replace_line(valid, "status:", "status: done");
    CHECK(findings(text) ==
          Lines{k_at + "1:1: warning: the file starts with a UTF-8 byte order mark [file-bom]",
                k_at + "7:9: error: 'status' must be one of: draft, published (not 'done') [field-enum]"});
  }
  SECTION("file-encoding: a UTF-16 byte order mark")
  {
    std::string utf16 = "\xFF\xFE";
    for (char c : valid) {
      utf16 += c;
      utf16 += '\0';
    }
    CHECK(findings(utf16) == Lines{k_at + "1:1: error: the file is UTF-16 or UTF-32 (it starts with that byte order "
                                          "mark); save it as UTF-8 [file-encoding]"});
    CHECK(findings("\xFE\xFF" + std::string("\0s", 2)) ==
          Lines{k_at + "1:1: error: the file is UTF-16 or UTF-32 (it starts with that byte order mark); save it as "
                       "UTF-8 [file-encoding]"});
  }
  SECTION("file-encoding: invalid UTF-8, at the first bad byte")
  {
    auto text = replace_line(valid, "company:", "company: Ac\xC3(me");
    CHECK(findings(text) ==
          Lines{k_at + "4:12: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8 [file-encoding]"});
  }
  SECTION("file-encoding: an overlong encoding")
  {
    auto text = replace_line(valid, "company:", "company: \xC0\xAF");
    CHECK(findings(text) ==
          Lines{k_at + "4:10: error: invalid UTF-8 (byte 0xC0); save the file as UTF-8 [file-encoding]"});
  }
  SECTION("file-binary: a NUL byte")
  {
    auto text = replace_line(valid, "title:", std::string("title: How\0Acme", 15));
    CHECK(findings(text) == Lines{k_at + "3:11: error: the file holds a NUL byte: it is not a text file; save it as "
                                         "UTF-8 text [file-binary]"});
  }
  SECTION("file-trailing-space: white space at the end of a line")
  {
    auto text = replace_line(valid, "company:", "company: Acme  ");
    CHECK(findings(text) == Lines{k_at + "4:14: warning: trailing white space [file-trailing-space]"});
    auto blank = replace_line(valid, "year:", "year: 2024\n   ");
    CHECK(findings(blank) == Lines{k_at + "7:1: warning: trailing white space [file-trailing-space]"});
  }
  SECTION("file-trailing-space: ten are shown, the rest counted")
  {
    std::string text = valid + "notes: |\n";
    for (int i = 0; i < 13; ++i) {
      text += "  note \n";
    }
    auto lines = render_rule(check_text(text).diagnostics, "file-trailing-space");
    REQUIRE(lines.size() == 11);
    CHECK(lines[0] == k_at + "15:7: warning: trailing white space [file-trailing-space]");
    CHECK(lines[10] == "cases/acme-support-bot.yaml: warning: 3 more like this in the file [file-trailing-space]");
  }
  SECTION("line-too-long: a line past limits.max_line_bytes")
  {
    auto text = valid + "notes: " + std::string(17000, 'x') + "\n";
    CHECK(findings(text) ==
          Lines{k_at + "14:1: error: line is 17007 bytes long; the limit is 16384 "
                       "(limits.max_line_bytes): wrap the text in a block scalar (>-) [line-too-long]"});
  }
  SECTION("file-too-large: a file past limits.max_file_bytes is not parsed")
  {
    std::string text = valid + "notes: |\n";
    while (text.size() <= 262144) {
      text += "  " + std::string(98, 'y') + "\n";
    }
    CHECK(findings(text) == Lines{"cases/acme-support-bot.yaml: error: the file is larger than 262144 bytes "
                                  "(limits.max_file_bytes); a case is a short record [file-too-large]"});
  }
  SECTION("field-unknown: with a suggestion when a field is near")
  {
    auto text = replace_line(valid, "year:", "yaer: 2024");
    CHECK(findings(text) == Lines{k_at + "6:1: error: unknown field 'yaer'; did you mean 'year'? [field-unknown]"});
  }
  SECTION("field-unknown: without one when none is")
  {
    CHECK(findings(valid + "rating: 5\n") == Lines{k_at + "14:1: error: unknown field 'rating' [field-unknown]"});
  }
  SECTION("field-missing: each required field that is absent")
  {
    auto text = remove_line(remove_line(valid, "title:"), "company:");
    CHECK(findings(text) ==
          Lines{k_at + "1:1: error: missing required field 'title' (The title of the source write-up or talk, as "
                       "published, on one line.) [field-missing]",
                k_at + "1:1: error: missing required field 'company' (The organisation that built or runs the "
                       "system, spelled as it spells itself.) [field-missing]"});
  }
  SECTION("field-type: a plain yes, 123 or 1.5 title needs quotes")
  {
    CHECK(findings(replace_line(valid, "title:", "title: yes")) ==
          Lines{k_at +
                "3:8: error: 'title' is read as a boolean, not text; put it in double quotes: \"yes\" [field-type]"});
    CHECK(findings(replace_line(valid, "title:", "title: Off")) ==
          Lines{k_at +
                "3:8: error: 'title' is read as a boolean, not text; put it in double quotes: \"Off\" [field-type]"});
    CHECK(findings(replace_line(valid, "title:", "title: 123")) ==
          Lines{k_at + "3:8: error: 'title' is read as an integer, not text; put it in double quotes: \"123\" "
                       "[field-type]"});
    CHECK(
      findings(replace_line(valid, "title:", "title: 1.5")) ==
      Lines{k_at + "3:8: error: 'title' is read as a float, not text; put it in double quotes: \"1.5\" [field-type]"});
  }
  SECTION("field-type: the same words in quotes are text")
  {
    CHECK(findings(replace_line(valid, "title:", "title: \"yes\"")) == Lines{});
    CHECK(findings(replace_line(valid, "title:", "title: '123'")) == Lines{});
    CHECK(findings(replace_line(valid, "title:", "title: \"null\"")) == Lines{});
  }
  SECTION("field-type: a list where text is expected")
  {
    CHECK(findings(replace_line(valid, "company:", "company: [Acme, Globex]")) ==
          Lines{k_at + "4:10: error: 'company' must be text, not a list [field-type]"});
  }
  SECTION("field-type: tags that are not a mapping of families")
  {
    auto text = replace_line(remove_line(remove_line(valid, "  application:"), "  technique:"), "tags:", "tags: [rag]");
    CHECK(render_rule(check_text(text).diagnostics, "field-type") ==
          Lines{k_at + "10:7: error: 'tags' must be a mapping from family to a list of tags, e.g. 'technique: [rag, "
                       "evals]' [field-type]"});
  }
  SECTION("field-type: a family whose tags are not a list")
  {
    auto text = replace_line(valid, "  technique:", "  technique: rag");
    CHECK(
      findings(text) ==
      Lines{k_at + "12:14: error: tags of family 'technique' must be a list, e.g. 'technique: [rag]' [field-type]"});
  }
  SECTION("field-type: a file that is not a mapping")
  {
    CHECK(render_rule(check_text("- a\n- b\n").diagnostics, "field-type") ==
          Lines{k_at + "1:1: error: a case file must be a mapping of field names to values (key: value lines) "
                       "[field-type]"});
  }
  SECTION("field-type: a quoted year")
  {
    CHECK(findings(replace_line(valid, "year:", "year: \"2024\"")) ==
          Lines{k_at + "6:7: error: 'year' must be a whole number: remove the quotes [field-type]"});
    CHECK(findings(replace_line(valid, "year:", "year: 20x4")) ==
          Lines{k_at + "6:7: error: 'year' must be a whole number [field-type]"});
  }
  SECTION("field-empty: an empty string")
  {
    CHECK(findings(replace_line(valid, "company:", "company: \"\"")) ==
          Lines{k_at + "4:10: error: 'company' is empty [field-empty]"});
  }
  SECTION("field-too-long: text past its max_length, counted in characters")
  {
    CHECK(findings(replace_line(valid, "title:", "title: " + std::string(201, 'a'))) ==
          Lines{k_at + "3:8: error: 'title' is 201 characters long; the limit is 200 [field-too-long]"});
    std::string accents;
    for (int i = 0; i < 200; ++i) {
      accents += "é";
    }
    CHECK(findings(replace_line(valid, "title:", "title: " + accents)) == Lines{});
  }
  SECTION("field-format: a title on two lines")
  {
    auto text = replace_line(valid, "title:", "title: |\n  How Acme\n  Answers");
    CHECK(findings(text) == Lines{k_at + "3:8: error: 'title' must be a single line [field-format]"});
  }
  SECTION("field-format: leading or trailing spaces inside quotes")
  {
    CHECK(findings(replace_line(valid, "title:", "title: \" How Acme\"")) ==
          Lines{k_at + "3:8: error: 'title' has leading or trailing spaces inside its value [field-format]"});
  }
  SECTION("field-format: a date that does not exist or is not YYYY-MM-DD")
  {
    CHECK(findings(replace_line(valid, "created_at:", "created_at: 2024-02-30")) ==
          Lines{k_at + "8:13: error: 'created_at' must be a date written YYYY-MM-DD, not '2024-02-30' [field-format]"});
    CHECK(findings(replace_line(valid, "created_at:", "created_at: 2023-02-29")) ==
          Lines{k_at + "8:13: error: 'created_at' must be a date written YYYY-MM-DD, not '2023-02-29' [field-format]"});
    CHECK(findings(replace_line(valid, "created_at:", "created_at: 2024-5-2")) ==
          Lines{k_at + "8:13: error: 'created_at' must be a date written YYYY-MM-DD, not '2024-5-2' [field-format]"});
    CHECK(findings(replace_line(valid, "created_at:", "created_at: 2024-02-29")) == Lines{});
    CHECK(findings(replace_line(valid, "created_at:", "created_at: \"2024-05-02\"")) == Lines{});
  }
  SECTION("field-enum: a status that is not draft or published")
  {
    CHECK(findings(replace_line(valid, "status:", "status: done")) ==
          Lines{k_at + "7:9: error: 'status' must be one of: draft, published (not 'done') [field-enum]"});
    CHECK(findings(replace_line(valid, "status:", "status: Published")) ==
          Lines{k_at + "7:9: error: 'status' must be one of: draft, published (not 'Published') [field-enum]"});
  }
  SECTION("schema-version: a version this database does not use")
  {
    CHECK(findings(replace_line(valid, "schema_version:", "schema_version: 2")) ==
          Lines{k_at + "1:17: error: schema_version 2 is not the version this database uses (1) [schema-version]"});
  }
  SECTION("id-format: an id that is not a lowercase slug, with the slug it could be")
  {
    auto report = check_text(replace_line(valid, "id:", "id: Acme_Support Bot"));
    CHECK(render_rule(report.diagnostics, "id-format") ==
          Lines{k_at + "2:5: error: id 'Acme_Support Bot' must be lowercase ASCII letters and digits in words joined "
                       "by single '-' (like 'acme-support-bot') [id-format]"});
  }
  SECTION("id-format: an id past 80 characters")
  {
    std::string id(81, 'a');
    auto lines = render_all(check_text(replace_line(valid, "id:", "id: " + id), "cases/" + id + ".yaml").diagnostics);
    CHECK(lines == Lines{"cases/" + id + ".yaml:2:5: error: id is 81 characters long; the limit is 80 [id-format]"});
  }
  SECTION("id-mismatch: an id that differs from the file name")
  {
    CHECK(findings(replace_line(valid, "id:", "id: acme-helpdesk-bot")) ==
          Lines{k_at + "2:5: error: id 'acme-helpdesk-bot' does not match the file name 'acme-support-bot.yaml'; "
                       "rename the file to 'acme-helpdesk-bot.yaml' or change the id [id-mismatch]"});
  }
  SECTION("url-invalid: a source_url that is not http(s)")
  {
    CHECK(findings(replace_line(valid, "source_url:", "source_url: htp://example.com/post")) ==
          Lines{k_at + "9:13: error: source_url 'htp://example.com/post' does not use http or https [url-invalid]"});
    CHECK(findings(replace_line(valid, "source_url:", "source_url: https://exa mple.com/space")) ==
          Lines{k_at + "9:13: error: source_url 'https://exa mple.com/space' contains a space (encode it as %20) "
                       "[url-invalid]"});
  }
  SECTION("url-invalid: one bad entry of sources")
  {
    auto text = replace_line(valid, "tags:", "sources:\n  - https://ok.example.com/a\n  - www.example.com/b\ntags:");
    CHECK(findings(text) == Lines{k_at + "12:5: error: sources 'www.example.com/b' is not an absolute URL (it must "
                                         "start with https:// or http://) [url-invalid]"});
  }
  SECTION("year-range: before limits.year_min or after next year")
  {
    CHECK(findings(replace_line(valid, "year:", "year: 1989")) ==
          Lines{k_at + "6:7: error: year 1989 is outside 1990..2026 [year-range]"});
    CHECK(findings(replace_line(valid, "year:", "year: 2027")) ==
          Lines{k_at + "6:7: error: year 2027 is outside 1990..2026 [year-range]"});
    CHECK(findings(replace_line(valid, "year:", "year: 2026")) == Lines{});
    CHECK(findings(replace_line(valid, "year:", "year: 1990")) == Lines{});
    CHECK(findings(remove_line(valid, "year:")) == Lines{}); // unknown years are left out
  }
  SECTION("summary-missing: as info, at the start of the case")
  {
    CHECK(findings(remove_line(valid, "summary:")) ==
          Lines{k_at + "1:1: info: the case has no summary yet; add a short 'summary:' in your own words (see "
                       "CONTRIBUTING.md) [summary-missing]"});
  }
  SECTION("tags-too-many: more tags than limits.max_tags_per_case")
  {
    std::string many = "  application: [chatbot";
    for (int i = 1; i < 201; ++i) {
      many += ", chatbot";
    }
    auto report = check_text(replace_line(valid, "  application:", many + "]"));
    CHECK(render_all(report.diagnostics) ==
          Lines{k_at + "11:3: error: 202 tags; the limit is 200 (limits.max_tags_per_case): keep the ones that "
                       "describe the case [tags-too-many]"});
  }
}

TEST_CASE("a plain null or ~ title is reported as needing quotes, like yes and 123")
{
  const std::string valid = valid_case();
  CHECK(
    findings(replace_line(valid, "title:", "title: null")) ==
    Lines{k_at + "3:8: error: 'title' is read as null, not text; put it in double quotes (\"null\") or write text [field-type]"});
  CHECK(findings(replace_line(valid, "title:", "title: ~")) ==
        Lines{k_at + "3:8: error: 'title' is read as null, not text; put it in double quotes (\"~\") or write text [field-type]"});
}

TEST_CASE("an empty value is reported on its own line, not on the next one")
{
  const std::string valid = valid_case();
  CHECK(findings(replace_line(valid, "company:", "company:")) ==
        Lines{k_at + "4:9: error: 'company' is empty; write text [field-empty]"});
}

TEST_CASE("a second YAML document is reported at its '---' line")
{
  const std::string valid = valid_case();
  const std::string message =
    "error: a second YAML document starts here; a case file holds exactly one [yaml-syntax]";
  CHECK(findings(valid + "---\nid: other\n") == Lines{k_at + "14:1: " + message});
  CHECK(findings(valid + "---\n") == Lines{k_at + "14:1: " + message});
}

TEST_CASE("a custom YAML tag is named as it was written")
{
  const std::string valid = valid_case();
  CHECK(findings(replace_line(valid, "title:", "title: !custom How Acme")) ==
        Lines{k_at + "3:8: error: YAML tags (!custom) are not allowed in case files; remove it [yaml-anchor]"});
  CHECK(findings(replace_line(valid, "title:", "title: !!str 123")) ==
        Lines{k_at + "3:8: error: YAML tags (!!str) are not allowed in case files; remove it [yaml-anchor]"});
}

TEST_CASE("an alias is reported as yaml-anchor even when its anchor is missing")
{
  auto text = replace_line(valid_case(), "company:", "company: *acme");
  CHECK(findings(text) ==
        Lines{k_at + "4:10: error: aliases (*name) are not allowed in case files, and this one names no anchor; write the value out [yaml-anchor]"});
}

TEST_CASE("a malformed id is not also told to rename the file after it")
{
  // Renaming the file to 'Acme_Bot.yaml' would only add a file-name error: the advice is to
  // change the id to the file's name.
  auto report = check_text(replace_line(valid_case(), "id:", "id: Acme_Bot"));
  CHECK(render_rule(report.diagnostics, "id-mismatch") ==
        Lines{"cases/acme-support-bot.yaml:2:5: error: id 'Acme_Bot' does not match the file name "
              "'acme-support-bot.yaml'; change the id to 'acme-support-bot' [id-mismatch]"});
}

// An unclosed quote is reported where it opens; an unclosed flow list is reported where the
// parser gave up (the next key), not at its '['.
TEST_CASE("an unclosed flow list is reported where it opens")
{
  auto text = replace_line(valid_case(), "  technique:", "  technique: [rag, evals");
  auto lines = findings(text);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith(k_at + "12:14: error: ") && Catch::EndsWith("[yaml-syntax]"));
}

TEST_CASE("an unclosed quote is reported where it opens")
{
  auto text = replace_line(valid_case(), "title:", "title: \"How Acme Answers");
  auto lines = findings(text);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith(k_at + "3:8: error: ") && Catch::EndsWith("[yaml-syntax]"));
}
