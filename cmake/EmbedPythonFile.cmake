# Script mode: turns INPUT (a .py file) into OUTPUT, a .cpp defining the EmbeddedSource IDENT:
# the source text, and the code object compiled by PYTHON (the embedded CPython) in marshal form.
function(hex_bytes file out_var size_var)
  file(READ "${file}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(([^,]*,){20})" "\\1\n    " bytes "${bytes}")
  set(${out_var} "${bytes}" PARENT_SCOPE)
  set(${size_var} "${size}" PARENT_SCOPE)
endfunction()

set(code_file "${OUTPUT}.marshal")
execute_process(
  COMMAND "${PYTHON}" -I -c
          "import marshal, sys; src = open(sys.argv[1], 'rb').read(); sys.stdout.buffer.write(marshal.dumps(compile(src, sys.argv[1], 'exec', dont_inherit=True)))"
          "${INPUT}"
  OUTPUT_FILE "${code_file}"
  RESULT_VARIABLE status
  ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cannot compile ${INPUT}: ${error}")
endif()
hex_bytes("${INPUT}" source_bytes source_size)
hex_bytes("${code_file}" code_bytes code_size)
file(REMOVE "${code_file}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT}; do not edit.
#include \"python/embedded_source.h\"

namespace pyspace::python {
namespace {
const unsigned char kSource[] = {
    ${source_bytes} 0x00};
const unsigned char kCode[] = {
    ${code_bytes} 0x00};
}  // namespace
extern const EmbeddedSource ${IDENT};
const EmbeddedSource ${IDENT}{\"${MODULE}\", \"${INPUT}\",
                               std::string_view(reinterpret_cast<const char*>(kSource), ${source_size}),
                               std::string_view(reinterpret_cast<const char*>(kCode), ${code_size})};
}  // namespace pyspace::python
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
