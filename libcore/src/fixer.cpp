// The safe fixes of `lint --fix`. Byte-level fixes come first (they move every offset); the tag
// and industry fixes are then planned on the facts and written by `rewrite_case_tags`.
#include "llmops/fixer.hpp"

#include "llmops/case_edit.hpp"
#include "llmops/fs.hpp"
#include "llmops/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace llmops {

namespace {

struct Written
{
  std::string slug;
  Position position;
};

struct Bucket
{
  std::string name;
  std::vector<Written> tags;
};

bool enabled(const Config& config, std::string_view rule)
{
  return rule_severity(config, rule) != Severity::off;
}

// The tag fixes of one case: `families` is rewritten in place and each change is reported.
void plan_tag_fixes(std::vector<Bucket>& families, const CheckContext& context, std::vector<Change>& changes)
{
  const Vocabulary& vocabulary = context.vocabulary;
  const Config& config = context.config;
  for (Bucket& family : families) {
    for (Written& tag : family.tags) {
      TagLookup found = vocabulary.lookup_tag(tag.slug);
      const bool alias = found.match == TagMatch::alias && enabled(config, "tag-alias");
      const bool deprecated =
        found.match == TagMatch::deprecated && !found.canonical.empty() && enabled(config, "tag-deprecated");
      if (alias || deprecated) {
        changes.push_back({tag.position, alias ? "tag-alias" : "tag-deprecated",
                           fmt::format("replaced '{}' with '{}'", tag.slug, found.canonical)});
        tag.slug = std::string(found.canonical);
      }
    }
  }
  if (enabled(config, "tag-family")) {
    std::vector<std::pair<std::string, Written>> moved;
    for (Bucket& family : families) {
      if (!vocabulary.find_family(family.name)) {
        continue;
      }
      std::erase_if(family.tags, [&](const Written& tag) {
        const Tag* entry = vocabulary.find_tag(tag.slug);
        if (!entry || entry->deprecated || entry->family == family.name || !vocabulary.find_family(entry->family)) {
          return false;
        }
        changes.push_back({tag.position, "tag-family",
                           fmt::format("moved '{}' from '{}' to '{}'", tag.slug, family.name, entry->family)});
        moved.emplace_back(entry->family, tag);
        return true;
      });
    }
    for (auto& move : moved) {
      const auto& name = move.first; // not a structured binding: clang 14 cannot capture those
      auto it = std::find_if(families.begin(), families.end(), [&](const Bucket& f) { return f.name == name; });
      if (it == families.end()) {
        families.push_back({name, {}});
        it = families.end() - 1;
      }
      it->tags.push_back(move.second);
    }
  }
  if (enabled(config, "tag-duplicate")) {
    for (Bucket& family : families) {
      std::vector<std::string> seen;
      std::erase_if(family.tags, [&](const Written& tag) {
        if (std::find(seen.begin(), seen.end(), tag.slug) == seen.end()) {
          seen.push_back(tag.slug);
          return false;
        }
        changes.push_back({tag.position, "tag-duplicate", fmt::format("removed the second '{}'", tag.slug)});
        return true;
      });
    }
  }
  if (config.sort_tags && enabled(config, "tag-unsorted")) {
    for (Bucket& family : families) {
      auto by_slug = [](const Written& a, const Written& b) { return a.slug < b.slug; };
      if (!std::is_sorted(family.tags.begin(), family.tags.end(), by_slug)) {
        changes.push_back({family.tags.front().position, "tag-unsorted",
                           fmt::format("sorted the tags of family '{}'", family.name)});
        std::stable_sort(family.tags.begin(), family.tags.end(), by_slug);
      }
    }
  }
}

std::vector<FamilyTags> to_family_tags(const std::vector<Bucket>& families)
{
  std::vector<FamilyTags> out;
  for (const Bucket& f : families) {
    FamilyTags tags{f.name, {}};
    for (const Written& w : f.tags) {
      tags.slugs.push_back(w.slug);
    }
    out.push_back(std::move(tags));
  }
  return out;
}

} // namespace

CaseFix fix_case(std::string_view path, std::string_view bytes, const CheckContext& context)
{
  CaseFix fix;
  fix.path = std::string(path);
  fix.before = std::string(bytes);
  HygieneOptions options;
  options.bom = enabled(context.config, "file-bom");
  options.crlf = enabled(context.config, "file-crlf");
  options.trailing_space = enabled(context.config, "file-trailing-space");
  HygieneFix hygiene = fix_hygiene(bytes, options);
  fix.changes = std::move(hygiene.changes);
  fix.after = std::move(hygiene.text);
  FileReport report = check_case_file(path, fix.after, context);
  if (!report.facts.parsed) {
    return fix;
  }
  auto written = read_case_tags(fix.after);
  if (written) {
    std::vector<Bucket> families;
    std::size_t next = 0;
    for (const FamilyTags& f : *written) {
      Bucket family{f.family, {}};
      for (const std::string& slug : f.slugs) {
        Position position = report.facts.tags_position;
        if (next < report.facts.tags.size() && report.facts.tags[next].slug == slug) {
          position = report.facts.tags[next++].position;
        }
        family.tags.push_back({slug, position});
      }
      families.push_back(std::move(family));
    }
    std::vector<Change> changes;
    plan_tag_fixes(families, context, changes);
    auto wanted = to_family_tags(families);
    if (!changes.empty()) {
      CaseRewrite rewrite = rewrite_case_tags(fix.after, wanted, context.vocabulary);
      if (rewrite.ok()) {
        fix.after = std::move(rewrite.text);
        fix.changes.insert(fix.changes.end(), changes.begin(), changes.end());
      } else {
        fix.problem = rewrite.problem;
      }
    }
  }
  const Located<std::string>& industry = report.facts.industry;
  bool via_alias = false;
  const Industry* canonical =
    industry.present ? context.vocabulary.lookup_industry(industry.value, &via_alias) : nullptr;
  if (canonical && via_alias && enabled(context.config, "industry-alias")) {
    CaseRewrite rewrite = rewrite_case_field(fix.after, "industry", canonical->slug);
    if (rewrite.ok()) {
      fix.after = std::move(rewrite.text);
      fix.changes.push_back({industry.position, "industry-alias",
                             fmt::format("replaced '{}' with '{}'", industry.value, canonical->slug)});
    } else if (fix.problem.empty()) {
      fix.problem = rewrite.problem;
    }
  }
  std::stable_sort(fix.changes.begin(), fix.changes.end(), [](const Change& a, const Change& b) {
    return std::tie(a.position.line, a.position.column) < std::tie(b.position.line, b.position.column);
  });
  return fix;
}

std::vector<std::string> list_case_paths(const Project& project, const Store& store)
{
  std::vector<std::string> paths;
  for (const StoreEntry& entry : store.list(project.config.cases_dir)) {
    if (entry.kind == EntryKind::file && entry.path.ends_with(".yaml")) {
      paths.push_back(entry.path);
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<CaseFix> plan_fixes(const Project& project, const Store& store, const std::vector<std::string>& paths,
                                bool all)
{
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  CheckContext context{project.config, project.schema, project.vocabulary, local.tm_year + 1900};
  std::vector<CaseFix> out;
  for (const std::string& path : all ? list_case_paths(project, store) : paths) {
    ReadResult read = store.read(path, project.config.limits.max_file_bytes + 1);
    if (!read.ok || read.truncated) {
      continue; // reported by lint
    }
    CaseFix fix = fix_case(path, read.bytes, context);
    if (fix.changed() || !fix.problem.empty()) {
      out.push_back(std::move(fix));
    }
  }
  return out;
}

void write_fixes(const std::filesystem::path& root, const std::vector<CaseFix>& fixes)
{
  for (const CaseFix& fix : fixes) {
    if (fix.changed()) {
      write_file_atomic(root / fix.path, fix.after);
    }
  }
}

} // namespace llmops
