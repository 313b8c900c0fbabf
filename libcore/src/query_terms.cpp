#include "query_terms.hpp"

#include "llmops/search.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace llmops::detail {

namespace {

// The fields every database has, in the order messages list them (tag families come after tag).
constexpr std::array<std::string_view, 11> k_fixed_fields = {
  "tag", "industry", "company", "title", "status", "year", "created", "has", "missing", "url", "id"};

// Names `has:` and `missing:` accept besides the schema's fields and the tag families.
std::string_view presence_synonym(std::string_view name)
{
  return name == "created" ? "created_at" : name == "url" ? "source_url" : name;
}

// Sets the words and the search pattern of a text, title or company term from `value`; a final
// '*' makes the last word a prefix ("evaluat*" finds "evaluation" and "evaluating").
void set_words(Term& term, std::string_view value)
{
  value = text::trim(value);
  term.prefix = value.ends_with('*');
  term.words = search::words(value);
  term.pattern = search::phrase_pattern(term.words);
  if (term.prefix && !term.words.empty()) {
    term.pattern.pop_back();
  }
}

class TermBuilder
{
public:
  TermBuilder(const FieldWord& word, const Vocabulary& vocabulary, const Schema& schema)
    : m_word(word), m_vocabulary(vocabulary), m_schema(schema)
  {
    m_term.written = word.written;
    m_term.column = word.column;
  }

  Term build()
  {
    const std::string& name = m_word.name;
    const bool ordered = name == "year" || name == "created" || name == "created_at";
    if (!ordered && m_word.op != ":" && m_word.op != "=") {
      throw QueryError(m_word.column + name.size(), m_word.op.size(),
                       fmt::format("expected ':' after '{}' ({}:VALUE); only year and created compare with '{}'", name,
                                   name, m_word.op));
    }
    if (m_word.value.empty() || (m_word.quoted && text::trim(m_word.value).empty())) {
      fail(expected());
    }
    if (name == "tag" || m_vocabulary.find_family(name) != nullptr) {
      tags(name == "tag" ? "" : name);
    } else if (name == "industry") {
      industries();
    } else if (name == "status") {
      statuses();
    } else if (name == "year") {
      years();
    } else if (name == "created" || name == "created_at") {
      dates();
    } else if (name == "has" || name == "missing") {
      presence(name == "has" ? TermKind::has : TermKind::missing);
    } else if (name == "url") {
      m_term.kind = TermKind::url;
      m_term.pattern = text::ascii_lower(m_word.value);
    } else if (name == "id") {
      m_term.kind = TermKind::id;
      m_term.prefix = m_word.value.ends_with('*');
      m_term.pattern =
        text::ascii_lower(m_term.prefix ? m_word.value.substr(0, m_word.value.size() - 1) : m_word.value);
      if (m_term.pattern.empty()) {
        fail(expected(m_word.value));
      }
    } else {
      m_term.kind = name == "title" ? TermKind::title : TermKind::company;
      set_words(m_term, m_word.value);
      if (m_term.words.empty()) {
        fail(expected(m_word.value));
      }
    }
    return std::move(m_term);
  }

private:
  [[noreturn]] void fail(const std::string& message, std::size_t offset = 0, std::size_t span = 0) const
  {
    // Offsets inside a quoted value are not mapped back through escapes: point at the whole value.
    if (m_word.quoted) {
      throw QueryError(m_word.value_column, m_word.value_span, message);
    }
    throw QueryError(m_word.value_column + text::utf8_length(std::string_view(m_word.value).substr(0, offset)),
                     span > 0 ? span : m_word.value_span, message);
  }

  // What the value should be, and examples of it, for messages.
  std::pair<std::string, std::string> wanted() const
  {
    const std::string& name = m_word.name;
    if (name == "tag") {
      return {"a tag", "tag:rag or tag:rag,evals"};
    }
    if (const Family* family = m_vocabulary.find_family(name)) {
      for (const Tag& tag : m_vocabulary.tags()) {
        if (tag.family == family->slug && !tag.deprecated) {
          return {fmt::format("a tag of the {} family", name), fmt::format("{}:{}", name, tag.slug)};
        }
      }
      return {fmt::format("a tag of the {} family", name), "tag:rag"};
    }
    if (name == "industry") {
      auto first = m_vocabulary.industries().empty() ? std::string("finance") : m_vocabulary.industries().front().slug;
      return {"an industry", "industry:" + first};
    }
    if (name == "status") {
      const FieldSpec* spec = m_schema.find("status");
      std::string values = spec && !spec->values.empty() ? fmt::format("{}", fmt::join(spec->values, " or ")) : "draft";
      return {"a status", "status:" + values};
    }
    if (name == "year") {
      return {"a year", "year:2024, year>=2024 or year:2023..2025"};
    }
    if (name == "created" || name == "created_at") {
      return {"a date YYYY, YYYY-MM or YYYY-MM-DD", "created>=2025-01 or created:2024..2025-06"};
    }
    if (name == "has" || name == "missing") {
      return {"a field name", name + ":summary"};
    }
    if (name == "url") {
      return {"part of an address", "url:youtube.com"};
    }
    if (name == "id") {
      return {"a case id or a prefix", "id:acme-support-bot or id:acme-*"};
    }
    if (name == "company") {
      return {"words of the company name", "company:\"Mercado Libre\""};
    }
    return {"words of the title", "title:evaluation or title:\"knowledge graph\""};
  }

  // "expected a year after 'year>=', not '20x4' (as in year:2024, ...)".
  std::string expected(std::string_view got = {}) const
  {
    auto [what, examples] = wanted();
    std::string not_this = got.empty() ? "" : fmt::format(", not '{}'", got);
    return fmt::format("expected {} after '{}{}'{} (as in {})", what, m_word.name, m_word.op, not_this, examples);
  }

  // Calls `each(piece, offset)` for each comma-separated piece of the value.
  template <typename F> void each_piece(F each) const
  {
    const std::string& value = m_word.value;
    std::size_t start = 0;
    while (true) {
      std::size_t comma = value.find(',', start);
      std::size_t end = comma == std::string::npos ? value.size() : comma;
      std::string piece = text::ascii_lower(text::trim(std::string_view(value).substr(start, end - start)));
      if (piece.empty()) {
        fail(fmt::format("expected {} {} (as in {})", wanted().first,
                         comma == std::string::npos ? "after ','" : "before ','", wanted().second),
             start, 1);
      }
      each(piece, start, end - start);
      if (comma == std::string::npos) {
        return;
      }
      start = comma + 1;
    }
  }

  void tags(const std::string& family)
  {
    m_term.kind = TermKind::tag;
    m_term.family = family;
    each_piece([&](const std::string& piece, std::size_t offset, std::size_t length) {
      TagLookup look = m_vocabulary.lookup_tag(piece);
      if (look.match == TagMatch::unknown) {
        auto best = m_vocabulary.suggest_tags(piece, {}, 1);
        fail(best.empty() ? fmt::format("unknown tag '{}'; expected a tag of schema/tags.toml", piece)
                          : fmt::format("unknown tag '{}'; did you mean '{}'?", piece, best.front()),
             offset, length);
      }
      const std::string canonical(look.canonical);
      const Tag* tag = m_vocabulary.find_tag(canonical);
      if (!family.empty() && tag != nullptr && tag->family != family) {
        fail(fmt::format("'{}' is a tag of the {} family, not {}; write {}:{} or tag:{}", piece, tag->family, family,
                         tag->family, piece, piece),
             offset, length);
      }
      m_term.values.push_back(canonical);
      for (const Tag& entry : m_vocabulary.tags()) {
        accept_if_canonical(entry.slug, canonical);
        for (const std::string& alias : entry.aliases) {
          accept_if_canonical(alias, canonical);
        }
      }
    });
  }

  void accept_if_canonical(const std::string& written, const std::string& canonical)
  {
    if (m_vocabulary.lookup_tag(written).canonical == canonical &&
        std::find(m_term.accepted.begin(), m_term.accepted.end(), written) == m_term.accepted.end()) {
      m_term.accepted.push_back(written);
    }
  }

  void industries()
  {
    m_term.kind = TermKind::industry;
    each_piece([&](const std::string& piece, std::size_t offset, std::size_t length) {
      const Industry* industry = m_vocabulary.lookup_industry(piece);
      if (industry == nullptr) {
        auto best = m_vocabulary.suggest_industries(piece, 1);
        fail(best.empty() ? fmt::format("unknown industry '{}'; expected one of schema/industries.toml", piece)
                          : fmt::format("unknown industry '{}'; did you mean '{}'?", piece, best.front()),
             offset, length);
      }
      m_term.values.push_back(industry->slug);
      m_term.accepted.push_back(industry->slug);
      m_term.accepted.insert(m_term.accepted.end(), industry->aliases.begin(), industry->aliases.end());
    });
  }

  void statuses()
  {
    m_term.kind = TermKind::status;
    const FieldSpec* spec = m_schema.find("status");
    each_piece([&](const std::string& piece, std::size_t offset, std::size_t length) {
      if (spec && !spec->values.empty() &&
          std::find(spec->values.begin(), spec->values.end(), piece) == spec->values.end()) {
        fail(fmt::format("unknown status '{}'; expected {}", piece, fmt::join(spec->values, " or ")), offset, length);
      }
      m_term.values.push_back(piece);
      m_term.accepted.push_back(piece);
    });
  }

  // Splits a `:` value into its bounds: "A", "A..B", "A.." or "..B".
  std::pair<std::string, std::string> bounds() const
  {
    const std::string& v = m_word.value;
    const auto dots = v.find("..");
    if (dots == std::string::npos) {
      return {v, v};
    }
    if (m_word.op != ":" && m_word.op != "=") {
      fail(fmt::format("expected a single value after '{}', not a range", m_word.op));
    }
    if (v == "..") {
      fail(expected(v));
    }
    return {v.substr(0, dots), v.substr(dots + 2)};
  }

  long long year(const std::string& text, std::size_t offset) const
  {
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0 || value > 9999) {
      fail(expected(text.empty() ? m_word.value : text), offset, std::max<std::size_t>(1, text.size()));
    }
    return value;
  }

  void years()
  {
    m_term.kind = TermKind::year;
    const std::string& op = m_word.op;
    if (op == ":" || op == "=") {
      auto [from, to] = bounds();
      m_term.low = from.empty() ? LLONG_MIN : year(from, 0);
      m_term.high = to.empty() ? LLONG_MAX : year(to, m_word.value.size() - to.size());
      if (m_term.low > m_term.high) {
        fail(fmt::format("the range {} is empty: write the earlier year first", m_word.value));
      }
      return;
    }
    long long y = year(m_word.value, 0);
    m_term.low = op == ">=" ? y : op == ">" ? y + 1 : LLONG_MIN;
    m_term.high = op == "<=" ? y : op == "<" ? y - 1 : LLONG_MAX;
  }

  void date(const std::string& text, std::size_t offset) const
  {
    static constexpr std::string_view k_shape = "dddd-dd-dd";
    bool ok = text.size() == 4 || text.size() == 7 || text.size() == 10;
    for (std::size_t i = 0; ok && i < text.size(); ++i) {
      ok = k_shape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == '-';
    }
    if (!ok) {
      fail(expected(text), offset, std::max<std::size_t>(1, text.size()));
    }
  }

  void dates()
  {
    m_term.kind = TermKind::created;
    const std::string& op = m_word.op;
    if (op == ":" || op == "=") {
      auto [from, to] = bounds();
      if (!from.empty()) {
        date(from, 0);
      }
      if (!to.empty()) {
        date(to, m_word.value.size() - to.size());
      }
      if (!from.empty() && !to.empty() && from.substr(0, std::min(from.size(), to.size())) > to) {
        fail(fmt::format("the range {} is empty: write the earlier date first", m_word.value));
      }
      m_term.from = from;
      m_term.to = to;
      return;
    }
    date(m_word.value, 0);
    (op[0] == '>' ? m_term.from : m_term.to) = m_word.value;
    (op[0] == '>' ? m_term.from_inclusive : m_term.to_inclusive) = op.size() == 2;
  }

  void presence(TermKind kind)
  {
    m_term.kind = kind;
    const std::string value = text::ascii_lower(m_word.value);
    const std::string_view name = presence_synonym(value);
    std::vector<std::string> names;
    for (const FieldSpec& spec : m_schema.fields) {
      names.push_back(spec.name);
    }
    for (const Family& family : m_vocabulary.families()) {
      names.push_back(family.slug);
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string best;
      std::size_t best_distance = 3;
      for (const std::string& candidate : names) {
        if (std::size_t d = text::edit_distance(value, candidate); d < best_distance) {
          best_distance = d;
          best = candidate;
        }
      }
      fail(best.empty() ? fmt::format("unknown field '{}'; expected one of {}", value, fmt::join(names, ", "))
                        : fmt::format("unknown field '{}'; did you mean '{}'?", value, best));
    }
    m_term.field = std::string(name);
  }

  const FieldWord& m_word;
  const Vocabulary& m_vocabulary;
  const Schema& m_schema;
  Term m_term;
};

std::string quoted_words(const Term& term)
{
  std::string joined = fmt::format("{}{}", fmt::join(term.words, " "), term.prefix ? "*" : "");
  return term.words.size() == 1 ? joined : "\"" + joined + "\"";
}

} // namespace

bool is_field_name(std::string_view name, const Vocabulary& vocabulary)
{
  return std::find(k_fixed_fields.begin(), k_fixed_fields.end(), name) != k_fixed_fields.end() ||
         name == "created_at" || vocabulary.find_family(name) != nullptr;
}

std::string field_names(const Vocabulary& vocabulary)
{
  std::vector<std::string> names{"tag"};
  for (const Family& family : vocabulary.families()) {
    names.push_back(family.slug);
  }
  names.insert(names.end(), k_fixed_fields.begin() + 1, k_fixed_fields.end());
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string closest_field_name(std::string_view name, const Vocabulary& vocabulary)
{
  std::vector<std::string_view> names(k_fixed_fields.begin(), k_fixed_fields.end());
  for (const Family& family : vocabulary.families()) {
    names.push_back(family.slug);
  }
  // Short names are too close to each other for two edits to mean a typo.
  std::string best;
  std::size_t best_distance = name.size() <= 4 ? 2 : 3;
  for (std::string_view candidate : names) {
    if (std::size_t d = text::edit_distance(name, candidate); d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}

Term make_field_term(const FieldWord& word, const Vocabulary& vocabulary, const Schema& schema)
{
  return TermBuilder(word, vocabulary, schema).build();
}

Term make_text_term(std::string_view value, std::string_view written, std::size_t column, std::size_t span)
{
  Term term;
  term.kind = TermKind::text;
  term.written = std::string(written);
  term.column = column;
  set_words(term, value);
  if (term.words.empty()) {
    throw QueryError(column, span, fmt::format("expected a word or a phrase with letters or digits, not {}", written));
  }
  return term;
}

std::string describe_term(const Term& t)
{
  switch (t.kind) {
  case TermKind::text:
    return quoted_words(t);
  case TermKind::title:
  case TermKind::company:
    return fmt::format("{}:{}", t.kind == TermKind::title ? "title" : "company", quoted_words(t));
  case TermKind::tag:
    return fmt::format("{}:{}", t.family.empty() ? "tag" : t.family, fmt::join(t.values, ","));
  case TermKind::industry:
    return fmt::format("industry:{}", fmt::join(t.values, ","));
  case TermKind::status:
    return fmt::format("status:{}", fmt::join(t.values, ","));
  case TermKind::year: {
    std::string low = t.low == LLONG_MIN ? "" : std::to_string(t.low);
    std::string high = t.high == LLONG_MAX ? "" : std::to_string(t.high);
    return low == high ? "year:" + low : fmt::format("year:{}..{}", low, high);
  }
  case TermKind::created:
    if (t.from.empty() != t.to.empty()) {
      return t.from.empty() ? fmt::format("created<{}{}", t.to_inclusive ? "=" : "", t.to)
                            : fmt::format("created>{}{}", t.from_inclusive ? "=" : "", t.from);
    }
    return t.from == t.to ? "created:" + t.from : fmt::format("created:{}..{}", t.from, t.to);
  case TermKind::has:
  case TermKind::missing:
    return fmt::format("{}:{}", t.kind == TermKind::has ? "has" : "missing", t.field);
  case TermKind::url:
    return "url:" + t.pattern;
  case TermKind::id:
    return "id:" + t.pattern + (t.prefix ? "*" : "");
  }
  return {};
}

} // namespace llmops::detail
