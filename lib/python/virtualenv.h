// Which virtualenv the embedded interpreter runs in, found as a venv's own `python` finds it.
// No Python.h here: the rules are plain file reading, tested on their own.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace pyspace::python {

struct Virtualenv {
  std::filesystem::path prefix;  // the directory holding pyvenv.cfg
  std::string version;           // pyvenv.cfg `version` (or virtualenv's `version_info`), may be ""
  std::string home;              // pyvenv.cfg `home`: the base Python's bin directory
};

// The venv of the program at `program` (its directory or the directory above holds pyvenv.cfg:
// <venv>/bin/pyspace-test), else the one `virtual_env` names (the value of $VIRTUAL_ENV; null or
// empty for none) if it holds pyvenv.cfg. nullopt when neither does.
std::optional<Virtualenv> find_virtualenv(const std::filesystem::path& program, const char* virtual_env);

// Reads <prefix>/pyvenv.cfg; nullopt when the file does not exist.
std::optional<Virtualenv> read_virtualenv(const std::filesystem::path& prefix);

// Throws core::UsageError (exit 4) when the venv's Python is not `major.minor`; the message names
// both versions and how to get a pyspace-test built for the venv's Python.
void check_virtualenv_version(const Virtualenv& venv, int major, int minor, const std::string& embedded);

// The interpreter the venv's `python` is: <prefix>/bin/python (python3 when there is no python).
std::filesystem::path virtualenv_python(const Virtualenv& venv);

}  // namespace pyspace::python
