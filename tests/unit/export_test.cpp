// Tests for libcore/src/export*.cpp: each writer's exact output on small cases, hostile text
// included (markup, formula prefixes, SQL quotes, control characters, odd Unicode), the order of
// the rows, and how a target path is replaced.
#include "test_support.hpp"

#include "llmops/case_index.hpp"
#include "llmops/error.hpp"
#include "llmops/export.hpp"
#include "llmops/export_writers.hpp"
#include "llmops/query.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

using namespace llmops;
using namespace llmops::test;

namespace {

const Project& project()
{
  static const Project p = Project::open(data_dir() / "export");
  return p;
}

Located<std::string> text(std::string value)
{
  Located<std::string> out;
  out.value = std::move(value);
  out.present = true;
  return out;
}

Case make_case(const std::string& id, const std::string& created_at)
{
  Case c;
  c.path = "cases/" + id + ".yaml";
  c.schema_version.value = 1;
  c.schema_version.present = true;
  c.id = text(id);
  c.title = text("Title of " + id);
  c.company = text("Acme");
  c.industry = text("tech");
  c.year.value = 2025;
  c.year.present = true;
  c.status = text("published");
  c.created_at = text(created_at);
  c.source_url = text("https://example.com/" + id);
  c.tags = {{"technique", "rag", {}}, {"application", "chatbot", {}}};
  c.tags_listed = true;
  c.parsed = true;
  return c;
}

// A case whose every text is an attack on some output format.
Case hostile_case()
{
  Case c = make_case("hostile", "2025-02-03");
  c.title = text("<script>alert(1)</script> \"a\" & 'b' | [x](javascript:y) `c` # d\x01\r\n\xEF\xBF\xBE");
  c.company = text("=HYPERLINK(\"http://evil\") \u202Eevil\u202C");
  c.source_url = text("javascript:alert(1)");
  c.summary = text("'); DROP TABLE cases; -- ]]> \U0001F600");
  c.notes = text("-2+3\tx");
  c.sources = {text("https://a.example/?q=1&r=<2>")};
  c.year.present = false;
  c.industry.present = false;
  return c;
}

std::vector<std::size_t> all_rows(const CaseIndex& index)
{
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < index.size(); ++i) {
    rows.push_back(i);
  }
  return rows;
}

template <typename Writer> std::string written(const CaseIndex& index, Writer writer)
{
  std::ostringstream out;
  writer(out, index, all_rows(index));
  return out.str();
}

} // namespace

TEST_CASE("a full JSON record holds every field in a fixed order, tags in family order")
{
  Case c = make_case("acme-bot", "2025-01-02");
  c.notes = text("line one\nline two");
  c.not_duplicate_of = {text("acme-bot-2")};
  const CaseIndex index = CaseIndex::from_cases({c});
  const std::string json = written(index, [](std::ostream& out, const CaseIndex& i, std::span<const std::size_t> r) {
    write_records_json(out, i, r, project().vocabulary, ExportProfile::full);
  });
  CHECK(json == "[\n"
                "{\"id\":\"acme-bot\",\"path\":\"cases/acme-bot.yaml\",\"schema_version\":1,\"title\":\"Title of "
                "acme-bot\",\"company\":\"Acme\",\"industry\":\"tech\",\"year\":2025,\"status\":\"published\","
                "\"created_at\":\"2025-01-02\",\"source_url\":\"https://example.com/acme-bot\",\"sources\":[],"
                "\"tags\":{\"application\":[\"chatbot\"],\"technique\":[\"rag\"]},\"summary\":null,\"notes\":\"line "
                "one\\nline two\",\"not_duplicate_of\":[\"acme-bot-2\"]}\n"
                "]\n");
}

TEST_CASE("an empty export is an empty JSON array, and empty JSON Lines")
{
  const CaseIndex index = CaseIndex::from_cases({});
  std::ostringstream json;
  std::ostringstream jsonl;
  write_records_json(json, index, {}, project().vocabulary, ExportProfile::full);
  write_records_jsonl(jsonl, index, {}, project().vocabulary, ExportProfile::full);
  CHECK(json.str() == "[\n]\n");
  CHECK(jsonl.str().empty());
}

TEST_CASE("an hf record has the dataset's columns, tags joined by commas, practice tags as extra tags")
{
  Case c = make_case("acme-bot", "2025-01-02");
  c.tags = {{"technique", "rag", {}},
            {"technique", "evals", {}},
            {"tool", "openai", {}},
            {"practice", "monitoring", {}},
            {"application", "chatbot", {}}};
  c.summary = text("Short.");
  c.notes = text("Long.");
  const CaseIndex index = CaseIndex::from_cases({c});
  const std::string jsonl = written(index, [](std::ostream& out, const CaseIndex& i, std::span<const std::size_t> r) {
    write_records_jsonl(out, i, r, project().vocabulary, ExportProfile::hf);
  });
  CHECK(jsonl == "{\"created_at\":\"2025-01-02\",\"title\":\"Title of acme-bot\",\"industry\":\"tech\",\"year\":2025,"
                 "\"source_url\":\"https://example.com/acme-bot\",\"company\":\"Acme\",\"application_tags\":"
                 "\"chatbot\",\"tools_tags\":\"openai\",\"extra_tags\":\"monitoring\",\"techniques_tags\":"
                 "\"rag,evals\",\"short_summary\":\"Short.\",\"full_summary\":\"Long.\"}\n");
}

TEST_CASE("JSON escapes markup, quotes and control characters and keeps other Unicode as it is")
{
  const CaseIndex index = CaseIndex::from_cases({hostile_case()});
  const std::string jsonl = written(index, [](std::ostream& out, const CaseIndex& i, std::span<const std::size_t> r) {
    write_records_jsonl(out, i, r, project().vocabulary, ExportProfile::hf);
  });
  CHECK(jsonl == "{\"created_at\":\"2025-02-03\",\"title\":\"<script>alert(1)</script> \\\"a\\\" & 'b' | "
                 "[x](javascript:y) `c` # d\\u0001\\r\\n\xEF\xBF\xBE\",\"industry\":null,\"year\":null,"
                 "\"source_url\":\"javascript:alert(1)\",\"company\":\"=HYPERLINK(\\\"http://evil\\\") "
                 "\u202Eevil\u202C\",\"application_tags\":\"chatbot\",\"tools_tags\":\"\",\"extra_tags\":\"\","
                 "\"techniques_tags\":\"rag\",\"short_summary\":\"'); DROP TABLE cases; -- ]]> \U0001F600\","
                 "\"full_summary\":\"-2+3\\tx\"}\n");
}

TEST_CASE("a CSV cell that would start a formula gets an apostrophe, and quoting follows RFC 4180")
{
  CHECK(csv_export_cell("plain") == "plain");
  CHECK(csv_export_cell("") == "");
  CHECK(csv_export_cell("=1+2") == "'=1+2");
  CHECK(csv_export_cell("+1") == "'+1");
  CHECK(csv_export_cell("-1") == "'-1");
  CHECK(csv_export_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_export_cell("\tx") == "'\tx");
  CHECK(csv_export_cell("\rx") == "\"'\rx\"");
  CHECK(csv_export_cell("a,b") == "\"a,b\"");
  CHECK(csv_export_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_export_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_export_cell("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  CHECK(csv_export_cell("a=b") == "a=b");
}

TEST_CASE("the full CSV has a column per tag family and one CRLF-ended row per case")
{
  const CaseIndex index = CaseIndex::from_cases({hostile_case()});
  const std::string csv = written(index, [](std::ostream& out, const CaseIndex& i, std::span<const std::size_t> r) {
    write_records_csv(out, i, r, project().vocabulary, ExportProfile::full);
  });
  CHECK(csv == "id,path,title,company,industry,year,status,created_at,source_url,sources,application,technique,tool,"
               "practice,summary,notes,not_duplicate_of\r\n"
               "hostile,cases/hostile.yaml,\"<script>alert(1)</script> \"\"a\"\" & 'b' | [x](javascript:y) `c` # "
               "d\x01\r\n\xEF\xBF\xBE\",\"'=HYPERLINK(\"\"http://evil\"\") \u202Eevil\u202C\",,,published,"
               "2025-02-03,javascript:alert(1),https://a.example/?q=1&r=<2>,chatbot,rag,,,'); DROP TABLE cases; -- "
               "]]> \U0001F600,'-2+3\tx,\r\n");
}

TEST_CASE("the hf CSV has the dataset's header")
{
  const CaseIndex index = CaseIndex::from_cases({make_case("acme-bot", "2025-01-02")});
  const std::string csv = written(index, [](std::ostream& out, const CaseIndex& i, std::span<const std::size_t> r) {
    write_records_csv(out, i, r, project().vocabulary, ExportProfile::hf);
  });
  CHECK(csv == "created_at,title,industry,year,source_url,company,application_tags,tools_tags,extra_tags,"
               "techniques_tags,short_summary,full_summary\r\n"
               "2025-01-02,Title of acme-bot,tech,2025,https://example.com/acme-bot,Acme,chatbot,,,rag,,\r\n");
}

TEST_CASE("the Atom feed escapes markup, replaces characters XML cannot hold and links only to http(s)")
{
  const CaseIndex index = CaseIndex::from_cases({make_case("acme-bot", "2025-01-02"), hostile_case()});
  const Query all = parse_query("", project().vocabulary, project().schema);
  std::ostringstream out;
  write_atom_feed(out, index, export_rows(index, all, ExportFormat::atom, 0), project().vocabulary);
  const std::string feed = out.str();
  CHECK(feed == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                "  <id>urn:llmops:cases</id>\n"
                "  <title type=\"text\">LLM production case studies: newest entries</title>\n"
                "  <updated>2025-02-03T00:00:00Z</updated>\n"
                "  <author><name>llmops</name></author>\n"
                "  <generator>llmops export</generator>\n"
                "  <entry>\n"
                "    <id>urn:llmops:case:hostile</id>\n"
                "    <title type=\"text\">&lt;script&gt;alert(1)&lt;/script&gt; &quot;a&quot; &amp; &apos;b&apos; | "
                "[x](javascript:y) `c` # d\xEF\xBF\xBD&#13;\n\xEF\xBF\xBD</title>\n"
                "    <published>2025-02-03T00:00:00Z</published>\n"
                "    <updated>2025-02-03T00:00:00Z</updated>\n"
                "    <author><name>=HYPERLINK(&quot;http://evil&quot;) \u202Eevil\u202C</name></author>\n"
                "    <category term=\"chatbot\" scheme=\"urn:llmops:tag:application\"/>\n"
                "    <category term=\"rag\" scheme=\"urn:llmops:tag:technique\"/>\n"
                "    <summary type=\"text\">&apos;); DROP TABLE cases; -- ]]&gt; \U0001F600</summary>\n"
                "  </entry>\n"
                "  <entry>\n"
                "    <id>urn:llmops:case:acme-bot</id>\n"
                "    <title type=\"text\">Title of acme-bot</title>\n"
                "    <link rel=\"alternate\" href=\"https://example.com/acme-bot\"/>\n"
                "    <published>2025-01-02T00:00:00Z</published>\n"
                "    <updated>2025-01-02T00:00:00Z</updated>\n"
                "    <author><name>Acme</name></author>\n"
                "    <category term=\"chatbot\" scheme=\"urn:llmops:tag:application\"/>\n"
                "    <category term=\"rag\" scheme=\"urn:llmops:tag:technique\"/>\n"
                "  </entry>\n"
                "</feed>\n");
}

TEST_CASE("export rows go by id, and the feed by newest creation date, leaving out undated cases")
{
  Case undated = make_case("a-undated", "2025-13-01");
  const CaseIndex index = CaseIndex::from_cases(
    {make_case("c-old", "2024-05-01"), make_case("b-new", "2025-05-01"), undated, make_case("d-new", "2025-05-01")});
  const Query all = parse_query("", project().vocabulary, project().schema);
  auto ids = [&](const std::vector<std::size_t>& rows) {
    std::vector<std::string> out;
    for (std::size_t row : rows) {
      out.push_back(index.at(row).id.value);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  CHECK(ids(export_rows(index, all, ExportFormat::json, 0)) == Ids{"a-undated", "b-new", "c-old", "d-new"});
  CHECK(ids(export_rows(index, all, ExportFormat::csv, 2)) == Ids{"a-undated", "b-new"});
  CHECK(ids(export_rows(index, all, ExportFormat::atom, 0)) == Ids{"b-new", "d-new", "c-old"});
  CHECK(ids(export_rows(index, all, ExportFormat::atom, 1)) == Ids{"b-new"});
  const Query old = parse_query("created<2025", project().vocabulary, project().schema);
  CHECK(ids(export_rows(index, old, ExportFormat::jsonl, 0)) == Ids{"c-old"});
}

TEST_CASE("Markdown text is escaped where Markdown would read syntax, on one line")
{
  CHECK(markdown_escape("Plain words, GPT-4o.") == "Plain words, GPT-4o.");
  CHECK(markdown_escape("a | b") == "a \\| b");
  CHECK(markdown_escape("[x](javascript:y)") == "\\[x\\](javascript:y)");
  CHECK(markdown_escape("<script>`c`</script>") == "\\<script\\>\\`c\\`\\</script\\>");
  CHECK(markdown_escape("# h *b* _i_ ~s~ !i &amp; $x$ \\") ==
        "\\# h \\*b\\* \\_i\\_ \\~s\\~ \\!i \\&amp; \\$x\\$ \\\\");
  CHECK(markdown_escape("two\nlines\r\tand\x01") == "two lines  and\xEF\xBF\xBD");
}

TEST_CASE("the Markdown export has an index by industry and family and a page per tag")
{
  Case second = make_case("b-bot", "2025-01-02");
  second.title = text("Bot | [two]");
  second.industry = text("finance");
  second.tags = {{"technique", "retrieval-augmented-generation", {}}};
  const CaseIndex index = CaseIndex::from_cases({make_case("a-bot", "2025-01-01"), hostile_case(), second});
  const std::vector<ExportFile> pages = build_markdown_pages(index, all_rows(index), project().vocabulary);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].path == "index.md");
  CHECK(pages[1].path == "tags/application/chatbot.md");
  CHECK(pages[2].path == "tags/technique/rag.md");
  const std::string& index_page = pages[0].bytes;
  CHECK(index_page.starts_with("# LLM production case studies\n\n"
                               "3 cases in this export, by industry and by tag. Each tag links to a page listing its "
                               "cases with a link to their source.\n\n"
                               "## By industry\n\n"
                               "| Industry | Cases |\n|---|---:|\n"
                               "| (none) | 1 |\n| Finance | 1 |\n| Tech | 1 |\n\n"
                               "## By tag family\n\n"
                               "<a id=\"application\"></a>\n\n### Application\n\n"));
  CHECK(index_page.find("| [Chatbot](tags/application/chatbot.md) | 2 |\n") != std::string::npos);
  CHECK(index_page.find("| [RAG](tags/technique/rag.md) | 3 |\n") != std::string::npos);
  CHECK(index_page.find("No case in this export carries a tag of this family.\n") != std::string::npos);
  const std::string& rag = pages[2].bytes;
  CHECK(rag.starts_with("# RAG\n\nTag `rag` in the family [Technique](../../index.md#technique), 3 cases.\n\n"));
  CHECK(rag.ends_with("| Case | Company | Industry | Year |\n|---|---|---|---:|\n"
                      "| [Bot \\| \\[two\\]](<https://example.com/b-bot>) | Acme | Finance | 2025 |\n"
                      "| [Title of a-bot](<https://example.com/a-bot>) | Acme | Tech | 2025 |\n"
                      "| \\<script\\>alert(1)\\</script\\> \"a\" \\& 'b' \\| \\[x\\](javascript:y) \\`c\\` \\# "
                      "d\xEF\xBF\xBD  \xEF\xBF\xBE | =HYPERLINK(\"http://evil\") \u202Eevil\u202C | (none) |  |\n"));
}

TEST_CASE("the SQLite export holds every case through bound values, and FTS5 finds their words")
{
  TempDir dir;
  const CaseIndex index = CaseIndex::from_cases({make_case("acme-bot", "2025-01-02"), hostile_case()});
  const std::vector<std::size_t> rows = all_rows(index);
  write_sqlite_database(dir.path() / "a.db", index, rows, project().vocabulary, 1);
  write_sqlite_database(dir.path() / "b.db", index, rows, project().vocabulary, 1);
  CHECK(read_file(dir.path() / "a.db") == read_file(dir.path() / "b.db"));

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((dir.path() / "a.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto column = [&](const char* sql) {
    std::vector<std::string> out;
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(statement, 0);
      out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "NULL");
    }
    sqlite3_finalize(statement);
    return out;
  };
  using Rows = std::vector<std::string>;
  CHECK(column("PRAGMA user_version") == Rows{"1"});
  CHECK(column("SELECT number || ' ' || id FROM cases ORDER BY number") == Rows{"1 acme-bot", "2 hostile"});
  CHECK(column("SELECT company FROM cases WHERE id = 'hostile'") ==
        Rows{"=HYPERLINK(\"http://evil\") \u202Eevil\u202C"});
  CHECK(column("SELECT summary FROM cases WHERE id = 'hostile'") == Rows{"'); DROP TABLE cases; -- ]]> \U0001F600"});
  CHECK(column("SELECT sources FROM cases WHERE id = 'hostile'") == Rows{"[\"https://a.example/?q=1&r=<2>\"]"});
  CHECK(column("SELECT coalesce(year, 'NULL') FROM cases ORDER BY number") == Rows{"2025", "NULL"});
  CHECK(column("SELECT case_id || ' ' || family || ' ' || tag || ' ' || canonical FROM case_tags ORDER BY 1") ==
        Rows{"acme-bot application chatbot chatbot", "acme-bot technique rag rag",
             "hostile application chatbot chatbot", "hostile technique rag rag"});
  CHECK(column("SELECT rowid FROM cases_fts WHERE cases_fts MATCH '\"drop table\"'") == Rows{"2"});
  CHECK(column("SELECT rowid FROM cases_fts WHERE cases_fts MATCH 'hyperlink OR billing' ORDER BY rowid") == Rows{"2"});
  CHECK(column("SELECT count(*) FROM tags") == Rows{std::to_string(project().vocabulary.tags().size())});
  sqlite3_close(db);
}

TEST_CASE("an export replaces a target of its kind only, and leaves no temporary behind")
{
  TempDir dir;
  const CaseIndex index = CaseIndex::from_cases({make_case("acme-bot", "2025-01-02")});
  const std::vector<std::size_t> rows = all_rows(index);
  ExportOptions json;
  ExportOptions sqlite;
  sqlite.format = ExportFormat::sqlite;
  ExportOptions markdown;
  markdown.format = ExportFormat::markdown;
  auto names = [&] {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      out.push_back(entry.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using Names = std::vector<std::string>;

  write_file(dir.path() / "cases.json", "old");
  write_file(dir.path() / ".cases.json.export.tmp-abcdef", "left by a killed export");
  export_to_path(dir.path() / "cases.json", project(), index, rows, json);
  CHECK(read_file(dir.path() / "cases.json").starts_with("[\n{\"id\":\"acme-bot\""));
  CHECK(names() == Names{"cases.json"});

  write_file(dir.path() / "notes.txt", "mine");
  CHECK_THROWS_WITH(export_to_path(dir.path() / "notes.txt", project(), index, rows, sqlite),
                    Catch::Matchers::EndsWith("notes.txt exists and is not an SQLite database; it is left alone"));
  CHECK(read_file(dir.path() / "notes.txt") == "mine");
  export_to_path(dir.path() / "cases.db", project(), index, rows, sqlite);
  export_to_path(dir.path() / "cases.db", project(), index, rows, sqlite);

  write_file(dir.path() / "mine" / "page.md", "mine");
  CHECK_THROWS_WITH(export_to_path(dir.path() / "mine", project(), index, rows, markdown),
                    Catch::Matchers::Contains("is a folder that a markdown export did not write"));
  CHECK(read_file(dir.path() / "mine" / "page.md") == "mine");
  export_to_path(dir.path() / "site/", project(), index, rows, markdown);
  write_file(dir.path() / "site" / "stale.md", "from before");
  export_to_path(dir.path() / "site", project(), index, rows, markdown);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "site" / "stale.md"));
  CHECK(std::filesystem::exists(dir.path() / "site" / "tags" / "technique" / "rag.md"));
  CHECK(names() == Names{"cases.db", "cases.json", "mine", "notes.txt", "site"});
  CHECK_THROWS_WITH(export_to_path(dir.path() / "site", project(), index, rows, json),
                    Catch::Matchers::EndsWith("site is a folder; this format writes a file: give a file path"));
}

TEST_CASE("a source URL that tries to break out of an attribute or a link stays inside it")
{
  Case c = make_case("breakout", "2025-01-02");
  c.source_url = text("https://x.example/?q=\"><script>a</script>'|`)");
  const CaseIndex index = CaseIndex::from_cases({c});
  std::ostringstream feed;
  write_atom_feed(feed, index, all_rows(index), project().vocabulary);
  CHECK(feed.str().find("    <link rel=\"alternate\" href=\"https://x.example/?q=&quot;&gt;&lt;script&gt;a&lt;/"
                        "script&gt;&apos;|`)\"/>\n") != std::string::npos);
  const std::vector<ExportFile> pages = build_markdown_pages(index, all_rows(index), project().vocabulary);
  REQUIRE(pages.size() == 3);
  CHECK(pages[2].bytes.ends_with(
    "| [Title of breakout](<https://x.example/?q=\"%3E%3Cscript%3Ea%3C/script%3E'%7C%60)>) | Acme | Tech | 2025 |\n"));
}
