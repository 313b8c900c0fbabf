// The query language: tokens, then a recursive-descent parser over
//
//   query   := or?
//   or      := and ("OR" and)*
//   and     := unary (["AND"] unary)*
//   unary   := ("NOT" | "-") unary | primary
//   primary := "(" or ")" | FIELD OP value | word | "phrase"
//
// Every error names the column where it was found and what was expected there.
#include "llmops/query.hpp"

#include "llmops/text.hpp"
#include "query_terms.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmops {

namespace {

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

struct Token
{
  enum class Kind : std::uint8_t { word, phrase, open, close, conjunction, disjunction, negation, minus, end };
  Kind kind = Kind::end;
  std::string text;      // a word as typed, or the content of a phrase without its quotes
  std::size_t begin = 0; // byte offsets into the expression
  std::size_t end = 0;
  bool value_phrase = false; // a word ending in an operator, directly followed by a phrase: `text`
  std::string phrase;        // is the word, `phrase` its quoted value starting at `phrase_begin`
  std::size_t phrase_begin = 0;
};

class Parser
{
public:
  Parser(std::string_view expression, const Vocabulary& vocabulary, const Schema& schema, Query& query)
    : m_expression(expression), m_vocabulary(vocabulary), m_schema(schema), m_query(query)
  {}

  void run()
  {
    tokenize();
    if (peek().kind == Token::Kind::end) {
      m_query.root = QueryNode{};
      return;
    }
    m_query.root = parse_or();
    if (peek().kind == Token::Kind::close) {
      fail(peek().begin, peek().end, "unexpected ')': no '(' is open before it");
    }
  }

private:
  std::size_t column(std::size_t offset) const { return text::utf8_column(m_expression, offset); }

  [[noreturn]] void fail(std::size_t begin, std::size_t end, const std::string& message) const
  {
    std::size_t span = std::max<std::size_t>(1, text::utf8_length(m_expression.substr(begin, end - begin)));
    throw QueryError(column(begin), span, message);
  }

  // Reads the phrase whose opening quote is at `at`; returns the offset after the closing quote.
  std::size_t read_phrase(std::size_t at, std::string& out) const
  {
    for (std::size_t i = at + 1; i < m_expression.size(); ++i) {
      char c = m_expression[i];
      if (c == '\\' && i + 1 < m_expression.size() && (m_expression[i + 1] == '"' || m_expression[i + 1] == '\\')) {
        out.push_back(m_expression[++i]);
      } else if (c == '"') {
        return i + 1;
      } else {
        out.push_back(c);
      }
    }
    fail(at, at + 1, "this quoted phrase is never closed: expected a closing '\"'");
  }

  void tokenize()
  {
    const std::string_view s = m_expression;
    std::size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      Token token;
      token.begin = i;
      if (is_space(c)) {
        ++i;
        continue;
      }
      if (c == '(' || c == ')') {
        token.kind = c == '(' ? Token::Kind::open : Token::Kind::close;
        token.end = ++i;
      } else if (c == '"') {
        token.kind = Token::Kind::phrase;
        token.end = i = read_phrase(i, token.text);
      } else if (c == '-') {
        if (i + 1 == s.size() || is_space(s[i + 1]) || s[i + 1] == ')' || s[i + 1] == '-') {
          fail(i, i + 1, "expected a term right after '-' (as in -tag:poc, which leaves out what matches tag:poc)");
        }
        token.kind = Token::Kind::minus;
        token.end = ++i;
      } else {
        std::size_t j = i;
        while (j < s.size() && !is_space(s[j]) && s[j] != '(' && s[j] != ')' && s[j] != '"') {
          ++j;
        }
        token.text = std::string(s.substr(i, j - i));
        token.end = j;
        if (token.text == "AND" || token.text == "OR" || token.text == "NOT") {
          token.kind = token.text == "AND"  ? Token::Kind::conjunction
                       : token.text == "OR" ? Token::Kind::disjunction
                                            : Token::Kind::negation;
        } else {
          token.kind = Token::Kind::word;
          if (j < s.size() && s[j] == '"' &&
              std::string_view(":=<>").find(token.text.back()) != std::string_view::npos) {
            token.value_phrase = true;
            token.phrase_begin = j;
            token.end = j = read_phrase(j, token.phrase);
          }
        }
        i = j;
      }
      m_tokens.push_back(std::move(token));
    }
    Token end;
    end.begin = end.end = s.size();
    m_tokens.push_back(end);
  }

  const Token& peek() const { return m_tokens[m_at]; }
  const Token& take() { return m_tokens[m_at++]; }

  static bool starts_term(Token::Kind kind)
  {
    return kind == Token::Kind::word || kind == Token::Kind::phrase || kind == Token::Kind::open ||
           kind == Token::Kind::negation || kind == Token::Kind::minus;
  }

  static QueryNode join(QueryNode::Kind kind, std::vector<QueryNode> children)
  {
    if (children.size() == 1) {
      return std::move(children.front());
    }
    QueryNode node;
    node.kind = kind;
    node.children = std::move(children);
    return node;
  }

  QueryNode parse_or()
  {
    std::vector<QueryNode> children{parse_and()};
    while (peek().kind == Token::Kind::disjunction) {
      const Token& op = take();
      if (!starts_term(peek().kind)) {
        fail(op.begin, op.end, "expected a term after OR");
      }
      children.push_back(parse_and());
    }
    return join(QueryNode::Kind::disjunction, std::move(children));
  }

  QueryNode parse_and()
  {
    std::vector<QueryNode> children{parse_unary()};
    while (true) {
      if (peek().kind == Token::Kind::conjunction) {
        const Token& op = take();
        if (!starts_term(peek().kind)) {
          fail(op.begin, op.end, "expected a term after AND");
        }
      } else if (!starts_term(peek().kind)) {
        break;
      }
      children.push_back(parse_unary());
    }
    return join(QueryNode::Kind::conjunction, std::move(children));
  }

  QueryNode parse_unary()
  {
    if (peek().kind == Token::Kind::negation || peek().kind == Token::Kind::minus) {
      const Token& op = take();
      if (!starts_term(peek().kind)) {
        fail(op.begin, op.end,
             op.kind == Token::Kind::minus ? "expected a term after '-'" : "expected a term after NOT");
      }
      ++m_negations;
      QueryNode node;
      node.kind = QueryNode::Kind::negation;
      node.children.push_back(parse_unary());
      --m_negations;
      return node;
    }
    return parse_primary();
  }

  QueryNode parse_primary()
  {
    const Token& token = take();
    switch (token.kind) {
    case Token::Kind::open: {
      if (peek().kind == Token::Kind::close || peek().kind == Token::Kind::end) {
        fail(token.begin, peek().end, "expected a term after '('");
      }
      QueryNode node = parse_or();
      if (peek().kind != Token::Kind::close) {
        fail(peek().begin, peek().end, fmt::format("expected ')' to close the '(' at column {}", column(token.begin)));
      }
      take();
      return node;
    }
    case Token::Kind::phrase:
      return add(detail::make_text_term(token.text, m_expression.substr(token.begin, token.end - token.begin),
                                        column(token.begin), span(token)));
    case Token::Kind::word:
      return word_term(token);
    case Token::Kind::close:
      fail(token.begin, token.end, "expected a term before ')'");
    case Token::Kind::conjunction:
    case Token::Kind::disjunction:
      fail(token.begin, token.end,
           fmt::format("expected a term, not {} (AND and OR go between two terms)", token.text));
    default:
      fail(token.begin, token.end, "expected a term at the end of the query");
    }
  }

  std::size_t span(const Token& token) const
  {
    return text::utf8_length(m_expression.substr(token.begin, token.end - token.begin));
  }

  QueryNode word_term(const Token& token)
  {
    const std::string& w = token.text;
    const std::size_t op_at = w.find_first_of(":=<>");
    const bool named = op_at != std::string::npos && op_at > 0 &&
                       std::all_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(op_at), is_name_char);
    const std::string_view written = m_expression.substr(token.begin, token.end - token.begin);
    if (!named) {
      return add(detail::make_text_term(w, written, column(token.begin), span(token)));
    }
    detail::FieldWord field;
    field.name = text::ascii_lower(w.substr(0, op_at));
    if (!detail::is_field_name(field.name, m_vocabulary)) {
      const std::string name = w.substr(0, op_at);
      const std::string close = detail::closest_field_name(field.name, m_vocabulary);
      if (!close.empty()) {
        fail(token.begin, token.begin + op_at, fmt::format("unknown field '{}'; did you mean '{}'?", name, close));
      }
      std::string hint = token.value_phrase ? std::string()
                                            : fmt::format(" (to search for the text itself, put it in quotes: "
                                                          "\"{}\")",
                                                          written);
      fail(token.begin, token.begin + op_at,
           fmt::format("unknown field '{}'; expected one of {}{}", name, detail::field_names(m_vocabulary), hint));
    }
    std::size_t value_at = op_at + 1;
    if ((w[op_at] == '<' || w[op_at] == '>') && value_at < w.size() && w[value_at] == '=') {
      ++value_at;
    }
    field.op = w.substr(op_at, value_at - op_at);
    field.written = std::string(written);
    field.column = column(token.begin);
    if (token.value_phrase) {
      if (value_at != w.size()) {
        fail(token.begin + value_at, token.phrase_begin, "expected the value either quoted or not, not both");
      }
      field.value = token.phrase;
      field.quoted = true;
      field.value_column = column(token.phrase_begin);
      field.value_span = text::utf8_length(m_expression.substr(token.phrase_begin, token.end - token.phrase_begin));
    } else {
      field.value = w.substr(value_at);
      field.value_column = column(token.begin + value_at);
      field.value_span = std::max<std::size_t>(1, text::utf8_length(field.value));
    }
    return add(detail::make_field_term(field, m_vocabulary, m_schema));
  }

  QueryNode add(Term term)
  {
    term.scored = term.kind == TermKind::text && m_negations == 0;
    QueryNode node;
    node.kind = QueryNode::Kind::term;
    node.term = m_query.terms.size();
    m_query.terms.push_back(std::move(term));
    return node;
  }

  std::string_view m_expression;
  const Vocabulary& m_vocabulary;
  const Schema& m_schema;
  Query& m_query;
  std::vector<Token> m_tokens;
  std::size_t m_at = 0;
  int m_negations = 0;
};

void describe_node(const Query& query, const QueryNode& node, std::string& out)
{
  switch (node.kind) {
  case QueryNode::Kind::all:
    out += "*";
    return;
  case QueryNode::Kind::term:
    out += detail::describe_term(query.terms[node.term]);
    return;
  default:
    break;
  }
  out += node.kind == QueryNode::Kind::negation ? "(not" : node.kind == QueryNode::Kind::conjunction ? "(and" : "(or";
  for (const QueryNode& child : node.children) {
    out += ' ';
    describe_node(query, child, out);
  }
  out += ')';
}

} // namespace

Query parse_query(std::string_view expression, const Vocabulary& vocabulary, const Schema& schema)
{
  if (std::size_t bad = 0; !text::is_valid_utf8(expression, &bad)) {
    // Checked first: the parser counts columns in characters, which only UTF-8 has.
    throw QueryError(text::utf8_column(expression, bad), 1,
                     fmt::format("the query is not valid UTF-8: byte 0x{:02X} is not part of a character; retype it "
                                 "in a UTF-8 terminal",
                                 static_cast<unsigned char>(expression[bad])));
  }
  Query query;
  query.expression = std::string(expression);
  Parser(query.expression, vocabulary, schema, query).run();
  return query;
}

bool Query::ranked() const
{
  return std::any_of(terms.begin(), terms.end(), [](const Term& t) { return t.scored; });
}

bool Query::needs_search_text() const
{
  return std::any_of(terms.begin(), terms.end(), [](const Term& t) { return t.kind == TermKind::text; });
}

std::string Query::describe() const
{
  std::string out;
  describe_node(*this, root, out);
  return out;
}

std::string format_query_error(std::string_view expression, const QueryError& error)
{
  std::string line;
  for (char c : expression) {
    line.push_back(is_space(c) ? ' ' : c); // keep the caret under its column when arguments held newlines
  }
  std::string caret(error.column() > 0 ? error.column() - 1 : 0, ' ');
  caret += '^';
  caret.append(error.span() > 1 ? error.span() - 1 : 0, '~');
  return fmt::format("{}\n  {}\n  {}", error.what(), line, caret);
}

} // namespace llmops
