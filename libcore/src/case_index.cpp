#include "llmops/case_index.hpp"

#include "index_cache.hpp"
#include "llmops/cache.hpp"
#include "llmops/case_reader.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <thread>

namespace llmops {

namespace fs = std::filesystem;

// The bytes that `CaseIndex::m_search` views point into.
struct CaseIndex::Storage
{
  std::unique_ptr<detail::IndexCache> cache; // the mapped cache file: entries found there
  std::vector<std::string> owned;            // search blobs of entries made in this run
  // Per case, for `load_text`: where its long texts are, and whether they are in its facts.
  std::vector<const detail::IndexEntry*> entries;         // the cache entry it came from, if any
  std::vector<std::pair<std::string, std::string>> texts; // its summary and notes, when read in this run
  std::vector<char> text_loaded;
  bool texts_kept = false; // the load read the long texts of the files it parsed
};

namespace {

// A file changed this close to the start of a run (or later) may change again without its stamp
// changing (file times tick coarsely), so its stamp is not trusted until it is older.
constexpr std::int64_t k_racy_ns = 2'000'000'000;

std::int64_t now_ns()
{
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

// The outcome of reading one case file.
struct Slot
{
  Case facts;
  SearchText search;
  std::uint64_t hash = 0;
  bool readable = false;
  bool unread = false;                       // known by its stamp alone
  std::optional<FileStamp> stamp;            // taken before the file was read
  bool trusted = false;                      // the stamp may stand for the bytes next time (see IndexEntry)
  const detail::IndexEntry* entry = nullptr; // the cache entry used, when there was one
  bool search_made = false;                  // the entry had no search text; it was made from its texts
  std::string facts_blob;                    // new entries only: what the cache file will hold
  std::array<char, 8> text_lengths{};        // the length prefixes of the text blob
  std::array<std::uint64_t, 3> checksums{};  // of the facts, search and text blobs made here
};

// True when a load with `options` needs the long texts of every case at hand.
bool wants_texts(const IndexOptions& options)
{
  return options.search_text || options.full_text || options.long_texts;
}

// Fills `slot` from cache entry `e` with what `options` asks for; false when a needed blob is
// damaged or absent (the file is then read afresh). An entry has only what the load that wrote
// it needed: no long texts for a query without words, say. Search text missing from an entry
// that has the texts is made from them into `search_blob`, for the cache to keep.
bool use_entry(const detail::IndexCache& cache, const detail::IndexEntry& e, std::string_view path,
               const IndexOptions& options, Slot& slot, std::string& search_blob)
{
  auto facts = cache.view(e.facts);
  if (!facts || !detail::decode_facts(*facts, path, slot.facts)) {
    return false;
  }
  if (!slot.facts.parsed) {
    return true;
  }
  if (wants_texts(options) && e.text.length == 0) {
    return false;
  }
  if (options.search_text && e.search.length == 0) {
    auto text = cache.view(e.text);
    Case with_text = slot.facts;
    if (!text || !detail::decode_text(*text, with_text)) {
      return false;
    }
    search_blob = detail::encode_search(with_text);
    detail::decode_search(search_blob, slot.search);
    slot.search_made = true;
    slot.checksums[1] = detail::blob_checksum(search_blob);
  } else if (options.search_text) {
    auto search = cache.view(e.search);
    if (!search || !detail::decode_search(*search, slot.search)) {
      return false;
    }
  }
  if (options.full_text) {
    auto text = cache.view(e.text);
    if (!text || !detail::decode_text(*text, slot.facts)) {
      return false;
    }
  }
  return true;
}

// The case files under the cases folder: regular `*.yaml` files, sorted by path. Everything else
// there is lint's business.
std::vector<std::string> case_files(const Config& config, const Store& store)
{
  std::vector<std::string> files;
  for (const StoreEntry& entry : store.list(config.cases_dir)) {
    std::string_view name = std::string_view(entry.path).substr(entry.path.rfind('/') + 1);
    if (entry.kind == EntryKind::file && !name.starts_with('.') && name.ends_with(".yaml")) {
      files.push_back(entry.path);
    }
  }
  return files;
}

// Writes the cache file for this load: entries found in `cache` are carried over as they were
// (with a search blob made now, if one was), new ones come from their slots (with their long
// texts when the load read them).
void write_cache(const fs::path& file, std::uint64_t key, const detail::IndexCache& cache,
                 const std::vector<std::string>& files, std::vector<Slot>& slots, const std::vector<std::string>& owned,
                 bool with_texts)
{
  std::vector<detail::EntryOut> out;
  out.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    Slot& slot = slots[i];
    if (!slot.readable) {
      continue;
    }
    detail::EntryOut entry{files[i], slot.hash, slot.stamp.value_or(FileStamp{}), slot.stamp && slot.trusted, {},
                           {},       {}};
    if (slot.entry != nullptr) {
      entry.facts = cache.raw(slot.entry->facts);
      entry.search = slot.search_made ? detail::BlobOut(owned[i], slot.checksums[1]) : cache.raw(slot.entry->search);
      entry.text = cache.raw(slot.entry->text);
    } else {
      entry.facts = detail::BlobOut(slot.facts_blob, slot.checksums[0]);
      entry.search = detail::BlobOut(owned[i], slot.checksums[1]);
      if (slot.facts.parsed && with_texts) {
        entry.text = detail::BlobOut(detail::text_pieces(slot.facts, slot.text_lengths), slot.checksums[2]);
      }
    }
    out.push_back(entry);
  }
  detail::write_index_cache(file, key, out);
}

} // namespace

CaseIndex::CaseIndex() : m_storage(std::make_unique<Storage>()) {}
CaseIndex::CaseIndex(CaseIndex&&) noexcept = default;
CaseIndex& CaseIndex::operator=(CaseIndex&&) noexcept = default;
CaseIndex::~CaseIndex() = default;

CaseIndex CaseIndex::load(const Project& project, const Store& store, const IndexOptions& options)
{
  const Config& config = project.config;
  const std::vector<std::string> files = case_files(config, store);
  CaseIndex index;
  Storage& storage = *index.m_storage;
  const std::uint64_t key = detail::index_cache_key(config, project.schema);
  const fs::path cache_file = config.root / config.cache_dir / "query.bin";
  if (options.use_cache) {
    storage.cache = std::make_unique<detail::IndexCache>(cache_file, key);
  }
  const detail::IndexCache* cache = storage.cache.get();
  // Only findings depend on the year; the facts a query reads do not. The long texts are read
  // only for loads that want them: a first query without words costs no more than a lint.
  const bool keep_text = wants_texts(options);
  CheckContext context{config, project.schema, project.vocabulary, 2026, keep_text};
  context.facts_only = true;

  const std::int64_t trusted_before = now_ns() - k_racy_ns;
  const std::size_t total = files.size();
  std::vector<Slot> slots(total);
  storage.owned.resize(total);
  const std::uint64_t limit = config.limits.max_file_bytes + 1;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  auto work = [&]() {
    for (std::size_t i = next++; i < total; i = next++, ++done) {
      Slot& slot = slots[i];
      auto trust = [&] {
        slot.trusted = slot.stamp && slot.stamp->mtime_ns < trusted_before && slot.stamp->ctime_ns < trusted_before;
      };
      // A file known by a trusted stamp is looked at without being read; any other is read, and
      // its stamp comes with its bytes.
      const detail::IndexEntry* known = cache != nullptr ? cache->find(files[i]) : nullptr;
      if (known != nullptr && known->trusted) {
        slot.stamp = store.stamp(files[i]);
        trust();
      }
      if (const detail::IndexEntry* e = known; e != nullptr && e->trusted && slot.stamp && e->stamp == *slot.stamp &&
                                               use_entry(*cache, *e, files[i], options, slot, storage.owned[i])) {
        // Unchanged since a run that read it: no need to read it again.
        slot.readable = true;
        slot.unread = true;
        slot.hash = e->hash;
        slot.entry = e;
        continue;
      }
      ReadResult read = store.read(files[i], limit);
      if (!read.ok) {
        continue;
      }
      slot.stamp = read.stamp; // the stamp the bytes were read under
      trust();
      slot.readable = true;
      slot.hash = content_hash(read.bytes);
      if (const detail::IndexEntry* e = cache ? cache->find(files[i], slot.hash) : nullptr) {
        if (use_entry(*cache, *e, files[i], options, slot, storage.owned[i])) {
          slot.entry = e;
          continue;
        }
      }
      slot.facts = check_case_file(files[i], read.bytes, context).facts;
      // Without a cache to fill, only what this load returns is worth computing.
      if (cache != nullptr) {
        slot.facts_blob = detail::encode_facts(slot.facts);
      }
      // Search text is made when asked for; the cache keeps it then, or a later load that asks
      // makes it from the long texts.
      if (slot.facts.parsed && options.search_text) {
        storage.owned[i] = detail::encode_search(slot.facts);
        detail::decode_search(storage.owned[i], slot.search);
      }
      // The text blob is written from the facts' own strings; they leave the facts after that.
      if (cache != nullptr) {
        const auto text = slot.facts.parsed && keep_text ? detail::text_pieces(slot.facts, slot.text_lengths)
                                                         : std::array<std::string_view, 4>{};
        slot.checksums = {detail::blob_checksum(slot.facts_blob), detail::blob_checksum(storage.owned[i]),
                          detail::blob_checksum(text)};
      }
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(total / 64, 1)));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back(work);
    }
    if (options.progress) {
      while (done.load() < total && threads > 1) {
        options.progress(done.load(), total);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    work();
  }
  if (options.progress) {
    options.progress(total, total);
  }

  IndexStats& stats = index.m_stats;
  stats.files = total;
  std::size_t hits = 0;
  std::size_t restamped = 0;
  bool searches_made = false;
  for (const Slot& slot : slots) {
    hits += slot.entry != nullptr ? 1U : 0U;
    stats.unread += slot.unread ? 1U : 0U;
    searches_made = searches_made || slot.search_made;
    if (slot.entry != nullptr &&
        (slot.entry->trusted != slot.trusted || slot.entry->stamp != slot.stamp.value_or(FileStamp{}))) {
      ++restamped;
    }
  }
  stats.from_cache = hits;

  // Rewrite the cache when an entry is new or gone, or when stamps changed (a file became old
  // enough to trust, a checkout touched files): for a few files of a large cache, reading them
  // again on each run costs less than rewriting it.
  const bool restamp = restamped > 0 && (restamped * 100 >= total || cache->bytes() < (std::size_t{8} << 20));
  if (cache != nullptr && (hits != total || cache->size() != hits || restamp || searches_made)) {
    write_cache(cache_file, key, *cache, files, slots, storage.owned, keep_text);
  }

  index.m_cases.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    Slot& slot = slots[i];
    if (!slot.readable || !slot.facts.parsed) {
      stats.skipped.push_back(files[i]);
      continue;
    }
    if (!options.full_text) {
      // As from the cache: the long texts wait for `load_text`, which finds them here.
      storage.texts.emplace_back(std::move(slot.facts.summary.value), std::move(slot.facts.notes.value));
      slot.facts.summary.value.clear();
      slot.facts.notes.value.clear();
    }
    index.m_cases.push_back(std::move(slot.facts));
    if (options.search_text) {
      index.m_search.push_back(slot.search);
    }
    storage.entries.push_back(slot.entry);
  }
  storage.text_loaded.assign(index.m_cases.size(), options.full_text ? 1 : 0);
  storage.texts_kept = keep_text;
  if (!options.search_text) {
    storage.owned.clear();
  }
  index.compute_averages();
  return index;
}

CaseIndex CaseIndex::from_cases(std::vector<Case> cases)
{
  CaseIndex index;
  Storage& storage = *index.m_storage;
  storage.owned.resize(cases.size());
  index.m_search.resize(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    storage.owned[i] = detail::encode_search(cases[i]);
    detail::decode_search(storage.owned[i], index.m_search[i]);
  }
  index.m_stats.files = cases.size();
  storage.text_loaded.assign(cases.size(), 1);
  index.m_cases = std::move(cases);
  index.compute_averages();
  return index;
}

void CaseIndex::load_text(const Project& project, const Store& store, std::span<const std::size_t> indices)
{
  Storage& storage = *m_storage;
  CheckContext context{project.config, project.schema, project.vocabulary, 2026, true};
  context.facts_only = true;
  for (std::size_t i : indices) {
    if (storage.text_loaded[i] != 0) {
      continue;
    }
    Case& c = m_cases[i];
    const detail::IndexEntry* entry = storage.entries[i];
    auto cached = entry != nullptr ? storage.cache->view(entry->text) : std::nullopt;
    const bool kept = storage.texts_kept && i < storage.texts.size() && entry == nullptr;
    if (kept) {
      c.summary.value = std::move(storage.texts[i].first);
      c.notes.value = std::move(storage.texts[i].second);
    }
    const bool done = kept || (cached && detail::decode_text(*cached, c));
    if (!done) {
      ReadResult read = store.read(c.path, project.config.limits.max_file_bytes + 1);
      Case fresh = read.ok ? check_case_file(c.path, read.bytes, context).facts : Case{};
      c.summary.value = std::move(fresh.summary.value);
      c.notes.value = std::move(fresh.notes.value);
    }
    storage.text_loaded[i] = 1;
  }
}

void CaseIndex::compute_averages()
{
  m_average = {};
  if (m_search.empty()) {
    return;
  }
  for (const SearchText& s : m_search) {
    for (std::size_t f = 0; f < k_text_fields; ++f) {
      m_average[f] += s.lengths[f];
    }
  }
  for (double& average : m_average) {
    average /= static_cast<double>(m_search.size());
  }
}

} // namespace llmops
