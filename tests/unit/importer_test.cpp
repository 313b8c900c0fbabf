// Tests for libcore/src/importer.cpp and the input readers behind it: each input format, field
// renaming and conversion, tag resolution, duplicates, validation and idempotence, over an
// in-memory copy of the test database.
#include "test_support.hpp"

#include "llmops/importer.hpp"
#include "llmops/store.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace llmops;
using namespace llmops::test;

namespace {

using Lines = std::vector<std::string>;

// The test database in memory, plus what an import created in it.
struct Scratch
{
  MemoryStore store;
  std::map<std::string, std::string> created;

  Scratch()
  {
    for (const char* id : {"acme-support-bot", "globex-contract-review", "initech-search-assistant"}) {
      const std::string path = std::string("cases/") + id + ".yaml";
      store.add(path, read_file(data_dir() / "db" / path));
    }
  }

  ImportReport run(std::string_view input, std::string_view bytes, ImportOptions options = {})
  {
    options.current_year = 2025;
    return import_cases(test_project(), store, input, bytes, options,
                        [this](const std::string& path, const std::string& text) {
                          if (created.count(path) > 0) {
                            return false;
                          }
                          created[path] = text;
                          store.add(path, text);
                          return true;
                        });
  }
};

// One line per record, as `llmops import` prints them.
Lines outcomes(const ImportReport& report)
{
  std::ostringstream out;
  write_import_text(out, report);
  Lines lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

const std::string k_record = R"({"title": "Routing Claims with a Classifier", "company": "Hooli", "industry": "finance", )"
                             R"("year": 2024, "source_url": "https://hooli.example.com/claims", "tags": ["rag", "chatbot"], )"
                             R"("created_at": "2024-11-21T10:00:00.000Z", "draft": false})";

} // namespace

TEST_CASE("a JSON Lines record becomes a canonical case file that lints clean")
{
  Scratch scratch;
  ImportReport report = scratch.run("new.jsonl", k_record + "\n");
  CHECK(outcomes(report) == Lines{"new.jsonl:1: created cases/hooli-routing-claims-with-a-classifier.yaml"});
  CHECK(import_summary_line(report.summary) == "created 1, skipped as duplicate 0, invalid 0");
  REQUIRE(scratch.created.count("cases/hooli-routing-claims-with-a-classifier.yaml") == 1);
  CHECK(scratch.created.begin()->second == "# yaml-language-server: $schema=../schema/case.schema.json\n"
                                          "schema_version: 1\n"
                                          "id: hooli-routing-claims-with-a-classifier\n"
                                          "title: Routing Claims with a Classifier\n"
                                          "company: Hooli\n"
                                          "industry: finance\n"
                                          "year: 2024\n"
                                          "status: published\n"
                                          "created_at: 2024-11-21\n"
                                          "source_url: https://hooli.example.com/claims\n"
                                          "tags:\n"
                                          "  application: [chatbot]\n"
                                          "  technique: [rag]\n");
  LintReport lint = lint_memory({{"cases/hooli-routing-claims-with-a-classifier.yaml", scratch.created.begin()->second}});
  CHECK(render_all(lint.diagnostics) ==
        Lines{"cases/hooli-routing-claims-with-a-classifier.yaml:2:1: info: the case has no summary yet; add a short "
              "'summary:' in your own words (see CONTRIBUTING.md) [summary-missing]"});
}

TEST_CASE("a second import of the same records creates nothing")
{
  Scratch scratch;
  const std::string input = k_record + "\n" +
                            R"({"title": "Second", "company": "Hooli", "industry": "tech", "source_url": )"
                            R"("https://hooli.example.com/second", "tags": ["evals"]})" "\n";
  CHECK(scratch.run("new.jsonl", input).summary.created == 2);
  ImportReport again = scratch.run("new.jsonl", input);
  CHECK(import_summary_line(again.summary) == "created 0, skipped as duplicate 2, invalid 0");
  CHECK(outcomes(again) ==
        Lines{"new.jsonl:1: skipped: duplicate of cases/hooli-routing-claims-with-a-classifier.yaml (same source URL)",
              "new.jsonl:2: skipped: duplicate of cases/hooli-second.yaml (same source URL)"});
}

TEST_CASE("duplicates of existing cases are skipped: same normalised URL, or same given id")
{
  Scratch scratch;
  SECTION("the URL of an existing case, spelled differently")
  {
    ImportReport report = scratch.run(
      "new.jsonl", R"({"title": "T", "company": "C", "industry": "tech", "source_url": )"
                   R"("http://www.acme.example.com/blog/support-bot/?utm_source=x", "tags": ["rag"]})");
    CHECK(outcomes(report) ==
          Lines{"new.jsonl:1: skipped: duplicate of cases/acme-support-bot.yaml (same source URL)"});
  }
  SECTION("an existing case's further source")
  {
    ImportReport report = scratch.run("new.jsonl", R"({"title": "T", "company": "C", "industry": "tech", "source_url": )"
                                                   R"("https://youtube.com/watch?v=acmeTalk01", "tags": ["rag"]})");
    CHECK(report.records.at(0).outcome == ImportOutcome::duplicate);
  }
  SECTION("a given id that exists")
  {
    ImportReport report = scratch.run("new.jsonl", R"({"id": "acme-support-bot", "title": "T", "company": "C", )"
                                                   R"("industry": "tech", "source_url": "https://new.example.com/", )"
                                                   R"("tags": ["rag"]})");
    CHECK(outcomes(report) == Lines{"new.jsonl:1: skipped: duplicate of cases/acme-support-bot.yaml (same id)"});
  }
  SECTION("not when the record declares itself apart")
  {
    ImportReport report = scratch.run(
      "new.jsonl", R"({"title": "T", "company": "C", "industry": "tech", "source_url": )"
                   R"("https://acme.example.com/blog/support-bot", "tags": ["rag"], "not_duplicate_of": ["acme-support-bot"]})");
    CHECK(report.records.at(0).outcome == ImportOutcome::created);
  }
}

TEST_CASE("records of one input that share a URL are all written, with a warning")
{
  Scratch scratch;
  ImportReport report = scratch.run(
    "new.jsonl", R"({"title": "One", "company": "Hooli", "industry": "tech", "source_url": "https://h.example.com/a", "tags": ["rag"]})"
                 "\n"
                 R"({"title": "Two", "company": "Hooli", "industry": "tech", "source_url": "https://h.example.com/a#top", "tags": ["rag"]})");
  CHECK(outcomes(report) ==
        Lines{"new.jsonl:1: created cases/hooli-one.yaml", "new.jsonl:2: created cases/hooli-two.yaml",
              "new.jsonl:2: warning: source URL is also that of line 1 (cases/hooli-one.yaml); both are written: merge "
              "them, or mark them with not_duplicate_of if they are different stories [duplicate-url]"});
}

TEST_CASE("an invalid record is reported at its line with every reason, and not written")
{
  Scratch scratch;
  const std::string input = k_record + "\n" +
                            R"({"title": "Bad", "company": "Hooli", "industry": "fintech", "year": 1850, )"
                            R"("source_url": "ftp://x", "tags": ["retreival", "rag"], "status": "live"})" "\n"
                            "{not json}\n";
  ImportReport report = scratch.run("new.jsonl", input);
  CHECK(outcomes(report) ==
        Lines{"new.jsonl:1: created cases/hooli-routing-claims-with-a-classifier.yaml",
              "new.jsonl:2: error: unknown tag 'retreival'; did you mean 'retrieval' (technique)? [tag-unknown]",
              "new.jsonl:3: error: invalid JSON: syntax error while parsing object key - invalid literal; last read: "
              "'{no'; expected string literal [input-syntax]"});
  CHECK(import_summary_line(report.summary) == "created 1, skipped as duplicate 0, invalid 2");
  CHECK(scratch.created.size() == 1);

  SECTION("once the tags are readable, the case reader's findings are the reasons")
  {
    ImportReport second = scratch.run("more.jsonl", R"({"title": "Bad", "company": "Hooli", "industry": "fintech", )"
                                                    R"("year": 1850, "source_url": "ftp://x", "tags": ["rag"], )"
                                                    R"("status": "live"})");
    CHECK(outcomes(second) ==
          Lines{"more.jsonl:1: error: year 1850 is outside 1990..2026 [year-range]",
                "more.jsonl:1: error: 'status' must be one of: draft, published (not 'live') [field-enum]",
                "more.jsonl:1: error: source_url 'ftp://x' does not use http or https [url-invalid]"});
  }
}

TEST_CASE("fields are renamed or left out with --map, and unknown fields are errors")
{
  Scratch scratch;
  const std::string input = R"({"name": "Mapped", "org": "Hooli", "industry": "tech", "url": "https://h.example.com/m", )"
                            R"("tags": "rag evals", "slug": "mapped"})";
  ImportReport unmapped = scratch.run("new.jsonl", input);
  CHECK(outcomes(unmapped) == Lines{"new.jsonl:1: error: unknown field 'name'; rename it with --map name=FIELD or leave "
                                   "it out with --map name= [field-unknown]",
                                   "new.jsonl:1: error: unknown field 'org'; rename it with --map org=FIELD or leave it "
                                   "out with --map org= [field-unknown]",
                                   "new.jsonl:1: error: unknown field 'url'; rename it with --map url=FIELD or leave it "
                                   "out with --map url= [field-unknown]",
                                   "new.jsonl:1: error: unknown field 'slug'; rename it with --map slug=FIELD or leave "
                                   "it out with --map slug= [field-unknown]"});
  ImportOptions options;
  const Schema& schema = test_project().schema;
  for (const char* map : {"name=title", "org=company", "url=source_url", "slug="}) {
    options.renames.push_back(parse_field_rename(map, schema));
  }
  ImportReport mapped = scratch.run("new.jsonl", input, options);
  CHECK(outcomes(mapped) == Lines{"new.jsonl:1: created cases/hooli-mapped.yaml"});
  CHECK(scratch.created.at("cases/hooli-mapped.yaml").find("status: draft\n") != std::string::npos);
  CHECK_THROWS_WITH(parse_field_rename("title", schema),
                    "--map 'title': write SOURCE=TARGET (or SOURCE= to leave the field out)");
  CHECK_THROWS_WITH(parse_field_rename("a=titel", schema),
                    Catch::Matchers::StartsWith("--map 'a=titel': 'titel' is not a field of a case"));
}

TEST_CASE("tags are resolved to canonical slugs in their families, sorted, each once")
{
  Scratch scratch;
  ImportReport report = scratch.run(
    "new.jsonl", R"({"title": "Tags", "company": "Hooli", "industry": "tech", "source_url": "https://h.example.com/t", )"
                 R"("tags": ["amazon-aws", "RAG", "chat-bot", "continuous-integration", "rag", "aws", "chatbot"]})");
  CHECK(outcomes(report) == Lines{"new.jsonl:1: created cases/hooli-tags.yaml"});
  CHECK(scratch.created.at("cases/hooli-tags.yaml").find("tags:\n  application: [chatbot]\n  technique: [rag]\n"
                                                         "  tool: [aws]\n  practice: [cicd]\n") != std::string::npos);
}

TEST_CASE("several fields renamed to tags are merged, as the hf columns of an export need")
{
  Scratch scratch;
  ImportOptions options;
  for (const char* map : {"application_tags=tags", "techniques_tags=tags", "tools_tags=tags", "extra_tags=tags"}) {
    options.renames.push_back(parse_field_rename(map, test_project().schema));
  }
  ImportReport report = scratch.run(
    "new.jsonl",
    R"({"title": "Columns", "company": "Hooli", "industry": "tech", "source_url": "https://h.example.com/c", )"
    R"("application_tags": "chatbot", "techniques_tags": "rag,evals", "tools_tags": "", "extra_tags": "cicd"})",
    options);
  CHECK(outcomes(report) == Lines{"new.jsonl:1: created cases/hooli-columns.yaml"});
  CHECK(scratch.created.at("cases/hooli-columns.yaml")
          .find("tags:\n  application: [chatbot]\n  technique: [evals, rag]\n"
                "  practice: [cicd]\n") != std::string::npos);
  ImportReport twice = scratch.run("other.jsonl", R"({"company": "Hooli", "name": "x", "org": "y"})",
                                   ImportOptions{InputFormat::automatic, {{"name", "title"}, {"org", "title"}}, 0});
  CHECK(outcomes(twice).back() ==
        "other.jsonl:1: error: field 'title' is given twice (as 'name' and 'org') [key-duplicate]");
}

TEST_CASE("hostile values are written so that they read back exactly")
{
  Scratch scratch;
  ImportReport report = scratch.run(
    "new.jsonl", R"({"title": "No: \"yes\" # 2024", "company": "- Hooli & Co", "industry": "tech", )"
                 R"("source_url": "https://h.example.com/h", "tags": ["rag"], "summary": "Line one.\nLine two."})");
  REQUIRE(report.summary.created == 1);
  const std::string& text = scratch.created.begin()->second;
  const Project& project = test_project();
  CheckContext context{project.config, project.schema, project.vocabulary, 2025, true};
  FileReport read = check_case_file(scratch.created.begin()->first, text, context);
  CHECK(read.facts.title.value == "No: \"yes\" # 2024");
  CHECK(read.facts.company.value == "- Hooli & Co");
  CHECK(read.facts.summary.value == "Line one.\nLine two.");
}

TEST_CASE("CSV with a header row, quoted cells and line breaks inside quotes")
{
  Scratch scratch;
  const std::string csv = "title,company,industry,year,source_url,tags,summary\r\n"
                          "\"Claims, Routed\",Hooli,finance,2024,https://h.example.com/c,\"rag;chatbot\",\"Two\r\nlines, "
                          "\"\"quoted\"\".\"\r\n"
                          "\r\n"
                          "Second,Hooli,tech,,https://h.example.com/s,evals\r\n"
                          "Short row,Hooli\r\n";
  ImportReport report = scratch.run("new.csv", csv);
  CHECK(outcomes(report) == Lines{"new.csv:2: created cases/hooli-claims-routed.yaml",
                                  "new.csv:5: error: the row has 6 cells; the header has 7 [input-syntax]",
                                  "new.csv:6: error: the row has 2 cells; the header has 7 [input-syntax]"});
  const Project& project = test_project();
  CheckContext context{project.config, project.schema, project.vocabulary, 2025, true};
  FileReport read = check_case_file("cases/hooli-claims-routed.yaml", scratch.created.at("cases/hooli-claims-routed.yaml"),
                                    context);
  CHECK(read.facts.title.value == "Claims, Routed");
  CHECK(read.facts.summary.value == "Two\r\nlines, \"quoted\".");
}

TEST_CASE("a JSON array gives each record the line where its object starts")
{
  Scratch scratch;
  const std::string json = "[\n  {\"title\": \"A\", \"company\": \"Hooli\", \"industry\": \"tech\",\n"
                           "   \"source_url\": \"https://h.example.com/a\", \"tags\": [\"rag\"]},\n"
                           "  {\"title\": \"B\", \"company\": \"Hooli\", \"industry\": \"tech\", \"tags\": [\"rag\"]}\n]\n";
  ImportReport report = scratch.run("new.json", json);
  CHECK(outcomes(report) ==
        Lines{"new.json:2: created cases/hooli-a.yaml",
              "new.json:4: error: missing required field 'source_url' (The http(s) address of the primary public "
              "source: the write-up, paper or recorded talk.) [field-missing]"});
}

TEST_CASE("an input that cannot be read at all is an environment error naming the place")
{
  Scratch scratch;
  CHECK_THROWS_WITH(scratch.run("bad.json", "[\n{\"a\": 1},\n{\"b\": ]\n"),
                    Catch::Matchers::StartsWith("bad.json:3: invalid JSON: syntax error"));
  CHECK_THROWS_WITH(scratch.run("empty.csv", "\n\n"), "empty.csv: the CSV file has no header row naming its columns");
  CHECK_THROWS_WITH(scratch.run("twice.csv", "title,title\nA,B\n"),
                    "twice.csv:1: column 'title' is named twice in the header row");
}

TEST_CASE("a given id is kept; a derived one avoids every taken id")
{
  Scratch scratch;
  const std::string same = R"({"title": "Support Bot", "company": "Acme", "industry": "tech", "year": 2024, "tags": ["rag"], )";
  ImportReport report = scratch.run(
    "new.jsonl", same + R"("source_url": "https://a.example.com/1"})" "\n" + same + R"("source_url": "https://a.example.com/2"})" "\n" +
                   same + R"("source_url": "https://a.example.com/3", "id": "acme-chosen"})");
  CHECK(outcomes(report) == Lines{"new.jsonl:1: created cases/acme-support-bot-2024.yaml",
                                  "new.jsonl:2: created cases/acme-support-bot-2.yaml",
                                  "new.jsonl:3: created cases/acme-chosen.yaml"});
}

TEST_CASE("spaces around one-line values are removed with a warning")
{
  Scratch scratch;
  ImportReport report = scratch.run("new.jsonl", R"({"title": " Padded ", "company": "Hooli ", "industry": "tech", )"
                                                 R"("source_url": "https://h.example.com/p", "tags": ["rag"]})");
  CHECK(outcomes(report) == Lines{"new.jsonl:1: created cases/hooli-padded.yaml",
                                  "new.jsonl:1: warning: the spaces around 'title' were removed [field-format]",
                                  "new.jsonl:1: warning: the spaces around 'company' were removed [field-format]"});
}
