#include "vocab_edit.hpp"

#include "toml_util.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops::detail {

namespace {

std::size_t line_start(std::string_view t, std::size_t line) // `line` is 1-based
{
  std::size_t offset = 0;
  for (std::size_t i = 1; i < line && offset < t.size(); ++i) {
    auto p = t.find('\n', offset);
    offset = p == std::string_view::npos ? t.size() : p + 1;
  }
  return offset;
}

std::size_t next_line(std::string_view t, std::size_t offset)
{
  auto p = t.find('\n', offset);
  return p == std::string_view::npos ? t.size() : p + 1;
}

std::string_view trimmed(std::string_view s)
{
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return {};
  }
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The header lines (1-based) of every table in `doc`, at any depth below the root.
void header_lines(const toml::table& table, std::vector<std::size_t>& out)
{
  for (const auto& [key, node] : table) {
    if (const auto* sub = node.as_table(); sub && !sub->is_inline()) {
      out.push_back(sub->source().begin.line);
      header_lines(*sub, out);
    }
  }
}

} // namespace

std::string toml_string(std::string_view value)
{
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "\"";
}

TagsToml::Lines TagsToml::locate(std::string_view slug) const
{
  toml::table doc = parse_toml(m_text, m_path);
  const auto* table = doc["tags"][slug].as_table();
  if (!table) {
    throw Error(fmt::format("{}: no table [tags.{}] to edit", m_path, slug));
  }
  std::vector<std::size_t> headers;
  header_lines(doc, headers);
  const std::size_t line = table->source().begin.line;
  Lines lines;
  lines.header = line_start(m_text, line);
  std::string_view header = trimmed(std::string_view(m_text).substr(lines.header, next_line(m_text, lines.header) - lines.header));
  if (!header.starts_with("[") || header.find(slug) == std::string_view::npos) {
    throw Error(fmt::format("{}:{}: cannot find the header of [tags.{}]", m_path, line, slug));
  }
  lines.body = next_line(m_text, lines.header);
  std::size_t next_header = 0;
  for (std::size_t h : headers) {
    if (h > line && (next_header == 0 || h < next_header)) {
      next_header = h;
    }
  }
  lines.next = next_header == 0 ? m_text.size() : line_start(m_text, next_header);
  lines.end = lines.body;
  for (std::size_t at = lines.body; at < lines.next; at = next_line(m_text, at)) {
    std::string_view content = trimmed(std::string_view(m_text).substr(at, next_line(m_text, at) - at));
    if (!content.empty() && !content.starts_with("#")) {
      lines.end = next_line(m_text, at);
    }
  }
  return lines;
}

std::size_t TagsToml::find_key(const Lines& lines, std::string_view key) const
{
  for (std::size_t at = lines.body; at < lines.end; at = next_line(m_text, at)) {
    std::string_view content = trimmed(std::string_view(m_text).substr(at, next_line(m_text, at) - at));
    if (content.starts_with(key) && trimmed(content.substr(key.size())).starts_with("=")) {
      return at;
    }
  }
  return std::string::npos;
}

void TagsToml::rename_table(std::string_view from, std::string_view to)
{
  Lines lines = locate(from);
  std::size_t at = m_text.find(from, lines.header);
  m_text.replace(at, from.size(), to);
}

void TagsToml::remove_table(std::string_view slug)
{
  Lines lines = locate(slug);
  std::size_t end = lines.end;
  if (end < m_text.size() && trimmed(std::string_view(m_text).substr(end, next_line(m_text, end) - end)).empty()) {
    end = next_line(m_text, end);
  }
  m_text.erase(lines.header, end - lines.header);
}

void TagsToml::append_strings(std::string_view slug, std::string_view key, const std::vector<std::string>& values)
{
  if (values.empty()) {
    return;
  }
  Lines lines = locate(slug);
  std::string joined;
  for (const auto& v : values) {
    joined += (joined.empty() ? "" : ", ") + toml_string(v);
  }
  std::size_t at = find_key(lines, key);
  if (at == std::string::npos) {
    m_text.insert(lines.end, fmt::format("{} = [{}]\n", key, joined));
    return;
  }
  std::size_t open = m_text.find('[', m_text.find('=', at));
  if (open == std::string::npos || open >= lines.end) {
    throw Error(fmt::format("{}: '{}' of [tags.{}] is not an array", m_path, key, slug));
  }
  std::size_t close = std::string::npos;
  for (std::size_t i = open + 1; i < lines.end; ++i) {
    if (m_text[i] == '"') {
      for (++i; i < lines.end && m_text[i] != '"'; ++i) {
        i += m_text[i] == '\\' ? 1U : 0U;
      }
    } else if (m_text[i] == '#') {
      i = next_line(m_text, i) - 1;
    } else if (m_text[i] == ']') {
      close = i;
      break;
    }
  }
  if (close == std::string::npos) {
    throw Error(fmt::format("{}: the array '{}' of [tags.{}] does not close", m_path, key, slug));
  }
  std::size_t last = m_text.find_last_not_of(" \t\r\n", close - 1);
  if (m_text[last] == '[') {
    m_text.insert(last + 1, joined);
  } else if (m_text[last] == ',') {
    m_text.insert(last + 1, " " + joined + ",");
  } else {
    m_text.insert(last + 1, ", " + joined);
  }
}

void TagsToml::set_value(std::string_view slug, std::string_view key, std::string_view literal)
{
  Lines lines = locate(slug);
  std::size_t at = find_key(lines, key);
  std::string line = fmt::format("{} = {}\n", key, literal);
  if (at == std::string::npos) {
    m_text.insert(lines.end, line);
    return;
  }
  std::string_view old = std::string_view(m_text).substr(at, next_line(m_text, at) - at);
  std::size_t indent = old.find_first_not_of(' ');
  m_text.replace(at, old.size(), std::string(indent, ' ') + line);
}

void TagsToml::insert_table(std::string_view family, std::string_view table)
{
  toml::table doc = parse_toml(m_text, m_path);
  std::string last;
  std::size_t last_line = 0;
  if (const auto* tags = doc["tags"].as_table()) {
    for (const auto& [key, node] : *tags) {
      const auto* entry = node.as_table();
      if (entry && entry->get_as<std::string>("family") && entry->get_as<std::string>("family")->get() == family &&
          entry->source().begin.line > last_line) {
        last_line = entry->source().begin.line;
        last = std::string(key.str());
      }
    }
  }
  if (last.empty()) {
    std::string text = m_text.empty() || m_text.back() == '\n' ? "" : "\n";
    m_text += text + "\n" + std::string(table);
    return;
  }
  Lines lines = locate(last);
  m_text.insert(lines.end, "\n" + std::string(table));
}

} // namespace llmops::detail
