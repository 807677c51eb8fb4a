// libFuzzer target: the configuration reader (lib/config: TOML syntax and the key table). The
// input is written as a pyproject.toml and as a pyspace.toml in a scratch directory and read;
// the only acceptable failure is a core::Error (a ConfigError or UsageError naming the file),
// never another exception, a crash or a sanitizer report.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_file.h"
#include "config/config_keys.h"
#include "core/errors.h"
#include "fuzz_check.h"

namespace {
const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    char pattern[] = "/tmp/pyspace-fuzz-config-XXXXXX";
    if (mkdtemp(pattern) == nullptr) std::abort();
    return std::filesystem::path(pattern);
  }();
  return dir;
}

void read(const std::filesystem::path& file, const uint8_t* data, size_t size) {
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)pyspace::config::has_pyspace_table(file);
  } catch (const pyspace::core::Error&) {
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    pyspace::fuzz::finding("has_pyspace_table let a non-core::Error exception out");
  }
  try {
    (void)pyspace::config::load_config(file, scratch());
  } catch (const pyspace::core::Error&) {
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    pyspace::fuzz::finding("the config reader let a non-core::Error exception out");
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  read(scratch() / "pyproject.toml", data, size);
  read(scratch() / "pyspace.toml", data, size);
  return 0;
}
