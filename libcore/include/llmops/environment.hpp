#pragma once

#include <string>

namespace llmops {

// This year, in local time: the upper bound of the year rule is relative to it.
int current_year();

// Identifies the running llmops executable (path, size, modification time), so that a cache
// written by another build is never trusted: a rebuilt program may judge files differently.
const std::string& program_identity();

} // namespace llmops
