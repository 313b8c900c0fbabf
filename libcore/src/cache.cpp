#include "llmops/cache.hpp"

#include "llmops/error.hpp"
#include "llmops/fs.hpp"

#include "byte_codec.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace llmops {

namespace fs = std::filesystem;

namespace {

constexpr char k_magic[8] = {'L', 'L', 'M', 'C', 'A', 'C', 'H', '5'};

using Writer = detail::ByteWriter;
using Reader = detail::ByteReader;

void write_report(Writer& w, const FileReport& r)
{
  w.str(detail::encode_facts(r.facts));
  w.u32(static_cast<std::uint32_t>(r.diagnostics.size()));
  for (const auto& d : r.diagnostics) {
    w.pos(d.position);
    w.u32(d.span);
    w.u8(static_cast<std::uint8_t>(d.severity));
    w.str(d.rule);
    w.str(d.message);
    w.u8(d.fix ? 1 : 0);
    w.str(d.fix.value_or(""));
  }
}

FileReport read_report(Reader& r, const std::string& path)
{
  FileReport report;
  if (!detail::decode_facts(r.view(), path, report.facts)) {
    r.bad = true;
    return report;
  }
  std::uint32_t diagnostics = r.u32();
  for (std::uint32_t i = 0; i < diagnostics && !r.bad; ++i) {
    Diagnostic d;
    d.path = path;
    d.position = r.pos();
    d.span = r.u32();
    d.severity = static_cast<Severity>(r.u8());
    d.rule = r.str();
    d.message = r.str();
    bool has_fix = r.u8() != 0;
    std::string fix = r.str();
    if (has_fix) {
      d.fix = std::move(fix);
    }
    report.diagnostics.push_back(std::move(d));
  }
  return report;
}

} // namespace

std::uint64_t content_hash(std::string_view bytes)
{
  return XXH3_64bits(bytes.data(), bytes.size());
}

LintCache::LintCache(fs::path file, std::uint64_t key) : m_file(std::move(file)), m_key(key)
{
  std::ifstream in(m_file, std::ios::binary);
  if (!in) {
    return;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  m_loaded = buffer.str();
  const std::string_view data = m_loaded;
  constexpr std::size_t k_header = sizeof k_magic + 2 * sizeof(std::uint64_t);
  Reader r(data);
  char magic[sizeof k_magic];
  for (char& m : magic) {
    m = static_cast<char>(r.u8());
  }
  if (r.bad || std::memcmp(magic, k_magic, sizeof k_magic) != 0 || r.u64() != m_key) {
    return;
  }
  std::uint64_t checksum = r.u64();
  if (r.bad || checksum != XXH3_64bits(data.data() + k_header, data.size() - k_header)) {
    return;
  }
  while (!r.done() && !r.bad) {
    std::string path = r.str();
    std::uint64_t hash = r.u64();
    std::optional<FileStamp> stamp;
    if (r.u8() != 0) {
      stamp = FileStamp{r.u64(), r.u64(), r.u64(), static_cast<std::int64_t>(r.u64()),
                        static_cast<std::int64_t>(r.u64())};
    }
    std::string_view blob = r.view();
    if (!r.bad) {
      m_entries[std::move(path)] = Entry{hash, stamp, blob};
    }
  }
  if (r.bad) {
    m_entries.clear();
  }
}

std::optional<FileReport> LintCache::find(std::string_view path, std::uint64_t hash) const
{
  auto it = m_entries.find(path);
  if (it == m_entries.end() || it->second.hash != hash) {
    return std::nullopt;
  }
  Reader r(it->second.blob);
  FileReport report = read_report(r, std::string(path));
  if (r.bad) {
    return std::nullopt;
  }
  return report;
}

std::optional<std::pair<std::uint64_t, FileReport>> LintCache::find_stamped(std::string_view path,
                                                                            const FileStamp& stamp) const
{
  auto it = m_entries.find(path);
  if (it == m_entries.end() || !it->second.stamp || !(*it->second.stamp == stamp)) {
    return std::nullopt;
  }
  Reader r(it->second.blob);
  FileReport report = read_report(r, std::string(path));
  if (r.bad) {
    return std::nullopt;
  }
  return std::pair{it->second.hash, std::move(report)};
}

bool LintCache::stamp_outdated(std::string_view path, std::uint64_t hash,
                               const std::optional<FileStamp>& trusted_stamp) const
{
  auto it = m_entries.find(path);
  return it != m_entries.end() && it->second.hash == hash && trusted_stamp && it->second.stamp != trusted_stamp;
}

void LintCache::put(const std::string& path, std::uint64_t hash, const FileReport& report,
                    const std::optional<FileStamp>& trusted_stamp)
{
  Writer w;
  write_report(w, report);
  m_entries[path] = Entry{hash, trusted_stamp, m_owned.emplace_back(std::move(w.out))};
  m_dirty = true;
}

void LintCache::retain(const std::vector<std::string>& keep)
{
  for (auto it = m_entries.begin(); it != m_entries.end();) {
    if (!std::binary_search(keep.begin(), keep.end(), it->first)) {
      it = m_entries.erase(it);
      m_dirty = true;
    } else {
      ++it;
    }
  }
}

void LintCache::save()
{
  if (!m_dirty) {
    return;
  }
  std::vector<const std::pair<const std::string, Entry>*> ordered;
  ordered.reserve(m_entries.size());
  std::size_t bytes = 0;
  for (const auto& entry : m_entries) {
    ordered.push_back(&entry);
    bytes += entry.first.size() + entry.second.blob.size() + 16;
  }
  std::sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  Writer w;
  w.out.reserve(bytes + 24);
  w.out.append(k_magic, sizeof k_magic);
  w.u64(m_key);
  w.u64(0); // checksum, filled in below
  for (const auto* entry : ordered) {
    w.str(entry->first);
    w.u64(entry->second.hash);
    const auto& stamp = entry->second.stamp;
    w.u8(stamp ? 1 : 0);
    if (stamp) {
      for (std::uint64_t v : {stamp->device, stamp->inode, stamp->size, static_cast<std::uint64_t>(stamp->mtime_ns),
                              static_cast<std::uint64_t>(stamp->ctime_ns)}) {
        w.u64(v);
      }
    }
    w.str(entry->second.blob);
  }
  const std::size_t k_header = sizeof k_magic + 2 * sizeof(std::uint64_t);
  std::uint64_t checksum = XXH3_64bits(w.out.data() + k_header, w.out.size() - k_header);
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
