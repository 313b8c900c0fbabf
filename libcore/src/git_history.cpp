#include "llmops/git_history.hpp"

#include "llmops/error.hpp"
#include "llmops/fs.hpp"
#include "llmops/git.hpp"
#include "llmops/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

namespace llmops {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_cache_file = "git-history.txt";
constexpr std::string_view k_cache_magic = "llmops git-history 1";

// The next NUL-terminated token of `log` from `pos`, or nothing at the end.
bool next_token(std::string_view log, std::size_t& pos, std::string_view& token)
{
  if (pos >= log.size()) {
    return false;
  }
  std::size_t end = log.find('\0', pos);
  if (end == std::string_view::npos) {
    end = log.size();
  }
  token = log.substr(pos, end - pos);
  pos = end + 1;
  return true;
}

} // namespace

bool is_iso_date(std::string_view s)
{
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return false;
  }
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

namespace {

std::string first_line(std::string_view err)
{
  err = text::trim(err);
  return std::string(err.substr(0, err.find('\n')));
}

// The cache's text: a header naming HEAD and the cases folder, then "date<TAB>path" lines.
std::string encode_cache(const std::string& head, std::string_view cases_dir, const FirstAdded& dates)
{
  std::string out = fmt::format("{}\n{}\n{}\n", k_cache_magic, head, cases_dir);
  for (const auto& [path, date] : dates) {
    out += date;
    out += '\t';
    out += path;
    out += '\n';
  }
  return out;
}

bool decode_cache(std::string_view bytes, const std::string& head, std::string_view cases_dir, FirstAdded& out)
{
  std::vector<std::string_view> lines = text::split_lines(bytes);
  if (lines.size() < 3 || lines[0] != k_cache_magic || lines[1] != head || lines[2] != cases_dir) {
    return false;
  }
  for (std::size_t i = 3; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.empty()) {
      continue;
    }
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || !is_iso_date(line.substr(0, tab))) {
      return false;
    }
    out.emplace(std::string(line.substr(tab + 1)), std::string(line.substr(0, tab)));
  }
  return true;
}

} // namespace

std::vector<std::string> history_log_arguments(std::string_view cases_dir)
{
  return {"-c",
          "core.quotepath=off",
          "log",
          "--reverse",
          "--topo-order",
          "-M",
          "--name-status",
          "-z",
          "--diff-filter=ACDR",
          "--relative",
          "--format=%x01%cs",
          "--",
          std::string(cases_dir)};
}

FirstAdded parse_history_log(std::string_view log)
{
  FirstAdded dates;
  std::string date;
  std::size_t pos = 0;
  std::string_view token;
  auto fail = [](std::string_view what) {
    throw Error(fmt::format("git log printed something unexpected ({}); is git older than 2.25?", what));
  };
  while (next_token(log, pos, token)) {
    if (!token.empty() && token.front() == '\n') {
      token.remove_prefix(1);
    }
    if (token.empty()) {
      continue;
    }
    if (token.front() == '\x01') {
      date = std::string(token.substr(1));
      if (!is_iso_date(date)) {
        fail("a commit date '" + date + "'");
      }
      continue;
    }
    if (date.empty()) {
      fail("a change before any commit");
    }
    const char status = token.front();
    std::string_view path;
    if (!next_token(log, pos, path) || path.empty()) {
      fail("a change without a path");
    }
    if (status == 'A') {
      dates.try_emplace(std::string(path), date);
    } else if (status == 'D') {
      dates.erase(std::string(path));
    } else if (status == 'R' || status == 'C') {
      std::string_view to;
      if (!next_token(log, pos, to) || to.empty()) {
        fail("a rename without its new path");
      }
      std::string carried = date;
      if (status == 'R') {
        if (auto it = dates.find(path); it != dates.end()) {
          carried = it->second;
          dates.erase(it);
        }
      }
      dates.insert_or_assign(std::string(to), carried);
    } else {
      fail(fmt::format("change status '{}'", token));
    }
  }
  return dates;
}

RepositoryInfo probe_repository(const fs::path& root)
{
  RepositoryInfo info;
  ProcessResult probe;
  try {
    probe = run_process({"git", "rev-parse", "--is-inside-work-tree", "--is-shallow-repository"}, root);
  } catch (const Error& e) {
    info.reason = e.what();
    return info;
  }
  if (probe.exit_code != 0) {
    info.reason = first_line(probe.err);
    return info;
  }
  std::vector<std::string_view> lines = text::split_lines(probe.out);
  if (lines.size() < 2 || text::trim(lines[0]) != "true") {
    info.reason = "not inside a git work tree";
    return info;
  }
  const bool shallow = text::trim(lines[1]) == "true";
  ProcessResult head = run_process({"git", "rev-parse", "--verify", "--quiet", "HEAD^{commit}"}, root);
  if (head.exit_code != 0) {
    info.state = RepositoryState::unborn;
    return info;
  }
  info.head = std::string(text::trim(head.out));
  info.state = shallow ? RepositoryState::shallow : RepositoryState::ready;
  return info;
}

FirstAdded first_added_dates(const Config& config, const RepositoryInfo& info, bool use_cache)
{
  const fs::path cache = config.root / config.cache_dir / std::string(k_cache_file);
  FirstAdded dates;
  if (use_cache) {
    std::error_code ec;
    if (fs::is_regular_file(cache, ec)) {
      try {
        if (decode_cache(read_whole_file(cache), info.head, config.cases_dir, dates)) {
          return dates;
        }
      } catch (const Error&) {
        // An unreadable cache is rebuilt below.
      }
      dates.clear();
    }
  }
  std::vector<std::string> args = history_log_arguments(config.cases_dir);
  args.insert(args.begin(), "git");
  ProcessResult log = run_process(args, config.root);
  if (log.exit_code != 0) {
    throw Error("reading git history of " + config.cases_dir + "/ failed: " + first_line(log.err));
  }
  dates = parse_history_log(log.out);
  if (use_cache) {
    std::error_code ec;
    fs::create_directories(cache.parent_path(), ec);
    try {
      write_file_atomic(cache, encode_cache(info.head, config.cases_dir, dates));
    } catch (const Error&) {
      // A cache that cannot be written only costs the next run a walk.
    }
  }
  return dates;
}

std::vector<std::string> files_added_since(const fs::path& root, std::string_view cases_dir, const std::string& ref)
{
  const RepositoryInfo info = probe_repository(root);
  if (info.state == RepositoryState::outside) {
    throw Error("--since " + ref + ": " + root.string() + " is not in a git repository (" + info.reason +
                "); give a date (YYYY-MM-DD) instead");
  }
  if (run_process({"git", "rev-parse", "--verify", "--quiet", ref + "^{commit}"}, root).exit_code != 0) {
    throw Error("--since " + ref + ": neither a date (YYYY-MM-DD) nor a commit of this repository");
  }
  std::vector<std::string> files;
  auto collect = [&](const std::vector<std::string>& args, const char* what) {
    ProcessResult r = run_process(args, root);
    if (r.exit_code != 0) {
      throw Error(std::string("--since ") + ref + ": " + what + " failed: " + first_line(r.err));
    }
    std::size_t pos = 0;
    std::string_view token;
    while (next_token(r.out, pos, token)) {
      if (!token.empty()) {
        files.emplace_back(token);
      }
    }
  };
  const std::string dir(cases_dir);
  collect({"git", "diff", "--name-only", "-z", "-M", "--relative", "--diff-filter=A", ref, "--", dir}, "git diff");
  collect({"git", "ls-files", "-z", "--others", "--exclude-standard", "--", dir}, "git ls-files");
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::string_view date_source_name(DateSource source)
{
  switch (source) {
  case DateSource::created_at:
    return "created_at";
  case DateSource::git:
    return "git";
  case DateSource::uncommitted:
    return "uncommitted";
  case DateSource::none:
    break;
  }
  return "none";
}

CurationDates curation_dates(const CaseIndex& index, const Config& config, const CurationOptions& options)
{
  CurationDates out;
  out.dates.resize(index.size());
  out.sources.resize(index.size(), DateSource::none);
  std::size_t lacking = 0;
  for (std::size_t i = 0; i < index.size(); ++i) {
    const Case& c = index.at(i);
    if (c.created_at.present && is_iso_date(c.created_at.value)) {
      out.dates[i] = c.created_at.value;
      out.sources[i] = DateSource::created_at;
    } else {
      ++lacking;
    }
  }
  if (lacking > 0 && options.use_git) {
    const RepositoryInfo info = probe_repository(config.root);
    const std::string cases = lacking == 1 ? "1 case has" : fmt::format("{} cases have", lacking);
    if (info.state == RepositoryState::outside) {
      throw Error(fmt::format("{} no created_at, and {} would come from git history, but {} is not in a git "
                              "repository ({}); add created_at to {}, or pass --no-git to leave {} undated",
                              cases, lacking == 1 ? "its date" : "their dates", config.root.string(), info.reason,
                              lacking == 1 ? "it" : "them", lacking == 1 ? "it" : "them"));
    }
    if (info.state == RepositoryState::shallow) {
      throw Error(fmt::format("{} no created_at, and this clone is shallow, so the commit that first added {} "
                              "file is not known; run 'git fetch --unshallow' (or pass --no-git to leave {} undated)",
                              cases, lacking == 1 ? "its" : "their", lacking == 1 ? "it" : "them"));
    }
    FirstAdded added;
    if (info.state == RepositoryState::ready) {
      added = first_added_dates(config, info, options.use_cache);
    }
    out.history_read = true;
    out.head = info.head;
    for (std::size_t i = 0; i < index.size(); ++i) {
      if (out.sources[i] != DateSource::none) {
        continue;
      }
      if (auto it = added.find(index.at(i).path); it != added.end()) {
        out.dates[i] = it->second;
        out.sources[i] = DateSource::git;
      } else {
        out.dates[i] = options.today;
        out.sources[i] = DateSource::uncommitted;
      }
    }
  }
  for (DateSource source : out.sources) {
    ++out.counts[static_cast<std::size_t>(source)];
  }
  return out;
}

} // namespace llmops
