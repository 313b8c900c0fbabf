// Building an export next to its target and renaming it into place, so that an interrupted
// export (even by SIGKILL or a power cut) leaves the target as it was.
#include "export_output.hpp"

#include "llmops/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace llmops::detail {

namespace fs = std::filesystem;

namespace {

// The prefix of every temporary an export to `target` creates: ".NAME.export.tmp-".
std::string temporary_prefix(const fs::path& target)
{
  std::string prefix = ".";
  prefix += target.filename().string();
  prefix += ".export.tmp-";
  return prefix;
}

fs::path folder_of(const fs::path& target)
{
  return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

[[noreturn]] void fail(const fs::path& path, std::string_view what, int error)
{
  throw Error(fmt::format("cannot write {} ({}): {}", path.string(), what, std::strerror(error)));
}

mode_t umask_value()
{
  mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

void sync_path(const fs::path& path, bool folder)
{
  int fd = ::open(path.c_str(), (folder ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fail(path, "open", errno);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {
    int saved = errno;
    ::close(fd);
    fail(path, "fsync", saved);
  }
  ::close(fd);
}

bool starts_with_sqlite_header(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in.gcount() == 0 || (in.gcount() == 16 && std::memcmp(header, "SQLite format 3", 16) == 0);
}

// Throws unless what stands at `target` may be replaced by an export of `kind`.
void check_existing(const fs::path& target, TargetKind kind)
{
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(target, ec);
  if (ec || status.type() == fs::file_type::not_found) {
    return;
  }
  const std::string name = target.string();
  if (status.type() == fs::file_type::symlink) {
    throw Error(fmt::format("export: {} is a symbolic link; give the path it points to", name));
  }
  if (kind == TargetKind::folder) {
    if (status.type() != fs::file_type::directory) {
      throw Error(fmt::format("export: {} exists and is not a folder; a markdown export writes a folder", name));
    }
    if (!fs::exists(target / k_export_marker) && !fs::is_empty(target)) {
      throw Error(fmt::format("export: {} is a folder that a markdown export did not write (it has no {} file); "
                              "give a new or empty folder, or remove it",
                              name, k_export_marker));
    }
    return;
  }
  if (status.type() == fs::file_type::directory) {
    throw Error(fmt::format("export: {} is a folder; this format writes a file: give a file path", name));
  }
  if (status.type() != fs::file_type::regular) {
    throw Error(fmt::format("export: {} exists and is not a regular file; give a file path", name));
  }
  if (kind == TargetKind::sqlite && !starts_with_sqlite_header(target)) {
    throw Error(fmt::format("export: {} exists and is not an SQLite database; it is left alone", name));
  }
}

// Removes the temporaries an interrupted export to `target` left next to it.
void remove_leftovers(const fs::path& target)
{
  const std::string prefix = temporary_prefix(target);
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder_of(target), ec)) {
    if (entry.path().filename().string().starts_with(prefix)) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

void write_all(int fd, std::string_view bytes, const fs::path& path)
{
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail(path, "write", errno);
    }
    written += static_cast<std::size_t>(n);
  }
}

} // namespace

AtomicTarget::AtomicTarget(fs::path target, TargetKind kind) : m_target(std::move(target)), m_kind(kind)
{
  if (m_target.filename().empty() && m_target.has_parent_path()) {
    m_target = m_target.parent_path(); // "site/" names the folder "site"
  }
  if (m_target.empty() || m_target.filename().empty() || m_target.filename() == "." || m_target.filename() == "..") {
    throw Error(fmt::format("export: -o '{}' does not name a file or folder", m_target.string()));
  }
  check_existing(m_target, m_kind);
  std::error_code ec;
  if (!fs::is_directory(folder_of(m_target), ec)) {
    throw Error(fmt::format("export: cannot write {}: the folder {} does not exist", m_target.string(),
                            folder_of(m_target).string()));
  }
  remove_leftovers(m_target);
  std::string name = (folder_of(m_target) / temporary_prefix(m_target)).string() + "XXXXXX";
  if (m_kind == TargetKind::folder) {
    if (::mkdtemp(name.data()) == nullptr) {
      fail(m_target, "mkdtemp", errno);
    }
    m_temporary = name;
    ::chmod(name.c_str(), 0777 & ~umask_value());
    add_file(k_export_marker, "llmops export --format markdown\n");
    return;
  }
  int fd = ::mkstemp(name.data());
  if (fd < 0) {
    fail(m_target, "mkstemp", errno);
  }
  m_temporary = name;
  struct stat old
  {};
  mode_t mode = ::stat(m_target.c_str(), &old) == 0 ? static_cast<mode_t>(old.st_mode & 07777)
                                                    : static_cast<mode_t>(0666 & ~umask_value());
  ::fchmod(fd, mode);
  ::close(fd);
}

AtomicTarget::~AtomicTarget()
{
  if (!m_committed && !m_temporary.empty()) {
    std::error_code ec;
    fs::remove_all(m_temporary, ec);
  }
}

void AtomicTarget::add_file(std::string_view relative, std::string_view bytes)
{
  const fs::path path = m_temporary / fs::path(relative);
  if (relative.empty() || relative.front() == '/' || relative.find("..") != std::string_view::npos) {
    throw Error(fmt::format("export: refusing to write the page '{}' outside the export folder", relative));
  }
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    fail(path.parent_path(), "mkdir", ec.value());
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    fail(path, "open", errno);
  }
  write_all(fd, bytes, path);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    fail(path, "fsync", errno);
  }
}

void AtomicTarget::commit()
{
  const bool folder = m_kind == TargetKind::folder;
  if (folder) {
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(m_temporary)) {
      if (entry.is_directory()) {
        sync_path(entry.path(), true);
      }
    }
  }
  sync_path(m_temporary, folder);
  std::error_code ec;
  const bool replacing = fs::exists(fs::symlink_status(m_target, ec));
  if (folder && replacing) {
    // rename() cannot replace a folder that holds files: exchange the two folders in one step,
    // then remove the old one, now at the temporary name.
    if (::renameat2(AT_FDCWD, m_temporary.c_str(), AT_FDCWD, m_target.c_str(), RENAME_EXCHANGE) != 0) {
      fail(m_target, "rename", errno);
    }
    m_committed = true;
    fs::remove_all(m_temporary, ec);
  } else {
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
      fail(m_target, "rename", errno);
    }
    m_committed = true;
  }
  sync_path(folder_of(m_target), true);
}

} // namespace llmops::detail
