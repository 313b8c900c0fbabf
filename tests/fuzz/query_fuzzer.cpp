// libFuzzer target: any bytes as a query expression, parsed against the query fixture's
// vocabulary and schema, then run, sorted and counted over its cases. Built with -DLLMOPS_FUZZ=ON
// under clang; see scripts/fuzz.sh.
#include "llmops/case_index.hpp"
#include "llmops/case_reader.hpp"
#include "llmops/facets.hpp"
#include "llmops/lint.hpp"
#include "llmops/query.hpp"
#include "llmops/store.hpp"
#include "llmops/text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

struct Fixture
{
  llmops::Project project;
  llmops::CaseIndex index;
};

// tests/data/query, read once with the case reader.
const Fixture& fixture()
{
  static const Fixture f = [] {
    llmops::Project project = llmops::Project::open(std::filesystem::path(LLMOPS_SOURCE_DIR) / "tests/data/query");
    llmops::CheckContext context{project.config, project.schema, project.vocabulary, 2026, true};
    llmops::DiskStore store(project.config.root);
    std::vector<llmops::Case> cases;
    for (const llmops::StoreEntry& entry : store.list("cases")) {
      llmops::FileReport report = llmops::check_case_file(entry.path, store.read(entry.path, 1 << 20).bytes, context);
      if (report.facts.parsed) {
        cases.push_back(std::move(report.facts));
      }
    }
    llmops::CaseIndex index = llmops::CaseIndex::from_cases(std::move(cases));
    return Fixture{std::move(project), std::move(index)};
  }();
  return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const Fixture& f = fixture();
  std::string_view expression(reinterpret_cast<const char*>(data), size);
  try {
    llmops::Query query = llmops::parse_query(expression, f.project.vocabulary, f.project.schema);
    (void)query.describe();
    llmops::QueryOptions options;
    options.threads = 1;
    options.limit = size % 4;
    options.sort = llmops::SortKey{static_cast<llmops::SortField>(size % 9), (size & 8U) != 0};
    llmops::QueryResult result = llmops::run_query(query, f.index, options);
    if (result.matches.size() > result.total || result.total > f.index.size()) {
      std::abort();
    }
    (void)llmops::compute_facets(f.index, result.matches, f.project.vocabulary);
  } catch (const llmops::QueryError& error) {
    // The caret must point into the expression, or just past its end.
    if (error.column() == 0 || error.span() == 0 ||
        (llmops::text::is_valid_utf8(expression) && error.column() > llmops::text::utf8_length(expression) + 1)) {
      std::abort();
    }
    (void)llmops::format_query_error(expression, error);
  }
  return 0;
}
