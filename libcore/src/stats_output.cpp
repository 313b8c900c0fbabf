#include "llmops/stats_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace llmops {

namespace {

// Markdown table cells cannot hold a '|' or a line break.
std::string markdown_cell(std::string text)
{
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string csv_field(const std::string& text)
{
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    out += c == '"' ? "\"\"" : std::string(1, c);
  }
  return out + "\"";
}

// Numbers in CSV and JSON keep their precision without noise: six decimals at most.
double rounded(double value)
{
  return std::round(value * 1e6) / 1e6;
}

std::string csv_text(const StatCell& cell)
{
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return csv_field(*text);
  }
  if (const auto* n = std::get_if<long long>(&cell)) {
    return std::to_string(*n);
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    return fmt::format("{}", rounded(*d));
  }
  return "";
}

nlohmann::ordered_json json_value(const StatCell& cell)
{
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return *text;
  }
  if (const auto* n = std::get_if<long long>(&cell)) {
    return *n;
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    return rounded(*d);
  }
  return nullptr;
}

std::string stamp_line(const Stamp& stamp)
{
  std::string scope = stamp.query.empty() ? "every case" : fmt::format("query `{}`", stamp.query);
  if (!stamp.theme.empty()) {
    scope = fmt::format("theme *{}* ({}), {}", stamp.theme_title, stamp.theme, scope);
  }
  return fmt::format("Figures from the llmops database, {}, on {}; {}.", stamp.source(), stamp.date, scope);
}

} // namespace

std::string cell_text(const StatCell& cell, CellKind kind)
{
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return *text;
  }
  if (const auto* n = std::get_if<long long>(&cell)) {
    return kind == CellKind::share ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(*n)) : std::to_string(*n);
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    switch (kind) {
    case CellKind::share:
      return fmt::format("{:.1f}%", 100.0 * *d);
    case CellKind::ratio:
      return fmt::format("{:.2f}", *d);
    case CellKind::count:
    case CellKind::text:
      break;
    }
    return fmt::format("{}", *d);
  }
  return "";
}

void write_report_markdown(std::ostream& out, const StatReport& report, const Stamp& stamp)
{
  out << "## " << markdown_cell(stamp.theme_title.empty() ? report.title : stamp.theme_title + ": " + report.title)
      << "\n\n_" << stamp_line(stamp) << "_\n";
  for (const StatTable& table : report.tables) {
    if (report.tables.size() > 1) {
      out << "\n### " << markdown_cell(table.title) << "\n";
    }
    out << "\n";
    if (table.rows.empty()) {
      out << "No cases.\n";
    } else {
      std::string header = "|";
      std::string rule = "|";
      for (const StatColumn& column : table.columns) {
        if (column.data_only) {
          continue;
        }
        header += " " + markdown_cell(column.header) + " |";
        rule += column.kind == CellKind::text ? "---|" : "---:|";
      }
      out << header << "\n" << rule << "\n";
      for (const auto& row : table.rows) {
        out << "|";
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
          if (table.columns[i].data_only) {
            continue;
          }
          out << " " << markdown_cell(cell_text(row[i], table.columns[i].kind)) << " |";
        }
        out << "\n";
      }
    }
    if (!table.notes.empty()) {
      out << "\n";
      for (std::size_t i = 0; i < table.notes.size(); ++i) {
        out << (i > 0 ? " " : "") << table.notes[i];
      }
      out << "\n";
    }
  }
}

void write_report_csv(std::ostream& out, const StatReport& report)
{
  if (report.tables.empty()) {
    return;
  }
  const StatTable& table = report.tables.front();
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    out << (i > 0 ? "," : "") << csv_field(table.columns[i].key);
  }
  out << "\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out << (i > 0 ? "," : "") << csv_text(row[i]);
    }
    out << "\n";
  }
}

void write_report_json(std::ostream& out, const StatReport& report, const Stamp& stamp)
{
  nlohmann::ordered_json doc;
  doc["statistic"] = report.statistic;
  doc["title"] = report.title;
  doc["query"] = stamp.query;
  doc["theme"] = stamp.theme.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(stamp.theme);
  doc["cases"] = report.scope;
  doc["commit"] = stamp.commit.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(stamp.commit);
  doc["uncommitted_changes"] = stamp.dirty;
  doc["date"] = stamp.date;
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const StatTable& table : report.tables) {
    nlohmann::ordered_json t;
    t["name"] = table.name;
    t["title"] = table.title;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
      nlohmann::ordered_json r = nlohmann::ordered_json::object();
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        r[table.columns[i].key] = json_value(row[i]);
      }
      rows.push_back(std::move(r));
    }
    t["rows"] = std::move(rows);
    t["notes"] = table.notes;
    tables.push_back(std::move(t));
  }
  doc["tables"] = std::move(tables);
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

} // namespace llmops
