// llmops tag: inspect the tag vocabulary and reshape it across every case, safely.
#include "commands.hpp"
#include "table.hpp"

#include "llmops/diff.hpp"
#include "llmops/error.hpp"
#include "llmops/fixer.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"
#include "llmops/tag_report.hpp"
#include "llmops/tags_ops.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <iostream>
#include <memory>
#include <set>

namespace llmops::cli {

namespace {

struct TagOptions
{
  std::string command;
  std::string family;
  std::string format = "table";
  bool unused = false;
  std::string slug;                 // show, add, alias (the tag), deprecate (the old tag)
  std::string other;                // alias (the alias), deprecate (--replaced-by), rename (the new slug)
  std::string label;
  std::string description;
  std::vector<std::string> sources; // merge
  std::string into;                 // merge
  std::vector<std::string> paths;   // apply
  std::string where;                // apply: a query selecting cases, as for `llmops query`
  bool has_where = false;
  std::vector<std::string> add;
  std::vector<std::string> remove;
  std::size_t min_cases = 3;
  double overlap = 0.8;
  bool dry_run = false;
};

std::vector<Case> all_cases(const Project& project)
{
  LintRequest request;
  return run_lint(project, DiskStore(project.config.root), request).cases;
}

int list(const Project& project, const TagOptions& options)
{
  if (!options.family.empty() && !project.vocabulary.find_family(options.family)) {
    throw Error(fmt::format("unknown tag family '{}'", options.family));
  }
  auto rows = tag_rows(all_cases(project), project.vocabulary);
  std::erase_if(rows, [&](const TagRow& row) {
    return (!options.family.empty() && row.tag->family != options.family) ||
           (options.unused && (!row.cases.empty() || row.tag->deprecated));
  });
  if (options.format == "json") {
    std::cout << tag_rows_json(rows);
  } else if (options.format == "csv") {
    std::cout << tag_rows_csv(rows);
  } else {
    std::vector<std::vector<std::string>> table;
    for (const TagRow& row : rows) {
      std::string aliases;
      for (const auto& a : row.tag->aliases) {
        aliases += (aliases.empty() ? "" : ", ") + a;
      }
      table.push_back({row.tag->slug, row.tag->family, row.tag->label, std::to_string(row.cases.size()), aliases,
                       row.tag->deprecated ? "deprecated, use " + row.tag->replaced_by : ""});
    }
    print_table(std::cout,
                {{"TAG"}, {"FAMILY"}, {"LABEL", true}, {"CASES", false, true}, {"ALIASES", true}, {"STATUS", true}},
                table, terminal_width(STDOUT_FILENO));
  }
  return 0;
}

int show(const Project& project, const TagOptions& options)
{
  TagLookup found = project.vocabulary.lookup_tag(options.slug);
  if (!found.tag) {
    throw Error(fmt::format("unknown tag '{}'", options.slug));
  }
  auto cases = all_cases(project);
  for (TagRow& row : tag_rows(cases, project.vocabulary)) {
    if (row.tag != found.tag) {
      continue;
    }
    auto with = companions(cases, project.vocabulary, row.tag->slug, 10);
    if (options.format == "json") {
      std::cout << tag_show_json(row, with);
      return 0;
    }
    const Tag& tag = *row.tag;
    fmt::print("{} ({}): {}\n{}\n", tag.slug, tag.family, tag.label, tag.description);
    if (tag.deprecated) {
      fmt::print("deprecated; use {}\n", tag.replaced_by.empty() ? "nothing" : tag.replaced_by);
    }
    fmt::print("aliases: {}\nkeywords: {}\ncases: {}\n", fmt::join(tag.aliases, ", "), fmt::join(tag.keywords, ", "),
               row.cases.size());
    for (const auto& id : row.cases) {
      fmt::print("  {}\n", id);
    }
    fmt::print("appears most often with:\n");
    for (const Companion& c : with) {
      fmt::print("  {} ({})\n", c.slug, c.count);
    }
    return 0;
  }
  return 0;
}

int health(const Project& project, const TagOptions& options)
{
  TagHealth h = tag_health(all_cases(project), project.vocabulary, options.min_cases, options.overlap);
  if (options.format == "json") {
    std::cout << tag_health_json(h);
  } else {
    fmt::print("unused tags ({}): {}\n", h.unused.size(), fmt::join(h.unused, ", "));
    fmt::print("tags in fewer than {} cases ({}):\n", options.min_cases, h.rare.size());
    for (const TagRow& row : h.rare) {
      fmt::print("  {} ({})\n", row.tag->slug, row.cases.size());
    }
    fmt::print("alias and replacement chains ({}): {}\n", h.chains.size(), fmt::join(h.chains, ", "));
    fmt::print("near-duplicate slugs ({}):\n", h.near_duplicates.size());
    for (const TagPair& p : h.near_duplicates) {
      fmt::print("  {} ({}) ~ {} ({})\n", p.a, p.a_cases, p.b, p.b_cases);
    }
    fmt::print("tags that almost always appear together ({}):\n", h.together.size());
    for (const TagPair& p : h.together) {
      fmt::print("  {} ({}) + {} ({}): {} cases together; consider 'llmops tag merge'\n", p.a, p.a_cases, p.b,
                 p.b_cases, p.both);
    }
  }
  return static_cast<int>(h.empty() ? ExitCode::clean : ExitCode::findings);
}

// Prints the problems of `plan` or its diff, or writes it; `done` describes what was done.
int finish(const Project& project, const TagPlan& plan, bool dry_run, const std::string& done)
{
  if (!plan.problems.empty()) {
    for (const Diagnostic& d : plan.problems) {
      fmt::print(stderr, "{}: error: {} [{}]\n", d.path, d.message, d.rule);
    }
    fmt::print(stderr, "nothing changed: {} case{} cannot be rewritten safely\n", plan.problems.size(),
               plan.problems.size() == 1 ? "" : "s");
    return static_cast<int>(ExitCode::findings);
  }
  const std::size_t files = plan.files.size();
  if (dry_run) {
    for (const FileChange& file : plan.files) {
      std::cout << unified_diff(file.path, file.before, file.after);
    }
    fmt::print(stderr, "{} (dry run): would change {} file{} ({} case{})\n", done, files, files == 1 ? "" : "s",
               plan.cases_changed, plan.cases_changed == 1 ? "" : "s");
    return 0;
  }
  write_plan(project.config.root, plan);
  fmt::print(stderr, "{}: changed {} file{} ({} case{})\n", done, files, files == 1 ? "" : "s", plan.cases_changed,
             plan.cases_changed == 1 ? "" : "s");
  return 0;
}

int run(const TagOptions& options, const GlobalOptions& global)
{
  const std::filesystem::path start = start_directory(global);
  const Project project = Project::open(find_root(start));
  const std::string& c = options.command;
  if (c == "list") {
    return list(project, options);
  }
  if (c == "show") {
    return show(project, options);
  }
  if (c == "health") {
    return health(project, options);
  }
  const DiskStore store(project.config.root);
  if (c == "add") {
    return finish(project, plan_tag_add(project, {options.slug, options.family, options.label, options.description}),
                  options.dry_run, fmt::format("added tag '{}'", options.slug));
  }
  if (c == "alias") {
    return finish(project, plan_tag_alias(project, options.slug, options.other), options.dry_run,
                  fmt::format("'{}' is now an alias of '{}'", options.other, options.slug));
  }
  if (c == "deprecate") {
    return finish(project, plan_tag_deprecate(project, options.slug, options.other), options.dry_run,
                  fmt::format("deprecated '{}' in favour of '{}'", options.slug, options.other));
  }
  if (c == "rename") {
    return finish(project, plan_tag_merge(project, store, {options.slug}, options.other, true), options.dry_run,
                  fmt::format("renamed '{}' to '{}'", options.slug, options.other));
  }
  if (c == "merge") {
    return finish(project, plan_tag_merge(project, store, options.sources, options.into, false), options.dry_run,
                  fmt::format("merged {} into '{}'", fmt::join(options.sources, ", "), options.into));
  }
  if (options.add.empty() && options.remove.empty()) {
    throw Error("tag apply: give at least one --add or --remove");
  }
  std::optional<Query> query;
  if (options.has_where) {
    try {
      query = parse_query(options.where, project.vocabulary, project.schema);
    } catch (const QueryError& e) {
      std::cerr << "llmops: error: query: at column " << e.column() << ": " << format_query_error(options.where, e)
                << "\n";
      return static_cast<int>(ExitCode::usage);
    }
  }
  std::vector<std::string> paths;
  if (!options.paths.empty() || !query) {
    PathSelection selection = select_paths(project, start, options.paths);
    if (!selection.findings.empty()) {
      throw Error(selection.findings.front().message);
    }
    paths = selection.all ? list_case_paths(project, store) : selection.paths;
  }
  if (query) {
    // The named cases and the matching ones, each once, in path order.
    std::set<std::string> both(paths.begin(), paths.end());
    for (std::string& path : query_case_paths(project, store, *query)) {
      both.insert(std::move(path));
    }
    paths.assign(both.begin(), both.end());
  }
  return finish(project, plan_tag_apply(project, store, paths, options.add, options.remove), options.dry_run,
                "retagged");
}

} // namespace

Runner register_tag(CLI::App& app, const GlobalOptions& global)
{
  auto o = std::make_shared<TagOptions>();
  CLI::App* tag = app.add_subcommand("tag", "List, inspect and reshape the tag vocabulary across every case");
  tag->require_subcommand(1);
  auto sub = [&](const char* name, const char* help) {
    CLI::App* s = tag->add_subcommand(name, help);
    s->callback([o, name] { o->command = name; });
    return s;
  };
  auto dry_run = [&](CLI::App* s) { s->add_flag("--dry-run", o->dry_run, "Print a unified diff and write nothing"); };
  CLI::App* s = sub("list", "Every tag with its family, label, number of cases, aliases and deprecation");
  s->add_option("--family", o->family, "Only the tags of this family");
  s->add_flag("--unused", o->unused, "Only canonical tags no case uses");
  s->add_option("--format", o->format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  s = sub("show", "One tag: description, aliases, its cases and the tags seen most with it");
  s->add_option("TAG", o->slug, "A tag, alias or deprecated tag")->required();
  s->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  s = sub("add", "Add a canonical tag to the vocabulary");
  s->add_option("SLUG", o->slug, "The new slug")->required();
  s->add_option("--family", o->family, "Its family")->required();
  s->add_option("--label", o->label, "Its human name")->required();
  s->add_option("--description", o->description, "One sentence, in the project's own words")->required();
  dry_run(s);
  s = sub("alias", "Add another spelling of a tag");
  s->add_option("TAG", o->slug, "The canonical tag")->required();
  s->add_option("ALIAS", o->other, "The new spelling")->required();
  dry_run(s);
  s = sub("deprecate", "Retire a tag in favour of another of its family (lint --fix then rewrites the cases)");
  s->add_option("OLD", o->slug, "The tag to retire")->required();
  s->add_option("--replaced-by", o->other, "The canonical tag to use instead")->required();
  dry_run(s);
  s = sub("rename", "Rename a tag in the vocabulary and every case; the old slug becomes an alias");
  s->add_option("OLD", o->slug, "The tag to rename")->required();
  s->add_option("NEW", o->other, "Its new slug")->required();
  dry_run(s);
  s = sub("merge", "Merge tags into one across the vocabulary and every case; the others become aliases");
  s->add_option("TAG", o->sources, "The tags to merge")->required();
  s->add_option("--into", o->into, "The tag they become (an existing tag, one of them, or a new slug)")->required();
  dry_run(s);
  s = sub("apply", "Add or remove tags in many cases at once");
  s->add_option("CASE", o->paths, "Case files or folders (default: every case, or with --where the matching ones)");
  s->add_option("--where", o->where,
                "Also the cases this query matches, e.g. --where='industry:finance -tag:rag' (see docs/query.md)")
    ->option_text("QUERY")
    ->each([o](const std::string&) { o->has_where = true; });
  s->add_option("--add", o->add, "A tag to add (repeatable)");
  s->add_option("--remove", o->remove, "A tag to remove (repeatable)");
  dry_run(s);
  s = sub("health", "Unused and rare tags, chains, look-alike slugs, and tags that almost always go together");
  s->add_option("--min-cases", o->min_cases, "Report tags used by fewer cases than this (default 3)");
  s->add_option("--overlap", o->overlap, "Share of cases two tags must have in common (default 0.8)")
    ->check(CLI::Range(0.0, 1.0));
  s->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  tag->footer("Exit codes: 0 done, 1 findings (health) or cases that cannot be rewritten (nothing is then "
              "written), 2 usage or environment error.");
  return [o, &global]() { return run(*o, global); };
}

} // namespace llmops::cli
