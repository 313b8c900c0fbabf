#pragma once

#include "llmops/stats.hpp"
#include "llmops/stats_report.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// The words around a chart: what it shows, where the figures come from, and its axes.
struct ChartText
{
  std::string title;
  std::string subtitle; // the stamp: query, commit, date
  std::string x_label;
  std::string y_label;
};

// Horizontal bars, one per label, longest first as given.
struct BarChart
{
  ChartText text;
  std::vector<std::string> labels;
  std::vector<double> values;
  std::vector<std::string> value_texts; // printed at the end of each bar ("667 · 50.6%")
};

// One line over evenly spaced periods.
struct LineChart
{
  ChartText text;
  std::vector<std::string> periods;
  std::vector<double> values;
};

// A square matrix of counts between labels; the diagonal is drawn apart (it is not a pair).
struct Heatmap
{
  ChartText text;
  std::vector<std::string> labels;
  std::vector<std::vector<std::size_t>> counts;
};

// `text` with &, <, >, " and ' escaped for XML text and attributes; control characters dropped.
std::string xml_escape(std::string_view text);

// A self-contained SVG document (viewBox, system fonts, no external assets) of the chart.
std::string bar_chart_svg(const BarChart& chart);

// A self-contained SVG document of the line chart, with a point and its value per period.
std::string line_chart_svg(const LineChart& chart);

// A self-contained SVG document of the heatmap, darker for more cases, each cell labelled.
std::string heatmap_svg(const Heatmap& chart);

// The chart of a breakdown (bars), titled and stamped with `stamp`.
BarChart breakdown_chart(const Breakdown& breakdown, const Stamp& stamp);

// The chart of a trend (a line).
LineChart trend_chart(const Trend& trend, const Stamp& stamp);

// The chart of a co-occurrence (a heatmap of its tags).
Heatmap cooccurrence_chart(const Cooccurrence& cooccurrence, const Stamp& stamp);

// The chart of what was added (bars: new cases per tag).
BarChart since_chart(const SinceStats& since, const Stamp& stamp);

// One line saying where the figures of a chart come from: "query `tag:rag` · commit 1a2b3c4 · 2026-12-04".
std::string chart_subtitle(const Stamp& stamp, std::size_t cases);

} // namespace llmops
