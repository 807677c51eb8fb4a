// libFuzzer target: lib/report/xml_text. Whatever the bytes, the escaped text and attribute
// values are well-formed XML 1.0 character data (xml_text.h's contract), markup is escaped,
// and sanitizing is idempotent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "report/xml_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pyspace;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string sanitized = report::xml_sanitize(input);
  if (!fuzz::is_xml_text(sanitized)) fuzz::finding("xml_sanitize output is not XML character data");
  if (report::xml_sanitize(sanitized) != sanitized) fuzz::finding("xml_sanitize is not idempotent");
  const std::string text = report::xml_escape_text(input);
  if (!fuzz::is_xml_text(text)) fuzz::finding("xml_escape_text output is not XML character data");
  if (text.find('<') != std::string::npos) fuzz::finding("xml_escape_text left a '<'");
  const std::string attribute = report::xml_escape_attribute(input);
  if (!fuzz::is_xml_text(attribute)) fuzz::finding("xml_escape_attribute output is not XML character data");
  if (attribute.find_first_of("<\"\n\t\r") != std::string::npos)
    fuzz::finding("xml_escape_attribute left a character attribute normalisation would change");
  const std::string element = report::xml_element("t", {{"a", std::string(input)}}, input);
  if (!fuzz::is_xml_text(element)) fuzz::finding("xml_element output is not XML character data");
  return 0;
}
