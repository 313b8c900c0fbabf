// Tests for libcore/src/stats_chart.cpp: the SVG of each kind of chart against a golden file in
// tests/data/stats-svg/ (LLMOPS_UPDATE_GOLDEN=1 rewrites them; look at them before committing),
// and the escaping of every text a chart prints.
#include "test_support.hpp"

#include "llmops/stats_chart.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace llmops;
using namespace llmops::test;

namespace {

void check_golden(const std::string& name, const std::string& svg)
{
  const auto path = data_dir() / "stats-svg" / name;
  if (std::getenv("LLMOPS_UPDATE_GOLDEN") != nullptr) {
    write_file(path, svg);
  }
  CHECK(svg == read_file(path));
}

Stamp stamp()
{
  Stamp s;
  s.in_git = true;
  s.commit = "1a2b3c4";
  s.date = "2026-12-04";
  s.query = "tag:rag year>=2023";
  return s;
}

} // namespace

TEST_CASE("text in a chart is escaped for XML and control characters are dropped")
{
  CHECK(xml_escape("R&D <b>\"q\" it's\x01") == "R&amp;D &lt;b&gt;&quot;q&quot; it&#39;s");
  BarChart chart;
  chart.text.title = "<script>";
  chart.labels = {"a & b"};
  chart.values = {1};
  const std::string svg = bar_chart_svg(chart);
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("&lt;script&gt;") != std::string::npos);
  CHECK(svg.find("a &amp; b") != std::string::npos);
}

TEST_CASE("a breakdown is drawn as horizontal bars with title, stamp, axis labels and values")
{
  Breakdown b;
  b.field = "industry";
  b.title = "Cases by industry";
  b.scope = 40;
  b.rows = {{"tech", "Tech", 20, 0.5}, {"finance", "Finance", 11, 0.275}, {"media", "Media & Entertainment", 9, 0.225}};
  const std::string svg = bar_chart_svg(breakdown_chart(b, stamp()));
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 860 "));
  CHECK(svg.find("Media &amp; Entertainment") != std::string::npos);
  CHECK(svg.find("20 \u00b7 50.0%") != std::string::npos);
  check_golden("bars.svg", svg);
}

TEST_CASE("a trend is drawn as a line with a point and a value per period")
{
  Trend t;
  t.title = "Cases added to the database per quarter";
  t.period = "quarter";
  t.points = {{"2024-Q4", 12}, {"2025-Q1", 30}, {"2025-Q2", 7}, {"2025-Q3", 0}, {"2025-Q4", 41}};
  const std::string svg = line_chart_svg(trend_chart(t, stamp()));
  CHECK(svg.find("<polyline") != std::string::npos);
  CHECK(svg.find("Quarter the case entered the database") != std::string::npos);
  check_golden("line.svg", svg);
}

TEST_CASE("a co-occurrence is drawn as a heatmap with the diagonal apart")
{
  Cooccurrence c;
  c.tag = "rag";
  c.scope = 50;
  c.matrix_tags = {"rag", "embeddings", "vector-search", "evals"};
  c.matrix = {{20, 12, 9, 4}, {12, 15, 6, 2}, {9, 6, 10, 1}, {4, 2, 1, 18}};
  const std::string svg = heatmap_svg(cooccurrence_chart(c, stamp()));
  CHECK(svg.find("Tags that appear with rag") != std::string::npos);
  check_golden("heatmap.svg", svg);
}
