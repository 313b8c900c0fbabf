// Tests for libcore/src/lint.cpp, cross_rules.cpp and vocabulary_rules.cpp: run_lint over an
// in-memory store, the rules that compare cases, and the rules that judge tags and industries.
#include "test_support.hpp"

#include "llmops/lint.hpp"
#include "llmops/rules.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace llmops;
using namespace llmops::test;

namespace {

using Lines = std::vector<std::string>;
using Files = std::vector<std::pair<std::string, std::string>>;

// A valid case of `company` titled `title`, whose source is `url`, stored as cases/<id>.yaml.
std::pair<std::string, std::string> make_case(const std::string& id, const std::string& company,
                                              const std::string& title, const std::string& url)
{
  std::string text = valid_case(id);
  text = replace_line(text, "company:", "company: " + company);
  text = replace_line(text, "title:", "title: " + title);
  text = replace_line(text, "source_url:", "source_url: " + url);
  return {"cases/" + id + ".yaml", text};
}

// The same case with the line starting with `prefix` replaced by `line`.
std::pair<std::string, std::string> edit(std::pair<std::string, std::string> file, std::string_view prefix,
                                         std::string_view line)
{
  file.second = replace_line(file.second, prefix, line);
  return file;
}

Files three_cases()
{
  return {make_case("acme-bot", "Acme", "Support Tickets Answered by a Bot", "https://acme.example.com/bot"),
          make_case("globex-search", "Globex", "Searching Contracts with Embeddings", "https://globex.example.com/s"),
          make_case("initech-wiki", "Initech", "An Assistant for the Internal Wiki", "https://initech.example.com/w")};
}

// The test project with `edit` applied to a copy of its configuration.
template <typename Edit> Project project_with(Edit edit_config)
{
  Project project = test_project();
  edit_config(project.config);
  return project;
}

} // namespace

TEST_CASE("a clean database lints without findings and is counted")
{
  LintReport report = lint_memory(three_cases());
  CHECK(render_all(report.diagnostics) == Lines{});
  CHECK(report.cases.size() == 3);
  CHECK(report.summary.files == 3);
  CHECK(report.summary.checked == 3);
  CHECK(report.summary.from_cache == 0);
  CHECK(report.summary.errors == 0);
  CHECK(report.summary.warnings == 0);
  CHECK(report.summary.infos == 0);
  CHECK(describe_database(report.cases) ==
        "3 cases from 3 companies in 1 industry, year 2024 (0 without a year), 0 drafts, 3 with a summary");
}

TEST_CASE("findings of several files come sorted by path, line and column, and are counted")
{
  Files files = three_cases();
  files[2] = edit(files[2], "status:", "status: done");
  files[0] = edit(files[0], "  technique:", "  technique: [retrieval-augmented-generation]");
  files[0] = edit(files[0], "company:", "company: Acme ");
  LintReport report = lint_memory(files);
  CHECK(
    render_all(report.diagnostics) ==
    Lines{"cases/acme-bot.yaml:4:14: warning: trailing white space [file-trailing-space]",
          "cases/acme-bot.yaml:12:15: warning: tag 'retrieval-augmented-generation' is an alias of 'rag'; write "
          "'rag' [tag-alias]",
          "cases/initech-wiki.yaml:7:9: error: 'status' must be one of: draft, published (not 'done') [field-enum]"});
  CHECK(report.summary.errors == 1);
  CHECK(report.summary.warnings == 2);
  CHECK(report.summary.fixable == 2);
  REQUIRE(report.diagnostics[1].fix);
  CHECK(*report.diagnostics[1].fix == "replace 'retrieval-augmented-generation' with 'rag'");
  CHECK(report.diagnostics[2].source_line == "status: done");
}

TEST_CASE("entries of the cases folder that are not <id>.yaml files are reported")
{
  Files files = three_cases();
  files.push_back({"cases/README.md", "# notes\n"});
  files.push_back({"cases/old-case.yml", "id: old-case\n"});
  files.push_back({"cases/Bad Name.yaml", valid_case("bad-name")});
  files.push_back({"cases/.gitkeep", ""});
  LintReport report = lint_memory(files);
  CHECK(render_rule(report.diagnostics, "file-name") ==
        Lines{"cases/Bad Name.yaml: error: file name 'Bad Name.yaml' is not a case id; name the file <id>.yaml with a "
              "lowercase id such as 'bad-name.yaml' [file-name]",
              "cases/README.md: error: not a case file; the cases folder holds only <id>.yaml files [file-name]",
              "cases/old-case.yml: error: case files end in .yaml, not .yml; rename it [file-name]"});
  CHECK(report.summary.files == 4); // the .yaml files, the badly named one included
}

TEST_CASE("duplicate-id: two files with one id both hear of the other")
{
  Files files = three_cases();
  files.push_back(
    edit(make_case("acme-bot-2", "Acme", "Another Story", "https://acme.example.com/other"), "id:", "id: acme-bot"));
  LintReport report = lint_memory(files);
  CHECK(render_rule(report.diagnostics, "duplicate-id") ==
        Lines{"cases/acme-bot-2.yaml:2:5: error: id 'acme-bot' is also used by cases/acme-bot.yaml [duplicate-id]",
              "cases/acme-bot.yaml:2:5: error: id 'acme-bot' is also used by cases/acme-bot-2.yaml [duplicate-id]"});
}

TEST_CASE("duplicate-url: one page cited by two cases, after normalisation")
{
  Files files = three_cases();
  files[1] = edit(files[1], "source_url:", "source_url: http://WWW.Acme.example.com/bot/?utm_source=news#top");
  LintReport report = lint_memory(files);
  CHECK(
    render_rule(report.diagnostics, "duplicate-url") ==
    Lines{"cases/acme-bot.yaml:9:13: error: source URL is also used by 'globex-search' (cases/globex-search.yaml:9); "
          "merge the cases, or add 'not_duplicate_of: [globex-search]' if they are different stories "
          "[duplicate-url]",
          "cases/globex-search.yaml:9:13: error: source URL is also used by 'acme-bot' (cases/acme-bot.yaml:9); "
          "merge the cases, or add 'not_duplicate_of: [acme-bot]' if they are different stories [duplicate-url]"});

  SECTION("a URL under sources counts too")
  {
    files[1] = edit(three_cases()[1], "tags:", "sources:\n  - https://youtu.be/talk42\ntags:");
    files[2] = edit(files[2], "source_url:", "source_url: https://www.youtube.com/watch?v=talk42&t=30s");
    auto lines = render_rule(lint_memory(files).diagnostics, "duplicate-url");
    CHECK(lines == Lines{"cases/globex-search.yaml:11:5: error: source URL is also used by 'initech-wiki' "
                         "(cases/initech-wiki.yaml:9); merge the cases, or add 'not_duplicate_of: [initech-wiki]' if "
                         "they are different stories [duplicate-url]",
                         "cases/initech-wiki.yaml:9:13: error: source URL is also used by 'globex-search' "
                         "(cases/globex-search.yaml:11); merge the cases, or add 'not_duplicate_of: [globex-search]' "
                         "if they are different stories [duplicate-url]"});
  }
  SECTION("not_duplicate_of on either side is a deliberate exception")
  {
    files[1].second += "not_duplicate_of: [acme-bot]\n";
    CHECK(render_rule(lint_memory(files).diagnostics, "duplicate-url") == Lines{});
  }
  SECTION("one case citing a page twice is not a duplicate")
  {
    files = three_cases();
    files[0] = edit(files[0], "tags:", "sources:\n  - https://acme.example.com/bot/\ntags:");
    CHECK(render_rule(lint_memory(files).diagnostics, "duplicate-url") == Lines{});
  }
  SECTION("different YouTube videos are different pages")
  {
    files = three_cases();
    files[0] = edit(files[0], "source_url:", "source_url: https://www.youtube.com/watch?v=one");
    files[1] = edit(files[1], "source_url:", "source_url: https://www.youtube.com/watch?v=two");
    CHECK(render_rule(lint_memory(files).diagnostics, "duplicate-url") == Lines{});
  }
}

TEST_CASE("duplicate-title: near-identical titles from one company, unless excepted")
{
  Files files = three_cases();
  files.push_back(
    make_case("acme-bot-again", "Acme", "Support Tickets Answered by a Bot!", "https://acme.example.com/2"));
  LintReport report = lint_memory(files);
  CHECK(render_rule(report.diagnostics, "duplicate-title") ==
        Lines{"cases/acme-bot-again.yaml:3:8: warning: title is 100% like that of 'acme-bot' (cases/acme-bot.yaml) "
              "from the same company; merge the cases, or add 'not_duplicate_of: [acme-bot]' [duplicate-title]",
              "cases/acme-bot.yaml:3:8: warning: title is 100% like that of 'acme-bot-again' "
              "(cases/acme-bot-again.yaml) from the same company; merge the cases, or add 'not_duplicate_of: "
              "[acme-bot-again]' [duplicate-title]"});

  SECTION("the same title from another company is no duplicate")
  {
    files.back() =
      make_case("globex-bot", "Globex", "Support Tickets Answered by a Bot", "https://globex.example.com/2");
    CHECK(render_rule(lint_memory(files).diagnostics, "duplicate-title") == Lines{});
  }
  SECTION("titles below lint.title_similarity are no duplicates")
  {
    files.back() =
      make_case("acme-bot-costs", "Acme", "Support Tickets Answered by a Cheaper Bot", "https://acme.example.com/2");
    // 6 words against 7, 6 in common: 2*6/13 = 92%.
    CHECK(render_rule(lint_memory(files).diagnostics, "duplicate-title").size() == 2);
    Project strict = project_with([](Config& c) { c.title_similarity = 0.95; });
    CHECK(render_rule(lint_memory(files, {}, strict).diagnostics, "duplicate-title") == Lines{});
  }
  SECTION("not_duplicate_of is a deliberate exception")
  {
    files.back().second += "not_duplicate_of: [acme-bot]\n";
    CHECK(render_rule(lint_memory(files).diagnostics, "duplicate-title") == Lines{});
  }
}

TEST_CASE("company-spelling: one company spelled two ways is told the usual spelling")
{
  Files files = {
    make_case("booking-a", "Booking.com", "Ranking Hotels with Embeddings", "https://b.example.com/a"),
    make_case("booking-b", "Booking.com", "A Travel Assistant That Plans Trips", "https://b.example.com/b"),
    make_case("booking-c", "Booking", "Translating Reviews at Scale", "https://b.example.com/c")};
  LintReport report = lint_memory(files);
  CHECK(render_all(report.diagnostics) ==
        Lines{"cases/booking-c.yaml:4:10: warning: company 'Booking' is spelled 'Booking.com' in 2 other cases; use "
              "one spelling [company-spelling]"});

  SECTION("case alone is a different spelling")
  {
    Files ebay = {make_case("ebay-a", "eBay", "Listing Items with Generated Text", "https://e.example.com/a"),
                  make_case("ebay-b", "eBay", "Answering Sellers with a Chatbot", "https://e.example.com/b"),
                  make_case("ebay-c", "ebay", "Moderating Listings", "https://e.example.com/c")};
    CHECK(render_all(lint_memory(ebay).diagnostics) ==
          Lines{"cases/ebay-c.yaml:4:10: warning: company 'ebay' is spelled 'eBay' in 2 other cases; use one "
                "spelling [company-spelling]"});
  }
  SECTION("different companies are left alone")
  {
    Files two = {make_case("meta-a", "Meta", "Ranking Posts", "https://m.example.com/a"),
                 make_case("metal-b", "Metal Inc", "Inspecting Welds", "https://m.example.com/b")};
    CHECK(render_all(lint_memory(two).diagnostics) == Lines{});
  }
}

TEST_CASE("exception-unknown: not_duplicate_of names a case that does not exist, or itself")
{
  Files files = three_cases();
  files[0].second += "not_duplicate_of: [acme-robot, acme-bot, globex-search]\n";
  LintReport report = lint_memory(files);
  CHECK(render_all(report.diagnostics) ==
        Lines{"cases/acme-bot.yaml:14:20: warning: not_duplicate_of names 'acme-robot', which is not a case in this "
              "database [exception-unknown]",
              "cases/acme-bot.yaml:14:32: warning: not_duplicate_of names the case itself [exception-unknown]"});
}

TEST_CASE("with only_paths, per-file findings are reported for those paths, cross-case ones still against all")
{
  Files files = three_cases();
  files[0] = edit(files[0], "status:", "status: done");
  files[1] = edit(files[1], "status:", "status: done");
  files[1] = edit(files[1], "source_url:", "source_url: https://acme.example.com/bot");
  LintRequest request;
  request.paths = {"cases/globex-search.yaml"};
  request.only_paths = true;
  LintReport report = lint_memory(files, request);
  CHECK(render_all(report.diagnostics) ==
        Lines{"cases/globex-search.yaml:7:9: error: 'status' must be one of: draft, published (not 'done') "
              "[field-enum]",
              "cases/globex-search.yaml:9:13: error: source URL is also used by 'acme-bot' (cases/acme-bot.yaml:9); "
              "merge the cases, or add 'not_duplicate_of: [acme-bot]' if they are different stories [duplicate-url]"});
  CHECK(report.summary.files == 3);
  CHECK(report.summary.checked == 1);
  CHECK(report.cases.size() == 3); // the facts of every case, for the cross-case rules
}

TEST_CASE("a requested path outside the cases folder is linted too")
{
  Files files = three_cases();
  files.push_back({"drafts/acme-bot-draft.yaml", valid_case("acme-bot-draft")});
  LintRequest request;
  request.paths = {"drafts/acme-bot-draft.yaml"};
  request.only_paths = true;
  LintReport report = lint_memory(files, request);
  CHECK(report.summary.checked == 1);
  CHECK(render_all(report.diagnostics) == Lines{});
}

TEST_CASE("configured severities are applied, and rules set to off are dropped")
{
  Files files = three_cases();
  files[0] = edit(files[0], "  technique:", "  technique: [retrieval-augmented-generation]");
  files[1].second = remove_line(files[1].second, "summary:");
  Project project = project_with([](Config& c) {
    c.severities["tag-alias"] = Severity::error;
    c.severities["summary-missing"] = Severity::off;
  });
  LintReport report = lint_memory(files, {}, project);
  CHECK(render_all(report.diagnostics) ==
        Lines{"cases/acme-bot.yaml:12:15: error: tag 'retrieval-augmented-generation' is an alias of 'rag'; write "
              "'rag' [tag-alias]"});
  CHECK(report.summary.errors == 1);
  CHECK(report.summary.infos == 0);
}

TEST_CASE("vocabulary rules judge each tag and the industry of a case")
{
  Files files = three_cases();
  auto lint_tags = [&](std::string_view line) {
    Files changed = files;
    changed[0] = edit(changed[0], "  technique:", line);
    return render_all(lint_memory(changed).diagnostics);
  };
  const std::string at = "cases/acme-bot.yaml:12:";

  SECTION("tag-unknown, with the nearest tag and its family")
  {
    CHECK(lint_tags("  technique: [retreival]") ==
          Lines{at + "15: error: unknown tag 'retreival' in family 'technique'; did you mean 'retrieval' (technique)? "
                     "[tag-unknown]"});
  }
  SECTION("tag-unknown, naming another family when that is where the nearest tag lives")
  {
    CHECK(lint_tags("  technique: [langchian]") ==
          Lines{at + "15: error: unknown tag 'langchian' in family 'technique'; did you mean 'langchain' (tool)? "
                     "[tag-unknown]"});
  }
  SECTION("tag-unknown, without a suggestion when nothing is near")
  {
    CHECK(lint_tags("  technique: [quantum-annealing]") ==
          Lines{at + "15: error: unknown tag 'quantum-annealing' in family 'technique' [tag-unknown]"});
  }
  SECTION("tag-alias, fixable")
  {
    CHECK(
      lint_tags("  technique: [retrieval-augmented-generation]") ==
      Lines{at + "15: warning: tag 'retrieval-augmented-generation' is an alias of 'rag'; write 'rag' [tag-alias]"});
  }
  SECTION("tag-deprecated, naming the replacement")
  {
    CHECK(lint_tags("  technique: [rag]\n  tool: [amazon-aws]") ==
          Lines{"cases/acme-bot.yaml:13:10: warning: tag 'amazon-aws' is deprecated; it is replaced by 'aws' "
                "[tag-deprecated]"});
  }
  SECTION("tag-deprecated, without a replacement")
  {
    CHECK(lint_tags("  technique: [rag]\n  tool: [gpt-3]") ==
          Lines{"cases/acme-bot.yaml:13:10: warning: tag 'gpt-3' is deprecated and has no replacement; remove it "
                "[tag-deprecated]"});
  }
  SECTION("tag-family: a tag listed under another family")
  {
    CHECK(lint_tags("  technique: [rag, openai]") ==
          Lines{at + "20: error: tag 'openai' belongs to family 'tool', not 'technique'; move it to 'tool' "
                     "[tag-family]"});
  }
  SECTION("tag-family-unknown: reported once, at the family's first tag")
  {
    CHECK(lint_tags("  techniqes: [rag, evals]") ==
          Lines{at + "15: error: unknown tag family 'techniqes'; did you mean 'technique'? the families are: "
                     "application, technique, tool, practice [tag-family-unknown]"});
  }
  SECTION("tag-duplicate: the same tag twice, or a tag and its alias")
  {
    CHECK(lint_tags("  technique: [rag, evals, rag]") ==
          Lines{at + "27: warning: tag 'rag' is already listed on line 12; remove this one [tag-duplicate]"});
    CHECK(lint_tags("  technique: [rag, retrieval-augmented-generation]") ==
          Lines{at + "20: warning: tag 'retrieval-augmented-generation' is an alias of 'rag'; write 'rag' [tag-alias]",
                at + "20: warning: 'retrieval-augmented-generation' is tag 'rag', already listed as 'rag' on line 12; "
                     "remove this one [tag-duplicate]"});
  }
  SECTION("tags-empty: a tags mapping with no tags in it")
  {
    Files changed = files;
    changed[0].second =
      replace_line(remove_line(remove_line(changed[0].second, "  application:"), "  technique:"), "tags:", "tags: {}");
    CHECK(render_all(lint_memory(changed).diagnostics) ==
          Lines{"cases/acme-bot.yaml:10:7: warning: the case has no tags; add at least one from the vocabulary "
                "[tags-empty]"});
  }
  SECTION("industry-unknown, with a suggestion when one is near")
  {
    Files changed = files;
    changed[0] = edit(changed[0], "industry:", "industry: fintec");
    CHECK(
      render_all(lint_memory(changed).diagnostics) ==
      Lines{"cases/acme-bot.yaml:5:11: error: unknown industry 'fintec'; did you mean 'finance'? [industry-unknown]"});
    changed[0] = edit(changed[0], "industry:", "industry: space-mining");
    CHECK(render_all(lint_memory(changed).diagnostics) ==
          Lines{"cases/acme-bot.yaml:5:11: error: unknown industry 'space-mining'; schema/industries.toml lists them "
                "[industry-unknown]"});
  }
  SECTION("industry-alias, fixable")
  {
    Files changed = files;
    changed[0] = edit(changed[0], "industry:", "industry: technology");
    LintReport report = lint_memory(changed);
    CHECK(render_all(report.diagnostics) ==
          Lines{"cases/acme-bot.yaml:5:11: warning: industry 'technology' is an alias; write 'tech' [industry-alias]"});
    REQUIRE(report.diagnostics.size() == 1);
    CHECK(report.diagnostics[0].fix == std::optional<std::string>("replace 'technology' with 'tech'"));
  }
}

TEST_CASE("tag-unsorted is reported only when lint.sort_tags is on")
{
  Files files = three_cases();
  files[0] = edit(files[0], "  technique:", "  technique: [rag, embeddings, evals]");
  CHECK(render_rule(lint_memory(files).diagnostics, "tag-unsorted") == Lines{});
  Project sorted = project_with([](Config& c) { c.sort_tags = true; });
  CHECK(render_all(lint_memory(files, {}, sorted).diagnostics) ==
        Lines{"cases/acme-bot.yaml:12:20: warning: tags in family 'technique' are not sorted: 'embeddings' comes "
              "before 'rag' [tag-unsorted]"});
}

TEST_CASE("an unknown tag's suggestion breaks ties by how often the database uses each tag")
{
  Project project = test_project();
  project.vocabulary =
    Vocabulary::from({{"tool", "Tool", "", 1, ""}},
                     {{"car", "tool", "Car", "", {}, {}, false, "", ""}, {"cat", "tool", "Cat", "", {}, {}, false, "", ""}},
                     {{"tech", "Tech", "", {}, ""}});
  auto tool_case = [](const std::string& id, const std::string& tags) {
    auto file = make_case(id, "Co " + id, "Title of " + id, "https://example.com/" + id);
    file.second = replace_line(remove_line(file.second, "  technique:"), "  application:", "  tool: " + tags);
    return file;
  };
  const std::string unknown = "cases/b.yaml:11:10: error: unknown tag 'cap' in family 'tool'; did you mean ";

  CHECK(render_all(lint_memory({tool_case("a", "[cat]"), tool_case("b", "[cap]")}, {}, project).diagnostics) ==
        Lines{unknown + "'cat' (tool)? [tag-unknown]"});
  CHECK(render_all(lint_memory({tool_case("a", "[car]"), tool_case("b", "[cap]")}, {}, project).diagnostics) ==
        Lines{unknown + "'car' (tool)? [tag-unknown]"});
  CHECK(render_all(lint_memory({tool_case("a", "[tech-x]"), tool_case("b", "[cap]")}, {}, project).diagnostics)[1] ==
        unknown + "'car' (tool)? [tag-unknown]"); // no usage: by slug
}

TEST_CASE("check_across_cases reports only for the cases asked about")
{
  LintReport full = lint_memory(three_cases());
  std::vector<Case> cases = full.cases;
  cases[1].source_url.value = cases[0].source_url.value;
  std::vector<Diagnostic> out;
  std::set<std::string> only = {"cases/acme-bot.yaml"};
  check_across_cases(cases, test_project().config, &only, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].path == "cases/acme-bot.yaml");
  CHECK(out[0].rule == "duplicate-url");
  out.clear();
  check_across_cases(cases, test_project().config, nullptr, out);
  CHECK(out.size() == 2);
}

// field-missing or field-type already says what is wrong with `tags`; tags-empty then repeats it
// (at 1:1 when the key is absent, which may be a comment line).
TEST_CASE("a case whose tags are missing or not a mapping is not also told it has no tags")
{
  Files files = three_cases();
  std::string no_tags =
    remove_line(remove_line(remove_line(files[0].second, "  application:"), "  technique:"), "tags:");
  files[0].second = no_tags;
  CHECK(render_rule(lint_memory(files).diagnostics, "tags-empty") == Lines{});
  files[0].second = replace_line(remove_line(remove_line(three_cases()[0].second, "  application:"), "  technique:"),
                                 "tags:", "tags: [rag]");
  CHECK(render_rule(lint_memory(files).diagnostics, "tags-empty") == Lines{});
}

TEST_CASE("an empty tags field is reported on its own line, not on the next key")
{
  Files files = three_cases();
  files[0].second = remove_line(remove_line(files[0].second, "  application:"), "  technique:");
  auto lines = render_rule(lint_memory(files).diagnostics, "tags-empty");
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("cases/acme-bot.yaml:10:"));
}

// `llmops lint llmops.toml` reports "the file holds more than one YAML document" at 4:1.
TEST_CASE("a requested file that is not a .yaml case is reported by name, not parsed as a case")
{
  Files files = three_cases();
  files.push_back({"llmops.toml", "[paths]\ncases = \"cases\"\n"});
  files.push_back({"cases/README.md", "# notes\n"});
  LintRequest request;
  request.paths = {"cases/README.md", "llmops.toml"};
  request.only_paths = true;
  LintReport report = lint_memory(files, request);
  std::vector<std::string> rules;
  for (const auto& d : report.diagnostics) {
    rules.push_back(d.rule);
  }
  CHECK(rules == std::vector<std::string>{"file-name", "file-name"});
}
