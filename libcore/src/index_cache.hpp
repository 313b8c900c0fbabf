#pragma once
// The on-disk cache behind `CaseIndex`: one file, `<cache_dir>/query.bin`, mapped read-only.
// Each entry is a case file's path and content hash with three blobs: the facts, the search text
// and the long texts as written. Each blob carries its own checksum, checked when it is used, so
// a query that needs only facts touches only the facts; a bad blob reads as a miss, never as data.
// An empty search or text blob means "not there" (a made one is never empty): a load keeps what it
// needed, and a later load that needs more reads the file again, or makes the search text from the
// long texts.

#include "llmops/case.hpp"
#include "llmops/case_index.hpp"
#include "llmops/store.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byte_codec.hpp"

namespace llmops::detail {

// The normalized title, company, summary and notes of `facts`, with their word counts.
std::string encode_search(const Case& facts);

// Reads `encode_search` bytes; the views in `out` point into `bytes`. False when malformed.
bool decode_search(std::string_view bytes, SearchText& out);

// The summary and notes of `facts` as written, as the pieces of one blob: two four-byte lengths
// in `lengths` and the two texts themselves, which the pieces view (no copy is made).
std::array<std::string_view, 4> text_pieces(const Case& facts, std::array<char, 8>& lengths);

// Puts the summary and notes of `encode_text` bytes into `out`; false when malformed.
bool decode_text(std::string_view bytes, Case& out);

// The checksum each blob is stored with; of pieces, that of their concatenation.
std::uint64_t blob_checksum(std::string_view bytes);
std::uint64_t blob_checksum(const std::array<std::string_view, 4>& pieces);

// Where a blob lies in the cache file, and what it must hash to.
struct BlobRef
{
  std::uint64_t offset = 0;
  std::uint32_t length = 0;
  std::uint64_t checksum = 0;
};

// One case file's entry. When `trusted`, a file whose stamp still equals `stamp` is known to
// hash to `hash` without being read: its stamp was taken before it was read, and long enough after
// its last change that a later change cannot leave the stamp as it was.
struct IndexEntry
{
  std::uint64_t hash = 0;
  FileStamp stamp;
  bool trusted = false;
  BlobRef facts;
  BlobRef search;
  BlobRef text;
};

// A blob to write: its bytes, in up to four pieces, and the checksum they were stored with (kept
// as found for entries carried over from the previous file, so that damage is never blessed by a
// rewrite).
struct BlobOut
{
  BlobOut() = default;
  BlobOut(std::string_view bytes, std::uint64_t sum) : pieces{bytes}, checksum(sum) {}
  BlobOut(const std::array<std::string_view, 4>& parts, std::uint64_t sum) : pieces(parts), checksum(sum) {}

  // The bytes of all pieces.
  std::size_t size() const
  {
    std::size_t n = 0;
    for (std::string_view piece : pieces) {
      n += piece.size();
    }
    return n;
  }

  std::array<std::string_view, 4> pieces{};
  std::uint64_t checksum = 0;
};

struct EntryOut
{
  std::string_view path;
  std::uint64_t hash = 0;
  FileStamp stamp;
  bool trusted = false;
  BlobOut facts;
  BlobOut search;
  BlobOut text;
};

// A cache file opened for reading. A missing, foreign or damaged file opens as empty.
class IndexCache
{
public:
  IndexCache(const std::filesystem::path& file, std::uint64_t key);
  ~IndexCache();
  IndexCache(const IndexCache&) = delete;
  IndexCache& operator=(const IndexCache&) = delete;

  // The entry for `path`, whatever its hash. Safe to call from many threads.
  const IndexEntry* find(std::string_view path) const;

  // The entry for `path` if its content hash is `hash`. Safe to call from many threads.
  const IndexEntry* find(std::string_view path, std::uint64_t hash) const;

  // The bytes of `blob` if they still match its checksum.
  std::optional<std::string_view> view(const BlobRef& blob) const;

  // The bytes of `blob` without checking them (for carrying an entry over unchanged).
  BlobOut raw(const BlobRef& blob) const;

  // How many entries the file holds.
  std::size_t size() const { return m_entries.size(); }

  // The size of the file, in bytes.
  std::size_t bytes() const { return m_size; }

private:
  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::vector<std::pair<std::string_view, IndexEntry>> m_entries; // sorted by path; paths in the mapping
};

// Writes `entries` (sorted by path) as the cache file `file` under `key`: to a temporary file that
// is then renamed over it. The cache is disposable, so failures are ignored and nothing is synced.
void write_index_cache(const std::filesystem::path& file, std::uint64_t key, const std::vector<EntryOut>& entries);

// The key of the query cache of `project`: the program, its version, the configuration and the
// schema (the facts of a file depend on nothing else; the vocabulary is applied at query time).
std::uint64_t index_cache_key(const Config& config, const Schema& schema);

} // namespace llmops::detail
