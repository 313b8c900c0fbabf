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

// Creates the file at `path` holding `bytes`, atomically and only if no file of that name exists:
// the bytes go to a temporary file in the same folder, are flushed to disk, and the temporary is
// moved into place with a rename that refuses to replace anything. Two writers racing for one
// name cannot both succeed, and a reader never sees a partial file. Returns false, writing
// nothing, when `path` already exists; throws `Error` on any other failure.
bool create_file_exclusive(const std::filesystem::path& path, std::string_view bytes);

// The bytes of the file at `path`; throws `Error` naming it when it cannot be read.
std::string read_whole_file(const std::filesystem::path& path);

} // namespace llmops
