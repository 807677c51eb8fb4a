#include "python/gil.h"

#include "python/python_api.h"

namespace pyspace::python {

GilRelease::GilRelease() : state_(PyEval_SaveThread()) {}
GilRelease::~GilRelease() { PyEval_RestoreThread(static_cast<PyThreadState*>(state_)); }

GilAcquire::GilAcquire() : state_(static_cast<int>(PyGILState_Ensure())) {}
GilAcquire::~GilAcquire() { PyGILState_Release(static_cast<PyGILState_STATE>(state_)); }

}  // namespace pyspace::python
