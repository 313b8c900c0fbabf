// Tests for libcore/src/add.cpp, add_record.cpp and add_tags.cpp: what `llmops add` builds from
// given values, over an in-memory copy of the test database. Hostile titles and companies must
// come back from the written file exactly as given, and the file must lint clean.
#include "test_support.hpp"

#include "llmops/add.hpp"
#include "llmops/error.hpp"
#include "llmops/store.hpp"

#include <catch2/catch.hpp>

using namespace llmops;
using namespace llmops::test;

namespace {

using Fields = std::vector<AddField>;

MemoryStore test_store()
{
  MemoryStore store;
  for (const char* id : {"acme-support-bot", "globex-contract-review", "initech-search-assistant"}) {
    const std::string path = std::string("cases/") + id + ".yaml";
    store.add(path, read_file(data_dir() / "db" / path));
  }
  return store;
}

AddContext test_context(const Store& store)
{
  AddContext context = load_add_context(test_project(), store, false);
  context.current_year = 2025;
  context.today = "2025-06-01";
  return context;
}

Fields basic(std::string title, std::string company)
{
  return {{"title", std::move(title)},
          {"company", std::move(company)},
          {"industry", "tech"},
          {"source_url", "https://example.com/new-case"},
          {"tags", "rag"}};
}

std::vector<std::string> errors_of(const AddDraft& draft)
{
  std::vector<std::string> out;
  for (const Diagnostic& d : draft.findings) {
    if (d.severity == Severity::error) {
      out.push_back(d.message + " [" + d.rule + "]");
    }
  }
  return out;
}

// Hostile values: YAML indicators, type-like words, quotes, non-ASCII and emoji.
const std::vector<std::string> k_hostile = {
  "Agentic AI: Deep Research", "# not a comment", "C# at Scale", "Say \"hi\" to 'bots'", "- dash first",
  "* star first",              "& ampersand",     "!important",  "% percent",           "@handle",
  "`backtick`",                "yes",             "No",          "null",                "~",
  "true",                      "2024",            "1.5",         "0x1F",                "2025-01-01",
  "1:30",                      "ends with colon:", "a #hash",    "key: value",          "[bracket]",
  "{brace}",                   "| pipe",          "> greater",   "? question",          ", comma",
  "Condé Nast",                "Moody’s",         "日本語のタイトル", "Rocket 🚀 Launch",  "back\\slash",
  "'single'",                  "\"double\"",      "O'Reilly",            "=",
};

} // namespace

TEST_CASE("hostile titles and companies are written so that they read back exactly and lint clean")
{
  MemoryStore store = test_store();
  AddContext context = test_context(store);
  for (const std::string& value : k_hostile) {
    for (bool as_title : {true, false}) {
      INFO((as_title ? "title: " : "company: ") << value);
      AddDraft draft = build_case(test_project(), context,
                                  basic(as_title ? value : "A Plain Title", as_title ? "Plainco" : value));
      REQUIRE(errors_of(draft).empty());
      CheckContext check{test_project().config, test_project().schema, test_project().vocabulary, 2025, true};
      FileReport back = check_case_file(draft.path, draft.text, check);
      for (const Diagnostic& d : back.diagnostics) {
        CHECK(d.severity == Severity::info);
      }
      CHECK(back.facts.title.value == (as_title ? value : "A Plain Title"));
      CHECK(back.facts.company.value == (as_title ? "Plainco" : value));
      MemoryStore with = test_store();
      with.add(draft.path, draft.text);
      LintRequest request;
      request.use_cache = false;
      request.current_year = 2025;
      LintReport report = run_lint(test_project(), with, request);
      CHECK(report.summary.errors == 0);
      CHECK(report.summary.warnings == 0);
    }
  }
}

TEST_CASE("a case built from options gets today's date, a derived id and tags in their families")
{
  MemoryStore store = test_store();
  AddContext context = test_context(store);
  Fields fields = basic("Routing Claims", "Hooli");
  fields.push_back({"tags", "technique:embeddings, chat-bot"});
  fields.push_back({"year", "2024"});
  AddDraft draft = build_case(test_project(), context, fields);
  REQUIRE(errors_of(draft).empty());
  CHECK(draft.path == "cases/hooli-routing-claims.yaml");
  CHECK(draft.record.created_at == "2025-06-01");
  CHECK(draft.record.status == "draft");
  REQUIRE(draft.record.tags.size() == 2);
  CHECK(draft.record.tags[0].family == "application");
  CHECK(draft.record.tags[0].tags == std::vector<std::string>{"chatbot"});
  CHECK(draft.record.tags[1].tags == std::vector<std::string>{"embeddings", "rag"});
}

TEST_CASE("a tag given with the wrong family, an unknown tag and a missing title are errors")
{
  MemoryStore store = test_store();
  AddContext context = test_context(store);
  Fields fields = basic("", "Hooli");
  fields.push_back({"tags", "tool:rag"});
  fields.push_back({"tags", "retreival"});
  const auto errors = errors_of(build_case(test_project(), context, fields));
  REQUIRE(errors.size() >= 2);
  CHECK(errors[0] == "tag 'rag' belongs to family 'technique', not 'tool' [tag-family]");
  CHECK(errors[1] == "unknown tag 'retreival'; did you mean 'retrieval' (technique)? [tag-unknown]");
  fields.erase(fields.end() - 2, fields.end());
  const auto missing = errors_of(build_case(test_project(), context, fields));
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].find("missing required field 'title'") != std::string::npos);
}

TEST_CASE("an id already taken gets the year, and a given id that is taken is an error")
{
  MemoryStore store = test_store();
  AddContext context = test_context(store);
  Fields fields = basic("Support Bot", "Acme");
  fields.push_back({"year", "2024"});
  CHECK(build_case(test_project(), context, fields).record.id == "acme-support-bot-2024");
  fields.push_back({"id", "acme-support-bot"});
  CHECK(errors_of(build_case(test_project(), context, fields)) ==
        std::vector<std::string>{"a case with id 'acme-support-bot' exists already (cases/acme-support-bot.yaml) "
                                 "[duplicate-id]"});
}

TEST_CASE("similar cases: the same normalised URL, or the same company with a similar title")
{
  MemoryStore store = test_store();
  AddContext context = test_context(store);
  CaseRecord record;
  record.title = "Something Else Entirely";
  record.company = "Globex";
  record.source_url = "http://www.acme.example.com/blog/support-bot/?utm_source=x";
  auto similar = find_similar_cases(record, context, test_project().config);
  REQUIRE(similar.size() == 1);
  CHECK(similar[0].path == "cases/acme-support-bot.yaml");
  CHECK(similar[0].same_url);

  record.source_url = "https://acme.example.com/another";
  record.company = "ACME Inc.";
  record.title = "How Acme Answers Support Tickets with a Chatbot";
  similar = find_similar_cases(record, context, test_project().config);
  REQUIRE(similar.size() == 1);
  CHECK_FALSE(similar[0].same_url);
  CHECK(similar[0].lint_pairs);

  record.not_duplicate_of = {"acme-support-bot"};
  CHECK(find_similar_cases(record, context, test_project().config).empty());
}

TEST_CASE("a typed tag resolves by alias, letter case or unique prefix; others get a hint")
{
  const Vocabulary& v = test_project().vocabulary;
  const TagUsage usage;
  CHECK(resolve_tag(v, "chat-bot", usage, true).canonical == "chatbot");
  CHECK(resolve_tag(v, "RAG", usage, false).canonical == "rag");
  CHECK(resolve_tag(v, "amazon-aws", usage, false).canonical == "aws");
  TagChoice prefix = resolve_tag(v, "summ", usage, true);
  CHECK(prefix.canonical == "summarization");
  CHECK(prefix.how == "prefix");
  CHECK(resolve_tag(v, "summ", usage, false).canonical.empty());
  TagChoice ambiguous = resolve_tag(v, "re", usage, true);
  CHECK(tag_problem(v, "re", ambiguous) == "tag 're' is the start of several tags: reranking, retrieval");
  TagChoice unknown = resolve_tag(v, "retreival", usage, true);
  CHECK(tag_problem(v, "retreival", unknown) == "unknown tag 'retreival'; did you mean 'retrieval' (technique)?");
}

TEST_CASE("tags are suggested from words of the title and summary, never those already chosen")
{
  const Vocabulary& v = test_project().vocabulary;
  CHECK(suggest_tags_for(v, "A Chatbot with RAG on Pinecone", "") == std::vector<std::string>{"chatbot", "rag", "pinecone"});
  CHECK(suggest_tags_for(v, "A Chatbot with RAG", "", {"rag"}) == std::vector<std::string>{"chatbot"});
  CHECK(suggest_tags_for(v, "Ragtime", "").empty());
}

TEST_CASE("a record is read from JSON or YAML, a tag map included, and builds the same case")
{
  MemoryStore store = test_store();
  AddContext context = test_context(store);
  AddRecordInput json = read_add_record(R"({"title": "yes", "company": "Hooli", "industry": "fintech", "year": 2024,
    "source_url": "https://hooli.example.com/x", "tags": ["rag", "chatbot"], "draft": false, "summary": null})");
  AddRecordInput yaml = read_add_record("title: \"yes\"\ncompany: Hooli\nindustry: fintech\nyear: 2024\n"
                                        "source_url: https://hooli.example.com/x\nstatus: published\n"
                                        "tags:\n  application: [chatbot]\n  technique: [rag]\nsummary:\n");
  CHECK(json.findings.empty());
  CHECK(yaml.findings.empty());
  AddDraft a = build_case(test_project(), context, json.fields);
  AddDraft b = build_case(test_project(), context, yaml.fields);
  REQUIRE(errors_of(a).empty());
  CHECK(a.text == b.text);
  CHECK(a.record.industry == "finance");
  CHECK(a.record.status == "published");

  // The written file is itself a record: reading it back gives the same file.
  AddDraft again = build_case(test_project(), context, read_add_record(a.text).fields);
  CHECK(errors_of(again).empty());
  CHECK(again.text == a.text);
  CHECK_THROWS_AS(read_add_record("[1, 2]"), Error);
  CHECK(read_add_record("title: {a: b}").findings.size() == 1);
}
