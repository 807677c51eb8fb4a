#include "python/interpreter.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "python/embedded_source.h"
#include "python/native_module.h"
#include "python/prefault.h"
#include "python/python_api.h"
#include "python/raise.h"
#include "python/virtualenv.h"

#ifndef PYSPACE_PYTHON_EXECUTABLE
#error "PYSPACE_PYTHON_EXECUTABLE must name the CPython this binary embeds"
#endif

namespace pyspace::python {
namespace {

bool g_running = false;
bool g_left_unfinalized = false;

// Checks a PyStatus; on failure frees the config and throws (the interpreter is not usable).
void check(PyStatus status, PyConfig& config, const char* step) {
  if (!PyStatus_Exception(status)) return;
  std::string message = fmt::format("cannot start the embedded Python ({}): {}", step,
                                    status.err_msg ? status.err_msg : "unknown error");
  PyConfig_Clear(&config);
  throw std::runtime_error(message);
}

const char* env_value(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// The PYTHON* variables `python` reads about how the program runs, as python reads them (the
// isolated config ignores them all): PYTHONUNBUFFERED, PYTHONDONTWRITEBYTECODE, PYTHONHASHSEED,
// PYTHONWARNINGS, PYTHONFAULTHANDLER, PYTHONTRACEMALLOC, PYTHONOPTIMIZE, PYTHONIOENCODING.
// Where modules come from (PYTHONPATH, PYTHONHOME, the user site) is set up separately
// (interpreter_executable, bootstrap.py). Before PyConfig_Read; throws as check() does.
void apply_python_environment(PyConfig& config) {
  if (env_value("PYTHONUNBUFFERED")) config.buffered_stdio = 0;
  if (env_value("PYTHONDONTWRITEBYTECODE")) config.write_bytecode = 0;
  if (env_value("PYTHONFAULTHANDLER")) config.faulthandler = 1;
  if (const char* seed = env_value("PYTHONHASHSEED"); seed && std::string_view(seed) != "random") {
    char* end = nullptr;
    errno = 0;
    unsigned long long value = std::strtoull(seed, &end, 10);
    if (*end || errno || value > 4294967295ULL || *seed == '-') {
      PyConfig_Clear(&config);
      throw std::runtime_error("PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]");
    }
    config.use_hash_seed = 1;
    config.hash_seed = static_cast<unsigned long>(value);
  }
  if (const char* level = env_value("PYTHONOPTIMIZE")) {  // a number, or -O for any other text
    char* end = nullptr;
    long value = std::strtol(level, &end, 10);
    config.optimization_level = (*end || value < 0) ? 1 : static_cast<int>(value);
  }
  if (const char* frames = env_value("PYTHONTRACEMALLOC")) {
    char* end = nullptr;
    long value = std::strtol(frames, &end, 10);
    if (*end || value < 1) {
      PyConfig_Clear(&config);
      throw std::runtime_error("PYTHONTRACEMALLOC: invalid number of frames");
    }
    config.tracemalloc = static_cast<int>(value);
  }
  if (const char* encoding = env_value("PYTHONIOENCODING")) {
    std::string_view text(encoding);
    auto colon = text.find(':');
    std::string name(text.substr(0, colon));
    if (!name.empty())
      check(PyConfig_SetBytesString(&config, &config.stdio_encoding, name.c_str()), config, "PYTHONIOENCODING");
    if (colon != std::string_view::npos && colon + 1 < text.size()) {
      std::string errors(text.substr(colon + 1));
      check(PyConfig_SetBytesString(&config, &config.stdio_errors, errors.c_str()), config, "PYTHONIOENCODING");
    }
  }
  if (const char* warnings = env_value("PYTHONWARNINGS")) {
    std::string_view text(warnings);
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t comma = std::min(text.find(',', start), text.size());
      std::string option(text.substr(start, comma - start));  // as python: not stripped
      if (!option.empty()) {
        wchar_t* wide = Py_DecodeLocale(option.c_str(), nullptr);
        if (wide) {
          PyStatus status = PyWideStringList_Append(&config.warnoptions, wide);
          PyMem_RawFree(wide);
          check(status, config, "PYTHONWARNINGS");
        }
      }
      start = comma + 1;
    }
  }
}

void preinitialize() {
  PyPreConfig preconfig;
  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.utf8_mode = 1;         // UTF-8 for files, pipes and paths whatever the locale says
  preconfig.configure_locale = 1;  // LC_CTYPE from the environment, as python3 does
  PyStatus status = Py_PreInitialize(&preconfig);
  if (PyStatus_Exception(status))
    throw std::runtime_error(fmt::format("cannot start the embedded Python (pre-initialization): {}",
                                         status.err_msg ? status.err_msg : "unknown error"));
}

// The program's own path (/proc/self/exe); empty if unreadable.
std::filesystem::path own_path() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : path;
}

// The executable the interpreter is configured as: a venv's python when the program lives in a
// venv or $VIRTUAL_ENV names one (CPython's getpath then reads its pyvenv.cfg for the base
// installation, and site.venv() sets sys.prefix and the venv's site-packages, exactly as for
// that python), else the Python this binary was built against.
std::string interpreter_executable() {
  auto venv = find_virtualenv(own_path(), std::getenv("VIRTUAL_ENV"));
  if (!venv) return PYSPACE_PYTHON_EXECUTABLE;
  check_virtualenv_version(*venv, PY_MAJOR_VERSION, PY_MINOR_VERSION, PY_VERSION);
  return virtualenv_python(*venv).string();
}

void initialize(const InterpreterOptions& options) {
  std::string executable = interpreter_executable();
  preinitialize();
  populate_heap_growth();  // malloc's new heap pages mapped in bulk (prefault.h)
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);  // ignores PYTHON* variables, no user site
  config.install_signal_handlers = options.install_signal_handlers ? 1 : 0;
  config.site_import = 1;                // site-packages (the venv's; the system's if it allows)
  config.parse_argv = 0;
  apply_python_environment(config);
  // Diagnostic: python3 -X importtime for the embedded interpreter (docs/performance.md).
  if (std::getenv("PYSPACE_DEV_IMPORTTIME")) config.import_time = 1;
  check(PyConfig_SetBytesString(&config, &config.program_name, executable.c_str()), config,
        "program name");
  check(PyConfig_SetBytesString(&config, &config.executable, executable.c_str()), config,
        "executable");
  const wchar_t* argv[] = {L""};
  check(PyConfig_SetArgv(&config, 1, const_cast<wchar_t* const*>(argv)), config, "argv");
  check(PyConfig_Read(&config), config, "reading the configuration");
  check(Py_InitializeFromConfig(&config), config, "initialization");
  PyConfig_Clear(&config);
}

// Runs lib/python/bootstrap.py, which installs the importer for `_pyspace.*` and `pyspace`
// (it reads the embedded modules through _pyspace_native on demand), and sets up sys.path.
void load_embedded(const InterpreterOptions& options) {
  const EmbeddedSource* bootstrap = nullptr;
  for (const EmbeddedSource* source : embedded_sources()) {
    if (source->module == "_pyspace.python.bootstrap") bootstrap = source;
  }
  if (!bootstrap) throw std::runtime_error("the embedded module _pyspace.python.bootstrap is missing");
  py::dict globals;
  globals["__name__"] = "_pyspace.python.bootstrap";
  globals["__builtins__"] = py::module_::import("builtins");
  py::object code = py::module_::import("marshal").attr("loads")(
      py::bytes(bootstrap->code.data(), bootstrap->code.size()));
  py::module_::import("builtins").attr("exec")(code, globals);
  globals["install"](options.extra_path);
}

// Calls module.name() if the module is imported (or importable, when `import`); errors are
// printed as unraisable, as Py_FinalizeEx does with its own steps.
void call_at_exit(const char* module_name, const char* function, bool import) {
  PyObject* module = nullptr;
  if (import) {
    module = PyImport_ImportModule(module_name);
  } else if (PyObject* key = PyUnicode_FromString(module_name)) {
    module = PyImport_GetModule(key);
    Py_DECREF(key);
  }
  if (!module) {
    PyErr_Clear();
    return;
  }
  PyObject* result = PyObject_CallMethod(module, function, nullptr);
  if (!result) PyErr_WriteUnraisable(module);
  Py_XDECREF(result);
  Py_DECREF(module);
}

// The steps of Py_FinalizeEx a program can observe, without the teardown. GIL held.
void end_without_teardown() {
  call_at_exit("threading", "_shutdown", false);  // joins non-daemon threads
  call_at_exit("atexit", "_run_exitfuncs", true);
  for (const char* name : {"stderr", "stdout"}) {
    PyObject* stream = PySys_GetObject(name);  // borrowed
    if (!stream || stream == Py_None) continue;
    PyObject* result = PyObject_CallMethod(stream, "flush", nullptr);
    if (!result) PyErr_Clear();
    Py_XDECREF(result);
  }
}

}  // namespace

Interpreter::Interpreter(const InterpreterOptions& options) : finalize_(options.finalize) {
  if (g_running) throw std::logic_error("the embedded Python interpreter is already running");
  if (g_left_unfinalized)
    throw std::logic_error("the embedded Python interpreter ended without finalization and cannot restart");
  link_native_module();
  use_populated_arenas();    // before any pymalloc arena exists
  populate_writable_data();  // CPython's static objects are written during start-up
  initialize(options);
  g_running = true;
  try {
    translate_errors([&] {
      load_embedded(options);
      return 0;
    });
  } catch (...) {
    Py_FinalizeEx();
    g_running = false;
    throw;
  }
}

Interpreter::~Interpreter() {
  if (finalize_) {
    Py_FinalizeEx();
  } else {
    end_without_teardown();
    g_left_unfinalized = true;
  }
  g_running = false;
}

bool Interpreter::running() { return g_running; }

std::string python_version() { return PY_VERSION; }

}  // namespace pyspace::python
