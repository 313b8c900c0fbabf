#include "yaml_doc.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <regex>
#include <streambuf>

namespace llmops::detail {

namespace {

// A read-only stream buffer over bytes held elsewhere, so parsing copies nothing.
class MemoryBuffer : public std::streambuf
{
public:
  explicit MemoryBuffer(std::string_view bytes)
  {
    char* begin = const_cast<char*>(bytes.data()); // NOLINT: get area is never written
    setg(begin, begin, begin + bytes.size());
  }
};

// Stops the parse at the first construct case files do not allow.
struct Refusal
{
  YamlProblem problem;
};

class TreeBuilder : public YAML::EventHandler
{
public:
  explicit TreeBuilder(std::uint32_t max_depth) : m_max_depth(max_depth) {}

  std::optional<YamlNode> root;
  YAML::Mark document_start;

  // The innermost flow collection ([..] or {..}) still open, or null.
  const YamlNode* open_flow() const
  {
    for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
      if ((*it)->flow) {
        return *it;
      }
    }
    return nullptr;
  }

  void OnDocumentStart(const YAML::Mark& mark) override { document_start = mark; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    check_anchor(mark, anchor);
    YamlNode node = make(YamlKind::null, mark);
    add(std::move(node));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override
  {
    refuse(YamlProblem::Kind::anchor, mark, "aliases (*name) are not allowed in case files; write the value out");
  }

  void OnAnchor(const YAML::Mark& mark, const std::string&) override
  {
    refuse(YamlProblem::Kind::anchor, mark, "anchors (&name) are not allowed in case files; remove the anchor");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override
  {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    YamlNode node = make(YamlKind::scalar, mark);
    node.value = value;
    node.quoted = tag == "!";
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override
  {
    open(YamlKind::sequence, mark, tag, anchor, style);
  }

  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override
  {
    open(YamlKind::map, mark, tag, anchor, style);
  }

  void OnMapEnd() override { close(); }

private:
  static YamlNode make(YamlKind kind, const YAML::Mark& mark)
  {
    YamlNode node;
    node.kind = kind;
    node.line = static_cast<std::uint32_t>(std::max(mark.line, 0));
    node.column = static_cast<std::uint32_t>(std::max(mark.column, 0));
    node.offset = static_cast<std::size_t>(std::max(mark.pos, 0));
    return node;
  }

  [[noreturn]] static void refuse(YamlProblem::Kind kind, const YAML::Mark& mark, std::string message)
  {
    throw Refusal{{kind, static_cast<std::uint32_t>(std::max(mark.line, 0)),
                   static_cast<std::uint32_t>(std::max(mark.column, 0)), std::move(message)}};
  }

  static void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    if (anchor != YAML::NullAnchor) {
      refuse(YamlProblem::Kind::anchor, mark, "anchors (&name) are not allowed in case files; remove the anchor");
    }
  }

  static void check_tag(const YAML::Mark& mark, const std::string& tag)
  {
    if (!tag.empty() && tag != "?" && tag != "!") {
      // yaml-cpp expands "!!str" to the full URI; print it the way it was written.
      constexpr std::string_view k_core = "tag:yaml.org,2002:";
      std::string written = tag.starts_with(k_core) ? "!!" + tag.substr(k_core.size()) : tag;
      refuse(YamlProblem::Kind::anchor, mark, "YAML tags (" + written + ") are not allowed in case files; remove it");
    }
  }

  void open(YamlKind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style)
  {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    if (m_stack.size() + 1 > m_max_depth) {
      refuse(YamlProblem::Kind::depth, mark,
             "nesting is deeper than " + std::to_string(m_max_depth) + " levels (limits.max_depth)");
    }
    YamlNode node = make(kind, mark);
    node.flow = style == YAML::EmitterStyle::Flow;
    m_stack.push_back(add(std::move(node)));
  }

  void close() { m_stack.pop_back(); }

  // Adds `node` to the open collection (or as the root) and returns where it now lives. The
  // pointer stays valid while the node is open: its parent gains no child until it closes.
  YamlNode* add(YamlNode node)
  {
    if (m_stack.empty()) {
      root = std::move(node);
      return &*root;
    }
    auto& children = m_stack.back()->children;
    children.push_back(std::move(node));
    return &children.back();
  }

  std::uint32_t m_max_depth;
  std::vector<YamlNode*> m_stack;
};

} // namespace

YamlParse parse_yaml(std::string_view bytes, std::uint32_t max_depth)
{
  YamlParse result;
  MemoryBuffer buffer(bytes);
  std::istream in(&buffer);
  TreeBuilder builder(max_depth);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      result.problem = YamlProblem{YamlProblem::Kind::empty, 0, 0, "the file holds no YAML document"};
      return result;
    }
    TreeBuilder second(max_depth);
    if (parser.HandleNextDocument(second)) {
      result.problem = YamlProblem{YamlProblem::Kind::multiple_documents,
                                   static_cast<std::uint32_t>(std::max(second.document_start.line, 0)),
                                   static_cast<std::uint32_t>(std::max(second.document_start.column, 0)),
                                   "a second YAML document starts here; a case file holds exactly one"};
      return result;
    }
    result.root = std::move(builder.root);
  } catch (const Refusal& refusal) {
    result.problem = refusal.problem;
  } catch (const YAML::Exception& e) {
    auto line = static_cast<std::uint32_t>(std::max(e.mark.line, 0));
    auto column = static_cast<std::uint32_t>(std::max(e.mark.column, 0));
    auto kind = YamlProblem::Kind::syntax;
    std::string message = e.msg;
    if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
      kind = YamlProblem::Kind::anchor;
      message = "aliases (*name) are not allowed in case files, and this one names no anchor; write the value out";
    } else if (const YamlNode* open = builder.open_flow();
               open && (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW)) {
      // yaml-cpp notices the missing bracket where the next thing starts; point at the opening one.
      line = open->line;
      column = open->column;
      message = open->kind == YamlKind::sequence ? "this '[' is never closed; add ']' at the end of the list"
                                                 : "this '{' is never closed; add '}' at the end of the mapping";
    }
    result.problem = YamlProblem{kind, line, column, std::move(message)};
  }
  return result;
}

namespace {

// True when the quoted scalar opening at `offset` of `bytes` has its closing quote.
bool quote_closes(std::string_view bytes, std::size_t offset)
{
  const char quote = bytes[offset];
  for (std::size_t i = offset + 1; i < bytes.size(); ++i) {
    if (quote == '"' && bytes[i] == '\\') {
      ++i; // an escaped character, possibly a quote
    } else if (bytes[i] == quote) {
      if (quote == '\'' && i + 1 < bytes.size() && bytes[i + 1] == '\'') {
        ++i; // '' is a quote inside single-quoted text
        continue;
      }
      return true;
    }
  }
  return false;
}

} // namespace

const YamlNode* find_unterminated_quote(const YamlNode& root, std::string_view bytes)
{
  if (root.kind == YamlKind::scalar && root.quoted && root.offset < bytes.size() &&
      (bytes[root.offset] == '"' || bytes[root.offset] == '\'') && !quote_closes(bytes, root.offset)) {
    return &root;
  }
  for (const YamlNode& child : root.children) {
    if (const YamlNode* found = find_unterminated_quote(child, bytes)) {
      return found;
    }
  }
  return nullptr;
}

std::string_view plain_scalar_type(std::string_view v)
{
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") {
    return "null";
  }
  static constexpr std::string_view k_bools[] = {"y",    "Y",    "yes", "Yes", "YES", "n",     "N",     "no",
                                                 "No",   "NO",   "true", "True", "TRUE", "false", "False", "FALSE",
                                                 "on",   "On",   "ON",  "off", "Off", "OFF"};
  for (auto b : k_bools) {
    if (v == b) {
      return "bool";
    }
  }
  static const std::regex k_int("[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)");
  static const std::regex k_float(
    "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  const char first = v.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
    if (std::regex_match(v.begin(), v.end(), k_int)) {
      return "int";
    }
    if (std::regex_match(v.begin(), v.end(), k_float)) {
      return "float";
    }
  }
  return "";
}

} // namespace llmops::detail
