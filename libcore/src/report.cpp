#include "llmops/report.hpp"

#include "llmops/rules.hpp"
#include "llmops/text.hpp"
#include "llmops/version.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace llmops {

namespace {

std::string_view color_of(Severity severity)
{
  switch (severity) {
  case Severity::error:
    return "\x1b[1;31m";
  case Severity::warning:
    return "\x1b[1;35m";
  default:
    return "\x1b[1;36m";
  }
}

std::string location(const Diagnostic& d)
{
  if (d.position.line == 0) {
    return d.path;
  }
  return fmt::format("{}:{}:{}", d.path, d.position.line, d.position.column);
}

// Escapes a value for a GitHub workflow command property or message.
std::string github_escape(std::string_view s, bool property)
{
  std::string out;
  for (char c : s) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    case ':':
      out += property ? "%3A" : ":";
      break;
    case ',':
      out += property ? "%2C" : ",";
      break;
    default:
      out.push_back(c);
    }
  }
  return out;
}

// Replaces tabs and control characters so a source line prints on one row.
// Replaces tabs and control characters so a source line prints on one row; a line that is not
// valid UTF-8 shows its other bytes as '?'.
std::string printable(std::string_view line)
{
  const bool valid = text::is_valid_utf8(line);
  std::string out;
  for (char c : line) {
    auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? ' ' : (!valid && u >= 0x80) ? '?' : c);
  }
  return out;
}

} // namespace

void write_text(std::ostream& out, const std::vector<Diagnostic>& diagnostics, const TextStyle& style)
{
  const char* bold = style.color ? "\x1b[1m" : "";
  const char* reset = style.color ? "\x1b[0m" : "";
  const char* green = style.color ? "\x1b[1;32m" : "";
  for (const Diagnostic& d : diagnostics) {
    out << bold << location(d) << ":" << reset << " " << (style.color ? color_of(d.severity) : "")
        << severity_name(d.severity) << ":" << reset << " " << d.message << " [" << d.rule << "]\n";
    if (!style.show_source || d.position.line == 0 || d.span == 0 || d.source_line.empty()) {
      continue;
    }
    std::string number = std::to_string(d.position.line);
    std::string gutter(number.size(), ' ');
    std::string line = printable(d.source_line);
    out << fmt::format(" {} | {}\n", number, line);
    std::size_t column = d.position.column > 0 ? d.position.column - 1 : 0;
    std::size_t width = text::utf8_length(line);
    std::size_t span = std::max<std::size_t>(1, std::min<std::size_t>(d.span, width > column ? width - column : 1));
    out << fmt::format(" {} | {}{}^{}{}\n", gutter, std::string(column, ' '), green, std::string(span - 1, '~'), reset);
  }
}

std::string summary_line(const LintSummary& s)
{
  auto plural = [](std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string line = fmt::format("{} checked: {}, {}, {}", plural(s.checked, "case file"), plural(s.errors, "error"),
                                 plural(s.warnings, "warning"), plural(s.infos, "info"));
  if (s.fixable > 0) {
    line += fmt::format(" ({} fixable)", s.fixable);
  }
  return line;
}

void write_json(std::ostream& out, const LintReport& report)
{
  nlohmann::ordered_json doc;
  doc["version"] = k_version;
  const auto& s = report.summary;
  doc["summary"] = {{"files", s.files}, {"checked", s.checked}, {"errors", s.errors},
                    {"warnings", s.warnings}, {"infos", s.infos}, {"fixable", s.fixable}};
  auto list = nlohmann::ordered_json::array();
  for (const Diagnostic& d : report.diagnostics) {
    nlohmann::ordered_json item = {{"path", d.path},
                                   {"line", d.position.line},
                                   {"column", d.position.column},
                                   {"severity", severity_name(d.severity)},
                                   {"rule", d.rule},
                                   {"message", d.message}};
    item["fix"] = d.fix ? nlohmann::ordered_json(*d.fix) : nlohmann::ordered_json(nullptr);
    list.push_back(std::move(item));
  }
  doc["diagnostics"] = std::move(list);
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_sarif(std::ostream& out, const std::vector<Diagnostic>& diagnostics)
{
  using json = nlohmann::ordered_json;
  auto rules = json::array();
  std::map<std::string_view, std::size_t> index;
  for (const Rule& rule : all_rules()) {
    index[rule.id] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"shortDescription", {{"text", rule.description}}},
                     {"defaultConfiguration",
                      {{"level", rule.default_severity == Severity::info ? "note" : severity_name(rule.default_severity)}}},
                     {"properties", {{"fixable", rule.fixable}}}});
  }
  auto results = json::array();
  for (const Diagnostic& d : diagnostics) {
    json region = json::object();
    if (d.position.line > 0) {
      region = {{"startLine", d.position.line}, {"startColumn", std::max<std::uint32_t>(d.position.column, 1)},
                {"endColumn", std::max<std::uint32_t>(d.position.column, 1) + std::max<std::uint32_t>(d.span, 1)}};
    } else {
      region = {{"startLine", 1}};
    }
    json result = {{"ruleId", d.rule},
                   {"level", d.severity == Severity::info ? "note" : severity_name(d.severity)},
                   {"message", {{"text", d.message}}},
                   {"locations",
                    json::array({{{"physicalLocation",
                                   {{"artifactLocation", {{"uri", d.path}, {"uriBaseId", "%SRCROOT%"}}},
                                    {"region", region}}}}})}};
    if (auto it = index.find(d.rule); it != index.end()) {
      result["ruleIndex"] = it->second;
    }
    results.push_back(std::move(result));
  }
  json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({{{"tool",
                                      {{"driver",
                                        {{"name", "llmops"},
                                         {"version", k_version},
                                         {"informationUri", "https://github.com/llmops/llmops"},
                                         {"rules", rules}}}}},
                                     {"results", results}}})}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_github(std::ostream& out, const std::vector<Diagnostic>& diagnostics)
{
  for (const Diagnostic& d : diagnostics) {
    std::string_view level = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "notice";
    out << "::" << level << " file=" << github_escape(d.path, true);
    if (d.position.line > 0) {
      out << ",line=" << d.position.line << ",col=" << d.position.column;
    }
    out << ",title=" << github_escape(d.rule, true) << "::" << github_escape(d.message, false) << "\n";
  }
}

} // namespace llmops
