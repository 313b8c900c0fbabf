#include "llmops/tag_report.hpp"

#include "llmops/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace llmops {

namespace {

// The vocabulary entries (canonical or deprecated) each case writes, once each.
std::vector<std::vector<const Tag*>> entries_per_case(const std::vector<Case>& cases, const Vocabulary& vocabulary)
{
  std::vector<std::vector<const Tag*>> out;
  out.reserve(cases.size());
  for (const Case& c : cases) {
    std::vector<const Tag*> tags;
    for (const TagRef& ref : c.tags) {
      TagLookup found = vocabulary.lookup_tag(ref.slug);
      if (found.tag && std::find(tags.begin(), tags.end(), found.tag) == tags.end()) {
        tags.push_back(found.tag);
      }
    }
    out.push_back(std::move(tags));
  }
  return out;
}

std::string case_name(const Case& c)
{
  return c.id.present ? c.id.value : c.path;
}

nlohmann::json row_json(const TagRow& row)
{
  nlohmann::json j = {{"slug", row.tag->slug},          {"family", row.tag->family},
                      {"label", row.tag->label},        {"description", row.tag->description},
                      {"cases", row.cases.size()},      {"aliases", row.tag->aliases},
                      {"deprecated", row.tag->deprecated}};
  if (row.tag->deprecated) {
    j["replaced_by"] = row.tag->replaced_by;
  }
  return j;
}

std::string csv_cell(const std::string& s)
{
  if (s.find_first_of(",\"\n") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c == '"' ? "\"\"" : std::string(1, c);
  }
  return out + "\"";
}

nlohmann::json pair_json(const TagPair& p, const char* count_name)
{
  return {{"a", p.a}, {"b", p.b}, {"a_cases", p.a_cases}, {"b_cases", p.b_cases}, {count_name, p.both}};
}

} // namespace

std::vector<TagRow> tag_rows(const std::vector<Case>& cases, const Vocabulary& vocabulary)
{
  std::map<const Tag*, std::vector<std::string>> by_tag;
  auto per_case = entries_per_case(cases, vocabulary);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (const Tag* tag : per_case[i]) {
      by_tag[tag].push_back(case_name(cases[i]));
    }
  }
  std::vector<TagRow> rows;
  for (const Tag& tag : vocabulary.tags()) {
    TagRow row{&tag, std::move(by_tag[&tag])};
    std::sort(row.cases.begin(), row.cases.end());
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Companion> companions(const std::vector<Case>& cases, const Vocabulary& vocabulary,
                                  const std::string& slug, std::size_t limit)
{
  std::map<std::string, std::size_t> counts;
  for (const auto& tags : entries_per_case(cases, vocabulary)) {
    if (std::none_of(tags.begin(), tags.end(), [&](const Tag* t) { return t->slug == slug; })) {
      continue;
    }
    for (const Tag* t : tags) {
      if (t->slug != slug) {
        ++counts[t->slug];
      }
    }
  }
  std::vector<Companion> out;
  for (const auto& [s, n] : counts) {
    out.push_back({s, n});
  }
  std::stable_sort(out.begin(), out.end(), [](const Companion& a, const Companion& b) { return a.count > b.count; });
  if (out.size() > limit) {
    out.resize(limit);
  }
  return out;
}

TagHealth tag_health(const std::vector<Case>& cases, const Vocabulary& vocabulary, std::size_t min_cases,
                     double overlap)
{
  TagHealth health;
  std::map<std::string, std::size_t> count;
  for (TagRow& row : tag_rows(cases, vocabulary)) {
    if (row.tag->deprecated) {
      if (!row.tag->replaced_by.empty()) {
        const Tag* next = vocabulary.find_tag(row.tag->replaced_by);
        if (!next || next->deprecated) {
          health.chains.push_back(row.tag->slug + " -> " + row.tag->replaced_by);
        }
      }
      continue;
    }
    count[row.tag->slug] = row.cases.size();
    if (row.cases.empty()) {
      health.unused.push_back(row.tag->slug);
    } else if (row.cases.size() < min_cases) {
      health.rare.push_back(std::move(row));
    }
  }
  std::vector<const Tag*> canonical;
  for (const Tag& tag : vocabulary.tags()) {
    if (!tag.deprecated) {
      canonical.push_back(&tag);
    }
  }
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    for (std::size_t j = i + 1; j < canonical.size(); ++j) {
      const std::string& a = canonical[i]->slug;
      const std::string& b = canonical[j]->slug;
      std::size_t distance = text::edit_distance(a, b);
      if (std::min(a.size(), b.size()) >= 5 && distance <= 2) {
        health.near_duplicates.push_back({a, b, count[a], count[b], distance});
      }
    }
  }
  std::map<std::pair<std::string, std::string>, std::size_t> both;
  for (const auto& tags : entries_per_case(cases, vocabulary)) {
    std::vector<std::string> slugs;
    for (const Tag* t : tags) {
      if (!t->deprecated) {
        slugs.push_back(t->slug);
      }
    }
    std::sort(slugs.begin(), slugs.end());
    for (std::size_t i = 0; i < slugs.size(); ++i) {
      for (std::size_t j = i + 1; j < slugs.size(); ++j) {
        ++both[{slugs[i], slugs[j]}];
      }
    }
  }
  for (const auto& [pair, n] : both) {
    const std::size_t a = count[pair.first];
    const std::size_t b = count[pair.second];
    if (n >= 3 && static_cast<double>(n) >= overlap * static_cast<double>(std::max(a, b))) {
      health.together.push_back({pair.first, pair.second, a, b, n});
    }
  }
  std::stable_sort(health.together.begin(), health.together.end(),
                   [](const TagPair& x, const TagPair& y) { return x.both > y.both; });
  return health;
}

std::string tag_rows_json(const std::vector<TagRow>& rows)
{
  nlohmann::json out = nlohmann::json::array();
  for (const TagRow& row : rows) {
    out.push_back(row_json(row));
  }
  return out.dump(2) + "\n";
}

std::string tag_rows_csv(const std::vector<TagRow>& rows)
{
  std::string out = "slug,family,label,cases,aliases,deprecated,replaced_by\n";
  for (const TagRow& row : rows) {
    std::string aliases;
    for (const auto& a : row.tag->aliases) {
      aliases += (aliases.empty() ? "" : " ") + a;
    }
    out += csv_cell(row.tag->slug) + "," + csv_cell(row.tag->family) + "," + csv_cell(row.tag->label) + "," +
           std::to_string(row.cases.size()) + "," + csv_cell(aliases) + "," + (row.tag->deprecated ? "true" : "false") +
           "," + csv_cell(row.tag->replaced_by) + "\n";
  }
  return out;
}

std::string tag_show_json(const TagRow& row, const std::vector<Companion>& with)
{
  nlohmann::json j = row_json(row);
  j["keywords"] = row.tag->keywords;
  j["case_ids"] = row.cases;
  nlohmann::json list = nlohmann::json::array();
  for (const Companion& c : with) {
    list.push_back({{"slug", c.slug}, {"cases", c.count}});
  }
  j["appears_with"] = list;
  return j.dump(2) + "\n";
}

std::string tag_health_json(const TagHealth& health)
{
  nlohmann::json j;
  j["unused"] = health.unused;
  j["rare"] = nlohmann::json::array();
  for (const TagRow& row : health.rare) {
    j["rare"].push_back({{"slug", row.tag->slug}, {"cases", row.cases.size()}});
  }
  j["chains"] = health.chains;
  j["near_duplicates"] = nlohmann::json::array();
  for (const TagPair& p : health.near_duplicates) {
    j["near_duplicates"].push_back(pair_json(p, "distance"));
  }
  j["together"] = nlohmann::json::array();
  for (const TagPair& p : health.together) {
    j["together"].push_back(pair_json(p, "both"));
  }
  return j.dump(2) + "\n";
}

} // namespace llmops
