#pragma once

#include "llmops/case.hpp"
#include "llmops/case_index.hpp"
#include "llmops/facets.hpp"
#include "llmops/query.hpp"
#include "llmops/vocabulary.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// A value of a case that output can show.
enum class OutputFieldKind : std::uint8_t {
  id,
  path,
  title,
  company,
  industry,
  year,
  status,
  created_at,
  source_url,
  sources,
  tags,
  family,
  summary,
  notes,
  not_duplicate_of,
  score
};

// A field chosen for output, with the name it is printed under.
struct OutputField
{
  OutputFieldKind kind = OutputFieldKind::id;
  std::string name; // the JSON key and CSV header: the schema's field name, or the family slug
};

// Parses a comma-separated list of field names, such as "id,year,technique"; `created` and `url`
// stand for created_at and source_url. Throws `Error` naming an unknown field and the known ones.
std::vector<OutputField> parse_output_fields(std::string_view list, const Vocabulary& vocabulary);

// True when some field of `fields` is a long text (summary, notes): the index must keep them.
bool needs_full_text(const std::vector<OutputField>& fields);

// The value of `field` for `c` as one line of text: lists joined by single spaces (tags and
// URLs hold none), an absent value empty, a score with three decimals.
std::string field_text(const Case& c, const OutputField& field, double score);

// One JSON document: {"query", "total", "count", "cases": [{field: value}], "facets"?}. Absent
// values are null, lists are arrays, `tags` is an object from family to slugs as written.
void write_cases_json(std::ostream& out, const CaseIndex& index, const QueryResult& result,
                      const std::vector<OutputField>& fields, const std::vector<Facet>* facets,
                      std::string_view expression);

// One JSON object per line per match, with the keys of `write_cases_json`.
void write_cases_jsonl(std::ostream& out, const CaseIndex& index, const QueryResult& result,
                       const std::vector<OutputField>& fields);

// A header line of field names, then one line per match (RFC 4180 quoting, LF line ends).
void write_cases_csv(std::ostream& out, const CaseIndex& index, const QueryResult& result,
                     const std::vector<OutputField>& fields);

} // namespace llmops
