// PRIVATE to lib/python: the one header that includes Python.h (through pybind11). Every other
// directory talks to the interpreter through the Python.h-free headers beside this one.
#pragma once

#include <pybind11/embed.h>
#include <pybind11/stl.h>

namespace py = pybind11;
