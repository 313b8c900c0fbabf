#include "yaml_doc.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
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

  void OnDocumentStart(const YAML::Mark&) override {}
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
      refuse(YamlProblem::Kind::anchor, mark, "YAML tags (!" + tag + ") are not allowed in case files; remove it");
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
  try {
    YAML::Parser parser(in);
    TreeBuilder builder(max_depth);
    if (!parser.HandleNextDocument(builder)) {
      result.problem = YamlProblem{YamlProblem::Kind::empty, 0, 0, "the file holds no YAML document"};
      return result;
    }
    TreeBuilder second(max_depth);
    if (parser.HandleNextDocument(second)) {
      std::uint32_t line = second.root ? second.root->line : 0;
      result.problem = YamlProblem{YamlProblem::Kind::multiple_documents, line, 0,
                                   "the file holds more than one YAML document; a case file holds exactly one"};
      return result;
    }
    result.root = std::move(builder.root);
  } catch (const Refusal& refusal) {
    result.problem = refusal.problem;
  } catch (const YAML::Exception& e) {
    result.problem = YamlProblem{YamlProblem::Kind::syntax, static_cast<std::uint32_t>(std::max(e.mark.line, 0)),
                                 static_cast<std::uint32_t>(std::max(e.mark.column, 0)), e.msg};
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
