#pragma once
// Private: the compact little-endian encoding both caches use (lint results and the query index):
// fixed-width integers, length-prefixed strings, positions and located values.

#include "llmops/case.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace llmops::detail {

class ByteWriter
{
public:
  std::string out;

  void u64(std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void u32(std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void u8(std::uint8_t v) { out.push_back(static_cast<char>(v)); }
  void str(std::string_view s)
  {
    u32(static_cast<std::uint32_t>(s.size()));
    out.append(s);
  }
  void pos(const Position& p)
  {
    u32(p.line);
    u32(p.column);
  }
  // Writes `v`; without `with_value` only its presence and place (the text is not kept).
  void located(const Located<std::string>& v, bool with_value = true)
  {
    u8(v.present ? 1 : 0);
    str(with_value ? std::string_view(v.value) : std::string_view());
    pos(v.position);
  }
  void located(const Located<long long>& v)
  {
    u8(v.present ? 1 : 0);
    u64(static_cast<std::uint64_t>(v.value));
    pos(v.position);
  }
};

// Bytes of a case without its summary and notes values (their presence and places are kept):
// the facts both caches store. Defined in index_codec.cpp.
std::string encode_facts(const Case& facts);

// Reads `encode_facts` bytes into `out` (whose `path` is set to `path`); false when malformed.
bool decode_facts(std::string_view bytes, std::string_view path, Case& out);

// Reads what `ByteWriter` wrote; an overrun sets `bad`, ends the input and yields zeros.
class ByteReader
{
public:
  explicit ByteReader(std::string_view in) : m_in(in) {}
  bool bad = false;

  bool done() const { return m_at >= m_in.size(); }
  // The bytes not read yet.
  std::size_t left() const { return m_in.size() - m_at; }

  template <typename T> T raw()
  {
    T v{};
    if (bad || m_in.size() - m_at < sizeof v) {
      fail();
      return v;
    }
    std::memcpy(&v, m_in.data() + m_at, sizeof v);
    m_at += sizeof v;
    return v;
  }
  std::uint64_t u64() { return raw<std::uint64_t>(); }
  std::uint32_t u32() { return raw<std::uint32_t>(); }
  std::uint8_t u8() { return raw<std::uint8_t>(); }
  std::string_view view()
  {
    std::uint32_t n = u32();
    if (bad || m_in.size() - m_at < n) {
      fail();
      return {};
    }
    std::string_view s = m_in.substr(m_at, n);
    m_at += n;
    return s;
  }
  std::string str() { return std::string(view()); }
  Position pos()
  {
    Position p;
    p.line = u32();
    p.column = u32();
    return p;
  }
  void located(Located<std::string>& v)
  {
    v.present = u8() != 0;
    v.value.assign(view());
    v.position = pos();
  }
  void located(Located<long long>& v)
  {
    v.present = u8() != 0;
    v.value = static_cast<long long>(u64());
    v.position = pos();
  }

private:
  void fail()
  {
    bad = true;
    m_at = m_in.size();
  }

  std::string_view m_in;
  std::size_t m_at = 0;
};

} // namespace llmops::detail
