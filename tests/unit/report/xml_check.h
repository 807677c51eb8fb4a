// A tiny XML 1.0 well-formedness checker for the JUnit tests, independent of the code under
// test: valid UTF-8, only XML 1.0 characters, balanced tags, quoted attributes, known
// entities, no raw '<' or '&' in text. Returns an empty string when well-formed, else why not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pyspace::report::testing {

namespace xml_check_detail {

// Next code point of valid UTF-8 at text[i]; advances i. Returns -1 on invalid UTF-8.
inline long next_code_point(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = 0;
  if (lead < 0x80) length = 1;
  else if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  if (length == 0 || i + length > text.size()) return -1;
  long value = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr long kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMinimum[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return -1;
  i += length;
  return value;
}

inline bool is_xml_char(long c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

inline bool valid_entity(std::string_view text, size_t amp) {
  for (std::string_view entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
    if (text.substr(amp, entity.size()) == entity) return true;
  if (text.substr(amp, 2) != "&#") return false;
  size_t end = text.find(';', amp);
  if (end == std::string_view::npos || end == amp + 2) return false;
  std::string digits(text.substr(amp + 2, end - amp - 2));
  long value = digits[0] == 'x' ? std::stol(digits.substr(1), nullptr, 16) : std::stol(digits);
  return is_xml_char(value);
}

}  // namespace xml_check_detail

inline std::string xml_well_formedness_problem(std::string_view text) {
  using namespace xml_check_detail;
  for (size_t i = 0; i < text.size();) {
    size_t at = i;
    long c = next_code_point(text, i);
    if (c < 0) return "invalid UTF-8 at byte " + std::to_string(at);
    if (!is_xml_char(c)) return "character not allowed in XML 1.0 at byte " + std::to_string(at);
    if (c == '&' && !valid_entity(text, at)) return "bad entity at byte " + std::to_string(at);
  }
  if (!text.starts_with("<?xml ")) return "no XML declaration";
  std::vector<std::string> open;
  size_t pos = text.find("?>") + 2;
  while (pos < text.size()) {
    size_t lt = text.find('<', pos);
    if (lt == std::string_view::npos) return open.empty() ? "" : "unclosed <" + open.back() + ">";
    size_t gt = lt + 1;
    bool in_quotes = false;
    for (; gt < text.size() && (in_quotes || text[gt] != '>'); ++gt) {
      if (text[gt] == '"') in_quotes = !in_quotes;
      if (in_quotes && text[gt] == '<') return "'<' inside an attribute value";
    }
    if (gt >= text.size()) return "unterminated tag";
    std::string_view tag = text.substr(lt + 1, gt - lt - 1);
    bool closing = tag.starts_with("/");
    std::string_view body = closing ? tag.substr(1) : tag;
    std::string name(body.substr(0, body.find_first_of(" /")));
    if (closing) {
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
      open.pop_back();
    } else if (!tag.ends_with("/")) {
      open.push_back(name);
    }
    pos = gt + 1;
    if (open.empty() && text.find('<', pos) != std::string_view::npos) return "content after root";
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

}  // namespace pyspace::report::testing
