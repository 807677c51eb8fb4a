// Turning arbitrary bytes into well-formed XML 1.0, and writing elements with it.
//
// Whatever the input, the output is valid UTF-8 made only of characters XML 1.0 allows
// (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]). What cannot be
// kept is replaced by visible text, never dropped and never turned into a character
// reference (a reference to an illegal character is itself illegal):
//   - a disallowed character (C0 controls other than tab, LF and CR; DEL U+007F, which pytest
//     also replaces; U+FFFE; U+FFFF; every character above U+FFFF, which pytest's pattern
//     leaves out by a slip: emoji included) becomes "#x1B" / "#xFFFE" / "#x1F600": two hex
//     digits up to 0xFF, at least four above, exactly as pytest's bin_xml_escape writes it;
//   - a lone surrogate encoded in UTF-8 (bytes ED A0..BF xx, as Python's "surrogatepass"
//     writes U+DCFF) becomes "#xDCFF", which is what pytest writes for a lone surrogate;
//   - any other byte that does not start a valid UTF-8 sequence (stray continuation byte,
//     overlong form, truncated sequence, value above U+10FFFF) becomes "\xFF" (Python's
//     backslashreplace spelling), one byte at a time, so the invalid bytes stay readable.
// Markup characters are escaped rather than wrapped in CDATA, so "]]>" needs no care.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pyspace::report {

// Replaces what XML 1.0 cannot hold (see above); does not escape markup characters.
std::string xml_sanitize(std::string_view bytes);

// Sanitized text for element content: & < > escaped.
std::string xml_escape_text(std::string_view bytes);

// Sanitized text for a double-quoted attribute value: & < > " escaped, and tab, LF and CR
// written as character references so attribute-value normalisation keeps them.
std::string xml_escape_attribute(std::string_view bytes);

// Attribute names and raw (unescaped) values, written in this order.
using XmlAttributes = std::vector<std::pair<std::string, std::string>>;

// `<tag a="v">` with escaped values.
std::string xml_start_tag(std::string_view tag, const XmlAttributes& attributes);

// `<tag a="v">text</tag>` with escaped text, or `<tag a="v" />` when text is empty
// (the empty-element spelling Python's ElementTree uses).
std::string xml_element(std::string_view tag, const XmlAttributes& attributes,
                        std::string_view text = {});

}  // namespace pyspace::report
