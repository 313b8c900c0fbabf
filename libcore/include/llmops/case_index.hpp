#pragma once

#include "llmops/case.hpp"
#include "llmops/lint.hpp"
#include "llmops/store.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmops {

// The fields free-text search looks at, in the order of `SearchText::fields`.
enum class TextField : std::uint8_t { title, company, summary, notes };
inline constexpr std::size_t k_text_fields = 4;

// The searchable words of one case: each field normalized by `search::normalize`.
struct SearchText
{
  std::array<std::string_view, k_text_fields> fields; // " w1 w2 ... "; empty when the field is absent
  std::array<std::uint32_t, k_text_fields> lengths{}; // words per field
};

// What loading the index should provide beyond the facts every query needs.
struct IndexOptions
{
  bool search_text = false; // `CaseIndex::search` filled in, for free-text terms and ranking
  bool full_text = false;   // summary and notes of every case as written (`Case::summary.value`)
  bool long_texts = false;  // summary and notes will be wanted for a few cases (`CaseIndex::load_text`):
                            // have them at hand, in the cache or from this load's reading
  bool use_cache = true;    // read and write `<cache_dir>/query.bin`
  unsigned threads = 0;     // 0: one per core
  std::function<void(std::size_t done, std::size_t total)> progress; // may be empty
};

// What a load found.
struct IndexStats
{
  std::size_t files = 0;            // `*.yaml` files in the cases folder
  std::size_t from_cache = 0;       // of those, how many came from the cache
  std::size_t unread = 0;           // of those, how many were known by their stamp, without reading
  std::vector<std::string> skipped; // files left out: unreadable, or not a YAML mapping (see lint)
};

// Every case of a database, read in parallel, with what queries, stats and exports need. Loading
// goes through a cache keyed by each file's content hash (plus the program, configuration and
// schema), so a warm load parses no file; a file whose stamp (`Store::stamp`) is unchanged since
// a load that read it is not even read. The result is the same as a cold load, field for field.
class CaseIndex
{
public:
  // Reads every case file of `project` through `store`. Never throws on bad data: files that cannot
  // be read or parsed are left out and named in `stats().skipped` (lint says why).
  static CaseIndex load(const Project& project, const Store& store, const IndexOptions& options);

  // An index over `cases` as given (summary and notes taken from their values), for tests and tools.
  static CaseIndex from_cases(std::vector<Case> cases);

  // Fills in the summary and notes of the cases at `indices`, as `IndexOptions::full_text` does
  // for all: from the cache or this load's own reading where they are, else by reading the file
  // again through `store` (which, with `project`, must be those the index was loaded from).
  void load_text(const Project& project, const Store& store, std::span<const std::size_t> indices);

  CaseIndex(CaseIndex&&) noexcept;
  CaseIndex& operator=(CaseIndex&&) noexcept;
  ~CaseIndex();

  // The cases, sorted by path.
  std::span<const Case> cases() const { return m_cases; }

  // How many cases there are (files left out are not counted).
  std::size_t size() const { return m_cases.size(); }

  // Case `i` of `cases()`.
  const Case& at(std::size_t i) const { return m_cases[i]; }

  // True when the search text was loaded (`IndexOptions::search_text`, always for `from_cases`).
  bool has_search_text() const { return !m_search.empty() || m_cases.empty(); }

  // The searchable words of case `i`; requires `has_search_text()`.
  const SearchText& search(std::size_t i) const { return m_search[i]; }

  // The mean number of words of `field` over all cases, those without it counting 0.
  double average_length(TextField field) const { return m_average[static_cast<std::size_t>(field)]; }

  // What the load found: files, cache use, files left out.
  const IndexStats& stats() const { return m_stats; }

private:
  struct Storage;
  CaseIndex();
  void compute_averages();

  std::vector<Case> m_cases;
  std::vector<SearchText> m_search;
  std::array<double, k_text_fields> m_average{};
  IndexStats m_stats;
  std::unique_ptr<Storage> m_storage; // the bytes `m_search` views: a mapped cache file, new entries
};

} // namespace llmops
