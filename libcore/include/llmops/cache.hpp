#pragma once

#include "llmops/case_reader.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
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

  // The stored result for `path` if its bytes hashed to `hash`, else null.
  const FileReport* find(const std::string& path, std::uint64_t hash) const;

  // Records the result for `path` with content hash `hash`.
  void put(const std::string& path, std::uint64_t hash, const FileReport& report);

  // Drops entries whose path is not in `keep`.
  void retain(const std::map<std::string, bool, std::less<>>& keep);

  // Writes the cache atomically when it changed; failures are ignored (the cache is optional).
  void save();

  std::size_t size() const { return m_entries.size(); }

private:
  struct Entry
  {
    std::uint64_t hash = 0;
    FileReport report;
  };
  std::filesystem::path m_file;
  std::uint64_t m_key;
  std::map<std::string, Entry, std::less<>> m_entries;
  bool m_dirty = false;
};

// The 64-bit content hash used by the cache (XXH3).
std::uint64_t content_hash(std::string_view bytes);

} // namespace llmops
