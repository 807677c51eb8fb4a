#include "space/script.h"

#include <filesystem>

#include <fmt/format.h>

#include "core/errors.h"
#include "space/module_space.h"

namespace pyspace::space {

int run_script(const ScriptOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(options.script, ec) || std::filesystem::is_directory(options.script, ec))
    throw core::UsageError(fmt::format("can't open file '{}': no such file", options.script));
  ModuleSpace space;
  for (const auto& [name, path] : options.fakes) space.fake_file(name, path);
  python::Object run = python::import_module("_pyspace.space.script").attr("run_script");
  int status = static_cast<int>(run({space.handle(), options.script, options.args}).as_int());
  space.close();
  return status;
}

}  // namespace pyspace::space
