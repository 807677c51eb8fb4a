// The `_pyspace_native` extension module, built into the binary: small primitives the embedded
// Python code needs and cannot write fast enough in Python. GIL held in every function.
#include "python/native_module.h"

#include <cstdint>
#include <unordered_map>

#include "python/embedded_source.h"
#include "python/python_api.h"

namespace {

// Change tags of dicts: a number that moves on every write to the dict, so that comparing two
// tags says whether the dict was written in between, without copying it.
//
// CPython 3.11: the dict's own PEP 509 version tag (ma_version_tag), read directly.
// CPython 3.12+: ma_version_tag is deprecated (PEP 699) and gone in 3.14, so a dict watcher
// (PyDict_AddWatcher) keeps the tags: a dict is watched the first time its tag is asked for, gets
// a tag from a process-wide counter, and a fresh one on every event CPython reports for it
// (added, modified, deleted, cleared, cloned); its entry is erased when it is deallocated.
// Writes to watched dicts cost one hash lookup in the callback; reading a tag costs one lookup.
#if PY_VERSION_HEX >= 0x030C0000
struct WatchedTags {
  int watcher = -1;  // PyDict_AddWatcher's id in the current interpreter
  uint64_t counter = 0;
  // Keys are borrowed: an entry is erased when CPython reports the dict's deallocation.
  std::unordered_map<PyObject*, uint64_t> tags;
};
WatchedTags g_watched;

int on_dict_event(PyDict_WatchEvent event, PyObject* dict, PyObject*, PyObject*) {
  if (event == PyDict_EVENT_DEALLOCATED) {
    g_watched.tags.erase(dict);
    return 0;
  }
  auto entry = g_watched.tags.find(dict);
  if (entry != g_watched.tags.end()) entry->second = ++g_watched.counter;
  return 0;
}

// Called once per interpreter, when _pyspace_native is initialised (before any tag is read).
void start_watching() {
  g_watched.tags.clear();
  g_watched.watcher = PyDict_AddWatcher(on_dict_event);
  if (g_watched.watcher < 0) throw py::error_already_set();
}

uint64_t tag_of(PyObject* dict) {
  auto [entry, inserted] = g_watched.tags.try_emplace(dict, 0);
  if (inserted) {
    if (PyDict_Watch(g_watched.watcher, dict) < 0) {
      g_watched.tags.erase(entry);
      throw py::error_already_set();
    }
    entry->second = ++g_watched.counter;
  }
  return entry->second;
}
#else
void start_watching() {}

uint64_t tag_of(PyObject* dict) { return reinterpret_cast<PyDictObject*>(dict)->ma_version_tag; }
#endif

// Change tags of each module's namespace, in order; 0 for objects that are not modules (the
// guard keeps no copy of those).
py::list dict_versions(const py::list& objects) {
  py::list tags(objects.size());
  Py_ssize_t i = 0;
  for (py::handle object : objects) {
    uint64_t tag = 0;
    if (object.ptr() && PyModule_Check(object.ptr())) {
      PyObject* dict = PyModule_GetDict(object.ptr());  // borrowed; never NULL for a module
      if (dict && PyDict_Check(dict)) tag = tag_of(dict);
    }
    PyList_SET_ITEM(tags.ptr(), i++, PyLong_FromUnsignedLongLong(tag));
  }
  return tags;
}

// Keys whose value in `after` is not the very object it was in `before` (new or replaced), and
// keys of `before` missing from `after`: (changed, removed). Identity, not equality: a module
// table maps names to objects, and "the same module" means the same object.
py::tuple dict_changes(const py::dict& before, const py::dict& after) {
  py::list changed;
  py::list removed;
  PyObject* key = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t pos = 0;
  while (PyDict_Next(after.ptr(), &pos, &key, &value)) {
    PyObject* old = PyDict_GetItemWithError(before.ptr(), key);
    if (!old && PyErr_Occurred()) throw py::error_already_set();
    if (old != value) changed.append(py::handle(key));
  }
  pos = 0;
  while (PyDict_Next(before.ptr(), &pos, &key, &value)) {
    int present = PyDict_Contains(after.ptr(), key);
    if (present < 0) throw py::error_already_set();
    if (!present) removed.append(py::handle(key));
  }
  return py::make_tuple(changed, removed);
}

uint64_t dict_version(const py::dict& dict) { return tag_of(dict.ptr()); }

// The embedded module named `module`; throws KeyError (a Python LookupError) when none is.
const pyspace::python::EmbeddedSource& embedded(std::string_view module) {
  for (const pyspace::python::EmbeddedSource* source : pyspace::python::embedded_sources()) {
    if (source->module == module) return *source;
  }
  throw py::key_error(std::string(module));
}

// Embedded module name -> origin path. Sources and code stay in the binary's read-only data
// until a module is imported: copying all of them at start-up cost ~200 page faults.
py::dict embedded_origins() {
  py::dict origins;
  for (const pyspace::python::EmbeddedSource* source : pyspace::python::embedded_sources()) {
    origins[py::str(source->module.data(), source->module.size())] =
        py::str(source->origin.data(), source->origin.size());
  }
  return origins;
}

py::bytes embedded_code(std::string_view module) {
  const auto& source = embedded(module);
  return py::bytes(source.code.data(), source.code.size());
}

py::str embedded_source(std::string_view module) {
  const auto& source = embedded(module);
  return py::str(source.source.data(), source.source.size());
}

}  // namespace

PYBIND11_EMBEDDED_MODULE(_pyspace_native, m) {
  m.doc() = "pyspace-test's native helpers (internal)";
  start_watching();
  m.def("dict_versions", &dict_versions, "change tags of each module's namespace (0: not a module)");
  m.def("dict_version", &dict_version, "change tag of a dict (moves on every write)");
  m.def("dict_changes", &dict_changes, "(changed, removed) keys between two dicts, by identity");
  m.def("embedded_origins", &embedded_origins, "embedded module name -> origin path");
  m.def("embedded_code", &embedded_code, "marshalled code of an embedded module");
  m.def("embedded_source", &embedded_source, "source text of an embedded module");
}

namespace pyspace::python {
void link_native_module() {}
}  // namespace pyspace::python
