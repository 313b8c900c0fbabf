#pragma once
// Building the terms of a query: from a field, an operator and a value as typed to a `Term` that
// is resolved against the vocabulary and the schema, or a `QueryError` at the value's column.

#include "llmops/query.hpp"

#include <string>
#include <string_view>

namespace llmops::detail {

// A `name OP value` term as typed, with the columns of its parts.
struct FieldWord
{
  std::string name;
  std::string op; // ":", "=", ">=", "<=", ">" or "<"
  std::string value;
  std::string written;          // the whole term as typed
  std::size_t column = 0;       // of the term
  std::size_t value_column = 0; // of the value (of its opening quote when quoted)
  std::size_t value_span = 0;
  bool quoted = false;
};

// True when `name` is a field a term can name: a fixed field or a tag family of `vocabulary`.
bool is_field_name(std::string_view name, const Vocabulary& vocabulary);

// The term for `word`; throws `QueryError` for an unknown field, a bad operator or value.
Term make_field_term(const FieldWord& word, const Vocabulary& vocabulary, const Schema& schema);

// The free-text term for `value` (a word or a quoted phrase) at `column`; throws `QueryError`
// when it has no letters or digits.
Term make_text_term(std::string_view value, std::string_view written, std::size_t column, std::size_t span);

// The term in the normalized form `Query::describe` uses.
std::string describe_term(const Term& term);

// The field names a term can use, for messages: "tag, application, ..., id".
std::string field_names(const Vocabulary& vocabulary);

// The field name at most two edits from `name` (one, for names of up to four letters), or "".
std::string closest_field_name(std::string_view name, const Vocabulary& vocabulary);

} // namespace llmops::detail
