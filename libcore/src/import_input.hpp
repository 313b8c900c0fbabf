#pragma once
// Private: turns the bytes of an import file (JSON Lines, a JSON array, or CSV with a header)
// into records, each a JSON object with the line it starts on. CSV cells become strings.

#include "llmops/importer.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmops::detail {

struct InputRecord
{
  std::size_t line = 0;              // 1-based line where the record starts
  nlohmann::ordered_json fields;     // an object, when `problem` is empty
  std::string problem;               // why the record could not be read
};

// The format of `bytes` read from a file named `name`: the extension decides for .jsonl,
// .ndjson and .csv; otherwise the first byte that is not white space ('[' a JSON array, '{'
// JSON Lines, anything else CSV).
InputFormat detect_format(std::string_view name, std::string_view bytes);

// Splits `bytes` into records. A record that cannot be read is returned with its `problem`; an
// input that cannot be read at all (a JSON array with a syntax error, a CSV file without a
// header) throws `Error` naming `name` and the line.
std::vector<InputRecord> read_input(std::string_view name, std::string_view bytes, InputFormat format);

} // namespace llmops::detail
