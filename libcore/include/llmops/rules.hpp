#pragma once

#include "llmops/config.hpp"
#include "llmops/diagnostic.hpp"

#include <span>
#include <string_view>

namespace llmops {

// A lint rule: its id, default severity, whether `lint --fix` can repair it, and what it checks.
struct Rule
{
  std::string_view id;
  Severity default_severity;
  bool fixable;
  std::string_view description;
};

// Every rule, in the order `lint --list-rules` prints them.
std::span<const Rule> all_rules();

// The rule with id `id`, or null.
const Rule* find_rule(std::string_view id);

// The severity of rule `id` under `config` (its configured value, else the default).
Severity rule_severity(const Config& config, std::string_view id);

} // namespace llmops
