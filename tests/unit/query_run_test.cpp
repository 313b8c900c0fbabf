// Tests for libcore/src/query_eval.cpp, query_sort.cpp and facets.cpp: every result is checked
// against a brute-force evaluation that filters the fixture's Case values directly, including
// random combinations of terms under AND, OR and NOT.
#include "test_support.hpp"

#include "llmops/case_index.hpp"
#include "llmops/case_reader.hpp"
#include "llmops/facets.hpp"
#include "llmops/query.hpp"
#include "llmops/text.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <set>

using namespace llmops;
using namespace llmops::test;

namespace {

const Project& project()
{
  static const Project p = Project::open(data_dir() / "query");
  return p;
}

// The fixture's cases, read file by file with the case reader, not through the index.
const std::vector<Case>& fixture_cases()
{
  static const std::vector<Case> cases = [] {
    std::vector<Case> out;
    const Project& p = project();
    CheckContext context{p.config, p.schema, p.vocabulary, 2026, true};
    DiskStore store(p.config.root);
    for (const StoreEntry& entry : store.list("cases")) {
      FileReport report = check_case_file(entry.path, store.read(entry.path, 1 << 20).bytes, context);
      if (report.facts.parsed) {
        out.push_back(std::move(report.facts));
      }
    }
    return out;
  }();
  return cases;
}

const CaseIndex& fixture_index()
{
  static const CaseIndex index = CaseIndex::from_cases(fixture_cases());
  return index;
}

using Predicate = std::function<bool(const Case&)>;

std::string canonical_tag(const std::string& written)
{
  return std::string(project().vocabulary.lookup_tag(written).canonical);
}

bool has_tag(const Case& c, const std::string& canonical, const std::string& family = "")
{
  return std::any_of(c.tags.begin(), c.tags.end(), [&](const TagRef& t) {
    return (family.empty() || t.family == family) && canonical_tag(t.slug) == canonical;
  });
}

std::string industry_of(const Case& c)
{
  const Industry* industry = project().vocabulary.lookup_industry(c.industry.value);
  return industry ? industry->slug : c.industry.value;
}

// True when the folded text of `value` contains `needle` as whole words (a naive scan).
bool contains_words(const std::string& value, const std::string& needle)
{
  std::string hay = " ";
  for (char ch : text::fold(value)) {
    hay += std::isalnum(static_cast<unsigned char>(ch)) ? ch : ' ';
  }
  hay += ' ';
  std::string squeezed;
  for (char ch : hay) {
    if (!(ch == ' ' && !squeezed.empty() && squeezed.back() == ' ')) {
      squeezed += ch;
    }
  }
  return squeezed.find(" " + needle + " ") != std::string::npos;
}

bool any_text(const Case& c, const std::string& needle)
{
  return contains_words(c.title.value, needle) || contains_words(c.company.value, needle) ||
         contains_words(c.summary.value, needle) || contains_words(c.notes.value, needle);
}

// Atoms: an expression and the same condition written directly over a Case.
const std::vector<std::pair<std::string, Predicate>>& atoms()
{
  static const std::vector<std::pair<std::string, Predicate>> list = {
    {"tag:rag", [](const Case& c) { return has_tag(c, "rag"); }},
    {"tag:evaluation", [](const Case& c) { return has_tag(c, "evals"); }},
    {"tag:scaling", [](const Case& c) { return has_tag(c, "scalability"); }},
    {"technique:rag", [](const Case& c) { return has_tag(c, "rag", "technique"); }},
    {"tool:openai", [](const Case& c) { return has_tag(c, "openai", "tool"); }},
    {"tag:aws,gcp", [](const Case& c) { return has_tag(c, "aws") || has_tag(c, "gcp"); }},
    {"industry:finance", [](const Case& c) { return industry_of(c) == "finance"; }},
    {"industry:media", [](const Case& c) { return industry_of(c) == "media-entertainment"; }},
    {"industry:telco,insurance",
     [](const Case& c) { return industry_of(c) == "telecommunications" || industry_of(c) == "insurance"; }},
    {"year>=2024", [](const Case& c) { return c.year.present && c.year.value >= 2024; }},
    {"year:2023..2024", [](const Case& c) { return c.year.present && c.year.value >= 2023 && c.year.value <= 2024; }},
    {"year<2022", [](const Case& c) { return c.year.present && c.year.value < 2022; }},
    {"missing:year", [](const Case& c) { return !c.year.present; }},
    {"status:draft", [](const Case& c) { return c.status.value == "draft"; }},
    {"has:summary", [](const Case& c) { return c.summary.present; }},
    {"has:notes", [](const Case& c) { return c.notes.present; }},
    {"missing:practice",
     [](const Case& c) {
       return std::none_of(c.tags.begin(), c.tags.end(), [](const TagRef& t) { return t.family == "practice"; });
     }},
    {"has:sources", [](const Case& c) { return !c.sources.empty(); }},
    {"url:youtube",
     [](const Case& c) {
       bool found = c.source_url.value.find("youtube") != std::string::npos;
       for (const auto& s : c.sources) {
         found = found || s.value.find("youtube") != std::string::npos;
       }
       return found;
     }},
    {"id:wayne-*", [](const Case& c) { return c.id.value.starts_with("wayne-"); }},
    {"created>=2025", [](const Case& c) { return c.created_at.present && c.created_at.value >= "2025"; }},
    {"created:2024-11", [](const Case& c) { return c.created_at.value.starts_with("2024-11"); }},
    {"company:mercado", [](const Case& c) { return contains_words(c.company.value, "mercado"); }},
    {"company:\"Société Générale\"", [](const Case& c) { return contains_words(c.company.value, "societe generale"); }},
    {"title:assistant", [](const Case& c) { return contains_words(c.title.value, "assistant"); }},
    {"evaluation", [](const Case& c) { return any_text(c, "evaluation"); }},
    {"\"customer support\"", [](const Case& c) { return any_text(c, "customer support"); }},
    {"gpt-4o", [](const Case& c) { return any_text(c, "gpt 4o"); }},
    {"zurich", [](const Case& c) { return any_text(c, "zurich"); }},
  };
  return list;
}

// The ids `query` matches, in path order.
std::set<std::string> run_ids(const std::string& expression)
{
  Query query = parse_query(expression, project().vocabulary, project().schema);
  std::set<std::string> ids;
  for (const Match& m : run_query(query, fixture_index()).matches) {
    ids.insert(fixture_index().at(m.index).id.value);
  }
  return ids;
}

std::set<std::string> brute_ids(const Predicate& predicate)
{
  std::set<std::string> ids;
  for (const Case& c : fixture_cases()) {
    if (predicate(c)) {
      ids.insert(c.id.value);
    }
  }
  return ids;
}

// A random expression over the atoms, with the predicate it means.
std::pair<std::string, Predicate> random_expression(std::mt19937& rng, int depth)
{
  std::uniform_int_distribution<int> pick(0, depth > 0 ? 4 : 1);
  const auto& list = atoms();
  std::uniform_int_distribution<std::size_t> atom(0, list.size() - 1);
  switch (pick(rng)) {
  case 0:
  case 1:
    return list[atom(rng)];
  case 2: {
    auto inner = random_expression(rng, depth - 1);
    return {"-(" + inner.first + ")", [p = inner.second](const Case& c) { return !p(c); }};
  }
  case 3: {
    auto a = random_expression(rng, depth - 1);
    auto b = random_expression(rng, depth - 1);
    return {"(" + a.first + " " + b.first + ")", [p = a.second, q = b.second](const Case& c) { return p(c) && q(c); }};
  }
  default: {
    auto a = random_expression(rng, depth - 1);
    auto b = random_expression(rng, depth - 1);
    return {"(" + a.first + " OR " + b.first + ")",
            [p = a.second, q = b.second](const Case& c) { return p(c) || q(c); }};
  }
  }
}

} // namespace

TEST_CASE("the fixture holds the cases the query tests rely on")
{
  CHECK(fixture_cases().size() == 19);
  CHECK(brute_ids([](const Case& c) { return has_tag(c, "rag"); }).size() == 7);
}

TEST_CASE("each kind of term matches exactly the cases a direct filter finds")
{
  for (const auto& [expression, predicate] : atoms()) {
    INFO(expression);
    CHECK(run_ids(expression) == brute_ids(predicate));
  }
}

TEST_CASE("random combinations under AND, OR and NOT match what a direct filter finds")
{
  std::mt19937 rng(20260101);
  for (int i = 0; i < 300; ++i) {
    auto [expression, predicate] = random_expression(rng, 3);
    INFO(expression);
    REQUIRE(run_ids(expression) == brute_ids(predicate));
  }
}

TEST_CASE("an empty query matches every case, newest year first, then by title")
{
  Query query = parse_query("", project().vocabulary, project().schema);
  QueryResult result = run_query(query, fixture_index());
  REQUIRE(result.total == 19);
  CHECK_FALSE(result.ranked);
  for (std::size_t i = 1; i < result.matches.size(); ++i) {
    const Case& a = fixture_index().at(result.matches[i - 1].index);
    const Case& b = fixture_index().at(result.matches[i].index);
    INFO(a.id.value << " before " << b.id.value);
    if (a.year.present && b.year.present && a.year.value == b.year.value) {
      CHECK(text::fold(a.title.value) <= text::fold(b.title.value));
    } else {
      CHECK((!b.year.present || (a.year.present && a.year.value > b.year.value)));
    }
  }
}

TEST_CASE("free text ranks a title hit above the same word deep in the notes")
{
  Query query = parse_query("evaluation", project().vocabulary, project().schema);
  QueryResult result = run_query(query, fixture_index());
  REQUIRE(result.ranked);
  REQUIRE(result.matches.size() >= 3);
  CHECK(fixture_index().at(result.matches[0].index).id.value == "duolingo-evaluation-at-scale");
  CHECK(fixture_index().at(result.matches[1].index).id.value == "hooli-evaluation-harness");
  for (std::size_t i = 1; i < result.matches.size(); ++i) {
    CHECK(result.matches[i - 1].score >= result.matches[i].score);
    CHECK(result.matches[i].score > 0);
  }
}

TEST_CASE("sorting and a limit order and cut the matches after counting them")
{
  Query query = parse_query("tag:rag", project().vocabulary, project().schema);
  QueryOptions options;
  options.sort = parse_sort_key("company");
  options.limit = 3;
  QueryResult result = run_query(query, fixture_index(), options);
  CHECK(result.total == 7);
  REQUIRE(result.matches.size() == 3);
  std::vector<std::string> companies;
  for (const Match& m : result.matches) {
    companies.push_back(fixture_index().at(m.index).company.value);
  }
  CHECK(companies == std::vector<std::string>{"Condé Nast", "Mercado Libre", "Nubank"});

  SECTION("a case without the sorted value comes last either way")
  {
    Query all = parse_query("", project().vocabulary, project().schema);
    for (const char* key : {"year", "year:desc", "created", "created:desc"}) {
      INFO(key);
      QueryOptions o;
      o.sort = parse_sort_key(key);
      QueryResult r = run_query(all, fixture_index(), o);
      const Case& last = fixture_index().at(r.matches.back().index);
      CHECK((std::string_view(key).starts_with("year") ? !last.year.present : !last.created_at.present));
    }
  }
}

TEST_CASE("facets count canonical industries and tags once per case")
{
  Query query = parse_query("industry:finance", project().vocabulary, project().schema);
  QueryResult result = run_query(query, fixture_index());
  auto facets = compute_facets(fixture_index(), result.matches, project().vocabulary);
  REQUIRE(facets.size() == 7);
  CHECK(facets[0].name == "industry");
  REQUIRE(facets[0].counts.size() == 1);
  CHECK(facets[0].counts[0].value == "finance"); // "banking" is counted as finance
  CHECK(facets[0].counts[0].count == 4);
  CHECK(facets[1].name == "year");
  CHECK(facets[1].counts.front().value == "2025");
  CHECK(facets[4].name == "technique");
  // Ties go by value; nubank writes rag as retrieval-augmented-generation.
  REQUIRE(facets[4].counts.size() >= 2);
  CHECK(facets[4].counts[0].value == "fine-tuning");
  CHECK(facets[4].counts[0].count == 2);
  CHECK(facets[4].counts[1].value == "rag");
  CHECK(facets[4].counts[1].count == 2);

  SECTION("a tag written twice under two spellings counts once")
  {
    Query q = parse_query("id:duolingo-evaluation-at-scale", project().vocabulary, project().schema);
    auto f = compute_facets(fixture_index(), run_query(q, fixture_index()).matches, project().vocabulary);
    auto evals =
      std::find_if(f[4].counts.begin(), f[4].counts.end(), [](const FacetCount& c) { return c.value == "evals"; });
    REQUIRE(evals != f[4].counts.end());
    CHECK(evals->count == 1);
  }
}
