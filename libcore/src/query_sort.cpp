#include "query_sort.hpp"

#include "llmops/text.hpp"

#include <algorithm>
#include <numeric>

namespace llmops {

namespace {

constexpr std::pair<std::string_view, SortField> k_sort_fields[] = {{"relevance", SortField::relevance},
                                                                    {"year", SortField::year},
                                                                    {"title", SortField::title},
                                                                    {"company", SortField::company},
                                                                    {"industry", SortField::industry},
                                                                    {"status", SortField::status},
                                                                    {"created", SortField::created},
                                                                    {"id", SortField::id},
                                                                    {"path", SortField::path}};

const Located<std::string>* text_value(const Case& c, SortField field)
{
  switch (field) {
  case SortField::title:
    return &c.title;
  case SortField::company:
    return &c.company;
  case SortField::industry:
    return &c.industry;
  case SortField::status:
    return &c.status;
  case SortField::created:
    return &c.created_at;
  case SortField::id:
    return &c.id;
  default:
    return nullptr;
  }
}

int sign(int value)
{
  return (value > 0) - (value < 0);
}

} // namespace

std::optional<SortKey> parse_sort_key(std::string_view text)
{
  const auto colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const std::string_view direction = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (colon != std::string_view::npos && direction != "asc" && direction != "desc") {
    return std::nullopt;
  }
  for (const auto& [field_name, field] : k_sort_fields) {
    if (field_name == name) {
      return SortKey{field, direction.empty() ? field == SortField::relevance : direction == "desc"};
    }
  }
  return std::nullopt;
}

std::vector<std::string> sort_field_names()
{
  std::vector<std::string> names;
  for (const auto& entry : k_sort_fields) {
    names.emplace_back(entry.first);
  }
  return names;
}

namespace detail {

void sort_matches(std::vector<Match>& matches, const CaseIndex& index, bool ranked, const std::optional<SortKey>& sort)
{
  const std::size_t m = matches.size();
  std::vector<SortKey> chain;
  if (sort) {
    chain.push_back(*sort);
  }
  if (ranked) {
    chain.push_back({SortField::relevance, true});
  }
  chain.push_back({SortField::year, true});
  chain.push_back({SortField::title, false});
  chain.push_back({SortField::path, false});
  // Titles and companies compare folded; fold each once.
  std::vector<std::string> titles(m);
  std::vector<std::string> companies(sort && sort->field == SortField::company ? m : 0);
  for (std::size_t i = 0; i < m; ++i) {
    titles[i] = text::fold(index.at(matches[i].index).title.value);
    if (!companies.empty()) {
      companies[i] = text::fold(index.at(matches[i].index).company.value);
    }
  }
  // Ascending comparison of matches `a` and `b` on `field`: negative when `a` comes first.
  auto compare = [&](SortField field, std::size_t a, std::size_t b) -> int {
    const Case& x = index.at(matches[a].index);
    const Case& y = index.at(matches[b].index);
    switch (field) {
    case SortField::relevance:
      return (matches[a].score > matches[b].score) - (matches[a].score < matches[b].score);
    case SortField::year:
      return (x.year.value > y.year.value) - (x.year.value < y.year.value);
    case SortField::title:
      return sign(titles[a].compare(titles[b]));
    case SortField::company:
      return sign(companies[a].compare(companies[b]));
    case SortField::path:
      return sign(x.path.compare(y.path));
    default: {
      const Located<std::string>* x_value = text_value(x, field);
      const Located<std::string>* y_value = text_value(y, field);
      return x_value != nullptr && y_value != nullptr ? sign(x_value->value.compare(y_value->value)) : 0;
    }
    }
  };
  auto missing = [&](SortField field, std::size_t a) {
    const Case& c = index.at(matches[a].index);
    if (field == SortField::year) {
      return !c.year.present;
    }
    const Located<std::string>* value = text_value(c, field);
    return value != nullptr && !value->present;
  };
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    for (const SortKey& key : chain) {
      const bool missing_a = missing(key.field, a);
      const bool missing_b = missing(key.field, b);
      if (missing_a != missing_b) {
        return missing_b;
      }
      if (missing_a) {
        continue;
      }
      const int c = compare(key.field, a, b);
      if (c != 0) {
        return key.descending ? c > 0 : c < 0;
      }
    }
    return false;
  });
  std::vector<Match> sorted;
  sorted.reserve(m);
  for (std::size_t i : order) {
    sorted.push_back(matches[i]);
  }
  matches = std::move(sorted);
}

} // namespace detail

} // namespace llmops
