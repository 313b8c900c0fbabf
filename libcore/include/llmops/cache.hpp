#pragma once

#include "llmops/case_reader.hpp"
#include "llmops/store.hpp"

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// A disposable store of per-file lint results, keyed by path and content hash, and of the
// findings of the database-wide rules from the last run. Its whole content is tied to `key`
// (tool version, configuration, schema, year): when that changes, nothing old is used. A
// missing, foreign or corrupt cache file reads as empty; it is never an error.
class LintCache
{
public:
  LintCache(std::filesystem::path file, std::uint64_t key);
  ~LintCache();
  LintCache(const LintCache&) = delete;
  LintCache& operator=(const LintCache&) = delete;

  // Reads the stored result for `path` into `out` if its bytes hashed to `hash`; false when there
  // is none (`out` may then have been cleared). Safe to call from many threads.
  bool find(std::string_view path, std::uint64_t hash, FileReport& out) const;

  // Reads the stored result for `path` into `out` and returns its content hash, when its stamp
  // equals `stamp` and was trusted when stored: the file is then known unchanged without reading
  // it (as git's index does). Nothing otherwise (`out` may then have been cleared). Safe to call
  // from many threads.
  std::optional<std::uint64_t> find_stamped(std::string_view path, const FileStamp& stamp, FileReport& out) const;

  // Records the result for `path` with content hash `hash`, and the file's stamp when it may be
  // trusted next time (the file was last changed well before this run started).
  void put(const std::string& path, std::uint64_t hash, const Case& facts, const std::vector<Diagnostic>& diagnostics,
           const std::optional<FileStamp>& trusted_stamp = std::nullopt);

  // The same for a result held as one `FileReport`.
  void put(const std::string& path, std::uint64_t hash, const FileReport& report,
           const std::optional<FileStamp>& trusted_stamp = std::nullopt)
  {
    put(path, hash, report.facts, report.diagnostics, trusted_stamp);
  }

  // True when `path` is stored with `hash` but without `trusted_stamp` (so a put would speed up
  // the next run).
  bool stamp_outdated(std::string_view path, std::uint64_t hash, const std::optional<FileStamp>& trusted_stamp) const;

  // Drops entries whose path is not in `keep` (sorted).
  void retain(const std::vector<std::string>& keep);

  // The findings of the database-wide rules stored by `put_database` with the same `inputs`
  // (a digest of everything those rules read), in the order they were stored.
  std::optional<std::vector<Diagnostic>> find_database(std::uint64_t inputs) const;

  // Records `findings` of the database-wide rules computed from `inputs`, replacing any before.
  void put_database(std::uint64_t inputs, const std::vector<Diagnostic>& findings);

  // Writes the cache atomically when it changed; failures are ignored (the cache is optional).
  void save();

  // The number of files with a stored result.
  std::size_t size() const;

private:
  // Entries stay serialised (a few hundred bytes each) until a lookup needs them.
  struct Entry
  {
    std::uint64_t hash = 0;
    std::optional<FileStamp> stamp; // present only when trusted
    std::string_view blob;          // into the mapped file, or into an m_owned string
  };
  // An entry read from the file: views into the mapping, sorted by path.
  struct LoadedEntry
  {
    std::string_view path;
    Entry entry;
    bool dropped = false; // replaced by a put, or removed by retain
  };

  const Entry* lookup(std::string_view path) const;
  void load();

  std::filesystem::path m_file;
  std::uint64_t m_key;
  const char* m_map = nullptr; // the cache file, mapped read-only
  std::size_t m_map_size = 0;
  std::vector<LoadedEntry> m_loaded;
  std::map<std::string, Entry, std::less<>> m_added; // put during this run
  std::deque<std::string> m_owned;                    // blobs of m_added and of the database findings
  std::uint64_t m_database_inputs = 0;
  std::optional<std::string_view> m_database; // serialised findings of the database-wide rules
  bool m_dirty = false;
};

// The 64-bit content hash used by the cache (XXH3).
std::uint64_t content_hash(std::string_view bytes);

} // namespace llmops
