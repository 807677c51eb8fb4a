#include "report/xml_text.h"

#include <fmt/format.h>

namespace pyspace::report {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

struct Decoded {
  char32_t code_point = kInvalid;  // kInvalid: the first byte starts no valid sequence
  size_t length = 1;
};

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes one UTF-8 sequence at the start of `bytes`. Surrogates (U+D800..U+DFFF) are
// decoded like any other code point; overlong forms and values above U+10FFFF are invalid.
Decoded decode_one(std::string_view bytes) {
  auto lead = static_cast<unsigned char>(bytes[0]);
  if (lead < 0x80) return {lead, 1};
  struct Form {
    unsigned char mask, marker;
    size_t length;
    char32_t minimum;  // smaller values in this form are overlong
  };
  constexpr Form kForms[] = {{0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
  const Form* form = nullptr;
  for (const Form& candidate : kForms)
    if ((lead & candidate.mask) == candidate.marker) form = &candidate;
  if (form == nullptr) return {};
  size_t length = form->length;
  char32_t minimum = form->minimum;
  char32_t value = lead & static_cast<unsigned char>(~form->mask);
  if (bytes.size() < length) return {};
  for (size_t i = 1; i < length; ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (!is_continuation(byte)) return {};
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF) return {};
  return {value, length};
}

// pytest's bin_xml_escape: XML 1.0's characters but DEL and every one above U+FFFF (its pattern
// means to allow U+10000..U+10FFFF, but "\u10000" in a Python string is U+1000 then '0', so
// emoji and other astral characters come out as '#x1F600').
bool is_allowed_in_xml(char32_t c) {
  if (c == 0x9 || c == 0xA || c == 0xD) return true;
  if (c < 0x20 || c == 0x7F) return false;  // DEL is legal XML but pytest replaces it too
  if (c >= 0xD800 && c <= 0xDFFF) return false;
  return c <= 0xFFFD;
}

std::string escape(std::string_view bytes, bool for_attribute) {
  std::string clean = xml_sanitize(bytes);
  std::string result;
  result.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&': result += "&amp;"; break;
      case '<': result += "&lt;"; break;
      case '>': result += "&gt;"; break;
      case '"': result += for_attribute ? "&quot;" : "\""; break;
      case '\t': result += for_attribute ? "&#09;" : "\t"; break;
      case '\n': result += for_attribute ? "&#10;" : "\n"; break;
      case '\r': result += for_attribute ? "&#13;" : "\r"; break;
      default: result += c;
    }
  }
  return result;
}

std::string attributes_text(const XmlAttributes& attributes) {
  std::string text;
  for (const auto& [name, value] : attributes)
    text += fmt::format(" {}=\"{}\"", name, xml_escape_attribute(value));
  return text;
}

}  // namespace

std::string xml_sanitize(std::string_view bytes) {
  std::string result;
  result.reserve(bytes.size());
  while (!bytes.empty()) {
    Decoded decoded = decode_one(bytes);
    if (decoded.code_point == kInvalid) {
      result += fmt::format("\\x{:02X}", static_cast<unsigned char>(bytes[0]));
    } else if (!is_allowed_in_xml(decoded.code_point)) {
      auto value = static_cast<unsigned>(decoded.code_point);
      result += value <= 0xFF ? fmt::format("#x{:02X}", value) : fmt::format("#x{:04X}", value);
    } else {
      result.append(bytes.substr(0, decoded.length));
    }
    bytes.remove_prefix(decoded.length);
  }
  return result;
}

std::string xml_escape_text(std::string_view bytes) { return escape(bytes, false); }

std::string xml_escape_attribute(std::string_view bytes) { return escape(bytes, true); }

std::string xml_start_tag(std::string_view tag, const XmlAttributes& attributes) {
  return fmt::format("<{}{}>", tag, attributes_text(attributes));
}

std::string xml_element(std::string_view tag, const XmlAttributes& attributes,
                        std::string_view text) {
  if (text.empty()) return fmt::format("<{}{} />", tag, attributes_text(attributes));
  return fmt::format("<{}{}>{}</{}>", tag, attributes_text(attributes), xml_escape_text(text), tag);
}

}  // namespace pyspace::report
