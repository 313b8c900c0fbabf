#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace llmops {

// Replaces (or creates) the file at `path` with `bytes` atomically: the bytes go to a temporary
// file in the same folder, are flushed to disk, and the temporary is renamed over `path`. A crash
// leaves either the old file or the new one, never a mix. Throws `Error` on failure, leaving
// `path` untouched.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

} // namespace llmops
