// The `_pyspace_native` extension module, built into the binary: small primitives the embedded
// Python code needs and cannot write fast enough in Python. GIL held in every function.
#include "python/native_module.h"

#include "python/embedded_source.h"
#include "python/python_api.h"

namespace {

// Version tags (PEP 509) of each object's __dict__, in order; 0 for objects without a dict.
// A tag changes on every write to the dict, so comparing two lists finds the modules whose
// namespaces were written in between, without copying any namespace.
py::list dict_versions(const py::list& objects) {
  py::list tags(objects.size());
  Py_ssize_t i = 0;
  for (py::handle object : objects) {
    uint64_t tag = 0;
    PyObject** dict_ptr = object.ptr() ? _PyObject_GetDictPtr(object.ptr()) : nullptr;
    if (dict_ptr && *dict_ptr && PyDict_Check(*dict_ptr)) {
      tag = reinterpret_cast<PyDictObject*>(*dict_ptr)->ma_version_tag;
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

uint64_t dict_version(const py::dict& dict) {
  return reinterpret_cast<PyDictObject*>(dict.ptr())->ma_version_tag;
}

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
  m.def("dict_versions", &dict_versions, "PEP 509 version tags of each object's __dict__");
  m.def("dict_version", &dict_version, "PEP 509 version tag of a dict");
  m.def("dict_changes", &dict_changes, "(changed, removed) keys between two dicts, by identity");
  m.def("embedded_origins", &embedded_origins, "embedded module name -> origin path");
  m.def("embedded_code", &embedded_code, "marshalled code of an embedded module");
  m.def("embedded_source", &embedded_source, "source text of an embedded module");
}

namespace pyspace::python {
void link_native_module() {}
}  // namespace pyspace::python
