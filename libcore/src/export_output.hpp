#pragma once
// Where an export is built before it takes the place of its target (see `export_to_path`).

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace llmops::detail {

// What an export target is: one file of any content, an SQLite database, or a folder.
enum class TargetKind : std::uint8_t { file, sqlite, folder };

// The name of the file that marks a folder as written by a markdown export.
inline constexpr std::string_view k_export_marker = ".llmops-export";

// A temporary file or folder next to an export target, renamed over the target on `commit`.
// Constructing one checks that an existing target is of `kind` (throws `Error` otherwise), removes
// temporaries a killed export to the same target left behind, and creates the temporary; the
// destructor removes it unless it was committed.
class AtomicTarget
{
public:
  AtomicTarget(std::filesystem::path target, TargetKind kind);
  ~AtomicTarget();
  AtomicTarget(const AtomicTarget&) = delete;
  AtomicTarget& operator=(const AtomicTarget&) = delete;

  // The temporary file (file, sqlite) or folder (folder) to build the export in.
  const std::filesystem::path& temporary() const { return m_temporary; }

  // Writes `bytes` to `relative` ('/'-separated, no '..') under the temporary folder, flushed to disk.
  void add_file(std::string_view relative, std::string_view bytes);

  // Flushes the temporary to disk and puts it in the target's place in one rename (a folder is
  // exchanged with the old one, which is then removed). Throws `Error` on failure.
  void commit();

private:
  std::filesystem::path m_target;
  TargetKind m_kind;
  std::filesystem::path m_temporary;
  bool m_committed = false;
};

} // namespace llmops::detail
