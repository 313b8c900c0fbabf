// Vocabulary operations: each edits the text of tags.toml, loads the result as a vocabulary to
// prove it valid, and (for merge, rename and apply) rewrites the cases that change, checking each.
#include "llmops/tags_ops.hpp"

#include "llmops/case_edit.hpp"
#include "llmops/case_index.hpp"
#include "llmops/case_reader.hpp"
#include "llmops/error.hpp"
#include "llmops/fixer.hpp"
#include "llmops/fs.hpp"
#include "vocab_edit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <random>
#include <regex>
#include <thread>

namespace llmops {

namespace fs = std::filesystem;

namespace {

int this_year()
{
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

std::string tags_file(const Project& project)
{
  return project.config.schema_dir + "/tags.toml";
}

void require_slug(const std::string& slug)
{
  static const std::regex k_slug("[a-z0-9]+(-[a-z0-9]+)*");
  if (!std::regex_match(slug, k_slug)) {
    throw Error(fmt::format("'{}' is not a slug: lowercase ASCII words joined by '-'", slug));
  }
}

// The canonical tag `slug`; throws when it is unknown, an alias or deprecated.
const Tag& require_canonical(const Vocabulary& vocabulary, const std::string& slug)
{
  TagLookup found = vocabulary.lookup_tag(slug);
  switch (found.match) {
  case TagMatch::canonical:
    return *found.tag;
  case TagMatch::alias:
    throw Error(fmt::format("'{}' is an alias of '{}', not a tag of its own", slug, found.canonical));
  case TagMatch::deprecated:
    throw Error(fmt::format("tag '{}' is deprecated", slug));
  case TagMatch::unknown:
    break;
  }
  throw Error(fmt::format("unknown tag '{}'", slug));
}

void require_free(const Vocabulary& vocabulary, const std::string& slug)
{
  require_slug(slug);
  TagLookup found = vocabulary.lookup_tag(slug);
  if (found.match == TagMatch::alias) {
    throw Error(fmt::format("'{}' is already an alias of '{}'", slug, found.canonical));
  }
  if (found.match != TagMatch::unknown) {
    throw Error(fmt::format("'{}' is already a tag", slug));
  }
}

// Loads the vocabulary that `tags_text` would make, proving the edited file valid.
Vocabulary load_edited(const Project& project, const std::string& tags_text)
{
  const fs::path schema = project.config.root / project.config.schema_dir;
  std::random_device random;
  const fs::path dir = fs::temp_directory_path() / fmt::format("llmops-vocabulary-{:x}", random());
  fs::create_directories(dir);
  try {
    write_file_atomic(dir / "tags.toml", tags_text);
    write_file_atomic(dir / "industries.toml", read_whole_file(schema / "industries.toml"));
    Vocabulary vocabulary = Vocabulary::load(dir);
    fs::remove_all(dir);
    return vocabulary;
  } catch (const Error& e) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    std::string message = e.what();
    if (auto at = message.find((dir / "tags.toml").string()); at != std::string::npos) {
      message.replace(at, (dir / "tags.toml").string().size(), tags_file(project));
    }
    throw Error("the edited vocabulary would be invalid: " + message);
  }
}

// A plan that changes only tags.toml to `after`, once it loads.
TagPlan vocabulary_plan(const Project& project, const detail::TagsToml& edited)
{
  load_edited(project, edited.text());
  TagPlan plan;
  plan.files.push_back({tags_file(project), read_whole_file(project.config.root / tags_file(project)), edited.text()});
  return plan;
}

detail::TagsToml open_tags(const Project& project)
{
  return detail::TagsToml(read_whole_file(project.config.root / tags_file(project)), tags_file(project));
}

std::size_t count_errors(const std::vector<Diagnostic>& diagnostics)
{
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

// What planning found for one case: its new bytes, or why it cannot be rewritten (or neither).
struct CaseOutcome
{
  std::optional<FileChange> change;
  std::optional<Diagnostic> problem;
};

// Rewrites the cases among `paths` whose tags `retag` changes, checking each result against
// `after` (the vocabulary once the plan is applied) and adding them, or their problems, to `plan`
// in the order of `paths`. A case that names none of `mentions` (when given) is skipped by a byte
// search, unparsed. A changed case is parsed once to locate its tags and once, by
// `check_case_file`, to verify the result; its old text is checked as well only when the result
// has errors, to tell whether it had as many before. Cases are planned in parallel; `retag` must
// be safe to call from several threads.
void retag_cases(const Project& project, const Vocabulary& after, const Store& store,
                 const std::vector<std::string>& paths, const std::vector<std::string>& mentions,
                 const std::function<bool(std::vector<FamilyTags>&)>& retag, TagPlan& plan)
{
  const int year = this_year();
  const CheckContext old_context{project.config, project.schema, project.vocabulary, year};
  const CheckContext new_context{project.config, project.schema, after, year};
  const std::uint64_t limit = project.config.limits.max_file_bytes + 1;
  std::vector<CaseOutcome> outcomes(paths.size());
  auto plan_case = [&](const std::string& path, CaseOutcome& outcome) {
    ReadResult read = store.read(path, limit);
    if (!read.ok || read.truncated) {
      return;
    }
    std::string& bytes = read.bytes;
    if (!mentions.empty() && std::none_of(mentions.begin(), mentions.end(), [&](const std::string& m) {
          return bytes.find(m) != std::string::npos;
        })) {
      return;
    }
    auto problem = [&](std::string message) {
      Diagnostic d;
      d.path = path;
      d.rule = "tag-edit";
      d.message = std::move(message);
      outcome.problem = std::move(d);
    };
    CaseRetag retagged = retag_case(bytes, retag, after);
    if (!retagged.located) {
      // The case names a tag this operation changes (or was asked for by name) but its tags
      // cannot be located: stop rather than leave it behind.
      problem("cannot locate the tags of this case; run 'llmops lint' on it");
      return;
    }
    if (!retagged.changed) {
      return;
    }
    if (!retagged.rewrite.ok()) {
      problem("cannot rewrite the tags: " + retagged.rewrite.problem);
      return;
    }
    std::string& text = retagged.rewrite.text;
    FileReport after_report = check_case_file(path, text, new_context);
    if (!after_report.facts.parsed || !same_tags(after_report.facts.tags, retagged.wanted)) {
      problem("cannot rewrite the tags: the edited file would not hold the wanted tags");
      return;
    }
    const std::size_t errors = count_errors(after_report.diagnostics);
    if (errors > 0 && errors > count_errors(check_case_file(path, bytes, old_context).diagnostics)) {
      for (const Diagnostic& d : after_report.diagnostics) {
        if (d.severity == Severity::error) {
          problem("the rewritten case would fail: " + d.message + " [" + d.rule + "]");
          break;
        }
      }
      return;
    }
    outcome.change = FileChange{path, std::move(bytes), std::move(text)};
  };
  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      plan_case(paths[i], outcomes[i]);
    }
  };
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(paths.size() / 64, 1)));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back(work);
    }
    work();
  }
  for (CaseOutcome& outcome : outcomes) {
    if (outcome.problem) {
      plan.problems.push_back(std::move(*outcome.problem));
    } else if (outcome.change) {
      plan.files.push_back(std::move(*outcome.change));
      ++plan.cases_changed;
    }
  }
}

// Replaces `from` by `to` in each family of `tags`, keeping one `to` per family, and sorts a
// family that was sorted when `sort` is on. True when anything changed.
bool replace_tags(std::vector<FamilyTags>& tags, const std::vector<std::string>& from, const std::string& to,
                  bool sort)
{
  bool changed = false;
  for (FamilyTags& family : tags) {
    const bool was_sorted = std::is_sorted(family.slugs.begin(), family.slugs.end());
    bool seen = false;
    std::vector<std::string> out;
    for (const std::string& slug : family.slugs) {
      const bool source = std::find(from.begin(), from.end(), slug) != from.end();
      if (source || slug == to) {
        changed = changed || source || seen;
        if (!seen) {
          out.push_back(to);
        }
        seen = true;
      } else {
        out.push_back(slug);
      }
    }
    if (sort && was_sorted && !std::is_sorted(out.begin(), out.end())) {
      std::sort(out.begin(), out.end());
    }
    family.slugs = std::move(out);
  }
  return changed;
}

} // namespace

TagPlan plan_tag_add(const Project& project, const NewTag& tag)
{
  require_free(project.vocabulary, tag.slug);
  if (!project.vocabulary.find_family(tag.family)) {
    throw Error(fmt::format("unknown tag family '{}'", tag.family));
  }
  if (tag.label.empty() || tag.description.empty()) {
    throw Error("a new tag needs a --label and a --description");
  }
  detail::TagsToml toml = open_tags(project);
  toml.insert_table(tag.family, fmt::format("[tags.{}]\nfamily = {}\nlabel = {}\ndescription = {}\n", tag.slug,
                                            detail::toml_string(tag.family), detail::toml_string(tag.label),
                                            detail::toml_string(tag.description)));
  return vocabulary_plan(project, toml);
}

TagPlan plan_tag_alias(const Project& project, const std::string& tag, const std::string& alias)
{
  require_canonical(project.vocabulary, tag);
  require_free(project.vocabulary, alias);
  detail::TagsToml toml = open_tags(project);
  toml.append_strings(tag, "aliases", {alias});
  return vocabulary_plan(project, toml);
}

TagPlan plan_tag_deprecate(const Project& project, const std::string& old, const std::string& replacement)
{
  const Tag& from = require_canonical(project.vocabulary, old);
  const Tag& to = require_canonical(project.vocabulary, replacement);
  if (from.slug == to.slug) {
    throw Error("a tag cannot replace itself");
  }
  if (from.family != to.family) {
    throw Error(fmt::format("'{}' is a {} tag but '{}' is a {} tag; a replacement stays in its family", old,
                            from.family, replacement, to.family));
  }
  detail::TagsToml toml = open_tags(project);
  if (!from.aliases.empty()) {
    toml.append_strings(replacement, "aliases", from.aliases);
    toml.set_value(old, "aliases", "[]");
  }
  toml.set_value(old, "deprecated", "true");
  toml.set_value(old, "replaced_by", detail::toml_string(replacement));
  for (const Tag& tag : project.vocabulary.tags()) {
    if (tag.deprecated && tag.replaced_by == old) {
      toml.set_value(tag.slug, "replaced_by", detail::toml_string(replacement));
    }
  }
  return vocabulary_plan(project, toml);
}

TagPlan plan_tag_merge(const Project& project, const Store& store, const std::vector<std::string>& sources,
                       const std::string& target, bool rename)
{
  const Vocabulary& vocabulary = project.vocabulary;
  if (sources.empty()) {
    throw Error("name at least one tag to merge");
  }
  const Tag* target_tag = vocabulary.find_tag(target);
  const bool finished = target_tag && !target_tag->deprecated &&
                        std::all_of(sources.begin(), sources.end(), [&](const std::string& slug) {
                          const TagLookup found = vocabulary.lookup_tag(slug);
                          return found.match == TagMatch::alias && found.canonical == target;
                        });
  if (finished) {
    // The vocabulary already says so: this is a run again after one that finished, or one that
    // was stopped after writing the vocabulary. Only cases that still list a source are left.
    TagPlan plan;
    const bool sort = project.config.sort_tags;
    retag_cases(project, vocabulary, store, list_case_paths(project, store), sources,
                [&](std::vector<FamilyTags>& tags) { return replace_tags(tags, sources, target, sort); }, plan);
    return plan;
  }
  const Tag& first = require_canonical(vocabulary, sources.front());
  const Tag* existing = vocabulary.find_tag(target);
  if (rename || !existing) {
    require_free(vocabulary, target);
  } else {
    require_canonical(vocabulary, target);
  }
  const std::string family = existing ? existing->family : first.family;
  std::vector<std::string> merged; // the sources other than the target
  for (const std::string& slug : sources) {
    const Tag& tag = require_canonical(vocabulary, slug);
    if (tag.family != family) {
      throw Error(fmt::format("'{}' is a {} tag and '{}' a {} tag; merge tags of one family only", slug, tag.family,
                              existing ? target : first.slug, family));
    }
    if (slug != target && std::find(merged.begin(), merged.end(), slug) == merged.end()) {
      merged.push_back(slug);
    }
  }
  if (merged.empty()) {
    throw Error(fmt::format("nothing to merge into '{}'", target));
  }
  detail::TagsToml toml = open_tags(project);
  std::vector<std::string> aliases;
  std::vector<std::string> keywords;
  const Tag* keep = existing;
  if (!existing) {
    toml.rename_table(first.slug, target); // the first source becomes the target, keys and all
    keep = &first;
  }
  for (const std::string& slug : merged) {
    const Tag* tag = vocabulary.find_tag(slug);
    aliases.push_back(slug);
    if (tag != keep) {
      toml.remove_table(slug);
      aliases.insert(aliases.end(), tag->aliases.begin(), tag->aliases.end());
      for (const std::string& k : tag->keywords) {
        if (std::find(keep->keywords.begin(), keep->keywords.end(), k) == keep->keywords.end() &&
            std::find(keywords.begin(), keywords.end(), k) == keywords.end()) {
          keywords.push_back(k);
        }
      }
    }
  }
  toml.append_strings(target, "aliases", aliases);
  toml.append_strings(target, "keywords", keywords);
  for (const Tag& tag : vocabulary.tags()) {
    if (tag.deprecated && std::find(merged.begin(), merged.end(), tag.replaced_by) != merged.end()) {
      toml.set_value(tag.slug, "replaced_by", detail::toml_string(target));
    }
  }
  TagPlan plan = vocabulary_plan(project, toml);
  Vocabulary after = load_edited(project, toml.text());
  const bool sort = project.config.sort_tags;
  retag_cases(project, after, store, list_case_paths(project, store), merged,
              [&](std::vector<FamilyTags>& tags) { return replace_tags(tags, merged, target, sort); }, plan);
  // The cases first, the vocabulary last: a run killed half-way leaves the old vocabulary, which
  // still names the sources, so the same command finishes the job.
  std::rotate(plan.files.begin(), plan.files.begin() + 1, plan.files.end());
  return plan;
}

TagPlan plan_tag_apply(const Project& project, const Store& store, const std::vector<std::string>& paths,
                       const std::vector<std::string>& add, const std::vector<std::string>& remove)
{
  const Vocabulary& vocabulary = project.vocabulary;
  std::vector<const Tag*> adding;
  for (const std::string& slug : add) {
    adding.push_back(&require_canonical(vocabulary, slug));
  }
  std::vector<std::string> removing;
  for (const std::string& slug : remove) {
    TagLookup found = vocabulary.lookup_tag(slug);
    removing.push_back(found.canonical.empty() ? slug : std::string(found.canonical));
  }
  const bool sort = project.config.sort_tags;
  auto retag = [&](std::vector<FamilyTags>& tags) {
    bool changed = false;
    for (FamilyTags& family : tags) {
      changed |= std::erase_if(family.slugs, [&](const std::string& slug) {
                   TagLookup found = vocabulary.lookup_tag(slug);
                   std::string canonical = found.canonical.empty() ? slug : std::string(found.canonical);
                   return std::find(removing.begin(), removing.end(), canonical) != removing.end();
                 }) > 0;
    }
    for (const Tag* tag : adding) {
      auto family = std::find_if(tags.begin(), tags.end(), [&](const FamilyTags& f) { return f.family == tag->family; });
      if (family == tags.end()) {
        tags.push_back({tag->family, {tag->slug}});
        changed = true;
      } else if (std::find(family->slugs.begin(), family->slugs.end(), tag->slug) == family->slugs.end()) {
        const bool was_sorted = std::is_sorted(family->slugs.begin(), family->slugs.end());
        family->slugs.push_back(tag->slug);
        if (sort && was_sorted) {
          std::sort(family->slugs.begin(), family->slugs.end());
        }
        changed = true;
      }
    }
    return changed;
  };
  TagPlan plan;
  retag_cases(project, vocabulary, store, paths, {}, retag, plan);
  return plan;
}

std::vector<std::string> query_case_paths(const Project& project, const Store& store, const Query& query)
{
  IndexOptions load;
  load.search_text = query.needs_search_text();
  const CaseIndex index = CaseIndex::load(project, store, load);
  QueryOptions options;
  options.sort = SortKey{SortField::path, false};
  const QueryResult result = run_query(query, index, options);
  std::vector<std::string> paths;
  for (const Match& match : result.matches) {
    paths.push_back(index.at(match.index).path);
  }
  return paths;
}

void write_plan(const fs::path& root, const TagPlan& plan)
{
  std::size_t written = 0;
  try {
    for (const FileChange& file : plan.files) {
      write_file_atomic(root / file.path, file.after);
      ++written;
    }
  } catch (const Error&) {
    for (std::size_t i = 0; i < written; ++i) {
      try {
        write_file_atomic(root / plan.files[i].path, plan.files[i].before);
      } catch (const Error&) {
        // Keep putting back the others; the first error is what the caller needs to see.
      }
    }
    throw;
  }
}

} // namespace llmops
