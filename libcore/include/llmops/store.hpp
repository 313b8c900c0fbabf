#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llmops {

// What a store found at a path under the cases folder.
enum class EntryKind : std::uint8_t { file, directory, symlink_outside, symlink_dangling, other };

struct StoreEntry
{
  std::string path; // relative to the root, '/' separated
  EntryKind kind = EntryKind::file;
  std::uint64_t size = 0; // may be 0 when listing did not need to look (see `Store::list`)
};

// What identifies one version of a file without reading it (as git's index does): a change to
// the file's bytes changes its ctime, which no program can set back.
struct FileStamp
{
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// The result of reading one file: its bytes, or why it could not be read.
struct ReadResult
{
  bool ok = false;
  std::string bytes;
  std::string error; // when !ok, e.g. "permission denied"
  bool truncated = false; // more than the limit was there; `bytes` holds only the limit
  std::optional<FileStamp> stamp; // taken before the bytes were read; empty when the store keeps none
};

// The seam between the linter and the file system: a root plus a reader.
class Store
{
public:
  virtual ~Store() = default;
  // Every entry directly under `dir` (relative to the root), sorted by path. Sizes of regular
  // files may be left 0: readers learn the size when they read.
  virtual std::vector<StoreEntry> list(const std::string& dir) const = 0;
  // Reads at most `limit` bytes of the file at `path` (relative to the root).
  virtual ReadResult read(const std::string& path, std::uint64_t limit) const = 0;
  // Describes `path` (relative to the root) without reading it; nothing if absent.
  virtual std::optional<StoreEntry> stat(const std::string& path) const = 0;
  // The stamp of the file at `path` (symlinks followed); nothing when absent, or when the store
  // keeps no stamps, in which case callers read the bytes to learn whether a file changed.
  virtual std::optional<FileStamp> stamp(const std::string& path) const
  {
    (void)path;
    return std::nullopt;
  }
};

// A store over a folder on disk. Symlinks that leave the root are reported, never followed.
class DiskStore : public Store
{
public:
  explicit DiskStore(std::filesystem::path root);
  DiskStore(const DiskStore& other);
  DiskStore& operator=(const DiskStore&) = delete;
  ~DiskStore() override;
  std::vector<StoreEntry> list(const std::string& dir) const override;
  ReadResult read(const std::string& path, std::uint64_t limit) const override;
  std::optional<StoreEntry> stat(const std::string& path) const override;
  std::optional<FileStamp> stamp(const std::string& path) const override;

private:
  StoreEntry describe(const std::filesystem::path& absolute, std::string relative) const;
  std::filesystem::path m_root;
  int m_root_fd = -1; // the root folder, opened once for lookups relative to it; -1 when it cannot be
};

// A store over files held in memory, for tests and fuzzing.
class MemoryStore : public Store
{
public:
  void add(std::string path, std::string bytes);
  std::vector<StoreEntry> list(const std::string& dir) const override;
  ReadResult read(const std::string& path, std::uint64_t limit) const override;
  std::optional<StoreEntry> stat(const std::string& path) const override;

private:
  std::map<std::string, std::string, std::less<>> m_files;
};

} // namespace llmops
