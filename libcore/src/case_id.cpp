#include "llmops/case_id.hpp"

#include "llmops/text.hpp"

namespace llmops {

std::string derive_case_id(std::string_view company, std::string_view title)
{
  std::string base = text::slugify(std::string(company) + " " + std::string(title));
  if (base.empty()) {
    base = "case";
  }
  return text::truncate_slug(base, k_max_id_length);
}

std::string unique_case_id(std::string_view company, std::string_view title, std::optional<long long> year,
                           const std::function<bool(std::string_view)>& taken)
{
  const std::string full = text::slugify(std::string(company) + " " + std::string(title));
  auto with_suffix = [&](const std::string& suffix) {
    std::string base = text::truncate_slug(full.empty() ? "case" : full, k_max_id_length - suffix.size());
    return base + suffix;
  };
  std::string id = derive_case_id(company, title);
  if (!taken(id)) {
    return id;
  }
  if (year) {
    id = with_suffix("-" + std::to_string(*year));
    if (!taken(id)) {
      return id;
    }
  }
  for (int n = 2;; ++n) {
    id = with_suffix("-" + std::to_string(n));
    if (!taken(id)) {
      return id;
    }
  }
}

} // namespace llmops
