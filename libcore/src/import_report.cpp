// The printers of an import's outcome: one line per record as text, or one JSON document.
#include "llmops/importer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace llmops {

namespace {

std::string_view outcome_name(ImportOutcome outcome)
{
  switch (outcome) {
  case ImportOutcome::created:
    return "created";
  case ImportOutcome::duplicate:
    return "duplicate";
  default:
    return "invalid";
  }
}

} // namespace

std::string import_summary_line(const ImportSummary& summary)
{
  return fmt::format("created {}, skipped as duplicate {}, invalid {}", summary.created, summary.duplicates,
                     summary.invalid);
}

void write_import_text(std::ostream& out, const ImportReport& report)
{
  for (const ImportedRecord& r : report.records) {
    const std::string where = fmt::format("{}:{}", report.input, r.line);
    switch (r.outcome) {
    case ImportOutcome::created:
      out << fmt::format("{}: {} {}\n", where, report.dry_run ? "would create" : "created", r.path);
      break;
    case ImportOutcome::duplicate:
      out << fmt::format("{}: skipped: duplicate of {} ({})\n", where, r.path, r.reason);
      break;
    case ImportOutcome::invalid:
      break;
    }
    for (const Diagnostic& d : r.findings) {
      out << fmt::format("{}: {}: {} [{}]\n", where, severity_name(d.severity), d.message, d.rule);
    }
  }
}

void write_import_json(std::ostream& out, const ImportReport& report)
{
  nlohmann::ordered_json doc;
  doc["input"] = report.input;
  doc["dry_run"] = report.dry_run;
  doc["summary"] = {{"created", report.summary.created},
                    {"duplicate", report.summary.duplicates},
                    {"invalid", report.summary.invalid}};
  auto& records = doc["records"] = nlohmann::ordered_json::array();
  for (const ImportedRecord& r : report.records) {
    nlohmann::ordered_json item;
    item["line"] = r.line;
    item["outcome"] = outcome_name(r.outcome);
    item["id"] = r.id;
    if (r.outcome == ImportOutcome::created) {
      item["path"] = r.path;
    } else if (r.outcome == ImportOutcome::duplicate) {
      item["duplicate_of"] = r.path;
      item["reason"] = r.reason;
    }
    auto& findings = item["findings"] = nlohmann::ordered_json::array();
    for (const Diagnostic& d : r.findings) {
      findings.push_back({{"severity", severity_name(d.severity)}, {"rule", d.rule}, {"message", d.message}});
    }
    records.push_back(std::move(item));
  }
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

} // namespace llmops
