// The lint cache file: a header, the findings of the database-wide rules from the last run, then
// one entry per case file, sorted by path. All integers are little-endian.
//
//   "LLMCACH6"  key:u64  checksum:u64 (XXH3 of everything after the header)
//   database: inputs:u64, present:u8, findings (u32 length + bytes)
//   count:u32, then per entry: path (u32 length + bytes), hash:u64, trusted:u8,
//          stamp when trusted (device, inode, size, mtime_ns, ctime_ns: 5 x u64),
//          report (u32 length + bytes: the facts as `encode_facts` writes them, then the findings)
//
// The file is mapped, not read: a warm run touches the entries it decodes and nothing else.
#include "llmops/cache.hpp"

#include "llmops/error.hpp"
#include "llmops/fs.hpp"

#include "byte_codec.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace llmops {

namespace fs = std::filesystem;

namespace {

constexpr char k_magic[8] = {'L', 'L', 'M', 'C', 'A', 'C', 'H', '6'};
constexpr std::size_t k_header = sizeof k_magic + 2 * sizeof(std::uint64_t);
constexpr std::size_t k_min_entry = 4 + 8 + 1 + 4; // an entry with an empty path and report

using Writer = detail::ByteWriter;
using Reader = detail::ByteReader;

void write_diagnostics(Writer& w, const std::vector<Diagnostic>& diagnostics, bool with_path)
{
  w.u32(static_cast<std::uint32_t>(diagnostics.size()));
  for (const auto& d : diagnostics) {
    if (with_path) {
      w.str(d.path);
    }
    w.pos(d.position);
    w.u32(d.span);
    w.u8(static_cast<std::uint8_t>(d.severity));
    w.str(d.rule);
    w.str(d.message);
    w.u8(d.fix ? 1 : 0);
    w.str(d.fix.value_or(""));
  }
}

// Reads what `write_diagnostics` wrote; `path` is the path of every finding, or null when each
// has its own. False when the bytes are malformed.
bool read_diagnostics(Reader& r, const std::string* path, std::vector<Diagnostic>& out)
{
  const std::uint32_t count = r.u32();
  if (r.bad || count > r.left() / 4) {
    return false;
  }
  out.reserve(out.size() + count);
  for (std::uint32_t i = 0; i < count && !r.bad; ++i) {
    Diagnostic d;
    d.path = path ? *path : std::string(r.view());
    d.position = r.pos();
    d.span = r.u32();
    const std::uint8_t severity = r.u8();
    if (severity > static_cast<std::uint8_t>(Severity::error)) {
      return false;
    }
    d.severity = static_cast<Severity>(severity);
    d.rule = r.str();
    d.message = r.str();
    const bool has_fix = r.u8() != 0;
    std::string_view fix = r.view();
    if (has_fix) {
      d.fix = std::string(fix);
    }
    out.push_back(std::move(d));
  }
  return !r.bad;
}

std::string encode_report(const Case& facts, const std::vector<Diagnostic>& diagnostics)
{
  Writer w;
  w.str(detail::encode_facts(facts));
  write_diagnostics(w, diagnostics, false);
  return std::move(w.out);
}

// Reads what `encode_report` wrote into `out`; false, leaving `out` empty, when malformed.
bool decode_report(std::string_view blob, std::string_view path, FileReport& out)
{
  Reader r(blob);
  out.diagnostics.clear();
  if (!detail::decode_facts(r.view(), path, out.facts) || !read_diagnostics(r, &out.facts.path, out.diagnostics) ||
      !r.done()) {
    out = FileReport{};
    return false;
  }
  return true;
}

} // namespace

std::uint64_t content_hash(std::string_view bytes)
{
  return XXH3_64bits(bytes.data(), bytes.size());
}

LintCache::LintCache(fs::path file, std::uint64_t key) : m_file(std::move(file)), m_key(key)
{
  load();
  if (m_loaded.empty() && !m_database && m_map != nullptr) {
    ::munmap(const_cast<char*>(m_map), m_map_size); // foreign, corrupt or empty: nothing to keep
    m_map = nullptr;
    m_map_size = 0;
  }
}

LintCache::~LintCache()
{
  if (m_map != nullptr) {
    ::munmap(const_cast<char*>(m_map), m_map_size);
  }
}

void LintCache::load()
{
  const int fd = ::open(m_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  struct stat info = {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || static_cast<std::size_t>(info.st_size) < k_header) {
    ::close(fd);
    return;
  }
  // Every page is read for the checksum, so they are all mapped at once.
  const auto size = static_cast<std::size_t>(info.st_size);
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) {
    return;
  }
  m_map = static_cast<const char*>(mapped);
  m_map_size = size;
  const std::string_view data(m_map, m_map_size);
  std::uint64_t key = 0;
  std::uint64_t checksum = 0;
  std::memcpy(&key, data.data() + sizeof k_magic, sizeof key);
  std::memcpy(&checksum, data.data() + sizeof k_magic + sizeof key, sizeof checksum);
  if (std::memcmp(data.data(), k_magic, sizeof k_magic) != 0 || key != m_key ||
      checksum != XXH3_64bits(data.data() + k_header, data.size() - k_header)) {
    return;
  }
  Reader r(data.substr(k_header));
  const std::uint64_t database_inputs = r.u64();
  const bool has_database = r.u8() != 0;
  const std::string_view database = r.view();
  const std::uint32_t count = r.u32();
  if (r.bad || count > r.left() / k_min_entry) {
    return;
  }
  m_loaded.reserve(count);
  for (std::uint32_t i = 0; i < count && !r.bad; ++i) {
    LoadedEntry loaded;
    loaded.path = r.view();
    loaded.entry.hash = r.u64();
    if (r.u8() != 0) {
      loaded.entry.stamp = FileStamp{r.u64(), r.u64(), r.u64(), static_cast<std::int64_t>(r.u64()),
                                     static_cast<std::int64_t>(r.u64())};
    }
    loaded.entry.blob = r.view();
    if (!m_loaded.empty() && !(m_loaded.back().path < loaded.path)) {
      break; // out of order: not a file this program wrote
    }
    m_loaded.push_back(loaded);
  }
  if (r.bad || m_loaded.size() != count || !r.done()) {
    m_loaded.clear();
    return;
  }
  m_database_inputs = database_inputs;
  if (has_database) {
    m_database = database;
  }
}

const LintCache::Entry* LintCache::lookup(std::string_view path) const
{
  if (!m_added.empty()) {
    if (auto it = m_added.find(path); it != m_added.end()) {
      return &it->second;
    }
  }
  auto it = std::lower_bound(m_loaded.begin(), m_loaded.end(), path,
                             [](const LoadedEntry& e, std::string_view p) { return e.path < p; });
  if (it == m_loaded.end() || it->path != path || it->dropped) {
    return nullptr;
  }
  return &it->entry;
}

bool LintCache::find(std::string_view path, std::uint64_t hash, FileReport& out) const
{
  const Entry* entry = lookup(path);
  return entry != nullptr && entry->hash == hash && decode_report(entry->blob, path, out);
}

std::optional<std::uint64_t> LintCache::find_stamped(std::string_view path, const FileStamp& stamp,
                                                     FileReport& out) const
{
  const Entry* entry = lookup(path);
  if (entry == nullptr || !entry->stamp || !(*entry->stamp == stamp) || !decode_report(entry->blob, path, out)) {
    return std::nullopt;
  }
  return entry->hash;
}

bool LintCache::stamp_outdated(std::string_view path, std::uint64_t hash,
                               const std::optional<FileStamp>& trusted_stamp) const
{
  const Entry* entry = lookup(path);
  return entry != nullptr && entry->hash == hash && trusted_stamp && entry->stamp != trusted_stamp;
}

void LintCache::put(const std::string& path, std::uint64_t hash, const Case& facts,
                    const std::vector<Diagnostic>& diagnostics, const std::optional<FileStamp>& trusted_stamp)
{
  auto it = std::lower_bound(m_loaded.begin(), m_loaded.end(), std::string_view(path),
                             [](const LoadedEntry& e, std::string_view p) { return e.path < p; });
  if (it != m_loaded.end() && it->path == path) {
    it->dropped = true;
  }
  m_added.insert_or_assign(path, Entry{hash, trusted_stamp, m_owned.emplace_back(encode_report(facts, diagnostics))});
  m_dirty = true;
}

void LintCache::retain(const std::vector<std::string>& keep)
{
  assert(std::is_sorted(keep.begin(), keep.end()));
  // Both lists are sorted: one walk over them both.
  auto kept = keep.begin();
  for (LoadedEntry& loaded : m_loaded) {
    while (kept != keep.end() && std::string_view(*kept) < loaded.path) {
      ++kept;
    }
    if (!loaded.dropped && (kept == keep.end() || *kept != loaded.path)) {
      loaded.dropped = true;
      m_dirty = true;
    }
  }
  m_dirty = std::erase_if(m_added, [&](const auto& added) {
              return !std::binary_search(keep.begin(), keep.end(), added.first);
            }) > 0 || m_dirty;
}

std::optional<std::vector<Diagnostic>> LintCache::find_database(std::uint64_t inputs) const
{
  if (!m_database || inputs != m_database_inputs) {
    return std::nullopt;
  }
  Reader r(*m_database);
  std::vector<Diagnostic> findings;
  if (!read_diagnostics(r, nullptr, findings) || !r.done()) {
    return std::nullopt;
  }
  return findings;
}

void LintCache::put_database(std::uint64_t inputs, const std::vector<Diagnostic>& findings)
{
  Writer w;
  write_diagnostics(w, findings, true);
  if (m_database && inputs == m_database_inputs && *m_database == w.out) {
    return;
  }
  m_database_inputs = inputs;
  m_database = m_owned.emplace_back(std::move(w.out));
  m_dirty = true;
}

std::size_t LintCache::size() const
{
  return m_added.size() + static_cast<std::size_t>(std::count_if(m_loaded.begin(), m_loaded.end(),
                                                                  [](const LoadedEntry& e) { return !e.dropped; }));
}

void LintCache::save()
{
  if (!m_dirty) {
    return;
  }
  // The loaded entries that stay and the added ones, merged in path order.
  std::vector<std::pair<std::string_view, const Entry*>> ordered;
  ordered.reserve(m_loaded.size() + m_added.size());
  std::size_t bytes = k_header + 32 + (m_database ? m_database->size() : 0);
  auto added = m_added.begin();
  auto take_added = [&]() {
    ordered.emplace_back(added->first, &added->second);
    ++added;
  };
  for (const LoadedEntry& loaded : m_loaded) {
    if (loaded.dropped) {
      continue;
    }
    while (added != m_added.end() && added->first < loaded.path) {
      take_added();
    }
    ordered.emplace_back(loaded.path, &loaded.entry);
  }
  while (added != m_added.end()) {
    take_added();
  }
  for (const auto& [path, entry] : ordered) {
    bytes += path.size() + entry->blob.size() + 64;
  }
  Writer w;
  w.out.reserve(bytes);
  w.out.append(k_magic, sizeof k_magic);
  w.u64(m_key);
  w.u64(0); // checksum, filled in below
  w.u64(m_database_inputs);
  w.u8(m_database ? 1 : 0);
  w.str(m_database.value_or(std::string_view()));
  w.u32(static_cast<std::uint32_t>(ordered.size()));
  for (const auto& [path, entry] : ordered) {
    w.str(path);
    w.u64(entry->hash);
    const auto& stamp = entry->stamp;
    w.u8(stamp ? 1 : 0);
    if (stamp) {
      for (std::uint64_t v : {stamp->device, stamp->inode, stamp->size, static_cast<std::uint64_t>(stamp->mtime_ns),
                              static_cast<std::uint64_t>(stamp->ctime_ns)}) {
        w.u64(v);
      }
    }
    w.str(entry->blob);
  }
  const std::uint64_t checksum = XXH3_64bits(w.out.data() + k_header, w.out.size() - k_header);
  std::memcpy(w.out.data() + sizeof k_magic + sizeof(std::uint64_t), &checksum, sizeof checksum);
  try {
    std::error_code ec;
    fs::create_directories(m_file.parent_path(), ec);
    write_file_atomic(m_file, w.out);
    m_dirty = false;
  } catch (const Error&) {
    // A read-only checkout simply runs without a cache.
  }
}

} // namespace llmops
