// The rules that compare cases with each other: duplicate ids and sources, near-identical
// titles from one company, and one company spelled two ways.
#include "llmops/lint.hpp"
#include "llmops/rules.hpp"
#include "llmops/text.hpp"
#include "llmops/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace llmops {

namespace {

class CrossChecker
{
public:
  CrossChecker(const std::vector<Case>& cases, const Config& config, const std::set<std::string>* report_for,
               std::vector<Diagnostic>& out)
    : m_cases(cases), m_config(config), m_report_for(report_for), m_out(out)
  {
    for (const Case& c : cases) {
      if (c.id.present) {
        m_ids.insert(c.id.value);
      }
    }
  }

  void run()
  {
    duplicate_ids();
    duplicate_urls();
    duplicate_titles_and_spellings();
    unknown_exceptions();
  }

private:
  bool wanted(const Case& c) const { return !m_report_for || m_report_for->count(c.path) > 0; }

  // True when either case names the other in `not_duplicate_of`.
  static bool excepted(const Case& a, const Case& b)
  {
    auto names = [](const Case& from, const Case& to) {
      return to.id.present && std::any_of(from.not_duplicate_of.begin(), from.not_duplicate_of.end(),
                                          [&](const auto& e) { return e.value == to.id.value; });
    };
    return names(a, b) || names(b, a);
  }

  void add(const Case& c, std::string_view rule, Position position, std::string message, std::size_t span)
  {
    Diagnostic d;
    d.path = c.path;
    d.position = position;
    d.span = static_cast<std::uint32_t>(std::clamp<std::size_t>(span, 1, 200));
    d.severity = rule_severity(m_config, rule);
    d.rule = std::string(rule);
    d.message = std::move(message);
    m_out.push_back(std::move(d));
  }

  void duplicate_ids()
  {
    std::unordered_map<std::string_view, std::vector<const Case*>> by_id;
    for (const Case& c : m_cases) {
      if (c.id.present) {
        by_id[c.id.value].push_back(&c);
      }
    }
    for (const auto& [id, group] : by_id) {
      for (const Case* c : group) {
        if (group.size() < 2 || !wanted(*c)) {
          continue;
        }
        std::vector<std::string> others;
        for (const Case* o : group) {
          if (o != c) {
            others.push_back(o->path);
          }
        }
        add(*c, "duplicate-id", c->id.position,
            fmt::format("id '{}' is also used by {}", id, fmt::join(others, ", ")), id.size());
      }
    }
  }

  void duplicate_urls()
  {
    struct Use
    {
      const Case* c;
      const Located<std::string>* url;
    };
    std::unordered_map<std::string, std::vector<Use>> by_url;
    for (const Case& c : m_cases) {
      std::set<std::string> own; // one case listing the same page twice is not a duplicate case
      auto note = [&](const Located<std::string>& url) {
        if (!url.present) {
          return;
        }
        std::string key = normalize_url(url.value);
        if (own.insert(key).second) {
          by_url[key].push_back({&c, &url});
        }
      };
      note(c.source_url);
      for (const auto& s : c.sources) {
        note(s);
      }
    }
    for (const auto& [key, uses] : by_url) {
      if (uses.size() < 2) {
        continue;
      }
      for (const Use& use : uses) {
        if (!wanted(*use.c)) {
          continue;
        }
        std::vector<std::string> others;
        for (const Use& other : uses) {
          if (other.c != use.c && !excepted(*use.c, *other.c)) {
            others.push_back(fmt::format("'{}' ({}:{})", other.c->id.value, other.c->path, other.url->position.line));
          }
        }
        if (others.empty()) {
          continue;
        }
        add(*use.c, "duplicate-url", use.url->position,
            fmt::format("source URL is also used by {}; merge the cases, or add 'not_duplicate_of: [{}]' if they are "
                        "different stories",
                        fmt::join(others, ", "), uses.front().c == use.c ? uses[1].c->id.value : uses.front().c->id.value),
            use.url->value.size());
      }
    }
  }

  void duplicate_titles_and_spellings()
  {
    std::unordered_map<std::string, std::vector<const Case*>> by_company;
    for (const Case& c : m_cases) {
      if (c.company.present) {
        std::string key = text::company_key(c.company.value);
        if (!key.empty()) {
          by_company[key].push_back(&c);
        }
      }
    }
    for (const auto& [key, group] : by_company) {
      if (group.size() < 2) {
        continue;
      }
      spellings(group);
      std::vector<std::vector<std::string>> words;
      words.reserve(group.size());
      for (const Case* c : group) {
        words.push_back(c->title.present ? text::title_words(c->title.value) : std::vector<std::string>{});
      }
      for (std::size_t i = 0; i < group.size(); ++i) {
        for (std::size_t j = i + 1; j < group.size(); ++j) {
          const Case& a = *group[i];
          const Case& b = *group[j];
          if (!a.title.present || !b.title.present || excepted(a, b)) {
            continue;
          }
          double similarity = text::title_similarity(words[i], words[j]);
          if (similarity >= m_config.title_similarity) {
            similar_titles(a, b, similarity);
            similar_titles(b, a, similarity);
          }
        }
      }
    }
  }

  void similar_titles(const Case& a, const Case& b, double similarity)
  {
    if (!wanted(a)) {
      return;
    }
    add(a, "duplicate-title", a.title.position,
        fmt::format("title is {:.0f}% like that of '{}' ({}) from the same company; merge the cases, or add "
                    "'not_duplicate_of: [{}]'",
                    similarity * 100, b.id.value, b.path, b.id.value),
        text::utf8_length(a.title.value));
  }

  // Reports cases whose company spelling differs from the most common spelling of the same name.
  void spellings(const std::vector<const Case*>& group)
  {
    std::map<std::string, std::size_t> counts;
    for (const Case* c : group) {
      ++counts[c->company.value];
    }
    if (counts.size() < 2) {
      return;
    }
    auto preferred = std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
      return a.second < b.second; // ties: the first in byte order wins
    });
    for (const Case* c : group) {
      if (c->company.value == preferred->first || !wanted(*c)) {
        continue;
      }
      add(*c, "company-spelling", c->company.position,
          fmt::format("company '{}' is spelled '{}' in {} other case{}; use one spelling", c->company.value,
                      preferred->first, preferred->second, preferred->second == 1 ? "" : "s"),
          text::utf8_length(c->company.value));
    }
  }

  void unknown_exceptions()
  {
    for (const Case& c : m_cases) {
      if (!wanted(c)) {
        continue;
      }
      for (const auto& e : c.not_duplicate_of) {
        if (!m_ids.count(e.value)) {
          add(c, "exception-unknown", e.position,
              fmt::format("not_duplicate_of names '{}', which is not a case in this database", e.value), e.value.size());
        } else if (c.id.present && e.value == c.id.value) {
          add(c, "exception-unknown", e.position, "not_duplicate_of names the case itself", e.value.size());
        }
      }
    }
  }

  const std::vector<Case>& m_cases;
  const Config& m_config;
  const std::set<std::string>* m_report_for;
  std::vector<Diagnostic>& m_out;
  std::unordered_set<std::string_view> m_ids;
};

} // namespace

void check_across_cases(const std::vector<Case>& cases, const Config& config, const std::set<std::string>* report_for,
                        std::vector<Diagnostic>& out)
{
  CrossChecker(cases, config, report_for, out).run();
}

} // namespace llmops
