// Shared by the libFuzzer targets: what every output must satisfy, checked byte by byte.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace pyspace::fuzz {

[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "FINDING: %s\n", what);
  std::abort();  // libFuzzer saves the input as crash-<sha1>
}

// Decodes one UTF-8 sequence at `i`; returns the code point, or -1 when not well-formed
// (overlong forms, surrogates and values above U+10FFFF are not well-formed).
inline long decode_utf8(std::string_view text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char first = byte(i);
  if (first < 0x80) return text[i++];
  int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0;
  if (length == 0 || first > 0xF4 || i + length > text.size()) return -1;
  long c = first & (0x3F >> (length - 1));
  for (int k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr long kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMinimum[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return -1;
  i += static_cast<size_t>(length);
  return c;
}

// Well-formed UTF-8 made only of characters XML 1.0 allows.
inline bool is_xml_text(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const long c = decode_utf8(text, i);
    if (c < 0) return false;
    const bool allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
                         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    if (!allowed) return false;
  }
  return true;
}

inline bool is_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();)
    if (decode_utf8(text, i) < 0) return false;
  return true;
}

}  // namespace pyspace::fuzz
