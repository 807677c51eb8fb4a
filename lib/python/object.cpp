#include "python/object.h"

#include "python/python_api.h"
#include "python/raise.h"
#include "python/utf8_text.h"

namespace pyspace::python {

Object::Object(const Object& other) : ptr_(other.ptr_) { Py_XINCREF(ptr_); }

Object& Object::operator=(Object other) noexcept {
  std::swap(ptr_, other.ptr_);
  return *this;
}

Object::~Object() { Py_XDECREF(ptr_); }

namespace {
py::handle view(const Object& object) { return py::handle(object.ptr()); }

Object own(py::object&& object) { return Object::steal(object.release().ptr()); }

py::object to_py(const Value& value) {
  struct Visitor {
    py::object operator()(std::monostate) const { return py::none(); }
    py::object operator()(bool v) const { return py::bool_(v); }
    py::object operator()(long long v) const { return py::int_(v); }
    py::object operator()(double v) const { return py::float_(v); }
    py::object operator()(const std::string& v) const {
      return py::reinterpret_steal<py::object>(
          PyUnicode_DecodeUTF8(v.data(), static_cast<Py_ssize_t>(v.size()), "surrogateescape"));
    }
    py::object operator()(const std::vector<std::string>& v) const {
      py::list list;
      for (const auto& s : v) list.append((*this)(s));
      return list;
    }
    py::object operator()(const Object& v) const {
      return v.valid() ? py::reinterpret_borrow<py::object>(v.ptr()) : py::none();
    }
  };
  return std::visit(Visitor{}, value);
}

py::tuple to_args(const std::vector<Value>& args) {
  py::tuple tuple(args.size());
  for (size_t i = 0; i < args.size(); ++i) tuple[i] = to_py(args[i]);
  return tuple;
}

py::dict to_kwargs(const Kwargs& kwargs) {
  py::dict dict;
  for (const auto& [key, value] : kwargs) dict[py::str(key)] = to_py(value);
  return dict;
}

std::string utf8(py::handle text) { return utf8_text(text); }
}  // namespace

bool Object::is_none() const { return ptr_ == Py_None; }

bool Object::truthy() const {
  int result = PyObject_IsTrue(ptr_);
  if (result < 0) throw fetch_python_error();
  return result == 1;
}

Object Object::attr(std::string_view name) const {
  return translate_errors([&] { return own(view(*this).attr(py::str(std::string(name)))); });
}

bool Object::has_attr(std::string_view name) const {
  return translate_errors([&] { return py::hasattr(view(*this), std::string(name).c_str()); });
}

void Object::set_attr(std::string_view name, const Value& value) const {
  translate_errors([&] {
    py::setattr(view(*this), py::str(std::string(name)), to_py(value));
    return 0;
  });
}

Object Object::operator()(const std::vector<Value>& args, const Kwargs& kwargs) const {
  return translate_errors([&] {
    py::tuple a = to_args(args);
    py::dict k = to_kwargs(kwargs);
    PyObject* result = PyObject_Call(ptr_, a.ptr(), k.ptr());
    if (!result) throw py::error_already_set();
    return Object::steal(result);
  });
}

Object Object::call_method(std::string_view name, const std::vector<Value>& args,
                           const Kwargs& kwargs) const {
  return attr(name)(args, kwargs);
}

Object Object::item(std::string_view key) const {
  return translate_errors([&] { return own(view(*this)[py::str(std::string(key))]); });
}

Object Object::item(const Key& key) const {
  if (!key.interned_) {
    key.interned_ = PyUnicode_InternFromString(key.text_);
    if (!key.interned_) throw fetch_python_error();
  }
  if (PyDict_CheckExact(ptr_)) {
    PyObject* value = PyDict_GetItemWithError(ptr_, key.interned_);  // borrowed
    if (value) {
      Py_INCREF(value);
      return Object(value);
    }
    if (PyErr_Occurred()) throw fetch_python_error();
    PyErr_SetObject(PyExc_KeyError, key.interned_);
    throw fetch_python_error();
  }
  PyObject* value = PyObject_GetItem(ptr_, key.interned_);
  if (!value) throw fetch_python_error();
  return Object(value);
}

std::string Object::str() const {
  return translate_errors([&] { return utf8(py::str(view(*this))); });
}

std::string Object::repr() const {
  return translate_errors([&] { return utf8(py::repr(view(*this))); });
}

long long Object::as_int() const {
  return translate_errors([&] { return view(*this).cast<long long>(); });
}

double Object::as_float() const {
  return translate_errors([&] { return view(*this).cast<double>(); });
}

std::string Object::as_string() const {
  return translate_errors([&] { return utf8(view(*this)); });
}

std::vector<std::string> Object::as_string_list() const {
  return translate_errors([&] {
    std::vector<std::string> out;
    for (py::handle item : view(*this)) out.push_back(utf8(item));
    return out;
  });
}

std::vector<Object> Object::as_list() const {
  return translate_errors([&] {
    std::vector<Object> out;
    for (py::handle item : view(*this)) out.push_back(own(py::reinterpret_borrow<py::object>(item)));
    return out;
  });
}

Object import_module(std::string_view name) {
  return translate_errors([&] { return own(py::module_::import(std::string(name).c_str())); });
}

Object none() { return own(py::none()); }

Object to_object(const Value& value) {
  return translate_errors([&] { return own(to_py(value)); });
}

}  // namespace pyspace::python
