# Script mode: turns INPUT (a .py file) into OUTPUT, a .cpp defining the EmbeddedSource IDENT.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(([^,]*,){20})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT}; do not edit.
#include \"python/embedded_source.h\"

namespace pyspace::python {
namespace {
const unsigned char kSource[] = {
    ${bytes} 0x00};
}  // namespace
extern const EmbeddedSource ${IDENT};
const EmbeddedSource ${IDENT}{\"${MODULE}\", \"${INPUT}\",
                               std::string_view(reinterpret_cast<const char*>(kSource), ${size})};
}  // namespace pyspace::python
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
