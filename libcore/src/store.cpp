#include "llmops/store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace llmops {

namespace fs = std::filesystem;

namespace {

// True when `path` (lexically normal, absolute) lies inside `root`.
bool inside(const fs::path& root, const fs::path& path)
{
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (r->empty()) {
      continue;
    }
    if (p == path.end() || *r != *p) {
      return false;
    }
  }
  return true;
}

FileStamp stamp_of(const struct stat& info)
{
  FileStamp stamp;
  stamp.device = static_cast<std::uint64_t>(info.st_dev);
  stamp.inode = static_cast<std::uint64_t>(info.st_ino);
  stamp.size = static_cast<std::uint64_t>(info.st_size);
  stamp.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  stamp.ctime_ns = static_cast<std::int64_t>(info.st_ctim.tv_sec) * 1000000000 + info.st_ctim.tv_nsec;
  return stamp;
}

} // namespace

DiskStore::DiskStore(fs::path root)
{
  std::error_code ec;
  m_root = fs::weakly_canonical(root, ec);
  if (ec) {
    m_root = std::move(root);
  }
  m_root_fd = ::open(m_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

DiskStore::DiskStore(const DiskStore& other)
  : m_root(other.m_root), m_root_fd(other.m_root_fd < 0 ? -1 : ::fcntl(other.m_root_fd, F_DUPFD_CLOEXEC, 0))
{
}

DiskStore::~DiskStore()
{
  if (m_root_fd >= 0) {
    ::close(m_root_fd);
  }
}

StoreEntry DiskStore::describe(const fs::path& absolute, std::string relative) const
{
  StoreEntry entry;
  entry.path = std::move(relative);
  std::error_code ec;
  auto status = fs::symlink_status(absolute, ec);
  if (ec) {
    entry.kind = EntryKind::other;
    return entry;
  }
  if (fs::is_symlink(status)) {
    fs::path target = fs::weakly_canonical(absolute, ec);
    if (ec || !fs::exists(target, ec)) {
      entry.kind = EntryKind::symlink_dangling;
      return entry;
    }
    if (!inside(m_root, target)) {
      entry.kind = EntryKind::symlink_outside;
      return entry;
    }
    status = fs::status(target, ec);
  }
  if (fs::is_regular_file(status)) {
    entry.kind = EntryKind::file;
    entry.size = fs::file_size(absolute, ec);
  } else if (fs::is_directory(status)) {
    entry.kind = EntryKind::directory;
  } else {
    entry.kind = EntryKind::other;
  }
  return entry;
}

std::vector<StoreEntry> DiskStore::list(const std::string& dir) const
{
  std::vector<StoreEntry> entries;
  const fs::path folder = m_root / dir;
  DIR* stream = ::opendir(folder.c_str());
  if (stream == nullptr) {
    return entries;
  }
  const std::string prefix = dir.empty() ? std::string() : dir + "/";
  while (const struct dirent* item = ::readdir(stream)) {
    const std::string_view name = item->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    std::string relative = prefix;
    relative += name;
    // The entry's type comes from the directory listing itself; symlinks, and entries of file
    // systems that do not tell the type, need a closer look.
    if (item->d_type == DT_REG) {
      entries.push_back({std::move(relative), EntryKind::file, 0});
    } else {
      entries.push_back(describe(folder / name, std::move(relative)));
    }
  }
  ::closedir(stream);
  // Sorting positions, not entries, moves 4 bytes at a time instead of a string.
  std::vector<std::uint32_t> order(entries.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return entries[a].path < entries[b].path; });
  std::vector<StoreEntry> sorted;
  sorted.reserve(entries.size());
  for (std::uint32_t i : order) {
    sorted.push_back(std::move(entries[i]));
  }
  return sorted;
}

ReadResult DiskStore::read(const std::string& path, std::uint64_t limit) const
{
  ReadResult result;
  fs::path absolute = m_root / path;
  int fd = ::open(absolute.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.error = std::strerror(errno);
    return result;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    result.error = "not a regular file";
    ::close(fd);
    return result;
  }
  result.stamp = stamp_of(info);
  auto size = static_cast<std::uint64_t>(info.st_size);
  std::uint64_t want = std::min(size, limit);
  result.bytes.resize(want);
  std::uint64_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, result.bytes.data() + got, want - got);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      result.error = std::strerror(errno);
      ::close(fd);
      return result;
    }
    if (n == 0) {
      break;
    }
    got += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  result.bytes.resize(got);
  result.truncated = size > limit;
  result.ok = true;
  return result;
}

std::optional<StoreEntry> DiskStore::stat(const std::string& path) const
{
  fs::path absolute = m_root / path;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(absolute, ec))) {
    return std::nullopt;
  }
  return describe(absolute, path);
}

std::optional<FileStamp> DiskStore::stamp(const std::string& path) const
{
  // Relative to the root's descriptor, the kernel resolves only the components of `path`.
  struct stat info = {};
  const int found = m_root_fd >= 0 ? ::fstatat(m_root_fd, path.c_str(), &info, 0)
                                   : ::stat((m_root / path).c_str(), &info);
  if (found != 0 || !S_ISREG(info.st_mode)) {
    return std::nullopt;
  }
  return stamp_of(info);
}

void MemoryStore::add(std::string path, std::string bytes)
{
  m_files[std::move(path)] = std::move(bytes);
}

std::vector<StoreEntry> MemoryStore::list(const std::string& dir) const
{
  std::vector<StoreEntry> entries;
  std::string prefix = dir.empty() ? "" : dir + "/";
  for (const auto& [path, bytes] : m_files) {
    if (path.starts_with(prefix) && path.find('/', prefix.size()) == std::string::npos) {
      entries.push_back({path, EntryKind::file, bytes.size()});
    }
  }
  return entries;
}

ReadResult MemoryStore::read(const std::string& path, std::uint64_t limit) const
{
  ReadResult result;
  auto it = m_files.find(path);
  if (it == m_files.end()) {
    result.error = "no such file";
    return result;
  }
  result.ok = true;
  result.truncated = it->second.size() > limit;
  result.bytes = it->second.substr(0, limit);
  return result;
}

std::optional<StoreEntry> MemoryStore::stat(const std::string& path) const
{
  auto it = m_files.find(path);
  if (it == m_files.end()) {
    return std::nullopt;
  }
  return StoreEntry{path, EntryKind::file, it->second.size()};
}

} // namespace llmops
