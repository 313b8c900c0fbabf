// The query cache file: a header, a table of entries sorted by path, then the blobs (all facts,
// then all search texts, then all long texts, so that a query touches only the pages it needs).
//
//   "LLMQIDX1"  key:u64  table_size:u64  table_checksum:u64
//   table: count:u32, then per entry, sorted by path: path (u32 length + bytes), hash:u64,
//          stamp (device, inode, size, mtime_ns, ctime_ns: 5 x u64), trusted:u8,
//          three blob references (offset:u64 from the start of the file, length:u32, checksum:u64)
//   blobs
#include "index_cache.hpp"

#include "llmops/environment.hpp"
#include "llmops/version.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <span>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <thread>
#include <unistd.h>

namespace llmops::detail {

namespace fs = std::filesystem;

namespace {

constexpr char k_magic[8] = {'L', 'L', 'M', 'Q', 'I', 'D', 'X', '2'};
constexpr std::size_t k_header = sizeof k_magic + 3 * sizeof(std::uint64_t);
constexpr std::size_t k_blob_ref = sizeof(std::uint64_t) + sizeof(std::uint32_t) + sizeof(std::uint64_t);
constexpr std::size_t k_stamp = 5 * sizeof(std::uint64_t) + 1;
constexpr std::size_t k_entry_fixed = 4 + 8 + k_stamp + 3 * k_blob_ref; // all but the path's bytes

template <typename T> T load(const char* at)
{
  T v{};
  std::memcpy(&v, at, sizeof v);
  return v;
}

template <typename T> void store(std::string& out, T v)
{
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// Writes `parts` one after the other from `offset` of `fd`, as many at a time as the system takes.
bool write_parts(int fd, std::span<iovec> parts, std::uint64_t offset)
{
  std::size_t at = 0;
  while (at < parts.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(parts.size() - at, IOV_MAX));
    const ssize_t n = ::pwritev(fd, parts.data() + at, count, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    offset += static_cast<std::uint64_t>(n);
    // Skip what was written; a part written in part is resumed where it stopped.
    for (auto left = static_cast<std::size_t>(n); left > 0 && at < parts.size();) {
      const std::size_t take = std::min(left, parts[at].iov_len);
      parts[at].iov_base = static_cast<char*>(parts[at].iov_base) + take;
      parts[at].iov_len -= take;
      left -= take;
      if (parts[at].iov_len == 0) {
        ++at;
      }
    }
  }
  return true;
}


} // namespace

std::uint64_t index_cache_key(const Config& config, const Schema& schema)
{
  const std::string& k_identity = program_identity();
  std::string material = fmt::format("llmops {} query index 1\n{}\n", k_version, k_identity);
  material += config.text;
  material += '\0';
  material += schema.text;
  return XXH3_64bits(material.data(), material.size());
}

IndexCache::IndexCache(const fs::path& file, std::uint64_t key)
{
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  struct stat info = {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || static_cast<std::size_t>(info.st_size) < k_header) {
    ::close(fd);
    return;
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) {
    return;
  }
  m_data = static_cast<const char*>(mapped);
  m_size = size;
  const auto table_size = load<std::uint64_t>(m_data + 16);
  if (std::memcmp(m_data, k_magic, sizeof k_magic) != 0 || load<std::uint64_t>(m_data + 8) != key ||
      table_size > m_size - k_header ||
      load<std::uint64_t>(m_data + 24) != XXH3_64bits(m_data + k_header, table_size)) {
    return;
  }
  const char* at = m_data + k_header;
  const char* end = at + table_size;
  auto take = [&](std::size_t n) {
    const char* here = at;
    at = static_cast<std::size_t>(end - at) >= n ? at + n : nullptr;
    return here;
  };
  auto blob = [&](BlobRef& ref) {
    const char* p = take(k_blob_ref);
    if (at == nullptr) {
      return false;
    }
    ref.offset = load<std::uint64_t>(p);
    ref.length = load<std::uint32_t>(p + 8);
    ref.checksum = load<std::uint64_t>(p + 12);
    return ref.offset <= m_size && ref.length <= m_size - ref.offset;
  };
  if (table_size < 4) {
    return;
  }
  const auto count = load<std::uint32_t>(take(4));
  if (count > table_size / k_entry_fixed) {
    return;
  }
  m_entries.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const char* length_at = take(4);
    if (at == nullptr) {
      break;
    }
    const auto length = load<std::uint32_t>(length_at);
    const char* path = take(length);
    const char* hash_at = at != nullptr ? take(8 + k_stamp) : nullptr;
    IndexEntry entry;
    if (at == nullptr || !blob(entry.facts) || !blob(entry.search) || !blob(entry.text)) {
      at = nullptr;
      break;
    }
    entry.hash = load<std::uint64_t>(hash_at);
    entry.stamp.device = load<std::uint64_t>(hash_at + 8);
    entry.stamp.inode = load<std::uint64_t>(hash_at + 16);
    entry.stamp.size = load<std::uint64_t>(hash_at + 24);
    entry.stamp.mtime_ns = load<std::int64_t>(hash_at + 32);
    entry.stamp.ctime_ns = load<std::int64_t>(hash_at + 40);
    entry.trusted = hash_at[48] == 1;
    std::string_view name(path, length);
    if (!m_entries.empty() && !(m_entries.back().first < name)) {
      at = nullptr; // not sorted, or a path twice
      break;
    }
    m_entries.emplace_back(name, entry);
  }
  if (at != end) {
    m_entries.clear(); // a table that does not add up is not trusted at all
  }
}

IndexCache::~IndexCache()
{
  if (m_data != nullptr) {
    ::munmap(const_cast<char*>(m_data), m_size);
  }
}

const IndexEntry* IndexCache::find(std::string_view path) const
{
  auto it = std::lower_bound(m_entries.begin(), m_entries.end(), path,
                             [](const auto& entry, std::string_view p) { return entry.first < p; });
  return it != m_entries.end() && it->first == path ? &it->second : nullptr;
}

const IndexEntry* IndexCache::find(std::string_view path, std::uint64_t hash) const
{
  const IndexEntry* entry = find(path);
  return entry != nullptr && entry->hash == hash ? entry : nullptr;
}

std::optional<std::string_view> IndexCache::view(const BlobRef& blob) const
{
  std::string_view bytes(m_data + blob.offset, blob.length);
  if (blob_checksum(bytes) != blob.checksum) {
    return std::nullopt;
  }
  return bytes;
}

BlobOut IndexCache::raw(const BlobRef& blob) const
{
  return BlobOut(std::string_view(m_data + blob.offset, blob.length), blob.checksum);
}

void write_index_cache(const fs::path& file, std::uint64_t key, const std::vector<EntryOut>& entries)
{
  std::size_t table_size = 4;
  for (const auto& e : entries) {
    table_size += k_entry_fixed + e.path.size();
  }
  std::string head;
  head.reserve(k_header + table_size);
  head.append(k_magic, sizeof k_magic);
  store<std::uint64_t>(head, key);
  store<std::uint64_t>(head, table_size);
  store<std::uint64_t>(head, 0); // the table's checksum, filled in below
  store<std::uint32_t>(head, static_cast<std::uint32_t>(entries.size()));
  std::uint64_t offset = k_header + table_size;
  // Blobs go by kind: every facts blob, then every search blob, then every text blob.
  std::vector<std::uint64_t> offsets(entries.size() * 3);
  for (std::size_t kind = 0; kind < 3; ++kind) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const BlobOut& b = kind == 0 ? entries[i].facts : kind == 1 ? entries[i].search : entries[i].text;
      offsets[i * 3 + kind] = offset;
      offset += b.size();
    }
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const EntryOut& e = entries[i];
    store<std::uint32_t>(head, static_cast<std::uint32_t>(e.path.size()));
    head.append(e.path);
    store<std::uint64_t>(head, e.hash);
    store<std::uint64_t>(head, e.stamp.device);
    store<std::uint64_t>(head, e.stamp.inode);
    store<std::uint64_t>(head, e.stamp.size);
    store<std::int64_t>(head, e.stamp.mtime_ns);
    store<std::int64_t>(head, e.stamp.ctime_ns);
    store<std::uint8_t>(head, e.trusted ? 1 : 0);
    std::size_t kind = 0;
    for (const BlobOut* b : {&e.facts, &e.search, &e.text}) {
      store<std::uint64_t>(head, offsets[i * 3 + kind++]);
      store<std::uint32_t>(head, static_cast<std::uint32_t>(b->size()));
      store<std::uint64_t>(head, b->checksum);
    }
  }
  std::uint64_t checksum = XXH3_64bits(head.data() + k_header, table_size);
  std::memcpy(head.data() + 24, &checksum, sizeof checksum);

  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path temporary = file;
  temporary += fmt::format(".tmp.{}", ::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return;
  }
  // The blobs go out straight from where they are, in two halves on two threads.
  std::vector<iovec> parts;
  parts.reserve(1 + 6 * entries.size());
  parts.push_back({head.data(), head.size()});
  for (std::size_t kind = 0; kind < 3; ++kind) {
    for (const auto& e : entries) {
      const BlobOut& b = kind == 0 ? e.facts : kind == 1 ? e.search : e.text;
      for (std::string_view piece : b.pieces) {
        if (!piece.empty()) {
          parts.push_back({const_cast<char*>(piece.data()), piece.size()});
        }
      }
    }
  }
  std::size_t half = parts.size() / 2;
  std::uint64_t half_offset = 0;
  for (std::size_t i = 0; i < half; ++i) {
    half_offset += parts[i].iov_len;
  }
  bool first_ok = true;
  bool second_ok = true;
  {
    std::jthread second([&] { second_ok = write_parts(fd, std::span(parts).subspan(half), half_offset); });
    first_ok = write_parts(fd, std::span(parts).subspan(0, half), 0);
  }
  const bool ok = ::close(fd) == 0 && first_ok && second_ok;
  if (!ok || std::rename(temporary.c_str(), file.c_str()) != 0) {
    fs::remove(temporary, ec);
  }
}

} // namespace llmops::detail
