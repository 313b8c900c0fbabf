#include "llmops/environment.hpp"

#include <fmt/format.h>

#include <ctime>
#include <filesystem>

namespace llmops {

namespace fs = std::filesystem;

int current_year()
{
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

const std::string& program_identity()
{
  static const std::string k_identity = [] {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
      return std::string("unknown");
    }
    auto size = fs::file_size(self, ec);
    auto stamp = fs::last_write_time(self, ec).time_since_epoch().count();
    return fmt::format("{} {} {}", self.string(), size, stamp);
  }();
  return k_identity;
}

} // namespace llmops
