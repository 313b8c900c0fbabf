#include "add_prompts.hpp"

#include "llmops/text.hpp"
#include "llmops/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>

namespace llmops::cli {

namespace {

// Checks one answer: an empty result accepts `value` (possibly rewritten), otherwise it is the
// problem to show before asking again.
using Check = std::function<std::string(std::string& value)>;

class Questions
{
public:
  Questions(Prompter& prompter, const Project& project, const AddContext& context, std::vector<AddField>& fields)
    : m_prompter(prompter), m_project(project), m_context(context), m_fields(fields)
  {
  }

  bool has(std::string_view name) const
  {
    return std::any_of(m_fields.begin(), m_fields.end(), [&](const AddField& f) { return f.name == name; });
  }

  std::vector<std::string> values(std::string_view name) const
  {
    std::vector<std::string> found;
    for (const AddField& f : m_fields) {
      if (f.name == name) {
        found.push_back(f.value);
      }
    }
    return found;
  }

  std::string value(std::string_view name) const
  {
    auto it = std::find_if(m_fields.begin(), m_fields.end(), [&](const AddField& f) { return f.name == name; });
    return it == m_fields.end() ? std::string() : it->value;
  }

  // Asks for `name` unless given; an empty answer to an optional field leaves it out.
  void field(const std::string& name, bool required, const Check& check, std::string_view hint = {})
  {
    if (has(name)) {
      return;
    }
    const FieldSpec* spec = m_project.schema.find(name);
    m_prompter.say(fmt::format("\n{}{}\n", spec ? spec->help : "", hint.empty() ? "" : fmt::format(" {}", hint)));
    for (;;) {
      std::string answer(text::trim(m_prompter.ask(fmt::format("{}{}: ", name, required ? "" : " (optional)"))));
      if (answer.empty() && !required) {
        return;
      }
      std::string problem = answer.empty() ? "an answer is required" : check(answer);
      if (problem.empty()) {
        m_fields.push_back({name, answer});
        return;
      }
      m_prompter.say(fmt::format("  {}\n", problem));
    }
  }

  // Asks for further items of the list `name` (one per answer) unless given; an empty answer ends it.
  void list_field(const std::string& name, const Check& check, std::string_view hint = {})
  {
    if (has(name)) {
      return;
    }
    const FieldSpec* spec = m_project.schema.find(name);
    m_prompter.say(fmt::format("\n{}{}\n", spec ? spec->help : "", hint.empty() ? "" : fmt::format(" {}", hint)));
    for (;;) {
      std::string answer(text::trim(m_prompter.ask(fmt::format("{} (optional, empty to end): ", name))));
      if (answer.empty()) {
        return;
      }
      std::string problem = check(answer);
      if (problem.empty()) {
        m_fields.push_back({name, answer});
      } else {
        m_prompter.say(fmt::format("  {}\n", problem));
      }
    }
  }

  // Asks for the text `name` over several lines unless given: an empty first line leaves it out,
  // a line holding only "." ends it, so that blank lines can separate paragraphs.
  void text_block(const std::string& name, const Check& check)
  {
    if (has(name)) {
      return;
    }
    const FieldSpec* spec = m_project.schema.find(name);
    m_prompter.say(fmt::format("\n{} Several lines; a line with only '.' ends them.\n", spec ? spec->help : ""));
    for (;;) {
      std::string first = m_prompter.ask(fmt::format("{} (optional): ", name));
      if (text::trim(first).empty()) {
        return;
      }
      std::string value = first;
      for (;;) {
        std::string line = m_prompter.ask("  ... ");
        if (line == ".") {
          break;
        }
        value += "\n" + line;
      }
      while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) {
        value.pop_back();
      }
      std::string problem = check(value);
      if (problem.empty()) {
        m_fields.push_back({name, value});
        return;
      }
      m_prompter.say(fmt::format("  {}; type it again\n", problem));
    }
  }

  std::string length(const std::string& name, const std::string& value) const
  {
    const FieldSpec* spec = m_project.schema.find(name);
    const std::size_t n = text::utf8_length(value);
    if (spec && spec->max_length && n > *spec->max_length) {
      return fmt::format("at most {} characters, please (this is {})", *spec->max_length, n);
    }
    return "";
  }

  std::string industry(std::string& value) const
  {
    const Vocabulary& v = m_project.vocabulary;
    const Industry* found = v.lookup_industry(value);
    found = found ? found : v.lookup_industry(text::ascii_lower(value));
    std::vector<std::string> starts;
    for (const Industry& i : v.industries()) {
      if (i.slug.starts_with(text::ascii_lower(value))) {
        starts.push_back(i.slug);
      }
    }
    if (!found && starts.size() == 1) {
      found = v.find_industry(starts.front());
    }
    if (found) {
      if (found->slug != value) {
        m_prompter.say(fmt::format("  -> {}\n", found->slug));
      }
      value = found->slug;
      return "";
    }
    if (starts.size() > 1) {
      return fmt::format("'{}' is the start of several industries: {}", value, fmt::join(starts, ", "));
    }
    auto suggestions = v.suggest_industries(value);
    return suggestions.empty() ? fmt::format("unknown industry '{}'", value)
                               : fmt::format("unknown industry '{}'; did you mean '{}'?", value, suggestions.front());
  }

  std::string year(std::string& value) const
  {
    long long year = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), year);
    const Limits& limits = m_project.config.limits;
    const long long max = (m_context.current_year != 0 ? m_context.current_year : std::stoi(today_utc().substr(0, 4))) +
                          limits.year_max_ahead;
    if (ec != std::errc{} || end != value.data() + value.size() || year < limits.year_min || year > max) {
      return fmt::format("a year from {} to {}, or nothing when unknown", limits.year_min, max);
    }
    return "";
  }

  std::string url(std::string& value, bool primary) const
  {
    std::string why;
    if (!parse_url(value, &why)) {
      return fmt::format("not an http(s) address: it {}", why);
    }
    CaseRecord probe;
    probe.source_url = value;
    for (const SimilarCase& s : find_similar_cases(probe, m_context, m_project.config, 2.0)) {
      if (s.same_url) {
        return fmt::format("this address is already catalogued as {} ({}){}", s.path, s.title,
                           primary ? "; give another, or Ctrl-C to stop" : "");
      }
    }
    return "";
  }

  std::string tags(std::string& value) const
  {
    std::vector<std::string> resolved;
    std::string problems;
    std::string items = value;
    std::replace(items.begin(), items.end(), ',', ' ');
    for (std::string_view item : text::split_lines(items)) {
      std::size_t start = 0;
      while (start < item.size()) {
        std::size_t end = std::min(item.find(' ', start), item.size());
        std::string_view word = item.substr(start, end - start);
        start = end + 1;
        if (word.empty()) {
          continue;
        }
        std::string_view tag = word.substr(word.find(':') == std::string_view::npos ? 0 : word.find(':') + 1);
        TagChoice choice = resolve_tag(m_project.vocabulary, tag, m_context.usage, true);
        if (choice.canonical.empty()) {
          problems += (problems.empty() ? "" : "\n  ") + tag_problem(m_project.vocabulary, tag, choice);
        } else {
          resolved.push_back(choice.family + ":" + choice.canonical);
        }
      }
    }
    if (!problems.empty()) {
      return problems;
    }
    m_prompter.say(fmt::format("  -> {}\n", fmt::join(resolved, " ")));
    value = fmt::format("{}", fmt::join(resolved, ","));
    return "";
  }

private:
  Prompter& m_prompter;
  const Project& m_project;
  const AddContext& m_context;
  std::vector<AddField>& m_fields;
};

} // namespace

std::vector<AddField> ask_fields(Prompter& prompter, const Project& project, const AddContext& context,
                                 std::vector<AddField> given)
{
  Questions q(prompter, project, context, given);
  auto text_field = [&](const std::string& name) { return [&q, name](std::string& v) { return q.length(name, v); }; };
  q.field("title", true, text_field("title"));
  q.field("company", true, [&](std::string& v) {
    std::string spelling = other_company_spelling(v, context);
    if (!spelling.empty() && prompter.confirm(fmt::format("  existing cases spell it '{}'; use that?", spelling), true)) {
      v = spelling;
    }
    return q.length("company", v);
  });
  std::vector<std::string> industries;
  for (const Industry& i : project.vocabulary.industries()) {
    industries.push_back(i.slug);
  }
  q.field("industry", true, [&](std::string& v) { return q.industry(v); },
          fmt::format("One of: {}.", fmt::join(industries, ", ")));
  q.field("year", false, [&](std::string& v) { return q.year(v); });
  q.field("source_url", true, [&](std::string& v) { return q.url(v, true); });
  q.list_field("sources", [&](std::string& v) {
    std::string problem = q.url(v, false);
    if (!problem.empty()) {
      return problem;
    }
    const std::string key = normalize_url(v);
    if (key == normalize_url(q.value("source_url"))) {
      return std::string("this is the primary source already");
    }
    for (const std::string& earlier : q.values("sources")) {
      if (normalize_url(earlier) == key) {
        return std::string("given already");
      }
    }
    return std::string();
  });
  if (!q.has("tags")) {
    const auto suggested = suggest_tags_for(project.vocabulary, q.value("title"), q.value("summary"));
    q.field("tags", true, [&](std::string& v) { return q.tags(v); },
            suggested.empty() ? "Separate tags with spaces; a prefix or an alias is enough."
                              : fmt::format("Separate tags with spaces; a prefix or an alias is enough. "
                                            "Suggested by the title: {}.",
                                            fmt::join(suggested, " ")));
  }
  q.field("summary", false, text_field("summary"));
  q.text_block("notes", text_field("notes"));
  q.field("status", false, [](std::string& v) {
    return v == "draft" || v == "published" ? std::string() : std::string("draft or published");
  }, "draft (the default) or published.");
  return given;
}

} // namespace llmops::cli
