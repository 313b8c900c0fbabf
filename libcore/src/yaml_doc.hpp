#pragma once
// Private: a small YAML document tree built from yaml-cpp's parser events, keeping every key
// (duplicates included), every position and how each scalar was written. No anchors or aliases.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::detail {

enum class YamlKind : std::uint8_t { null, scalar, sequence, map };

struct YamlNode
{
  YamlKind kind = YamlKind::null;
  std::uint32_t line = 0;   // 0-based, as yaml-cpp reports
  std::uint32_t column = 0; // 0-based
  std::size_t offset = 0;   // byte offset of the node in the input
  std::string value;        // scalars
  bool quoted = false;      // scalar written in quotes or as a block (never reinterpreted)
  bool flow = false;        // collection written as [..] or {..}
  std::vector<YamlNode> children; // sequence items, or map key, value, key, value ...
};

// Why a document could not be turned into a tree.
struct YamlProblem
{
  enum class Kind : std::uint8_t { syntax, anchor, depth, multiple_documents, empty } kind = Kind::syntax;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

struct YamlParse
{
  std::optional<YamlNode> root;
  std::optional<YamlProblem> problem;
};

// Parses `bytes` (valid UTF-8) into a tree, refusing anchors, aliases, custom tags, more than
// one document and nesting deeper than `max_depth`.
YamlParse parse_yaml(std::string_view bytes, std::uint32_t max_depth);

// The first quoted scalar in `root` whose closing quote is missing from `bytes` (yaml-cpp accepts
// an unterminated quote that runs to the end of the input), or null.
const YamlNode* find_unterminated_quote(const YamlNode& root, std::string_view bytes);

// How a plain scalar would be read by a YAML 1.1/1.2 loader: "null", "bool", "int", "float",
// or "" for a string.
std::string_view plain_scalar_type(std::string_view value);

} // namespace llmops::detail
