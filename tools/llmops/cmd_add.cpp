// llmops add: creates one case file from options, a record on stdin, or answers at a terminal,
// checked as lint checks it and compared with the cases already there before it is written.
#include "add_prompts.hpp"
#include "commands.hpp"
#include "prompt.hpp"
#include "terminal.hpp"

#include "llmops/add.hpp"
#include "llmops/error.hpp"
#include "llmops/fs.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <unistd.h>

namespace llmops::cli {

namespace fs = std::filesystem;

namespace {

struct AddOptions
{
  std::string title;
  std::string company;
  std::string url;
  std::string industry;
  std::string year;
  std::string status;
  std::string created_at;
  std::vector<std::string> tag;  // FAMILY:TAG or TAG, one per option
  std::vector<std::string> tags; // a,b,c
  std::vector<std::string> sources;
  std::vector<std::string> not_duplicate_of;
  std::string summary;
  std::string summary_file;
  std::string notes_file;
  std::string from;
  std::vector<std::string> maps;
  bool yes = false;
  bool dry_run = false;
  bool suggest_tags = false;
  bool edit = false;
};

// The bytes of `name` ("-" for stdin), relative to `start`.
std::string read_input(const std::string& name, const fs::path& start)
{
  if (name == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  return read_whole_file(fs::path(name).is_absolute() ? fs::path(name) : start / name);
}

// A text file's content without its final line breaks.
std::string read_text(const std::string& name, const fs::path& start)
{
  std::string text = read_input(name, start);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

std::vector<AddField> option_fields(const AddOptions& o, const fs::path& start)
{
  std::vector<AddField> fields;
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) {
      fields.push_back({name, value});
    }
  };
  add("title", o.title);
  add("company", o.company);
  add("industry", o.industry);
  add("year", o.year);
  add("status", o.status);
  add("created_at", o.created_at);
  add("source_url", o.url);
  for (const auto& s : o.sources) {
    add("sources", s);
  }
  for (const auto& t : o.tag) {
    add("tags", t);
  }
  for (const auto& t : o.tags) {
    add("tags", t);
  }
  add("summary", o.summary_file.empty() ? o.summary : read_text(o.summary_file, start));
  if (!o.summary_file.empty() && !o.summary.empty()) {
    throw Error("give --summary or --summary-file, not both");
  }
  add("notes", o.notes_file.empty() ? std::string() : read_text(o.notes_file, start));
  for (const auto& id : o.not_duplicate_of) {
    add("not_duplicate_of", id);
  }
  return fields;
}

void print_findings(const std::vector<Diagnostic>& findings, Severity at_least)
{
  for (const Diagnostic& d : findings) {
    if (d.severity >= at_least) {
      std::cerr << severity_name(d.severity) << ": " << d.message << " [" << d.rule << "]\n";
    }
  }
}

// The result of editing a draft: the new draft, or the path of a kept file that did not validate.
struct Edited
{
  std::optional<AddDraft> draft;
  std::string kept;
};

Edited edit_draft(const AddDraft& draft, const Project& project, const AddContext& context, Prompter* prompter)
{
  std::string pattern = (fs::temp_directory_path() / "llmops-add-XXXXXX.yaml").string();
  const int fd = ::mkstemps(pattern.data(), 5);
  if (fd < 0) {
    throw Error("cannot create a temporary file for the draft");
  }
  ::close(fd);
  const fs::path path = pattern;
  write_file_atomic(path, draft.text);
  const char* editor = std::getenv("EDITOR");
  editor = editor && *editor ? editor : std::getenv("VISUAL");
  const std::string command = fmt::format("{} '{}'", editor && *editor ? editor : "vi", path.string());
  const int status = prompter ? prompter->run_command(command) : std::system(command.c_str());
  Edited out;
  if (status != 0) {
    std::cerr << "error: the editor failed (" << command << ")\n";
    out.kept = path.string();
    return out;
  }
  try {
    AddRecordInput input = read_add_record(read_whole_file(path));
    AddDraft edited = build_case(project, context, input.fields);
    edited.findings.insert(edited.findings.begin(), input.findings.begin(), input.findings.end());
    if (edited.has_errors() || !input.findings.empty()) {
      print_findings(edited.findings, Severity::warning);
      out.kept = path.string();
      return out;
    }
    out.draft = std::move(edited);
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    out.kept = path.string();
    return out;
  }
  fs::remove(path);
  return out;
}

int run(const AddOptions& options, const GlobalOptions& global)
{
  const fs::path start = start_directory(global);
  const Project project = Project::open(find_root(start));
  const fs::path root = project.config.root;
  const AddContext context = load_add_context(project, DiskStore(root), true);
  std::vector<FieldRename> renames;
  for (const auto& map : options.maps) {
    renames.push_back(parse_field_rename(map, project.schema));
  }

  std::vector<AddField> fields;
  std::vector<Diagnostic> shape;
  if (!options.from.empty()) {
    AddRecordInput input = read_add_record(read_input(options.from, start));
    fields = std::move(input.fields);
    shape = std::move(input.findings);
  }
  for (AddField& f : option_fields(options, start)) {
    fields.push_back(std::move(f));
  }
  const bool interactive = options.from != "-" && is_terminal(stdin) && is_terminal(stderr);
  std::unique_ptr<Prompter> prompter = interactive ? std::make_unique<Prompter>() : nullptr;
  if (prompter) {
    fields = ask_fields(*prompter, project, context, std::move(fields));
  }
  AddDraft draft = build_case(project, context, fields, renames);
  draft.findings.insert(draft.findings.begin(), shape.begin(), shape.end());

  if (options.suggest_tags && !interactive) {
    std::vector<std::string> have;
    for (const TagFamily& family : draft.record.tags) {
      have.insert(have.end(), family.tags.begin(), family.tags.end());
    }
    for (const auto& slug : suggest_tags_for(project.vocabulary, draft.record.title, draft.record.summary, have)) {
      std::cerr << "suggested tag (not added): " << project.vocabulary.find_tag(slug)->family << ":" << slug << "\n";
    }
  }
  if (options.edit) {
    print_findings(draft.findings, Severity::warning);
    Edited edited = edit_draft(draft, project, context, prompter.get());
    if (!edited.draft) {
      std::cerr << "the draft is kept in " << edited.kept << "; nothing was written\n";
      return static_cast<int>(ExitCode::findings);
    }
    draft = std::move(*edited.draft);
  }
  if (draft.has_errors() || !shape.empty()) {
    print_findings(draft.findings, Severity::warning);
    std::cerr << "nothing written: " << draft.path << " would not pass lint\n";
    return static_cast<int>(ExitCode::findings);
  }
  print_findings(draft.findings, Severity::warning);
  if (auto spelling = other_company_spelling(draft.record.company, context); !spelling.empty()) {
    std::cerr << fmt::format("warning: company '{}' is spelled '{}' in existing cases; lint will ask for one "
                             "spelling [company-spelling]\n",
                             draft.record.company, spelling);
  }
  if (prompter) {
    prompter->say(fmt::format("\nid: {}\nfile: {}\n", draft.record.id, draft.path));
  }

  std::vector<std::string> keep_apart;
  for (const SimilarCase& s : find_similar_cases(draft.record, context, project.config)) {
    if (s.same_url) {
      std::cerr << "error: the source URL is already catalogued as " << s.path << " (" << s.title
                << "); nothing written [duplicate-url]\n";
      return static_cast<int>(ExitCode::findings);
    }
    std::cerr << fmt::format("warning: {} from the same company has a similar title ({:.0f}%): {}\n", s.path,
                             s.similarity * 100, s.title);
    const bool go = options.yes || (prompter && prompter->confirm("Is the new case a different one?", false));
    if (!go) {
      std::cerr << "nothing written" << (prompter ? "" : ": pass --yes to add it anyway") << "\n";
      return static_cast<int>(ExitCode::findings);
    }
    if (s.lint_pairs) {
      keep_apart.push_back(s.id);
    }
  }
  if (!keep_apart.empty()) {
    for (const auto& id : keep_apart) {
      fields.push_back({"not_duplicate_of", id});
      std::cerr << "note: not_duplicate_of lists " << id << " so that lint keeps the two apart\n";
    }
    if (!options.edit) {
      draft = build_case(project, context, fields, renames);
    } else {
      draft.record.not_duplicate_of.insert(draft.record.not_duplicate_of.end(), keep_apart.begin(), keep_apart.end());
      draft.text = write_case(draft.record, project.schema);
    }
  }

  if (options.dry_run) {
    std::cout << draft.text;
    return static_cast<int>(ExitCode::clean);
  }
  if (prompter && !options.yes && !prompter->confirm(fmt::format("Write {}?", draft.path), true)) {
    std::cerr << "nothing written\n";
    return static_cast<int>(ExitCode::findings);
  }
  const fs::path target = root / draft.path;
  if (!create_file_exclusive(target, draft.text)) {
    std::cerr << "error: " << draft.path << " was created meanwhile by someone else; nothing written\n";
    return static_cast<int>(ExitCode::findings);
  }
  std::cout << fs::proximate(target, fs::current_path()).string() << "\n";
  return static_cast<int>(ExitCode::clean);
}

} // namespace

Runner register_add(CLI::App& app, const GlobalOptions& global)
{
  auto o = std::make_shared<AddOptions>();
  CLI::App* command = app.add_subcommand("add", "Create one case file, asking for each field on a terminal");
  command->add_option("--title", o->title, "The title of the source, as published");
  command->add_option("--company", o->company, "The organisation that built the system");
  command->add_option("--url", o->url, "The address of the primary source")->option_text("URL");
  command->add_option("--industry", o->industry, "An industry slug (or alias) from schema/industries.toml");
  command->add_option("--year", o->year, "The year the source was published")->option_text("YEAR");
  command->add_option("--tag", o->tag, "A tag, optionally with its family (repeatable)")->option_text("FAMILY:TAG");
  command->add_option("--tags", o->tags, "Tags separated by commas, each resolved to its family")->option_text("A,B,C");
  command->add_option("--summary", o->summary, "A short account in the project's own words");
  command->add_option("--summary-file", o->summary_file, "Read the summary from FILE ('-' for stdin)")
    ->option_text("FILE");
  command->add_option("--notes-file", o->notes_file, "Read the notes from FILE")->option_text("FILE");
  command->add_option("--status", o->status, "draft (the default) or published")
    ->check(CLI::IsMember({"draft", "published"}));
  command->add_option("--created-at", o->created_at, "The day it was catalogued (default: today, UTC)")
    ->option_text("YYYY-MM-DD");
  command->add_option("--source", o->sources, "A further address about the same system (repeatable)")
    ->option_text("URL");
  command->add_option("--not-duplicate-of", o->not_duplicate_of, "The id of a case this one is deliberately not")
    ->option_text("ID");
  command->add_option("--from", o->from, "Read a whole record, YAML or JSON, from FILE ('-' for stdin)")
    ->option_text("FILE");
  command->add_option("--map", o->maps, "With --from: read field SOURCE as TARGET; 'SOURCE=' drops it")
    ->option_text("SOURCE=TARGET");
  command->add_flag("-y,--yes", o->yes, "Answer yes to every question (a similar case exists; write it?)");
  command->add_flag("-n,--dry-run", o->dry_run, "Print the file that would be written, and write nothing");
  command->add_flag("--suggest-tags", o->suggest_tags, "Propose tags found in the title and summary (never added)");
  command->add_flag("--edit", o->edit, "Open the draft in $EDITOR (or $VISUAL, else vi) and check it again");
  command->footer(
    "On a terminal (stdin and stderr), add asks for each field not given as an option; otherwise it takes the "
    "options or the record from --from. The path of the written file goes to stdout; questions and findings to "
    "stderr. A case whose source URL is already catalogued is refused; one from the same company with a similar "
    "title is written only when confirmed (or with --yes). The file is never overwritten.\n"
    "Exit codes: 0 written (or printed by --dry-run), 1 refused or invalid, 2 usage or environment error, "
    "130 interrupted by Ctrl-C (nothing written).");
  return [o, &global]() {
    try {
      return run(*o, global);
    } catch (const Interrupted&) {
      std::cerr << "interrupted: nothing written\n";
      return k_interrupted_exit;
    } catch (const InputEnded&) {
      std::cerr << "input ended: nothing written\n";
      return static_cast<int>(ExitCode::usage);
    }
  };
}

} // namespace llmops::cli
