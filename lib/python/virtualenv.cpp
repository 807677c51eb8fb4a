#include "python/virtualenv.h"

#include <cstdio>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "core/errors.h"

namespace pyspace::python {
namespace {

std::string trim(const std::string& text) {
  const char* blanks = " \t\r\n";
  auto first = text.find_first_not_of(blanks);
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

bool is_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// "3.12.1" -> {3, 12}; {-1, -1} when the text does not start with two numbers.
std::pair<int, int> major_minor(const std::string& version) {
  int major = -1;
  int minor = -1;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2) return {-1, -1};
  return {major, minor};
}

}  // namespace

std::optional<Virtualenv> read_virtualenv(const std::filesystem::path& prefix) {
  std::ifstream in(prefix / "pyvenv.cfg");
  if (!in) return std::nullopt;
  Virtualenv venv;
  venv.prefix = prefix;
  std::string line;
  std::string version_info;
  while (std::getline(in, line)) {
    auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::string key = trim(line.substr(0, equals));
    std::string value = trim(line.substr(equals + 1));
    if (key == "version") venv.version = value;
    if (key == "version_info") version_info = value;  // virtualenv's spelling
    if (key == "home") venv.home = value;
  }
  if (venv.version.empty()) venv.version = version_info;
  return venv;
}

std::optional<Virtualenv> find_virtualenv(const std::filesystem::path& program, const char* virtual_env) {
  // As site.venv() looks for it next to sys.executable: the program's directory, then its parent.
  std::filesystem::path dir = program.parent_path();
  for (const auto& candidate : {dir, dir.parent_path()}) {
    if (!candidate.empty() && is_file(candidate / "pyvenv.cfg")) return read_virtualenv(candidate);
  }
  if (virtual_env && *virtual_env) {
    std::filesystem::path prefix(virtual_env);
    if (is_file(prefix / "pyvenv.cfg")) return read_virtualenv(prefix);
  }
  return std::nullopt;
}

void check_virtualenv_version(const Virtualenv& venv, int major, int minor, const std::string& embedded) {
  if (venv.version.empty()) return;  // nothing to compare: trust the venv
  auto [venv_major, venv_minor] = major_minor(venv.version);
  if (venv_major == major && venv_minor == minor) return;
  std::string base = venv.home.empty() ? std::string("the venv's Python")
                                       : fmt::format("{}/python{}.{}", venv.home, venv_major, venv_minor);
  throw core::UsageError(fmt::format(
      "the virtualenv {} is Python {} ({}), but this pyspace-test embeds Python {}: "
      "install pyspace-test into that venv (python -m pip install --no-build-isolation "
      "<pyspace-test source>) or build one for it (make build PYTHON={})",
      venv.prefix.string(), venv.version, (venv.prefix / "pyvenv.cfg").string(), embedded, base));
}

std::filesystem::path virtualenv_python(const Virtualenv& venv) {
  auto python = venv.prefix / "bin" / "python";
  if (is_file(python)) return python;
  return venv.prefix / "bin" / "python3";
}

}  // namespace pyspace::python
