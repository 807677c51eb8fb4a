# pyspace_libpython: how binaries link the embedded CPython.
#
# Debian's python3-dev installs libpython3.11.a beside the shared library, and pyenv's builds
# install libpython3.X.a in their config directory (sysconfig LIBPL) too. Linked statically,
# the interpreter runs non-PIC code without PLT indirections (as /usr/bin/python3 does, which is
# linked the same way) and start-up does not load and relocate a 7 MB shared library. The
# archive is not position-independent, so executables are linked -no-pie, and with
# --export-dynamic so that extension modules (.so files: numpy, lib-dynload) resolve the C API
# from the executable. Without the archive (or with -DPYSPACE_STATIC_PYTHON=OFF) the shared
# library is used (app/CMakeLists.txt keeps its directory in the installed binary's RPATH).
option(PYSPACE_STATIC_PYTHON "Link libpython statically when libpython3.x.a is installed" ON)

execute_process(
  COMMAND ${Python3_EXECUTABLE} -c
          "import sysconfig as s; print(s.get_config_var('LIBPL') + '/' + s.get_config_var('LIBRARY'))"
  OUTPUT_VARIABLE PYSPACE_LIBPYTHON_ARCHIVE OUTPUT_STRIP_TRAILING_WHITESPACE)

add_library(pyspace_libpython INTERFACE)
if(PYSPACE_STATIC_PYTHON AND EXISTS "${PYSPACE_LIBPYTHON_ARCHIVE}")
  message(STATUS "Embedding CPython statically: ${PYSPACE_LIBPYTHON_ARCHIVE}")
  target_include_directories(pyspace_libpython INTERFACE ${Python3_INCLUDE_DIRS})
  # The libraries the archive's built-in modules need (sysconfig's MODLIBS and LIBS).
  target_link_libraries(pyspace_libpython INTERFACE "${PYSPACE_LIBPYTHON_ARCHIVE}" expat z m dl
                        pthread util)
  target_link_options(pyspace_libpython INTERFACE -no-pie "LINKER:--export-dynamic")
else()
  message(STATUS "Embedding CPython as a shared library")
  target_link_libraries(pyspace_libpython INTERFACE Python3::Python)
endif()
