#include "llmops/fs.hpp"

#include "llmops/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace llmops {

namespace fs = std::filesystem;

void write_file_atomic(const fs::path& path, std::string_view bytes)
{
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
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
  // Keep the permissions of the file being replaced; new files get 0644 less the umask.
  struct stat old {};
  mode_t mode = 0644;
  if (::stat(path.c_str(), &old) == 0) {
    mode = old.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode &= ~mask;
  }
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
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    throw Error("cannot replace " + path.string() + ": " + std::strerror(saved));
  }
}

} // namespace llmops
