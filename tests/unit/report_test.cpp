// Tests for libcore/src/report.cpp: the text, JSON, SARIF and GitHub printers of one set of findings.
#include "test_support.hpp"

#include "llmops/report.hpp"
#include "llmops/rules.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace llmops;
using namespace llmops::test;

namespace {

Diagnostic finding(std::string path, std::uint32_t line, std::uint32_t column, std::uint32_t span, Severity severity,
                   std::string rule, std::string message, std::string source_line = {},
                   std::optional<std::string> fix = std::nullopt)
{
  Diagnostic d;
  d.path = std::move(path);
  d.position = {line, column};
  d.span = span;
  d.severity = severity;
  d.rule = std::move(rule);
  d.message = std::move(message);
  d.source_line = std::move(source_line);
  d.fix = std::move(fix);
  return d;
}

std::vector<Diagnostic> sample()
{
  return {finding("cases/acme-support-bot.yaml", 12, 7, 9, Severity::error, "tag-unknown",
                  "unknown tag 'retreival' in family 'technique'; did you mean 'retrieval' (technique)?",
                  "    - retreival"),
          finding("cases/acme-support-bot.yaml", 13, 7, 30, Severity::warning, "tag-alias",
                  "tag 'retrieval-augmented-generation' is an alias of 'rag'; write 'rag'",
                  "    - retrieval-augmented-generation", "replace 'retrieval-augmented-generation' with 'rag'"),
          finding("cases/globex.yaml", 0, 0, 1, Severity::error, "file-too-large",
                  "the file is larger than 262144 bytes (limits.max_file_bytes); a case is a short record"),
          finding("cases/initech.yaml", 1, 1, 0, Severity::info, "summary-missing", "the case has no summary yet",
                  "schema_version: 1")};
}

std::string text_of(const std::vector<Diagnostic>& diagnostics, TextStyle style = {})
{
  std::ostringstream out;
  write_text(out, diagnostics, style);
  return out.str();
}

} // namespace

TEST_CASE("text output is one compiler-style line per finding, with the source line and a caret")
{
  CHECK(text_of(sample()) ==
        "cases/acme-support-bot.yaml:12:7: error: unknown tag 'retreival' in family 'technique'; did you mean "
        "'retrieval' (technique)? [tag-unknown]\n"
        " 12 |     - retreival\n"
        "    |       ^~~~~~~~~\n"
        "cases/acme-support-bot.yaml:13:7: warning: tag 'retrieval-augmented-generation' is an alias of 'rag'; write "
        "'rag' [tag-alias]\n"
        " 13 |     - retrieval-augmented-generation\n"
        "    |       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "cases/globex.yaml: error: the file is larger than 262144 bytes (limits.max_file_bytes); a case is a short "
        "record [file-too-large]\n"
        "cases/initech.yaml:1:1: info: the case has no summary yet [summary-missing]\n");
}

TEST_CASE("the caret counts columns in characters and stays on the line")
{
  SECTION("after accented letters")
  {
    auto d = finding("cases/a.yaml", 4, 16, 3, Severity::error, "r", "m", "company: Café Zürich Bot");
    CHECK(text_of({d}) == "cases/a.yaml:4:16: error: m [r]\n"
                          " 4 | company: Café Zürich Bot\n"
                          "   |                ^~~\n");
  }
  SECTION("a span past the end of the line is cut at the end")
  {
    auto d = finding("cases/a.yaml", 2, 5, 50, Severity::error, "r", "m", "id: ab");
    CHECK(text_of({d}) == "cases/a.yaml:2:5: error: m [r]\n"
                          " 2 | id: ab\n"
                          "   |     ^~\n");
  }
  SECTION("a tab in the source line is shown as a space, so the caret lines up")
  {
    auto d = finding("cases/a.yaml", 3, 11, 1, Severity::error, "file-tab", "tab", "title: How\tAcme");
    CHECK(text_of({d}) == "cases/a.yaml:3:11: error: tab [file-tab]\n"
                          " 3 | title: How Acme\n"
                          "   |           ^\n");
  }
  SECTION("without source lines when asked")
  {
    CHECK(text_of({sample()[0]}, TextStyle{false, false}) ==
          "cases/acme-support-bot.yaml:12:7: error: unknown tag 'retreival' in family 'technique'; did you mean "
          "'retrieval' (technique)? [tag-unknown]\n");
  }
}

TEST_CASE("coloured text output wraps the parts in ANSI escapes, and plain output has none")
{
  std::string coloured = text_of({sample()[0]}, TextStyle{true, true});
  CHECK_THAT(coloured, Catch::StartsWith("\x1b[1mcases/acme-support-bot.yaml:12:7:\x1b[0m \x1b[1;31merror:\x1b[0m"));
  CHECK_THAT(coloured, Catch::Contains("\x1b[1;32m^~~~~~~~~\x1b[0m"));
  CHECK(text_of(sample()).find('\x1b') == std::string::npos);
}

TEST_CASE("the summary line counts in words, with plurals")
{
  LintSummary s;
  s.checked = 3;
  s.errors = 1;
  s.warnings = 0;
  s.infos = 2;
  s.fixable = 1;
  CHECK(summary_line(s) == "3 case files checked: 1 error, 0 warnings, 2 infos (1 fixable)");
  s = LintSummary{};
  s.checked = 1;
  s.warnings = 1;
  CHECK(summary_line(s) == "1 case file checked: 0 errors, 1 warning, 0 infos");
}

TEST_CASE("JSON output holds the version, the summary and every finding")
{
  LintReport report;
  report.diagnostics = sample();
  report.summary.files = 3;
  report.summary.checked = 3;
  report.summary.errors = 2;
  report.summary.warnings = 1;
  report.summary.infos = 1;
  report.summary.fixable = 1;
  std::ostringstream out;
  write_json(out, report);
  auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["version"].is_string());
  CHECK(doc["summary"] ==
        nlohmann::json::parse(R"({"files":3,"checked":3,"errors":2,"warnings":1,"infos":1,"fixable":1})"));
  REQUIRE(doc["diagnostics"].size() == 4);
  CHECK(doc["diagnostics"][0] ==
        nlohmann::json::parse(R"({"path":"cases/acme-support-bot.yaml","line":12,"column":7,"severity":"error",
          "rule":"tag-unknown","message":"unknown tag 'retreival' in family 'technique'; did you mean 'retrieval' (technique)?",
          "fix":null})"));
  CHECK(doc["diagnostics"][1]["fix"] == "replace 'retrieval-augmented-generation' with 'rag'");
  CHECK(doc["diagnostics"][2]["line"] == 0);
  CHECK(doc["diagnostics"][3]["severity"] == "info");
  CHECK(out.str().back() == '\n');
}

TEST_CASE("JSON output survives text that is not valid UTF-8")
{
  LintReport report;
  report.diagnostics = {finding("cases/caf\xE9.yaml", 1, 1, 1, Severity::error, "file-name", "bad \xFF name")};
  std::ostringstream out;
  REQUIRE_NOTHROW(write_json(out, report));
  auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["diagnostics"][0]["path"] == "cases/caf\xEF\xBF\xBD.yaml");
}

TEST_CASE("SARIF output is a 2.1.0 log whose tool lists every rule")
{
  std::ostringstream out;
  write_sarif(out, sample());
  auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["version"] == "2.1.0");
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(doc["runs"].size() == 1);
  const auto& run = doc["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "llmops");
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == all_rules().size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    CHECK(rules[i]["id"] == std::string(all_rules()[i].id));
    CHECK(rules[i]["shortDescription"]["text"] == std::string(all_rules()[i].description));
  }
  CHECK(rules[0]["defaultConfiguration"]["level"].is_string());

  const auto& results = run["results"];
  REQUIRE(results.size() == 4);
  const auto& first = results[0];
  CHECK(first["ruleId"] == "tag-unknown");
  CHECK(rules[first["ruleIndex"].get<std::size_t>()]["id"] == "tag-unknown");
  CHECK(first["level"] == "error");
  CHECK(first["message"]["text"] ==
        "unknown tag 'retreival' in family 'technique'; did you mean 'retrieval' (technique)?");
  const auto& location = first["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "cases/acme-support-bot.yaml");
  CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(location["region"] == nlohmann::json::parse(R"({"startLine":12,"startColumn":7,"endColumn":16})"));

  CHECK(results[1]["level"] == "warning");
  CHECK(results[2]["locations"][0]["physicalLocation"]["region"] == nlohmann::json::parse(R"({"startLine":1})"));
  CHECK(results[3]["level"] == "note"); // SARIF has no "info"
}

TEST_CASE("SARIF rule levels use SARIF's words")
{
  std::ostringstream out;
  write_sarif(out, {});
  auto doc = nlohmann::json::parse(out.str());
  for (const auto& rule : doc["runs"][0]["tool"]["driver"]["rules"]) {
    auto level = rule["defaultConfiguration"]["level"].get<std::string>();
    CHECK((level == "error" || level == "warning" || level == "note"));
  }
  CHECK(doc["runs"][0]["results"].empty());
}

TEST_CASE("GitHub output is one workflow command per finding, escaped")
{
  std::ostringstream out;
  write_github(out, sample());
  CHECK(out.str() ==
        "::error file=cases/acme-support-bot.yaml,line=12,col=7,title=tag-unknown::unknown tag 'retreival' in family "
        "'technique'; did you mean 'retrieval' (technique)?\n"
        "::warning file=cases/acme-support-bot.yaml,line=13,col=7,title=tag-alias::tag "
        "'retrieval-augmented-generation' is an alias of 'rag'; write 'rag'\n"
        "::error file=cases/globex.yaml,title=file-too-large::the file is larger than 262144 bytes "
        "(limits.max_file_bytes); a case is a short record\n"
        "::notice file=cases/initech.yaml,line=1,col=1,title=summary-missing::the case has no summary yet\n");

  SECTION("percent signs, line breaks, and in properties ':' and ','")
  {
    std::ostringstream escaped;
    write_github(escaped,
                 {finding("cases/a,b:c%.yaml", 2, 3, 1, Severity::error, "r", "100% wrong:\nsecond line,\r\nthird")});
    CHECK(escaped.str() == "::error file=cases/a%2Cb%3Ac%25.yaml,line=2,col=3,title=r::100%25 wrong:%0Asecond "
                           "line,%0D%0Athird\n");
  }
}
