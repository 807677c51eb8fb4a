// Owned references to Python objects for code outside lib/python. No Python.h here: PyObject is
// only forward-declared. CONTRACT for every function in this header: the calling thread holds the
// GIL (the main thread does, except inside a GilRelease scope). Python exceptions come out as
// PythonError.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

struct _object;  // PyObject, as Python.h declares it

namespace pyspace::python {

class Object;

// A str key made once, at its first use (GIL held), and kept for the process: for reading the
// same keys of many dicts (report dicts, one per test) without building a string per read.
class Key {
 public:
  explicit constexpr Key(const char* text) : text_(text) {}

 private:
  friend class Object;
  const char* text_;
  mutable _object* interned_ = nullptr;  // never released: keys live as long as the interpreter
};

// What C++ code may pass into Python calls.
using Value = std::variant<std::monostate, bool, long long, double, std::string,
                           std::vector<std::string>, Object>;
using Kwargs = std::vector<std::pair<std::string, Value>>;

class Object {
 public:
  Object() = default;  // holds nothing (not even None)
  Object(const Object& other);
  Object(Object&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  Object& operator=(Object other) noexcept;
  ~Object();

  // Takes ownership of a new reference (lib/python only).
  static Object steal(_object* ptr) { return Object(ptr); }
  _object* ptr() const { return ptr_; }

  bool valid() const { return ptr_ != nullptr; }
  bool is_none() const;
  bool truthy() const;

  Object attr(std::string_view name) const;
  bool has_attr(std::string_view name) const;
  void set_attr(std::string_view name, const Value& value) const;
  Object operator()(const std::vector<Value>& args = {}, const Kwargs& kwargs = {}) const;
  Object call_method(std::string_view name, const std::vector<Value>& args = {},
                     const Kwargs& kwargs = {}) const;
  Object item(std::string_view key) const;  // self[key]; KeyError -> PythonError
  Object item(const Key& key) const;        // the same, with a key made once

  std::string str() const;   // str(self)
  std::string repr() const;  // repr(self)
  long long as_int() const;
  double as_float() const;
  std::string as_string() const;                    // self must be a str (or bytes)
  std::vector<std::string> as_string_list() const;  // any iterable of str
  std::vector<Object> as_list() const;              // any iterable

 private:
  explicit Object(_object* ptr) : ptr_(ptr) {}
  _object* ptr_ = nullptr;
};

Object import_module(std::string_view name);
Object none();
Object to_object(const Value& value);

}  // namespace pyspace::python
