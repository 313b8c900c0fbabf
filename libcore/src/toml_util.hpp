#pragma once
// Private helpers for reading the TOML files of a database with toml++.

#include "llmops/error.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace llmops::detail {

// Reads the whole file at `path`; throws `Error` if it cannot.
inline std::string read_text_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error("cannot read " + path.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Parses `text` (read from `path`); throws `Error` as "path:line:col: message".
inline toml::table parse_toml(const std::string& text, const std::filesystem::path& path)
{
  try {
    return toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    throw Error(path.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
}

// "path:line:col" of `node`.
inline std::string where(const std::filesystem::path& path, const toml::node& node)
{
  return path.string() + ":" + std::to_string(node.source().begin.line) + ":" +
         std::to_string(node.source().begin.column);
}

// Throws when `table` holds a key not in `allowed`.
inline void reject_unknown_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                                const std::filesystem::path& path, std::string_view context)
{
  for (const auto& [key, value] : table) {
    bool known = false;
    for (auto a : allowed) {
      known = known || key.str() == a;
    }
    if (!known) {
      throw Error(where(path, value) + ": unknown key '" + std::string(key.str()) + "' in " + std::string(context));
    }
  }
}

// The string at `key`, or `fallback`; throws when present with another type.
inline std::string get_string(const toml::table& table, std::string_view key, const std::filesystem::path& path,
                              std::string fallback = {})
{
  const toml::node* node = table.get(key);
  if (!node) {
    return fallback;
  }
  if (auto value = node->value<std::string>(); value && node->is_string()) {
    return *value;
  }
  throw Error(where(path, *node) + ": '" + std::string(key) + "' must be a string");
}

inline std::vector<std::string> get_strings(const toml::table& table, std::string_view key,
                                            const std::filesystem::path& path)
{
  std::vector<std::string> out;
  const toml::node* node = table.get(key);
  if (!node) {
    return out;
  }
  const toml::array* array = node->as_array();
  if (!array) {
    throw Error(where(path, *node) + ": '" + std::string(key) + "' must be an array of strings");
  }
  for (const auto& item : *array) {
    auto value = item.value<std::string>();
    if (!value || !item.is_string()) {
      throw Error(where(path, item) + ": '" + std::string(key) + "' must hold strings only");
    }
    out.push_back(*value);
  }
  return out;
}

template <typename T>
T get_number(const toml::table& table, std::string_view key, const std::filesystem::path& path, T fallback)
{
  const toml::node* node = table.get(key);
  if (!node) {
    return fallback;
  }
  if constexpr (std::is_same_v<T, bool>) {
    if (node->is_boolean()) {
      return *node->value<bool>();
    }
    throw Error(where(path, *node) + ": '" + std::string(key) + "' must be true or false");
  } else if constexpr (std::is_floating_point_v<T>) {
    if (node->is_number()) {
      return static_cast<T>(*node->value<double>());
    }
    throw Error(where(path, *node) + ": '" + std::string(key) + "' must be a number");
  } else {
    if (node->is_integer()) {
      auto v = *node->value<long long>();
      if (v < 0 && std::is_unsigned_v<T>) {
        throw Error(where(path, *node) + ": '" + std::string(key) + "' must not be negative");
      }
      return static_cast<T>(v);
    }
    throw Error(where(path, *node) + ": '" + std::string(key) + "' must be an integer");
  }
}

} // namespace llmops::detail
