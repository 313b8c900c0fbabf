// Encoding of query-cache entries: a case's facts, its search text and its long texts, each in a
// compact little-endian form that decodes without allocating more than the facts need.
#include "index_cache.hpp"

#include "llmops/search.hpp"

#include "byte_codec.hpp"

#include <xxhash.h>

#include <cstring>
#include <memory>

namespace llmops::detail {

namespace {

using Writer = detail::ByteWriter;
using Reader = detail::ByteReader;

constexpr std::uint32_t k_max_list = 1U << 20; // more items than any file within the size limit holds

#if defined(__GLIBCXX__) && defined(__x86_64__)
// A field added to `Case` must be encoded below, or a warm load would differ from a cold one.
static_assert(sizeof(Case) == 608, "Case changed: encode the new field in encode_facts and decode_facts");
#endif

} // namespace

std::string encode_facts(const Case& c)
{
  Writer w;
  w.out.reserve(512);
  w.u8(c.parsed ? 1 : 0);
  w.located(c.schema_version);
  for (const auto* s : {&c.id, &c.title, &c.company, &c.industry}) {
    w.located(*s);
  }
  w.located(c.year);
  for (const auto* s : {&c.status, &c.created_at, &c.source_url}) {
    w.located(*s);
  }
  w.located(c.summary, false);
  w.located(c.notes, false);
  for (const auto* list : {&c.sources, &c.not_duplicate_of}) {
    w.u32(static_cast<std::uint32_t>(list->size()));
    for (const auto& s : *list) {
      w.located(s);
    }
  }
  w.pos(c.tags_position);
  w.u8(c.tags_listed ? 1 : 0);
  w.u32(static_cast<std::uint32_t>(c.tags.size()));
  for (const auto& t : c.tags) {
    w.str(t.family);
    w.str(t.slug);
    w.pos(t.position);
  }
  return std::move(w.out);
}

bool decode_facts(std::string_view bytes, std::string_view path, Case& c)
{
  Reader r(bytes);
  c = Case{};
  c.path.assign(path);
  c.parsed = r.u8() != 0;
  r.located(c.schema_version);
  for (auto* s : {&c.id, &c.title, &c.company, &c.industry}) {
    r.located(*s);
  }
  r.located(c.year);
  for (auto* s : {&c.status, &c.created_at, &c.source_url, &c.summary, &c.notes}) {
    r.located(*s);
  }
  for (auto* list : {&c.sources, &c.not_duplicate_of}) {
    std::uint32_t n = r.u32();
    if (n > k_max_list) {
      return false;
    }
    list->resize(n);
    for (auto& item : *list) {
      r.located(item);
    }
  }
  c.tags_position = r.pos();
  c.tags_listed = r.u8() != 0;
  std::uint32_t tags = r.u32();
  if (tags > k_max_list) {
    return false;
  }
  c.tags.resize(tags);
  for (auto& t : c.tags) {
    t.family.assign(r.view());
    t.slug.assign(r.view());
    t.position = r.pos();
  }
  return !r.bad && r.done();
}

std::string encode_search(const Case& c)
{
  Writer w;
  std::size_t size = c.title.value.size() + c.company.value.size() + c.summary.value.size() + c.notes.value.size();
  w.out.reserve(size + 64);
  for (const auto* field : {&c.title, &c.company, &c.summary, &c.notes}) {
    std::uint32_t count = 0;
    std::string normalized = field->present ? search::normalize(field->value, &count) : std::string();
    w.u32(count);
    w.str(normalized);
  }
  return std::move(w.out);
}

bool decode_search(std::string_view bytes, SearchText& out)
{
  Reader r(bytes);
  for (std::size_t i = 0; i < k_text_fields; ++i) {
    out.lengths[i] = r.u32();
    out.fields[i] = r.view();
  }
  return !r.bad && r.done();
}

std::array<std::string_view, 4> text_pieces(const Case& c, std::array<char, 8>& lengths)
{
  const auto summary = static_cast<std::uint32_t>(c.summary.value.size());
  const auto notes = static_cast<std::uint32_t>(c.notes.value.size());
  std::memcpy(lengths.data(), &summary, 4);
  std::memcpy(lengths.data() + 4, &notes, 4);
  return {std::string_view(lengths.data(), 4), c.summary.value, std::string_view(lengths.data() + 4, 4), c.notes.value};
}

bool decode_text(std::string_view bytes, Case& out)
{
  Reader r(bytes);
  out.summary.value = std::string(r.view());
  out.notes.value = std::string(r.view());
  return !r.bad && r.done();
}

std::uint64_t blob_checksum(std::string_view bytes)
{
  return XXH3_64bits(bytes.data(), bytes.size());
}

std::uint64_t blob_checksum(const std::array<std::string_view, 4>& pieces)
{
  // The state's layout is private to the shared library, so it is made by the library.
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(), XXH3_freeState);
  XXH3_64bits_reset(state.get());
  for (std::string_view piece : pieces) {
    XXH3_64bits_update(state.get(), piece.data(), piece.size());
  }
  return XXH3_64bits_digest(state.get());
}

} // namespace llmops::detail
