// PRIVATE to lib/python. Referencing link_native_module() keeps native_module.cpp (and with it
// the static registration of `_pyspace_native`) in the link.
#pragma once

namespace pyspace::python {
void link_native_module();
}
