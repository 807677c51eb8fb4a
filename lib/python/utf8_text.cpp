#include "python/utf8_text.h"

#include <cstdio>

namespace pyspace::python {
namespace {

void append_utf8(std::string& out, Py_UCS4 c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The slow path, for a str the codec refused: one code point at a time.
std::string encode_by_code_point(PyObject* text) {
  const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
  const int kind = PyUnicode_KIND(text);
  const void* data = PyUnicode_DATA(text);
  std::string out;
  out.reserve(static_cast<size_t>(length) + 16);
  for (Py_ssize_t i = 0; i < length; ++i) {
    const Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c >= 0xDC80 && c <= 0xDCFF) {
      out += static_cast<char>(c - 0xDC00);  // an undecodable byte, as surrogateescape keeps it
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

std::string encode_str(PyObject* text) {
  if (PyUnicode_IS_COMPACT_ASCII(text))  // stored as UTF-8 already
    return std::string(static_cast<const char*>(PyUnicode_DATA(text)),
                       static_cast<size_t>(PyUnicode_GET_LENGTH(text)));
  PyObject* bytes = PyUnicode_AsEncodedString(text, "utf-8", "surrogateescape");
  if (!bytes) {
    PyErr_Clear();  // a lone surrogate outside U+DC80..U+DCFF
    return encode_by_code_point(text);
  }
  std::string out(PyBytes_AS_STRING(bytes), static_cast<size_t>(PyBytes_GET_SIZE(bytes)));
  Py_DECREF(bytes);
  return out;
}

}  // namespace

std::string utf8_text(py::handle text) {
  PyObject* object = text.ptr();
  if (PyBytes_Check(object))
    return std::string(PyBytes_AS_STRING(object), static_cast<size_t>(PyBytes_GET_SIZE(object)));
  if (PyUnicode_Check(object)) return encode_str(object);
  py::str as_text(text);  // may raise (a broken __str__): the caller translates it
  return encode_str(as_text.ptr());
}

}  // namespace pyspace::python
