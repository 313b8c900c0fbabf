#include "llmops/environment.hpp"
#include "llmops/lint.hpp"

#include "llmops/cache.hpp"
#include "llmops/case_reader.hpp"
#include "llmops/rules.hpp"
#include "llmops/text.hpp"
#include "llmops/version.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <iterator>
#include <thread>

namespace llmops {

namespace fs = std::filesystem;

Project Project::open(const fs::path& root)
{
  Config config = load_config(root);
  Schema schema = load_schema(root / config.schema_dir);
  Vocabulary vocabulary = Vocabulary::load(root / config.schema_dir);
  return Project{std::move(config), std::move(schema), std::move(vocabulary)};
}

namespace {


bool is_case_name(std::string_view name)
{
  if (!name.ends_with(".yaml")) {
    return false;
  }
  name.remove_suffix(5);
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Diagnostic file_finding(const Config& config, std::string path, std::string_view rule, std::string message)
{
  Diagnostic d;
  d.path = std::move(path);
  d.severity = rule_severity(config, rule);
  d.rule = std::string(rule);
  d.message = std::move(message);
  return d;
}

// What the per-file phase works on: the case files, plus findings about entries that are not cases.
struct Inventory
{
  std::vector<std::string> files;
  std::vector<Diagnostic> findings;
};

Inventory take_inventory(const Config& config, const Store& store)
{
  Inventory inventory;
  for (StoreEntry& entry : store.list(config.cases_dir)) {
    std::string_view name = std::string_view(entry.path).substr(entry.path.rfind('/') + 1);
    if (name.starts_with('.')) {
      continue; // .gitkeep and editor files
    }
    switch (entry.kind) {
    case EntryKind::symlink_outside:
      inventory.findings.push_back(file_finding(config, entry.path, "path-escape",
                                                "symlink points outside the database root; a case must be a file "
                                                "inside it"));
      continue;
    case EntryKind::symlink_dangling:
      inventory.findings.push_back(
        file_finding(config, entry.path, "file-unreadable", "symlink points to nothing; remove it"));
      continue;
    case EntryKind::directory:
      inventory.findings.push_back(file_finding(
        config, entry.path, "file-name",
        name.ends_with(".yaml") ? "a directory named like a case; cases are files, move or rename it"
                                : "a directory inside the cases folder; cases are files named <id>.yaml"));
      continue;
    case EntryKind::other:
      inventory.findings.push_back(
        file_finding(config, entry.path, "file-name", "not a regular file; cases are files named <id>.yaml"));
      continue;
    case EntryKind::file:
      break;
    }
    if (name.ends_with(".yaml")) {
      if (!is_case_name(name)) {
        inventory.findings.push_back(file_finding(
          config, entry.path, "file-name",
          fmt::format("file name '{}' is not a case id; name the file <id>.yaml with a lowercase id such as '{}.yaml'",
                      name, text::truncate_slug(text::slugify(name.substr(0, name.size() - 5)), 80))));
      }
      inventory.files.push_back(std::move(entry.path)); // `name` views it: last use above
    } else {
      inventory.findings.push_back(file_finding(
        config, entry.path, "file-name",
        name.ends_with(".yml") ? "case files end in .yaml, not .yml; rename it"
                               : "not a case file; the cases folder holds only <id>.yaml files"));
    }
  }
  return inventory;
}

// Fills in `source_line` for every finding that has a line, reading each file once.
void attach_source_lines(std::vector<Diagnostic>& diagnostics, const Store& store, std::uint64_t limit)
{
  std::string current_path;
  std::string bytes;
  std::vector<std::string_view> lines;
  for (Diagnostic& d : diagnostics) {
    if (d.position.line == 0 || d.span == 0) {
      continue; // about the file or a whole mapping: there is no spot to show
    }
    if (d.path != current_path) {
      current_path = d.path;
      auto read = store.read(d.path, limit);
      bytes = read.ok ? std::move(read.bytes) : std::string{};
      if (std::string_view(bytes).starts_with("\xEF\xBB\xBF")) {
        bytes.erase(0, 3);
      }
      lines = text::split_lines(bytes);
    }
    if (d.position.line <= lines.size()) {
      std::string_view line = lines[d.position.line - 1];
      if (line.ends_with('\r')) {
        line.remove_suffix(1);
      }
      d.source_line = std::string(line.substr(0, 512));
    }
  }
}


std::uint64_t cache_key(const Project& project, int year)
{
  const std::string& k_identity = program_identity();
  std::string material = fmt::format("llmops {} lint cache 2\n{}\n{}\n", k_version, k_identity, year);
  material += project.config.text;
  material += project.schema.text;
  return XXH3_64bits(material.data(), material.size());
}

// A digest of everything the database-wide rules (vocabulary and cross-case) read that the cache
// key does not cover: the vocabulary, the settings those rules use, and each case file's path and
// content hash, which under the cache key fix its facts. Nothing when the vocabulary was not read
// from files (its text is then unknown).
std::optional<std::uint64_t> database_inputs(const Project& project, const std::vector<std::string>& files,
                                             const std::vector<std::uint64_t>& hashes)
{
  const Config& config = project.config;
  const std::string& vocabulary = project.vocabulary.text();
  if (vocabulary.empty()) {
    return std::nullopt;
  }
  std::string material = fmt::format("llmops database rules 1\n{}\n{}\n{}\n{}\n", config.sort_tags,
                                     config.title_similarity, config.limits.max_tags_per_case, vocabulary.size());
  for (const auto& [rule, severity] : config.severities) {
    material += fmt::format("{}={}\n", rule, severity_name(severity));
  }
  material += vocabulary;
  material.reserve(material.size() + files.size() * 80);
  for (std::size_t i = 0; i < files.size(); ++i) {
    material += files[i];
    material.push_back('\0');
    material.append(reinterpret_cast<const char*>(&hashes[i]), sizeof hashes[i]);
  }
  return XXH3_64bits(material.data(), material.size());
}

} // namespace

LintReport run_lint(const Project& project, const Store& store, const LintRequest& request)
{
  const Config& config = project.config;
  LintReport report;
  const int year = request.current_year != 0 ? request.current_year : current_year();
  CheckContext context{config, project.schema, project.vocabulary, year};

  Inventory inventory = take_inventory(config, store);
  std::set<std::string> report_for(request.paths.begin(), request.paths.end());
  const bool all = !request.only_paths;
  // A requested file outside the cases folder is linted too.
  const std::size_t listed = inventory.files.size(); // the listing, sorted by path
  for (const auto& path : request.paths) {
    if (std::binary_search(inventory.files.begin(), inventory.files.begin() + static_cast<std::ptrdiff_t>(listed),
                           path)) {
      continue;
    }
    const bool reported = std::any_of(inventory.findings.begin(), inventory.findings.end(),
                                      [&](const Diagnostic& d) { return d.path == path; });
    if (path.ends_with(".yaml")) {
      inventory.files.push_back(path); // a case kept outside the cases folder is still checked
    } else if (!reported) {
      inventory.findings.push_back(
        file_finding(config, path, "file-name", "not a case file; cases are files named <id>.yaml"));
    }
  }
  auto wanted = [&](const std::string& path) { return all || report_for.count(path) > 0; };

  std::optional<LintCache> cache;
  if (request.use_cache) {
    cache.emplace(config.root / config.cache_dir / "lint.bin", cache_key(project, year));
  }
  const std::size_t total = inventory.files.size();
  // What the per-file phase finds, kept apart so that the facts become the report's cases as
  // they are, without a second array of 10,000 cases.
  std::vector<Case> facts(total);
  std::vector<std::vector<Diagnostic>> findings(total);
  std::vector<std::uint64_t> hashes(total, 0);
  std::vector<char> cached(total, 0); // 1: found by content hash, 2: by file stamp
  // Stamps of files last changed before this moment may stand for their bytes next time; a file
  // changed later could change again within one tick of the file clock without its stamp moving.
  std::vector<std::optional<FileStamp>> stamps(total);
  const std::int64_t trusted_before =
    std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count() -
    2'000'000'000;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const std::uint64_t limit = config.limits.max_file_bytes + 1;
  auto work = [&]() {
    FileReport found; // decoded or checked here, then handed over
    auto keep = [&](std::size_t i) {
      facts[i] = std::move(found.facts);
      findings[i] = std::move(found.diagnostics);
    };
    for (std::size_t i = next++; i < total; i = next++) {
      const std::string& path = inventory.files[i];
      std::optional<FileStamp> stamp = cache ? store.stamp(path) : std::nullopt;
      if (stamp && stamp->mtime_ns < trusted_before && stamp->ctime_ns < trusted_before) {
        stamps[i] = stamp;
        if (auto hash = cache->find_stamped(path, *stamp, found)) {
          keep(i);
          hashes[i] = *hash;
          cached[i] = 2; // by its stamp, which is therefore stored already
          ++done;
          continue;
        }
      }
      ReadResult read = store.read(path, limit);
      if (!read.ok) {
        facts[i].path = path;
        findings[i].push_back(file_finding(config, path, "file-unreadable", "cannot read the file: " + read.error));
      } else {
        hashes[i] = content_hash(read.bytes);
        if (cache && cache->find(path, hashes[i], found)) {
          cached[i] = 1;
        } else {
          found = check_case_file(path, read.bytes, context);
        }
        keep(i);
      }
      ++done;
    }
  };
  unsigned threads = request.threads != 0 ? request.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(total / 64, 1)));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  if (request.progress) {
    // The calling thread reports progress while the pool works.
    while (done.load() < total && threads > 1) {
      request.progress(done.load(), total);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  work();
  pool.clear();
  if (request.progress) {
    request.progress(total, total);
  }

  for (std::size_t i = 0; i < total; ++i) {
    if (cache && hashes[i] != 0 &&
        (!cached[i] || (cached[i] == 1 && cache->stamp_outdated(inventory.files[i], hashes[i], stamps[i])))) {
      cache->put(inventory.files[i], hashes[i], facts[i], findings[i], stamps[i]);
    }
  }
  if (cache && all) {
    if (std::is_sorted(inventory.files.begin(), inventory.files.end())) {
      cache->retain(inventory.files);
    } else {
      std::vector<std::string> present = inventory.files;
      std::sort(present.begin(), present.end());
      cache->retain(present);
    }
  }

  for (auto& d : inventory.findings) {
    if (wanted(d.path)) {
      report.diagnostics.push_back(std::move(d));
    }
  }
  for (std::size_t i = 0; i < total; ++i) {
    if (wanted(inventory.files[i])) {
      ++report.summary.checked;
      report.summary.from_cache += cached[i] ? 1U : 0U;
      std::move(findings[i].begin(), findings[i].end(), std::back_inserter(report.diagnostics));
    }
  }
  report.summary.files = total;
  findings = {};
  report.cases = std::move(facts);
  std::erase_if(report.cases, [](const Case& c) { return !c.parsed; });

  // The database-wide rules read nothing but the facts, the vocabulary and a few settings: when
  // none of them changed, their findings are those of the last run.
  const std::optional<std::uint64_t> inputs =
    cache ? database_inputs(project, inventory.files, hashes) : std::nullopt;
  if (auto stored = inputs ? cache->find_database(*inputs) : std::nullopt) {
    for (Diagnostic& d : *stored) {
      if (wanted(d.path)) {
        report.diagnostics.push_back(std::move(d));
      }
    }
  } else {
    std::vector<Diagnostic> found;
    const TagUsage usage = count_tag_usage(report.cases, project.vocabulary);
    for (const Case& c : report.cases) {
      if (wanted(c.path)) {
        check_case_vocabulary(c, context, usage, found);
      }
    }
    check_across_cases(report.cases, config, all ? nullptr : &report_for, found);
    if (inputs && all) {
      cache->put_database(*inputs, found);
    }
    std::move(found.begin(), found.end(), std::back_inserter(report.diagnostics));
  }
  if (cache) {
    cache->save();
  }

  report.diagnostics.insert(report.diagnostics.end(), request.findings.begin(), request.findings.end());
  std::erase_if(report.diagnostics, [](const Diagnostic& d) { return d.severity == Severity::off; });
  sort_diagnostics(report.diagnostics);
  attach_source_lines(report.diagnostics, store, config.limits.max_file_bytes);
  for (const Diagnostic& d : report.diagnostics) {
    report.summary.errors += d.severity == Severity::error ? 1U : 0U;
    report.summary.warnings += d.severity == Severity::warning ? 1U : 0U;
    report.summary.infos += d.severity == Severity::info ? 1U : 0U;
    report.summary.fixable += d.fix ? 1U : 0U;
  }
  return report;
}

} // namespace llmops
