#include "space/module_space.h"

#include <filesystem>

#include <fmt/format.h>

#include "core/errors.h"
#include "python/error.h"

namespace pyspace::space {

namespace {
python::Object space_class() {
  static const char* const kModule = "_pyspace.space.space";
  return python::import_module(kModule).attr("ModuleSpace");
}
}  // namespace

ModuleSpace::ModuleSpace(const ModuleSpace* parent)
    : space_(space_class()({parent ? python::Value(parent->space_) : python::Value()})) {}

ModuleSpace::~ModuleSpace() {
  if (closed_) return;
  try {
    space_.call_method("close");
  } catch (...) {
    // A destructor must not throw; close() reports errors when called explicitly.
  }
}

std::vector<std::string> ModuleSpace::path() const { return space_.attr("path").as_string_list(); }

void ModuleSpace::set_path(const std::vector<std::string>& path) {
  space_.attr("sys").set_attr("path", path);
}

std::vector<std::string> ModuleSpace::argv() const { return space_.attr("argv").as_string_list(); }

void ModuleSpace::set_argv(const std::vector<std::string>& argv) {
  space_.attr("sys").set_attr("argv", argv);
}

void ModuleSpace::add_shared(const std::string& module) {
  space_.attr("shared").call_method("add", {module});
}

namespace {
// A fake's UsageError (a fake file that raises, a module that cannot be faked) becomes the
// core::UsageError every caller handles (watch too), never an internal error.
template <typename F>
void as_usage_error(F&& call) {
  try {
    call();
  } catch (const python::PythonError& error) {
    if (error.is_usage_error()) throw core::UsageError(error.message());
    throw;
  }
}
}  // namespace

void ModuleSpace::fake_module(const std::string& name, const python::Object& module) {
  as_usage_error([&] { space_.call_method("fake", {name, module}); });
}

void ModuleSpace::fake_file(const std::string& name, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw core::UsageError(fmt::format("fake '{}': file not found: {}", name, path));
  as_usage_error([&] { space_.call_method("fake", {name, path}); });
}

void ModuleSpace::add_local(const std::string& module) {
  as_usage_error([&] { space_.call_method("make_local", {module}); });
}

void ModuleSpace::block(const std::string& name) {
  as_usage_error([&] { space_.call_method("block", {name}); });
}

void ModuleSpace::activate() {
  as_usage_error([&] { space_.call_method("activate"); });
}

void ModuleSpace::deactivate() { space_.call_method("deactivate"); }

python::Object ModuleSpace::import_(const std::string& name) {
  return space_.call_method("import_", {name});
}

void ModuleSpace::exec(const std::string& source) { space_.call_method("exec", {source}); }

python::Object ModuleSpace::eval(const std::string& expression) {
  return space_.call_method("eval", {expression});
}

std::vector<std::string> ModuleSpace::changes() const {
  return space_.attr("changes").as_string_list();
}

TeardownReport ModuleSpace::close(bool check_leaks) {
  TeardownReport report;
  report.changes = changes();
  report.leaks = space_.call_method("close", {}, {{"check_leaks", check_leaks}}).as_string_list();
  report.notices = space_.attr("notices").as_string_list();
  closed_ = true;
  return report;
}

}  // namespace pyspace::space
