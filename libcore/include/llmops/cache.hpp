#pragma once

#include "llmops/case_reader.hpp"
#include "llmops/store.hpp"

#include <cstdint>
#include <filesystem>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>
#include <string>
#include <string_view>

namespace llmops {

// A disposable store of per-file lint results, keyed by path and content hash. Its whole content
// is tied to `key` (tool version, configuration, schema, year): when that changes, nothing old is
// used. A missing, foreign or corrupt cache file reads as empty; it is never an error.
class LintCache
{
public:
  LintCache(std::filesystem::path file, std::uint64_t key);

  // The stored result for `path` if its bytes hashed to `hash`. Safe to call from many threads.
  std::optional<FileReport> find(std::string_view path, std::uint64_t hash) const;

  // The stored result and content hash for `path` when its stamp equals `stamp` and was trusted
  // when stored: the file is then known unchanged without reading it (as git's index does).
  std::optional<std::pair<std::uint64_t, FileReport>> find_stamped(std::string_view path,
                                                                   const FileStamp& stamp) const;

  // Records the result for `path` with content hash `hash`, and the file's stamp when it may be
  // trusted next time (the file was last changed well before this run started).
  void put(const std::string& path, std::uint64_t hash, const FileReport& report,
           const std::optional<FileStamp>& trusted_stamp = std::nullopt);

  // True when `path` is stored with `hash` but without `trusted_stamp` (so a put would speed up
  // the next run).
  bool stamp_outdated(std::string_view path, std::uint64_t hash, const std::optional<FileStamp>& trusted_stamp) const;

  // Drops entries whose path is not in `keep` (sorted).
  void retain(const std::vector<std::string>& keep);

  // Writes the cache atomically when it changed; failures are ignored (the cache is optional).
  void save();

  std::size_t size() const { return m_entries.size(); }

private:
  // Entries stay serialised (a few hundred bytes each) until a lookup needs them.
  struct Entry
  {
    std::uint64_t hash = 0;
    std::optional<FileStamp> stamp; // present only when trusted
    std::string_view blob;          // into m_loaded, or into an m_owned string for new entries
  };
  std::filesystem::path m_file;
  std::uint64_t m_key;
  std::string m_loaded;
  std::deque<std::string> m_owned;
  StringMap<Entry> m_entries;
  bool m_dirty = false;
};

// The 64-bit content hash used by the cache (XXH3).
std::uint64_t content_hash(std::string_view bytes);

} // namespace llmops
