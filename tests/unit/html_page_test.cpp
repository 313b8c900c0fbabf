// Tests for libcore/src/html_page.cpp and html_page_data.cpp: the page is one self-contained
// document, its data block holds every case exactly, and hostile values stay inert text. What the
// page's script does with the data is tested in a browser (tests/browser/).
#include "test_support.hpp"

#include "llmops/case_index.hpp"
#include "llmops/html_page.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <numeric>
#include <sstream>

using namespace llmops;
using namespace llmops::test;
using Json = nlohmann::json;

namespace {

const std::string k_data_open = R"(<script type="application/json" id="llmops-data">)";

Located<std::string> text(std::string value)
{
  return {std::move(value), {}, true};
}

Case make_case(const std::string& id, const std::string& title)
{
  Case c;
  c.path = "cases/" + id + ".yaml";
  c.id = text(id);
  c.title = text(title);
  c.company = text("Acme");
  c.industry = text("tech");
  c.year = {2024, {}, true};
  c.status = text("published");
  c.created_at = text("2024-05-02");
  c.source_url = text("https://acme.example.com/" + id);
  c.parsed = true;
  return c;
}

std::vector<std::size_t> all_rows(const CaseIndex& index)
{
  std::vector<std::size_t> rows(index.size());
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

std::string page_of(const CaseIndex& index, const HtmlPageOptions& options = {})
{
  std::ostringstream out;
  const std::vector<std::size_t> rows = all_rows(index);
  write_html_page(out, index, rows, test_project().vocabulary, options);
  return out.str();
}

// The text of the page's JSON data block, as the browser hands it to JSON.parse.
std::string data_block(const std::string& page)
{
  const std::size_t open = page.find(k_data_open);
  REQUIRE(open != std::string::npos);
  const std::size_t start = open + k_data_open.size();
  const std::size_t end = page.find("</script>", start);
  REQUIRE(end != std::string::npos);
  return page.substr(start, end - start);
}

std::size_t occurrences(const std::string& haystack, const std::string& needle)
{
  std::size_t count = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

} // namespace

TEST_CASE("the page is one HTML document that loads nothing from elsewhere")
{
  const CaseIndex index = CaseIndex::from_cases({make_case("acme-bot", "A bot")});
  const std::string page = page_of(index);
  CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK(page.ends_with("</html>\n"));
  CHECK(page.find("{{") == std::string::npos);
  // Nothing that fetches: no external script, style sheet, image, font or frame.
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
  CHECK(page.find("<iframe") == std::string::npos);
  // The policy forbids every request and allows only the page's own script and style, by hash.
  CHECK(page.find("content=\"default-src 'none'; script-src 'sha256-") != std::string::npos);
  CHECK(page.find("'unsafe-inline'") == std::string::npos);
  CHECK(occurrences(page, "<script") == 2);
  CHECK(occurrences(page, "</script>") == 2);
}

TEST_CASE("the title and the generated line are escaped into the head and the heading")
{
  const CaseIndex index = CaseIndex::from_cases({});
  HtmlPageOptions options;
  options.title = "<b>\"Cases\"</b> & 'more'";
  options.generated = "3 cases\x01 from <main>";
  const std::string page = page_of(index, options);
  const std::string escaped = "&lt;b&gt;&quot;Cases&quot;&lt;/b&gt; &amp; &#39;more&#39;";
  CHECK(page.find("<title>" + escaped + "</title>") != std::string::npos);
  CHECK(page.find("<h1>" + escaped + "</h1>") != std::string::npos);
  CHECK(page.find("<p class=\"generated\">3 cases  from &lt;main&gt;</p>") != std::string::npos);

  SECTION("a placeholder in the title is text, not a place to fill")
  {
    HtmlPageOptions tricky;
    tricky.title = "{{data}} {{script}}";
    const std::string tricky_page = page_of(index, tricky);
    CHECK(tricky_page.find("<title>{{data}} {{script}}</title>") != std::string::npos);
    CHECK(occurrences(tricky_page, k_data_open) == 1);
  }

  SECTION("by default the title is the portal's name and the generated line is empty")
  {
    const std::string plain = page_of(index);
    CHECK(plain.find("<title>LLMOps case studies</title>") != std::string::npos);
    CHECK(plain.find("<p class=\"generated\"></p>") != std::string::npos);
  }
}

TEST_CASE("the data block holds each case with its tags and industry resolved through the vocabulary")
{
  Case bot = make_case("acme-bot", "How Acme Answers Tickets");
  bot.industry = text("technology");           // an alias of tech
  bot.tags = {{"application", "chat-bot", {}}, // alias of chatbot
              {"technique", "rag", {}},        // canonical
              {"tool", "amazon-aws", {}},      // deprecated, replaced by aws
              {"application", "chatbot", {}},  // the same tag again
              {"practice", "vibes", {}}};      // unknown: kept as written
  bot.sources = {text("https://www.youtube.com/watch?v=acme")};
  bot.summary = text("Acme answers tickets.");
  bot.notes = text("Talk at a meetup.");
  Case bare;
  bare.path = "cases/bare.yaml";
  bare.title = text("No year, no industry");
  bare.parsed = true;
  const CaseIndex index = CaseIndex::from_cases({bot, bare});

  const Json data = Json::parse(data_block(page_of(index)));
  CHECK(data["families"] == Json::parse(R"([{"slug":"application","label":"Application"},
    {"slug":"technique","label":"Technique"},{"slug":"tool","label":"Tool"},{"slug":"practice","label":"Practice"}])"));
  CHECK(data["tags"] == Json::parse(R"([{"slug":"chatbot","label":"Chatbot","family":0},
    {"slug":"rag","label":"RAG","family":1},{"slug":"aws","label":"AWS","family":2},
    {"slug":"vibes","label":"vibes","family":3}])"));
  CHECK(data["industries"] == Json::parse(R"([{"slug":"tech","label":"Tech"}])"));
  REQUIRE(data["cases"].size() == 2);
  CHECK(data["cases"][0] == Json::parse(R"({"id":"acme-bot","path":"cases/acme-bot.yaml",
    "title":"How Acme Answers Tickets","company":"Acme","industry":0,"year":2024,"status":"published",
    "created":"2024-05-02","url":"https://acme.example.com/acme-bot",
    "sources":["https://www.youtube.com/watch?v=acme"],"tags":[0,1,2,3],"summary":"Acme answers tickets.",
    "notes":"Talk at a meetup."})"));
  CHECK(data["cases"][1] == Json::parse(R"({"path":"cases/bare.yaml","title":"No year, no industry","tags":[]})"));
}

TEST_CASE("the cases go into the page in the order of the rows given, and only those")
{
  const CaseIndex index = CaseIndex::from_cases(
    {make_case("a-first", "First"), make_case("b-second", "Second"), make_case("c-third", "Third")});
  const std::vector<std::size_t> rows = {2, 0};
  std::ostringstream out;
  write_html_page(out, index, rows, test_project().vocabulary, {});
  const Json data = Json::parse(data_block(out.str()));
  REQUIRE(data["cases"].size() == 2);
  CHECK(data["cases"][0]["id"] == "c-third");
  CHECK(data["cases"][1]["id"] == "a-first");
}

TEST_CASE("the same cases give the same bytes")
{
  Case one = make_case("acme-bot", "Bot");
  one.tags = {
    {"technique", "rag", {}}, {"application", "chatbot", {}}, {"practice", "zeta", {}}, {"practice", "alpha", {}}};
  Case two = make_case("globex-search", "Search");
  two.industry = text("finance");
  two.tags = {{"tool", "openai", {}}, {"practice", "alpha", {}}};
  const CaseIndex index = CaseIndex::from_cases({one, two});
  HtmlPageOptions options;
  options.generated = "2 cases";
  const std::string first = page_of(index, options);
  CHECK(first == page_of(index, options));
  CHECK(first == page_of(CaseIndex::from_cases({one, two}), options));
  // Tables go by the vocabulary's order, unknown tags after known ones, by slug.
  const Json data = Json::parse(data_block(first));
  CHECK(data["tags"] == Json::parse(R"([{"slug":"chatbot","label":"Chatbot","family":0},
    {"slug":"rag","label":"RAG","family":1},{"slug":"openai","label":"OpenAI","family":2},
    {"slug":"alpha","label":"alpha","family":3},{"slug":"zeta","label":"zeta","family":3}])"));
  CHECK(data["industries"] == Json::parse(R"([{"slug":"finance","label":"Finance"},{"slug":"tech","label":"Tech"}])"));
}

TEST_CASE("hostile values stay text: nothing in the data can end the data block or run")
{
  const std::string close_script = "</script><script>window.__pwned = 1</script>";
  const std::string attribute_break = "\"'><img src=x onerror=\"window.__pwned=2\">";
  const std::string separators = "line\u2028separator\u2029paragraph";
  const std::string controls = std::string("nul\x01 bell\x07 esc\x1b del\x7f c1\u0085\u009f tab\t");
  const std::string odd = "\u202Eevil\u202C zero\u200Bwidth \uFEFFbom e\u0301 \U0001F600 <!-- <script";
  Case c = make_case("evil", close_script);
  c.company = text(attribute_break);
  c.industry = text("<svg onload=alert(1)>");
  c.summary = text(separators + " " + controls);
  c.notes = text(odd);
  c.source_url = text("javascript:alert(document.domain)");
  c.sources = {text(" JaVaScRiPt:window.__pwned=3"), text("data:text/html,<script>alert(1)</script>")};
  c.tags = {{"practice", "<b>bold</b>", {}}, {"<family>", "x\"y", {}}};
  const CaseIndex index = CaseIndex::from_cases({c});
  const std::string page = page_of(index);
  const std::string block = data_block(page);

  // Only the page's own two scripts: no data value opens or closes one.
  CHECK(occurrences(page, "<script") == 2);
  CHECK(occurrences(page, "</script") == 2);
  // No markup characters, separators or controls are left raw in the block.
  for (const char* raw : {"<", ">", "&", "\u2028", "\u2029", "\x7f", "\u0085", "\u009f", "\x01", "\x1b"}) {
    INFO("raw " << raw);
    CHECK(block.find(raw) == std::string::npos);
  }
  CHECK(block.find(R"(\u003c/script\u003e\u003cscript\u003ewindow.__pwned = 1\u003c/script\u003e)") !=
        std::string::npos);
  CHECK(block.find(R"(line\u2028separator\u2029paragraph)") != std::string::npos);
  CHECK(block.find(R"(del\u007f c1\u0085\u009f)") != std::string::npos);

  // And the block still parses to the values exactly as written.
  const Json data = Json::parse(block);
  const Json& item = data["cases"][0];
  CHECK(item["title"] == close_script);
  CHECK(item["company"] == attribute_break);
  CHECK(item["summary"] == separators + " " + controls);
  CHECK(item["notes"] == odd);
  CHECK(item["url"] == "javascript:alert(document.domain)");
  CHECK(item["sources"][1] == "data:text/html,<script>alert(1)</script>");
  CHECK(data["industries"][0]["label"] == "<svg onload=alert(1)>");
  CHECK(data["tags"][0]["label"] == "<b>bold</b>");
  CHECK(data["families"][1]["slug"] == "<family>");
}

TEST_CASE("invalid UTF-8 in a value becomes U+FFFD instead of breaking the page")
{
  Case c = make_case("broken", "caf\xe9 \xff\xfe");
  const CaseIndex index = CaseIndex::from_cases({c});
  const Json data = Json::parse(data_block(page_of(index)));
  CHECK(data["cases"][0]["title"] == "caf\uFFFD \uFFFD\uFFFD");
}

TEST_CASE("the page's policy allows its script and style by their SHA-256")
{
  const CaseIndex index = CaseIndex::from_cases({make_case("acme-bot", "A bot")});
  const std::string page = page_of(index);
  TempDir dir;
  write_file(dir.path() / "page.html", page);
  // Python's hashlib recomputes both hashes from the page itself.
  const std::string script = R"(
import base64, hashlib, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
policy = re.search(r"script-src 'sha256-([^']+)'; style-src 'sha256-([^']+)'", page)
code = re.findall(r"<script>(.*?)</script>", page, re.S)
style = re.findall(r"<style>(.*?)</style>", page, re.S)
digest = lambda text: base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
ok = policy and len(code) == 1 and len(style) == 1 and policy.group(1) == digest(code[0]) and policy.group(2) == digest(style[0])
sys.exit(0 if ok else 1)
)";
  write_file(dir.path() / "check.py", script);
  const std::string command = std::string("\"") + LLMOPS_PYTHON + "\" \"" + (dir.path() / "check.py").string() +
                              "\" \"" + (dir.path() / "page.html").string() + "\"";
  CHECK(std::system(command.c_str()) == 0);
}
