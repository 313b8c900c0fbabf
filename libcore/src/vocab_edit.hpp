#pragma once
// Private: minimal text edits to schema/tags.toml. toml++ does not keep formatting, so it is used
// only to find where each [tags.<slug>] table stands; the edits are made on the text.

#include <string>
#include <string_view>
#include <vector>

namespace llmops::detail {

// The text of a tags.toml being edited; every method throws `Error` when the text it needs to
// change cannot be located, and leaves the text as it was.
class TagsToml
{
public:
  TagsToml(std::string text, std::string path) : m_text(std::move(text)), m_path(std::move(path)) {}

  const std::string& text() const { return m_text; }

  // Renames the header [tags.`from`] to [tags.`to`], leaving the table's keys as they are.
  void rename_table(std::string_view from, std::string_view to);

  // Removes the lines of table [tags.`slug`] (and one blank line after it).
  void remove_table(std::string_view slug);

  // Appends `values` (as TOML strings) to the array `key` of [tags.`slug`], creating the key.
  void append_strings(std::string_view slug, std::string_view key, const std::vector<std::string>& values);

  // Sets `key` of [tags.`slug`] to the TOML value `literal` (one line), creating the key.
  void set_value(std::string_view slug, std::string_view key, std::string_view literal);

  // Inserts `table` (complete lines) after the last table of family `family`, or at the end.
  void insert_table(std::string_view family, std::string_view table);

private:
  struct Lines
  {
    std::size_t header = 0;  // byte offset of the header line
    std::size_t body = 0;    // byte offset of the line after the header
    std::size_t end = 0;     // byte offset just after the table's last non-blank, non-comment line
    std::size_t next = 0;    // byte offset of the next header (or the end of the text)
  };

  Lines locate(std::string_view slug) const;
  // The offset of the line in [body, end) that sets `key`, or npos.
  std::size_t find_key(const Lines& lines, std::string_view key) const;

  std::string m_text;
  std::string m_path;
};

// `value` as a TOML basic string.
std::string toml_string(std::string_view value);

} // namespace llmops::detail
