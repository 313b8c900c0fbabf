#include "llmops/fs.hpp"

#include "llmops/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace llmops {

namespace fs = std::filesystem;

namespace {

// Writes `bytes` to a new temporary file next to `path`, with mode `mode`, flushed to disk, and
// returns its name. Throws `Error` (leaving nothing behind) on failure.
std::string write_temporary(const fs::path& path, std::string_view bytes, mode_t mode)
{
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string name = ".";
  name += path.filename().string(); // appended, not "." + ...: GCC 12 warns falsely on that (-Wrestrict)
  name += ".tmp-XXXXXX";
  std::string temp = (dir / name).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  auto fail = [&](const char* what) {
    int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw Error("cannot write " + path.string() + " (" + what + "): " + std::strerror(saved));
  };
  if (::fchmod(fd, mode) != 0) {
    fail("chmod");
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    fail("fsync");
  }
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    throw Error("cannot write " + path.string() + ": " + std::strerror(saved));
  }
  return temp;
}

// 0644 less the umask: the mode of a new file.
mode_t new_file_mode()
{
  mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0644 & ~mask);
}

} // namespace

void write_file_atomic(const fs::path& path, std::string_view bytes)
{
  // Keep the permissions of the file being replaced; new files get 0644 less the umask.
  struct stat old {};
  mode_t mode = ::stat(path.c_str(), &old) == 0 ? static_cast<mode_t>(old.st_mode & 07777) : new_file_mode();
  const std::string temp = write_temporary(path, bytes, mode);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    throw Error("cannot replace " + path.string() + ": " + std::strerror(saved));
  }
}

bool create_file_exclusive(const fs::path& path, std::string_view bytes)
{
  const std::string temp = write_temporary(path, bytes, new_file_mode());
  // renameat2 with RENAME_NOREPLACE moves the complete file into place only if the name is free.
  // File systems without it (EINVAL) get link(), which has the same guarantee but leaves the
  // temporary name to remove.
  int result = ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
  if (result != 0 && (errno == EINVAL || errno == ENOSYS)) {
    result = ::link(temp.c_str(), path.c_str());
    int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
  }
  if (result == 0) {
    return true;
  }
  int saved = errno;
  ::unlink(temp.c_str());
  if (saved == EEXIST) {
    return false;
  }
  throw Error("cannot create " + path.string() + ": " + std::strerror(saved));
}

std::string read_whole_file(const fs::path& path)
{
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw Error("cannot read " + path.string() + ": it is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw Error("cannot read " + path.string());
  }
  return buffer.str();
}

} // namespace llmops
