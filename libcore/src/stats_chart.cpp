#include "llmops/stats_chart.hpp"

#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace llmops {

namespace {

constexpr std::string_view k_fonts =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
constexpr std::string_view k_ink = "#1f2933";
constexpr std::string_view k_muted = "#52606d";
constexpr std::string_view k_grid = "#d9e2ec";
constexpr std::string_view k_accent = "#2f6fb3";

// Approximate width of `text` at `size` px in a proportional sans-serif font.
double text_width(std::string_view text, double size)
{
  return static_cast<double>(text::utf8_length(text)) * size * 0.56;
}

// `text` cut to `max` characters with a final ellipsis.
std::string shorten(std::string_view text, std::size_t max)
{
  if (text::utf8_length(text) <= max) {
    return std::string(text);
  }
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size() && chars < max - 1; ++i) {
    out += text[i];
    if (i + 1 >= text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xC0) != 0x80) {
      ++chars;
    }
  }
  return out + "\u2026";
}

// A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals up to `max`.
double nice_step(double max, int ticks)
{
  if (max <= 0) {
    return 1;
  }
  const double raw = max / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) {
      return std::max(1.0, m * power);
    }
  }
  return std::max(1.0, 10 * power);
}

std::string number(double value)
{
  return std::abs(value - std::round(value)) < 1e-9 ? fmt::format("{}", static_cast<long long>(std::round(value)))
                                                    : fmt::format("{:.1f}", value);
}

std::string open_svg(double width, double height, const ChartText& text)
{
  std::string out = fmt::format(
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0:.0f} {1:.0f}\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
    "font-family=\"{2}\" role=\"img\" aria-labelledby=\"chart-title\">\n",
    width, height, k_fonts);
  out += fmt::format("<title id=\"chart-title\">{}</title>\n", xml_escape(text.title));
  out += fmt::format("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
  out += fmt::format("<text x=\"24\" y=\"36\" font-size=\"22\" font-weight=\"600\" fill=\"{}\">{}</text>\n", k_ink,
                     xml_escape(text.title));
  if (!text.subtitle.empty()) {
    out += fmt::format("<text x=\"24\" y=\"60\" font-size=\"13\" fill=\"{}\">{}</text>\n", k_muted,
                       xml_escape(text.subtitle));
  }
  return out;
}

std::string plural_cases(std::size_t n)
{
  return fmt::format("{} case{}", n, n == 1 ? "" : "s");
}

} // namespace

std::string xml_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
        out += c;
      }
    }
  }
  return out;
}

std::string bar_chart_svg(const BarChart& chart)
{
  constexpr double k_width = 860;
  constexpr double k_row = 30;
  constexpr double k_top = 104;
  constexpr double k_label_size = 14;
  double label_width = text_width(chart.text.y_label, 13);
  for (const std::string& label : chart.labels) {
    label_width = std::max(label_width, text_width(shorten(label, 36), k_label_size));
  }
  double value_width = 0;
  for (const std::string& value : chart.value_texts) {
    value_width = std::max(value_width, text_width(value, 13));
  }
  const double left = 24 + label_width + 12;
  const double right = k_width - 24 - value_width - 10;
  const double plot = std::max(120.0, right - left);
  const double rows = static_cast<double>(chart.labels.size());
  const double axis_y = k_top + rows * k_row + 6;
  const double height = axis_y + 64;
  double max = 0;
  for (double v : chart.values) {
    max = std::max(max, v);
  }
  const double step = nice_step(max, 5);
  const double top_value = std::max(step, std::ceil(max / step) * step);
  auto x_of = [&](double v) { return left + plot * v / top_value; };

  std::string out = open_svg(k_width, height, chart.text);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\" font-weight=\"600\" fill=\"{}\" "
                     "text-anchor=\"end\">{}</text>\n",
                     left - 12, k_top - 12, k_muted, xml_escape(chart.text.y_label));
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    const double x = x_of(v);
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>\n", x,
                       k_top - 4, axis_y, k_grid);
    out +=
      fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\" text-anchor=\"middle\">{}</text>\n", x,
                  axis_y + 18, k_muted, number(v));
  }
  for (std::size_t i = 0; i < chart.labels.size(); ++i) {
    const double y = k_top + static_cast<double>(i) * k_row;
    const double w = std::max(0.0, x_of(chart.values[i]) - left);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" fill=\"{}\" text-anchor=\"end\">{}</text>\n",
                       left - 12, y + k_row / 2 + 5, k_label_size, k_ink, xml_escape(shorten(chart.labels[i], 36)));
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" rx=\"2\" fill=\"{}\"/>\n",
                       left, y + 5, w, k_row - 10, k_accent);
    if (i < chart.value_texts.size()) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\" fill=\"{}\">{}</text>\n", left + w + 8,
                         y + k_row / 2 + 5, k_ink, xml_escape(chart.value_texts[i]));
    }
  }
  out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>\n", left,
                     k_top - 4, axis_y, k_muted);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\" fill=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     left + plot / 2, axis_y + 44, k_muted, xml_escape(chart.text.x_label));
  out += "</svg>\n";
  return out;
}

std::string line_chart_svg(const LineChart& chart)
{
  constexpr double k_width = 860;
  constexpr double k_height = 460;
  constexpr double k_left = 84;
  constexpr double k_right = 36;
  constexpr double k_top = 96;
  constexpr double k_bottom = 84;
  const double plot_w = k_width - k_left - k_right;
  const double plot_h = k_height - k_top - k_bottom;
  const double base = k_top + plot_h;
  double max = 0;
  for (double v : chart.values) {
    max = std::max(max, v);
  }
  const double step = nice_step(max, 5);
  const double top_value = std::max(step, std::ceil(max / step) * step);
  const std::size_t n = chart.periods.size();
  auto x_of = [&](std::size_t i) {
    return n <= 1 ? k_left + plot_w / 2 : k_left + plot_w * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  auto y_of = [&](double v) { return base - plot_h * v / top_value; };

  std::string out = open_svg(k_width, k_height, chart.text);
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    const double y = y_of(v);
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"/>\n", k_left, y,
                       k_left + plot_w, y, v == 0 ? k_muted : k_grid);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\" text-anchor=\"end\">{}</text>\n",
                       k_left - 8, y + 4, k_muted, number(v));
  }
  // Period labels thin out so that they never overlap: about 70 px each.
  double widest = 0;
  for (const std::string& period : chart.periods) {
    widest = std::max(widest, text_width(period, 12));
  }
  const double spacing = n <= 1 ? plot_w : plot_w / static_cast<double>(n - 1);
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 14) / spacing)));
  for (std::size_t i = 0; i < n; ++i) {
    const double x = x_of(i);
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>\n", x, base,
                       base + 5, k_muted);
    if (i % every == 0 || i + 1 == n) {
      if (i + 1 == n && i % every != 0 && i % every < (every + 1) / 2) {
        continue; // the last label would touch the one before it
      }
      out +=
        fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\" text-anchor=\"middle\">{}</text>\n",
                    x, base + 20, k_muted, xml_escape(chart.periods[i]));
    }
  }
  if (n > 0) {
    std::string points;
    for (std::size_t i = 0; i < n; ++i) {
      points += fmt::format("{}{:.1f},{:.1f}", i > 0 ? " " : "", x_of(i), y_of(chart.values[i]));
    }
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" "
                       "stroke-linejoin=\"round\"/>\n",
                       points, k_accent);
    for (std::size_t i = 0; i < n; ++i) {
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/>\n", x_of(i), y_of(chart.values[i]),
                         k_accent);
      if (n <= 24) {
        out +=
          fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\" text-anchor=\"middle\">{}</text>\n",
                      x_of(i), y_of(chart.values[i]) - 10, k_ink, number(chart.values[i]));
      }
    }
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\" fill=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     k_left + plot_w / 2, k_height - 24, k_muted, xml_escape(chart.text.x_label));
  out += fmt::format("<text x=\"{0:.1f}\" y=\"{1:.1f}\" font-size=\"13\" fill=\"{2}\" text-anchor=\"middle\" "
                     "transform=\"rotate(-90 {0:.1f} {1:.1f})\">{3}</text>\n",
                     28.0, k_top + plot_h / 2, k_muted, xml_escape(chart.text.y_label));
  out += "</svg>\n";
  return out;
}

std::string heatmap_svg(const Heatmap& chart)
{
  constexpr double k_cell = 44;
  const std::size_t n = chart.labels.size();
  double label_width = 0;
  for (const std::string& label : chart.labels) {
    label_width = std::max(label_width, text_width(shorten(label, 28), 13));
  }
  const double left = 24 + label_width + 10;
  // The column labels are turned 50 degrees: room for the longest above the grid.
  const double top = 80 + std::max(60.0, label_width * std::sin(50.0 * 3.14159265358979 / 180.0) + 16);
  const double width = std::max(640.0, left + k_cell * static_cast<double>(n) + 40);
  const double height = top + k_cell * static_cast<double>(n) + 90;
  std::size_t max = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j) {
        max = std::max(max, chart.counts[i][j]);
      }
    }
  }
  // White to the accent colour, by the share of the largest pair.
  auto fill = [&](std::size_t count) {
    const double t = max == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(max);
    auto mix = [&](int from, int to) { return static_cast<int>(std::lround(from + (to - from) * t)); };
    return fmt::format("#{:02x}{:02x}{:02x}", mix(0xf5, 0x1b), mix(0xf8, 0x4f), mix(0xfb, 0x8f));
  };
  auto ink = [&](std::size_t count) {
    return max != 0 && static_cast<double>(count) / static_cast<double>(max) > 0.55 ? std::string("#ffffff")
                                                                                    : std::string(k_ink);
  };

  std::string out = open_svg(width, height, chart.text);
  for (std::size_t j = 0; j < n; ++j) {
    const double x = left + k_cell * (static_cast<double>(j) + 0.5);
    out += fmt::format("<text x=\"{0:.1f}\" y=\"{1:.1f}\" font-size=\"13\" fill=\"{2}\" "
                       "transform=\"rotate(-50 {0:.1f} {1:.1f})\">{3}</text>\n",
                       x, top - 8, k_ink, xml_escape(shorten(chart.labels[j], 28)));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double y = top + k_cell * static_cast<double>(i);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\" fill=\"{}\" text-anchor=\"end\">{}</text>\n",
                       left - 10, y + k_cell / 2 + 5, k_ink, xml_escape(shorten(chart.labels[i], 28)));
    for (std::size_t j = 0; j < n; ++j) {
      const double x = left + k_cell * static_cast<double>(j);
      const std::size_t count = chart.counts[i][j];
      const bool diagonal = i == j;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
                         "stroke=\"#ffffff\" stroke-width=\"2\"/>\n",
                         x, y, k_cell, k_cell, diagonal ? std::string("#e4e7eb") : fill(count));
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\" text-anchor=\"middle\"{}>{}"
                         "</text>\n",
                         x + k_cell / 2, y + k_cell / 2 + 4, diagonal ? std::string(k_muted) : ink(count),
                         diagonal ? " font-style=\"italic\"" : "", count);
    }
  }
  const double legend_y = top + k_cell * static_cast<double>(n) + 30;
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"13\" fill=\"{}\">{}</text>\n", left, legend_y,
                     k_muted, xml_escape(chart.text.x_label));
  // Up to five swatches from 0 to the largest pair, each value once.
  std::vector<std::size_t> steps;
  for (int k = 0; k <= 4; ++k) {
    const auto value = static_cast<std::size_t>(std::lround(static_cast<double>(max) * k / 4.0));
    if (steps.empty() || steps.back() != value) {
      steps.push_back(value);
    }
  }
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const std::size_t value = steps[k];
    const double x = left + 64.0 * static_cast<double>(k);
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"20\" height=\"14\" fill=\"{}\" stroke=\"{}\"/>\n", x,
                       legend_y + 12, fill(value), k_grid);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\">{}</text>\n", x + 26,
                       legend_y + 24, k_muted, value);
  }
  out += "</svg>\n";
  return out;
}

std::string chart_subtitle(const Stamp& stamp, std::size_t cases)
{
  std::string scope = stamp.query.empty() ? "the whole database" : fmt::format("query \u201c{}\u201d", stamp.query);
  if (!stamp.theme.empty()) {
    scope = fmt::format("theme {}, {}", stamp.theme, scope);
  }
  return fmt::format("{} ({}) \u00b7 llmops database, {}, {}", plural_cases(cases), scope, stamp.source(), stamp.date);
}

BarChart breakdown_chart(const Breakdown& breakdown, const Stamp& stamp)
{
  BarChart chart;
  chart.text.title = stamp.theme_title.empty() ? breakdown.title : stamp.theme_title + ": " + breakdown.title;
  chart.text.subtitle = chart_subtitle(stamp, breakdown.scope);
  chart.text.x_label = "Cases";
  std::string field = breakdown.field == "tag" ? "Tag" : breakdown.field;
  field[0] = static_cast<char>(field[0] >= 'a' && field[0] <= 'z' ? field[0] - 'a' + 'A' : field[0]);
  chart.text.y_label = field;
  for (const BreakdownRow& row : breakdown.rows) {
    chart.labels.push_back(row.label);
    chart.values.push_back(static_cast<double>(row.count));
    chart.value_texts.push_back(fmt::format("{} \u00b7 {:.1f}%", row.count, 100.0 * row.share));
  }
  return chart;
}

LineChart trend_chart(const Trend& trend, const Stamp& stamp)
{
  LineChart chart;
  chart.text.title = stamp.theme_title.empty() ? trend.title : stamp.theme_title + ": " + trend.title;
  std::size_t total = trend.undated;
  for (const TrendPoint& point : trend.points) {
    total += point.count;
    chart.periods.push_back(point.period);
    chart.values.push_back(static_cast<double>(point.count));
  }
  chart.text.subtitle = chart_subtitle(stamp, total);
  chart.text.x_label = trend.period == "year" ? "Year of publication" : "Quarter the case entered the database";
  chart.text.y_label = "Cases";
  return chart;
}

Heatmap cooccurrence_chart(const Cooccurrence& co, const Stamp& stamp)
{
  Heatmap chart;
  const std::string title = co.tag.empty() ? "Tags that appear together" : "Tags that appear with " + co.tag;
  chart.text.title = stamp.theme_title.empty() ? title : stamp.theme_title + ": " + title;
  chart.text.subtitle = chart_subtitle(stamp, co.scope);
  chart.text.x_label = "Cases with both tags (diagonal, in grey: cases with the tag)";
  chart.labels = co.matrix_tags;
  chart.counts = co.matrix;
  return chart;
}

BarChart since_chart(const SinceStats& since, const Stamp& stamp)
{
  BarChart chart;
  const std::string title = fmt::format("New cases since {}, by tag", since.since);
  chart.text.title = stamp.theme_title.empty() ? title : stamp.theme_title + ": " + title;
  chart.text.subtitle = chart_subtitle(stamp, since.added.size());
  chart.text.x_label = "New cases";
  chart.text.y_label = "Tag";
  for (const TagGrowth& tag : since.tags) {
    chart.labels.push_back(tag.label);
    chart.values.push_back(static_cast<double>(tag.added));
    chart.value_texts.push_back(tag.before == 0 ? fmt::format("+{} (new)", tag.added)
                                                : fmt::format("+{} (was {})", tag.added, tag.before));
  }
  return chart;
}

} // namespace llmops
