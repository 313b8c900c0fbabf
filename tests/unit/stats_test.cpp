// Tests for libcore/src/stats*.cpp: every figure of the overview, breakdowns, trends, growth and
// co-occurrence against tests/data/stats, whose seven cases were counted by hand (see the comments).
#include "test_support.hpp"

#include "llmops/case_index.hpp"
#include "llmops/error.hpp"
#include "llmops/query.hpp"
#include "llmops/stats.hpp"
#include "llmops/stats_report.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace llmops;
using namespace llmops::test;

namespace {

// acme-planning-agents   Acme         tech        2024  2024-11-20  customer-support agent-based evals langchain
// acme-rag-agents        Acme Inc.    tech        2025  2025-02-10  rag (as an alias) agent-based langchain
// beta-bank-search       Beta Bank    finance     2023  2024-11-21  rag embeddings pinecone monitoring
// delta-health-evals     Delta Health healthcare  2025  2025-05-03  evals monitoring scalability (as 'scaling')
// echo-draft-rag         Echo         finance     -     2025-08-15  rag (a draft)
// foxtrot-fine-tuning    Foxtrot      tech        2021  2025-08-30  fine-tuning evals
// golf-shop-assistant    Golf         e-commerce  2025  (git)       rag evals langchain
const Project& project()
{
  static const Project p = Project::open(data_dir() / "stats");
  return p;
}

const CaseIndex& index()
{
  static const CaseIndex i = [] {
    IndexOptions options;
    options.search_text = true;
    options.use_cache = false; // never write into the source tree
    return CaseIndex::load(project(), DiskStore(project().config.root), options);
  }();
  return i;
}

std::vector<Match> scope(std::string_view expression = "")
{
  return run_query(parse_query(expression, project().vocabulary, project().schema), index()).matches;
}

std::string rows_of(const Breakdown& b)
{
  std::string out;
  for (const BreakdownRow& row : b.rows) {
    out += row.label + "=" + std::to_string(row.count) + " ";
  }
  return out;
}

} // namespace

TEST_CASE("the overview counts cases, companies, industries, years, tags and summaries")
{
  REQUIRE(index().size() == 7);
  const std::vector<Match> all = scope();
  const OverviewStats o = compute_overview(index(), all, project().vocabulary);
  CHECK(o.cases == 7);
  CHECK(o.companies == 6); // Acme and Acme Inc. are one company
  CHECK(o.industries == 4);
  CHECK(o.first_year == 2021);
  CHECK(o.last_year == 2025);
  CHECK(o.without_year == 1);
  CHECK(o.published == 6);
  CHECK(o.drafts == 1);
  CHECK(o.tags_used == 10);
  CHECK(o.tags_mean == Approx(20.0 / 7.0));
  CHECK(o.tags_median == 3.0);
  CHECK(o.tags_max == 4);
  CHECK(o.without_tags == 0);
  CHECK(o.with_summary == 2);
  CHECK(o.summary_words == 9); // "Acme agents plan and call tools." and "Retrieval for agents."
  CHECK(o.with_notes == 0);
}

TEST_CASE("the overview of a scope counts only the cases of the query")
{
  const OverviewStats o = compute_overview(index(), scope("tag:rag"), project().vocabulary);
  CHECK(o.cases == 4);
  CHECK(o.companies == 4);
  CHECK(o.industries == 3);
  CHECK(o.drafts == 1);
  CHECK(o.tags_used == 7); // rag agent-based langchain embeddings pinecone monitoring evals
}

TEST_CASE("a breakdown counts each case once per value with its share")
{
  const std::vector<Match> all = scope();
  SECTION("by industry, most cases first, ties by label")
  {
    const Breakdown b = compute_breakdown(index(), all, "industry", project().vocabulary);
    CHECK(rows_of(b) == "Tech=3 Finance=2 E-commerce=1 Healthcare=1 ");
    CHECK(b.rows[0].key == "tech");
    CHECK(b.rows[0].share == Approx(3.0 / 7.0));
    CHECK_FALSE(b.several);
    CHECK(b.title == "Cases by industry");
  }
  SECTION("by year, oldest first, unknown last")
  {
    const Breakdown b = compute_breakdown(index(), all, "year", project().vocabulary);
    CHECK(rows_of(b) == "2021=1 2023=1 2024=1 2025=3 unknown=1 ");
    CHECK(b.rows.back().key.empty());
  }
  SECTION("by company, spellings of one company together under the most common")
  {
    const Breakdown b = compute_breakdown(index(), all, "company", project().vocabulary);
    CHECK(rows_of(b) == "Acme=2 Beta Bank=1 Delta Health=1 Echo=1 Foxtrot=1 Golf=1 ");
  }
  SECTION("by a tag family, aliases and deprecated slugs counted under the canonical tag")
  {
    const Breakdown b = compute_breakdown(index(), all, "technique", project().vocabulary);
    CHECK(rows_of(b) == "Evaluation=4 RAG=4 Agents=2 Embeddings=1 Fine-Tuning=1 ");
    CHECK(b.several);
    const Breakdown practice = compute_breakdown(index(), all, "practice", project().vocabulary);
    CHECK(rows_of(practice) == "Monitoring=2 Scalability=1 ");
  }
  SECTION("by status and by every tag")
  {
    CHECK(rows_of(compute_breakdown(index(), all, "status", project().vocabulary)) == "published=6 draft=1 ");
    const Breakdown tags = compute_breakdown(index(), all, "tag", project().vocabulary);
    CHECK(tags.values == 10);
    CHECK(tags.rows[0].label == "Evaluation");
    CHECK(tags.rows[2].label == "LangChain");
  }
  SECTION("--top keeps the values with most cases")
  {
    const Breakdown b = compute_breakdown(index(), all, "year", project().vocabulary, 1);
    CHECK(rows_of(b) == "2025=3 ");
    CHECK(b.values == 5);
  }
  SECTION("an unknown field names the known ones")
  {
    CHECK_THROWS_WITH(compute_breakdown(index(), all, "colour", project().vocabulary),
                      "--by: unknown field 'colour'; expected one of industry, year, company, status, tag, "
                      "application, technique, tool, practice");
  }
}

TEST_CASE("the publication trend lists every year from the first to the last")
{
  const Trend t = publication_trend(index(), scope());
  REQUIRE(t.points.size() == 5);
  CHECK(t.points[0].period == "2021");
  CHECK(t.points[1].period == "2022");
  CHECK(t.points[1].count == 0);
  CHECK(t.points[4].count == 3);
  CHECK(t.undated == 1);
}

TEST_CASE("the curation trend counts per quarter from the dates given, empty quarters included")
{
  CurationDates dates;
  dates.dates = {"2024-11-20", "2025-02-10", "2024-11-21", "2025-05-03", "2025-08-15", "2025-08-30", ""};
  const Trend t = curation_trend(index(), scope(), dates);
  std::string got;
  for (const TrendPoint& p : t.points) {
    got += p.period + "=" + std::to_string(p.count) + " ";
  }
  CHECK(got == "2024-Q4=2 2025-Q1=1 2025-Q2=1 2025-Q3=2 ");
  CHECK(t.undated == 1);
  CHECK(quarter_of("2025-12-31") == "2025-Q4");
  CHECK(quarter_of("2025-01-01") == "2025-Q1");
}

TEST_CASE("curation dates come from created_at without running git when every case has one")
{
  // tests/data/stats is not a git repository: with --no-git the case without created_at is undated.
  CurationOptions options;
  options.use_git = false;
  options.today = "2026-01-01";
  const CurationDates dates = curation_dates(index(), project().config, options);
  CHECK(dates.counts[static_cast<int>(DateSource::created_at)] == 6);
  CHECK(dates.counts[static_cast<int>(DateSource::none)] == 1);
  CHECK(dates.dates[6].empty());
  CHECK_FALSE(dates.history_read);
}

TEST_CASE("what was added since a point counts new cases and the tags that grew")
{
  std::vector<bool> is_new(index().size(), false);
  is_new[4] = true; // echo-draft-rag: rag
  is_new[6] = true; // golf-shop-assistant: rag evals langchain
  const SinceStats s = since_stats(index(), scope(), is_new, project().vocabulary, "2025-08-01");
  CHECK(s.added.size() == 2);
  REQUIRE(s.tags.size() == 3);
  CHECK(s.tags[0].tag == "rag");
  CHECK(s.tags[0].added == 2);
  CHECK(s.tags[0].before == 2);
  CHECK(s.tags[0].growth == Approx(1.0));
  CHECK(s.tags[1].tag == "langchain"); // +1 on 2 grows faster than evals' +1 on 3
  CHECK(s.tags[1].growth == Approx(0.5));
  CHECK(s.tags[2].tag == "evals");
  CHECK(s.tags[2].growth == Approx(1.0 / 3.0));
}

TEST_CASE("co-occurrence with a tag gives count, support and lift")
{
  const Cooccurrence c = cooccurring_with(index(), scope(), "retrieval-augmented-generation", project().vocabulary);
  CHECK(c.tag == "rag");
  CHECK(c.tag_count == 4);
  std::string got;
  for (const CooccurringPair& p : c.pairs) {
    got += p.b + ":" + std::to_string(p.count) + " ";
  }
  CHECK(got == "langchain:2 embeddings:1 pinecone:1 agent-based:1 monitoring:1 evals:1 ");
  CHECK(c.pairs[0].lift == Approx(2.0 * 7 / (4 * 3)));
  CHECK(c.pairs[0].support == Approx(2.0 / 7));
  CHECK(c.pairs[1].lift == Approx(1.75));
  CHECK(c.pairs[5].lift == Approx(7.0 / 16));
  REQUIRE(c.matrix_tags.size() == 7);
  CHECK(c.matrix_tags[0] == "rag");
  CHECK(c.matrix[0][0] == 4);
  CHECK(c.matrix[0][1] == 2);
  CHECK(c.matrix[1][1] == 3);
  CHECK_THROWS_WITH(cooccurring_with(index(), scope(), "ragg", project().vocabulary),
                    "--cooccur: unknown tag 'ragg'; did you mean 'rag'?");
}

TEST_CASE("the strongest pairs are those with the highest lift above the minimum support")
{
  const Cooccurrence c = strongest_pairs(index(), scope(), project().vocabulary, 2);
  std::string got;
  for (const CooccurringPair& p : c.pairs) {
    got += p.a + "+" + p.b + ":" + std::to_string(p.count) + " ";
  }
  CHECK(got == "agent-based+langchain:2 evals+langchain:2 langchain+rag:2 ");
  CHECK(c.pairs[0].lift == Approx(7.0 / 3));
  CHECK(strongest_pairs(index(), scope(), project().vocabulary, 3).pairs.empty());
  CHECK(strongest_pairs(index(), scope(), project().vocabulary, 1).pairs.size() == 19);
}

TEST_CASE("a report prints as Markdown with its stamp, as CSV and as JSON")
{
  const Breakdown b = compute_breakdown(index(), scope("tag:rag"), "industry", project().vocabulary);
  const StatReport report = breakdown_report(b);
  Stamp stamp;
  stamp.in_git = true;
  stamp.commit = "1a2b3c4";
  stamp.dirty = true;
  stamp.date = "2026-12-04";
  stamp.query = "tag:rag";
  std::ostringstream md;
  write_report_markdown(md, report, stamp);
  CHECK(md.str() == "## Cases by industry\n\n"
                    "_Figures from the llmops database, commit 1a2b3c4 with uncommitted changes, on 2026-12-04; "
                    "query `tag:rag`._\n\n"
                    "| Industry | Cases | Share |\n|---|---:|---:|\n"
                    "| Finance | 2 | 50.0% |\n"
                    "| E-commerce | 1 | 25.0% |\n"
                    "| Tech | 1 | 25.0% |\n\n"
                    "Share of 4 cases.\n");
  std::ostringstream csv;
  write_report_csv(csv, report);
  CHECK(csv.str() ==
        "value,label,cases,share\nfinance,Finance,2,0.5\ne-commerce,E-commerce,1,0.25\ntech,Tech,1,0.25\n");
  std::ostringstream json;
  write_report_json(json, report, stamp);
  CHECK(json.str().find("\"commit\": \"1a2b3c4\",\n  \"uncommitted_changes\": true") != std::string::npos);
  CHECK(json.str().find("\"label\": \"Finance\",\n          \"cases\": 2,\n          \"share\": 0.5") !=
        std::string::npos);
}

TEST_CASE("the stamp says when the figures do not come from a commit")
{
  Stamp stamp;
  CHECK(stamp.source() == "not in a git repository");
  stamp.in_git = true;
  CHECK(stamp.source() == "no commit yet");
  stamp.commit = "abc1234";
  CHECK(stamp.source() == "commit abc1234");
}
