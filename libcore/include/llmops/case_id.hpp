#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace llmops {

// The longest id a case may have.
inline constexpr std::size_t k_max_id_length = 80;

// The id of a case about `title` at `company`: slugify(company + " " + title), cut at a word
// boundary to at most `k_max_id_length` characters. Deterministic: same input, same id.
std::string derive_case_id(std::string_view company, std::string_view title);

// `derive_case_id`, made unique against `taken`: on a collision the year is appended
// ("-2024"), then a counter ("-2", "-3", ...), the base cut shorter so the whole fits.
std::string unique_case_id(std::string_view company, std::string_view title, std::optional<long long> year,
                           const std::function<bool(std::string_view)>& taken);

} // namespace llmops
