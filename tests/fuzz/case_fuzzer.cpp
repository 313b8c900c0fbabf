// libFuzzer target: any bytes as a case file, through every per-file and vocabulary rule.
// Built with -DLLMOPS_FUZZ=ON under clang; see scripts/fuzz.sh.
#include "llmops/case_reader.hpp"
#include "llmops/config.hpp"
#include "llmops/schema.hpp"
#include "llmops/vocabulary.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

struct Fixture
{
  llmops::Config config;
  llmops::Schema schema;
  llmops::Vocabulary vocabulary;
};

// The repository's own schema and vocabulary, loaded once.
const Fixture& fixture()
{
  static const Fixture f = [] {
    const std::filesystem::path root = LLMOPS_SOURCE_DIR;
    llmops::Config config = llmops::load_config(root);
    return Fixture{config, llmops::load_schema(root / config.schema_dir),
                   llmops::Vocabulary::load(root / config.schema_dir)};
  }();
  return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const Fixture& f = fixture();
  llmops::CheckContext context{f.config, f.schema, f.vocabulary, 2026, true};
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  llmops::FileReport report = llmops::check_case_file("cases/fuzz.yaml", bytes, context);
  if (report.facts.parsed) {
    std::vector<llmops::Case> cases{report.facts};
    llmops::check_case_vocabulary(report.facts, context, llmops::count_tag_usage(cases, f.vocabulary),
                                  report.diagnostics);
  }
  return 0;
}
