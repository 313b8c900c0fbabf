// The Atom 1.0 feed of `llmops export --format atom` (RFC 4287).
#include "export_support.hpp"
#include "llmops/export_writers.hpp"

namespace llmops {

namespace {

// An RFC 3339 time stamp for a YYYY-MM-DD date: midnight UTC.
std::string timestamp(const std::string& date)
{
  return date + "T00:00:00Z";
}

void write_entry(std::ostream& out, const Case& c, const Vocabulary& vocabulary)
{
  using detail::xml_escape;
  out << "  <entry>\n";
  out << "    <id>urn:llmops:case:" << xml_escape(c.id.present ? c.id.value : c.path) << "</id>\n";
  out << "    <title type=\"text\">" << xml_escape(c.title.present ? c.title.value : c.path) << "</title>\n";
  if (c.source_url.present && detail::is_http_url(c.source_url.value)) {
    out << "    <link rel=\"alternate\" href=\"" << xml_escape(c.source_url.value) << "\"/>\n";
  }
  out << "    <published>" << timestamp(c.created_at.value) << "</published>\n";
  out << "    <updated>" << timestamp(c.created_at.value) << "</updated>\n";
  out << "    <author><name>" << xml_escape(c.company.present ? c.company.value : "unknown") << "</name></author>\n";
  for (const detail::FamilyTags& family : detail::tags_by_family(c, vocabulary)) {
    for (const std::string& slug : family.slugs) {
      out << "    <category term=\"" << xml_escape(slug) << "\" scheme=\"urn:llmops:tag:" << xml_escape(family.family)
          << "\"/>\n";
    }
  }
  if (c.summary.present) {
    out << "    <summary type=\"text\">" << xml_escape(c.summary.value) << "</summary>\n";
  }
  out << "  </entry>\n";
}

} // namespace

void write_atom_feed(std::ostream& out, const CaseIndex& index, std::span<const std::size_t> rows,
                     const Vocabulary& vocabulary)
{
  // A feed without entries still needs an updated time; the epoch keeps the output a pure
  // function of the database.
  const std::string updated =
    rows.empty() ? "1970-01-01T00:00:00Z" : timestamp(index.at(rows.front()).created_at.value);
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out << "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out << "  <id>urn:llmops:cases</id>\n";
  out << "  <title type=\"text\">LLM production case studies: newest entries</title>\n";
  out << "  <updated>" << updated << "</updated>\n";
  out << "  <author><name>llmops</name></author>\n";
  out << "  <generator>llmops export</generator>\n";
  for (std::size_t row : rows) {
    write_entry(out, index.at(row), vocabulary);
  }
  out << "</feed>\n";
}

} // namespace llmops
